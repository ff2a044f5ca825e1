"""Fixtures for the analysis tests: an in-memory store and helpers that write article and event
rows directly, to test merging and series rules one at a time."""
from __future__ import annotations

import pytest

from flashpoint.store import MEMORY, open_store


@pytest.fixture()
def store():
    with open_store(MEMORY) as s:
        yield s


def add_article(store, aid: str, day: str, outlet: str, dup: str | None = None) -> None:
    store.con.execute("INSERT INTO articles (id, source, published, text, duplicate_of) VALUES (?, ?, ?, ?, ?)",
                      [aid, outlet, day, f"text of {aid}", dup])


def add_mention(store, aid: str, seq: int, src: str | None, tgt: str | None, *, category="ASSAULT", cameo="190",
                modality="asserted", day: str | None = None, lat=None, lon=None, confidence=0.8,
                goldstein=-10.0, quad=4) -> str:
    eid = f"{aid}-{seq:03d}"
    store.con.execute(
        "INSERT INTO events (id, article_id, seq, category, cameo, quad, goldstein, modality, source_country, "
        "target_country, event_date, lat, lon, location_precision, location_granularity, confidence, evidence, "
        "sentence_start, trigger_start, trigger_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 4)",
        [eid, aid, seq, category, cameo, quad, goldstein, modality, src, tgt, day, lat, lon,
         "clause" if lat is not None else None, "point" if lat is not None else None, confidence,
         f"evidence of {eid}"])
    return eid


@pytest.fixture()
def article():
    return add_article


@pytest.fixture()
def mention():
    return add_mention
