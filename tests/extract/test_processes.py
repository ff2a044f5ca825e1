"""Extraction in worker processes: the same results, in input order."""
from __future__ import annotations

from flashpoint.extract import extract_articles
from flashpoint.model import Article

STORY = ("US forces struck a boat off the coast of Venezuela on Tuesday, killing three people. "
         "Maduro ordered more troops to the border with Colombia.")


def test_two_processes_give_the_same_extractions_in_order():
    articles = [Article.create(STORY + f" Report {i}.", published="2025-10-17", external_id=f"a{i}")
                for i in range(20)]
    one = [(a.doc_id, ex.to_json()) for a, ex in extract_articles(articles)]
    two = [(a.doc_id, ex.to_json()) for a, ex in extract_articles(articles, n_process=2)]
    assert one == two and [d for d, _ in two] == [f"a{i}" for i in range(20)]
