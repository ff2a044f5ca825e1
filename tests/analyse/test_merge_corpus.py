"""Merging on the project's merge corpus: several outlets report the same events in different words,
beside look-alikes that must stay apart (tests/analyse/fixtures, written for the project). Issue #6's
target: pairwise precision >= 0.9 and recall >= 0.8 of "same event" decisions."""
from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.analyse.merge_eval import evaluate, read_truth
from flashpoint.pipeline import ingest
from flashpoint.store import MEMORY, open_store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def scored():
    with open_store(MEMORY) as store:
        ingest([str(FIXTURES / "merge_corpus.jsonl")], store, batch_size=8)
        yield evaluate(store, read_truth(FIXTURES / "merge_truth.jsonl")), store


def test_merge_precision_and_recall_meet_the_targets(scored):
    result, _ = scored
    assert result["aligned"] >= 0.95 * result["truth_lines"], result["missed"]
    assert result["precision"] >= 0.9, result
    assert result["recall"] >= 0.8, result


def test_merged_events_count_their_articles_and_outlets(scored):
    _, store = scored
    top = store.query("SELECT n_mentions, n_articles, n_sources FROM merged_events ORDER BY n_articles DESC LIMIT 1")[0]
    assert top["n_articles"] >= 3 and top["n_sources"] >= 3 and top["n_mentions"] >= top["n_articles"] - 1
