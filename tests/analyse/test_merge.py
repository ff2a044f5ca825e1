"""Cross-article merging rules, on hand-made mention rows in an in-memory store."""
from __future__ import annotations

import pytest

from flashpoint.analyse.merge import MAX_PLACE_KM, MERGE_WINDOW_DAYS, km, merge_pending


def merged(store, eid: str) -> dict:
    return store.query("SELECT m.* FROM merged_events m JOIN events e ON e.merged_id = m.id WHERE e.id = ?", [eid])[0]


def test_reports_of_one_event_by_three_outlets_become_one_event_with_counts(store, article, mention):
    for aid, day, outlet in (("a1", "2025-10-01", "Wire A"), ("a2", "2025-10-02", "Wire B"), ("a3", "2025-10-02", "Wire C")):
        article(store, aid, day, outlet)
    ids = [mention(store, "a1", 0, "USA", "VEN", day="2025-10-01"),
           mention(store, "a2", 0, "USA", "VEN", cameo="195"),
           mention(store, "a3", 0, "USA", "VEN", day="2025-10-01")]
    assert merge_pending(store.con) == 3
    m = merged(store, ids[0])
    assert {merged(store, i)["id"] for i in ids} == {m["id"]}
    assert (m["n_mentions"], m["n_articles"], m["n_sources"]) == (3, 3, 3)
    assert str(m["first_date"]) == "2025-10-01" and str(m["last_date"]) == "2025-10-02"


def test_a_reprint_counts_as_an_article_and_an_outlet_without_a_mention(store, article, mention):
    article(store, "a1", "2025-10-01", "Wire A")
    eid = mention(store, "a1", 0, "USA", "VEN")
    merge_pending(store.con)
    article(store, "r1", "2025-10-01", "Reprinter", dup="a1")
    merge_pending(store.con, reprinted=["a1"])
    m = merged(store, eid)
    assert (m["n_mentions"], m["n_articles"], m["n_sources"]) == (1, 2, 2)


@pytest.mark.parametrize("other", [
    dict(src="USA", tgt="COL"),                                  # another dyad
    dict(src="VEN", tgt="USA"),                                  # the other direction
    dict(src="USA", tgt="VEN", category="MOBILIZE", cameo="150"),   # another kind of event
    dict(src="USA", tgt="VEN", modality="considered"),          # only considered
    dict(src="USA", tgt="VEN", day=f"2025-10-{1 + MERGE_WINDOW_DAYS + 1:02d}"),  # days later
    dict(src="USA", tgt="VEN", lat=10.65, lon=-71.64),           # Maracaibo, ~520 km from Caracas
])
def test_look_alikes_stay_apart(store, article, mention, other):
    article(store, "a1", "2025-10-01", "Wire A")
    article(store, "a2", "2025-10-01", "Wire B")
    first = mention(store, "a1", 0, "USA", "VEN", day="2025-10-01", lat=10.49, lon=-66.88)   # Caracas
    src, tgt = other.pop("src"), other.pop("tgt")
    other.setdefault("day", "2025-10-01")
    second = mention(store, "a2", 0, src, tgt, **other)
    merge_pending(store.con)
    assert merged(store, first)["id"] != merged(store, second)["id"]


def test_mentions_with_no_country_on_either_side_are_never_merged(store, article, mention):
    article(store, "a1", "2025-10-01", "Wire A")
    article(store, "a2", "2025-10-01", "Wire B")
    a, b = mention(store, "a1", 0, None, None), mention(store, "a2", 0, None, None)
    merge_pending(store.con)
    assert merged(store, a)["id"] != merged(store, b)["id"]


def test_merging_is_incremental_and_a_rerun_changes_nothing(store, article, mention):
    article(store, "a1", "2025-10-01", "Wire A")
    first = mention(store, "a1", 0, "USA", "VEN")
    merge_pending(store.con)
    assert merge_pending(store.con) == 0
    article(store, "a2", "2025-10-02", "Wire B")
    later = mention(store, "a2", 0, "USA", "VEN")
    assert merge_pending(store.con) == 1
    assert merged(store, later)["id"] == merged(store, first)["id"] == first
    assert merged(store, first)["n_sources"] == 2


def test_the_representative_is_the_most_confident_mention(store, article, mention):
    article(store, "a1", "2025-10-01", "Wire A")
    article(store, "a2", "2025-10-01", "Wire B")
    mention(store, "a1", 0, "USA", "VEN", confidence=0.5)
    best = mention(store, "a2", 0, "USA", "VEN", confidence=0.9)
    merge_pending(store.con)
    assert merged(store, best)["representative"] == best


def test_distance_is_great_circle_kilometres():
    assert km(10.49, -66.88, 10.65, -71.64) == pytest.approx(521, abs=5)
    assert km(10.49, -66.88, 10.49, -66.88) == 0
    assert MAX_PLACE_KM < 521


def test_a_running_total_is_not_taken_as_the_event_toll(store, article, mention):
    article(store, "a1", "2025-10-01", "Wire A")
    article(store, "a2", "2025-10-01", "Wire B")
    first = mention(store, "a1", 0, "USA", "VEN")
    total = mention(store, "a2", 0, "USA", "VEN")
    store.con.execute("UPDATE events SET killed = 6, cumulative = false WHERE id = ?", [first])
    store.con.execute("UPDATE events SET killed = 27, cumulative = true WHERE id = ?", [total])
    merge_pending(store.con)
    m = merged(store, first)
    assert (m["killed"], m["killed_total"]) == (6, 27)
