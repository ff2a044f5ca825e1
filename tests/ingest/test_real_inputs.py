"""Robustness over real-world files kept in ../shared/inputs (feeds, WARCs, saved news pages).

Every file goes through iter_articles; none may fail with an unexpected error (each failure must
be a Skipped with a specific reason). For the saved pages, extraction quality is measured against
the texts trafilatura's and newspaper4k's own tests expect.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from flashpoint.ingest import iter_articles
from flashpoint.model import Article, Skipped

from .conftest import SHARED_INPUTS

pytestmark = pytest.mark.slow

if not SHARED_INPUTS.is_dir():
    pytest.skip(f"real-world inputs not found at {SHARED_INPUTS} (the shared/ folder beside the repo)",
                allow_module_level=True)


def _read(folder: str) -> list[Article | Skipped]:
    path = SHARED_INPUTS / folder
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return list(iter_articles([str(path)]))


@pytest.fixture(scope="module")
def feeds():
    return _read("feeds")


@pytest.fixture(scope="module")
def warcs():
    return _read("warc")


@pytest.fixture(scope="module")
def pages():
    return _read("html")


def _unexpected(items) -> list[Skipped]:
    return [x for x in items if isinstance(x, Skipped) and x.reason.startswith("unexpected error")]


def _files(items) -> set[str]:
    return {re.split(r"[#@\[]|:\d+$", x.origin)[0] for x in items}


def test_every_feed_file_is_read_or_skipped_with_a_reason(feeds):
    files = {str(p) for p in (SHARED_INPUTS / "feeds").rglob("*") if p.is_file()}
    assert _files(feeds) == files  # every file produced at least one result
    assert not _unexpected(feeds)
    arts = [x for x in feeds if isinstance(x, Article)]
    assert len(arts) > 400
    assert all(a.text and a.text == a.text.strip() for a in arts)
    reasons = Counter(x.reason for x in feeds if isinstance(x, Skipped))
    assert reasons["XML entity declarations are refused (possible entity bomb)"] >= 1


def test_feed_encodings_decode_to_text(feeds):
    encoded = [a for a in feeds if isinstance(a, Article) and "/feedparser/encoding/" in a.origin]
    assert encoded, "feedparser's encoding cases give articles"
    assert not [a for a in encoded if "\ufffd" in a.text or "\x00" in a.text]


def test_every_warc_file_is_read_or_skipped_with_a_reason(warcs):
    files = {str(p) for p in (SHARED_INPUTS / "warc").rglob("*") if p.is_file()}
    assert _files(warcs) == files
    assert not _unexpected(warcs)
    arts = [x for x in warcs if isinstance(x, Article)]
    assert len(arts) > 200
    assert all(a.url and a.origin and "@" in a.origin for a in arts)
    assert sum(a.published is not None for a in arts) == len(arts)  # page date or WARC-Date


def test_truncated_and_corrupt_archives_report_where(warcs):
    by_file = {}
    for x in warcs:
        by_file.setdefault(re.split(r"@", x.origin)[0].rsplit("/", 1)[-1], []).append(x)
    wrong = by_file["example-wrong-chunks.warc.gz"]
    assert any("corrupt or truncated at byte" in x.reason for x in wrong if isinstance(x, Skipped))
    clipped = by_file["clipped.warc.gz"]
    assert any(isinstance(x, Skipped) and "truncated" in x.reason for x in clipped)
    assert any(isinstance(x, Article) for x in by_file["example-bad-non-chunked.warc.gz"])


def test_every_saved_page_gives_an_article(pages):
    html_files = sorted(p for p in (SHARED_INPUTS / "html").rglob("*.html"))
    arts = {Path(a.origin).name: a for a in pages if isinstance(a, Article) and a.origin.endswith(".html")}
    assert not _unexpected(pages)
    assert len(arts) == len(html_files)
    assert sum(a.published is not None for a in arts.values()) >= 0.9 * len(arts)
    assert sum(a.title is not None for a in arts.values()) == len(arts)


def test_trafilatura_evaldata_snippets_are_found(pages):
    """Share of pages whose every 'with' snippet is in the extracted text (and 'without' mostly not)."""
    evaldata = json.loads((SHARED_INPUTS / "html" / "trafilatura" / "evaldata.json").read_text())
    expected = {case["file"]: case for case in evaldata.values()}
    arts = {Path(a.origin).name: a for a in pages if isinstance(a, Article)}
    cases = [(arts[name], expected[name]) for name in arts if name in expected]
    assert len(cases) >= 20
    passed = sum(all(s in art.text for s in case["with"]) for art, case in cases)
    leaked = sum(sum(s in art.text for s in case.get("without", [])) for art, case in cases)
    without = sum(len(case.get("without", [])) for _, case in cases)
    assert passed / len(cases) >= 0.8, f"{passed}/{len(cases)} pages had all their snippets"
    assert leaked / without <= 0.25, f"{leaked}/{without} boilerplate snippets leaked into the text"


def test_newspaper4k_expected_texts_are_recovered(pages):
    """Share of the expected article sentences found in the extracted text, per page."""
    folder = SHARED_INPUTS / "html" / "newspaper4k"
    arts = {Path(a.origin).stem: a for a in pages if isinstance(a, Article)}
    shares = []
    for expected_file in sorted((folder / "expected_text").glob("*.txt")):
        sentences = [s for s in re.split(r"(?<=[.!?])\s", " ".join(expected_file.read_text().split()))
                     if len(s) > 40]
        if len(sentences) < 5:
            continue  # a note rather than an article text
        text = " ".join(arts[expected_file.stem].text.split())
        shares.append(sum(s in text for s in sentences) / len(sentences))
    assert len(shares) >= 6
    assert min(shares) >= 0.8 and sum(shares) / len(shares) >= 0.9, shares
