"""The DuckDB store: migrations, locking, read-only opening."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from flashpoint.errors import StoreError, StoreLockedError
from flashpoint.store import MEMORY, open_store


def test_migrations_are_recorded_and_applied_once(tmp_path):
    db = str(tmp_path / "a.duckdb")
    with open_store(db) as s:
        assert s.schema_version() >= 2
        cols = {r[0] for r in s.con.execute("SELECT column_name FROM information_schema.columns "
                                             "WHERE table_name = 'quotes'").fetchall()}
        assert {"anonymous", "via"} <= cols
        assert set(s.counts()) == {"articles", "events", "merged_events", "actor_mentions", "places",
                                   "time_exprs", "quotes"}
    with open_store(db) as s:
        assert s.migrate() == []


def test_a_store_written_before_merging_is_merged_when_opened_for_writing(tmp_path):
    db = str(tmp_path / "old.duckdb")
    with open_store(db) as s:
        s.con.execute("INSERT INTO articles (id, source, published, text) VALUES ('a', 'Wire', '2025-10-01', 't'), "
                      "('b', 'Post', '2025-10-01', 'u')")
        s.con.execute("INSERT INTO events (id, article_id, seq, category, cameo, source_country, target_country) "
                      "VALUES ('a-000', 'a', 0, 'ASSAULT', '190', 'USA', 'VEN'), "
                      "('b-000', 'b', 0, 'ASSAULT', '195', 'USA', 'VEN')")    # as an older version left them
    with open_store(db) as s:
        rows = s.query("SELECT n_mentions, n_sources FROM merged_events")
        assert rows == [{"n_mentions": 2, "n_sources": 2}]


def test_in_memory_store_for_tests():
    with open_store(MEMORY) as s:
        assert s.counts()["articles"] == 0


def test_read_only_open_of_a_missing_file_says_how_to_create_it(tmp_path):
    with pytest.raises(StoreError, match="flashpoint ingest"):
        open_store(str(tmp_path / "missing.duckdb"), read_only=True)


def test_a_non_store_file_is_refused_clearly(tmp_path):
    p = tmp_path / "notes.duckdb"
    p.write_bytes(b"this is not a database")
    with pytest.raises(StoreError):
        open_store(str(p))


def test_second_writer_gets_a_clear_error_naming_the_file(tmp_path):
    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time, duckdb
        con = duckdb.connect({str(db)!r})
        print("ready", flush=True)
        sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as exc:
            open_store(str(db))
        assert str(db) in str(exc.value) and "another process" in str(exc.value)
    finally:
        holder.communicate("\n", timeout=10)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from flashpoint.model import Article  # noqa: E402

_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200).filter(str.strip)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(_text, st.one_of(st.none(), _text), st.one_of(st.none(), st.dates().map(str))),
                min_size=1, max_size=5))
def test_articles_round_trip_through_the_store(items):
    arts = {}
    for text, title, published in items:
        a = Article.create(text, title=title, published=published)
        arts.setdefault(a.id, a)
    with open_store(MEMORY) as s:
        s.write_batch([(a, [1, 2, 3], None, None) for a in arts.values()])
        rows = {r["id"]: r for r in s.query("SELECT id, text, title, CAST(published AS VARCHAR) AS published, "
                                            "minhash FROM articles")}
    assert set(rows) == set(arts)
    for a in arts.values():
        r = rows[a.id]
        assert (r["text"], r["title"], r["published"], r["minhash"]) == (a.text, a.title, a.published, [1, 2, 3])
