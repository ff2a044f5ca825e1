"""Documents the fuzzer (fuzz/run.py, docs/hardening.md) found crashing extraction, minimal cases."""
from __future__ import annotations

import logging

from flashpoint import nlp
from flashpoint.extract import extract_articles
from flashpoint.model import Article


def test_a_document_over_the_parser_limit_does_not_end_the_batch(caplog):
    # was: spaCy raised E088 ("Text of length 1000050 exceeds maximum") out of extract_articles, ending
    # the whole batch; the readers pass documents of up to --max-bytes (5 MB) by default
    long = Article.create("." * (nlp.MAX_CHARS + 50), published="2025-10-17")
    after = Article.create("Venezuela accused Colombia of aggression.", published="2025-10-17")
    with caplog.at_level(logging.WARNING, logger="flashpoint"):
        out = list(extract_articles([long, after]))
    assert [a.id for a, _ex in out] == [long.id, after.id]
    assert out[1][1].events
    assert "only the first 1000000 are coded" in caplog.text
