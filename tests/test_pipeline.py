"""Ingest: idempotent, near-duplicates linked, and resumable after kill -9."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import duckdb

from flashpoint.pipeline import ingest
from flashpoint.store import MEMORY, open_store

from conftest import write_corpus

TABLES = {"articles": "id", "events": "id", "actor_mentions": "event_id, role", "places": "article_id, seq",
          "time_exprs": "article_id, seq", "quotes": "article_id, seq"}


def dump(db: str) -> dict:
    con = duckdb.connect(db, read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY {k}").fetchall() for t, k in TABLES.items()}
    finally:
        con.close()


def test_ingesting_twice_is_a_no_op(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 10)
    with open_store(MEMORY) as store:
        first = ingest([str(corpus)], store)
        before = store.counts()
        second = ingest([str(corpus)], store)
        assert first.new == 10 and first.events > 0
        assert second.new == 0 and second.duplicate == 10
        assert store.counts() == before


def test_syndicated_copy_is_linked_not_coded(tmp_path):
    body = ("US forces struck a boat in the Caribbean on Tuesday, killing three people, officials said. "
            "Venezuela condemned the strike and accused Washington of aggression. The Pentagon said the boat "
            "carried drugs and that more operations would follow in the coming weeks across the region.")
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"id": "w1", "text": body, "title": "Strike at sea"}) + "\n"
                    + json.dumps({"id": "w2", "text": body + " Distributed by Example Wire.",
                                  "title": "US hits boat"}) + "\n", encoding="utf-8")
    with open_store(MEMORY) as store:
        s = ingest([str(path)], store)
        rows = store.query("SELECT external_id, duplicate_of, n_events FROM articles ORDER BY external_id")
    assert s.near_duplicate == 1
    assert rows[1]["duplicate_of"] is not None and rows[1]["n_events"] == 0 and rows[0]["n_events"] > 0


def test_bad_records_are_skipped_with_reasons_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "ok", "text": "Venezuela accused the United States of aggression."}\n'
                    '{not json\n{"id": "empty"}\n', encoding="utf-8")
    with open_store(MEMORY) as store:
        s = ingest([str(path)], store)
    assert s.new == 1 and len(s.skipped) == 2


def _ingest_cmd(corpus, db):
    return [sys.executable, "-m", "flashpoint.cli", "ingest", str(corpus), "--db", str(db), "--batch-size", "4"]


def test_killed_ingest_resumes_to_the_same_database(tmp_path):
    n = 400
    corpus = write_corpus(tmp_path / "c.jsonl", n)
    clean = tmp_path / "clean.duckdb"
    t0 = time.time()
    subprocess.run(_ingest_cmd(corpus, clean), check=True, capture_output=True, timeout=600)
    clean_seconds = time.time() - t0
    want = dump(str(clean))
    assert len(want["articles"]) == n

    # SIGKILL at random moments spread over the run (the first ~40% is start-up: loading spaCy), until
    # two kills have landed mid-way; after each, a rerun must give exactly the clean run's rows.
    rng = random.Random(7)
    mid_way = []
    for attempt in range(8):
        db = tmp_path / f"killed{attempt}.duckdb"
        proc = subprocess.Popen(_ingest_cmd(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(clean_seconds * rng.uniform(0.45, 0.95))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        partial = len(dump(str(db))["articles"]) if db.exists() else 0
        subprocess.run(_ingest_cmd(corpus, db), check=True, capture_output=True, timeout=600)
        assert dump(str(db)) == want, f"rerun after a kill with {partial} articles stored differs"
        if 0 < partial < n:
            mid_way.append(partial)
        if len(mid_way) >= 2:
            break
    assert len(mid_way) >= 2, "no kill landed mid-way through the ingest; the test proved nothing"
