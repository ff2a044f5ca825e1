"""Dyad series, levels and alerts over merged events (rows written directly into an in-memory store)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from flashpoint.analyse import dyads
from flashpoint.analyse.merge import merge_pending
from flashpoint.errors import InputError


def day(n: int) -> str:
    return str(date(2025, 1, 1) + timedelta(days=n))


def quiet_history(store, article, mention, days: int = 240) -> None:
    """An article every other day; a cooperative USA→VEN event every ten days."""
    for n in range(0, days, 2):
        article(store, f"h{n}", day(n), "Wire A")
        if n % 10 == 0:
            mention(store, f"h{n}", 0, "USA", "VEN", category="CONSULT", cameo="040", goldstein=1.0, quad=1)


def burst(store, article, mention, start: int) -> None:
    """Five distinct USA→VEN conflict events in three days, each reported by two outlets."""
    kinds = [("ASSAULT", "195", -10.0, 4), ("MOBILIZE", "150", -7.2, 4), ("THREATEN", "138", -7.0, 3),
             ("ACCUSE", "112", -2.0, 3), ("SANCTION", "163", -8.0, 4)]
    for i, (cat, code, g, q) in enumerate(kinds):
        for outlet in ("Wire A", "Wire B"):
            aid = f"b{i}{outlet[-1]}"
            article(store, aid, day(start + i // 2), outlet)
            mention(store, aid, 0, "USA", "VEN", category=cat, cameo=code, goldstein=g, quad=q)


def test_series_is_zero_filled_and_counts_each_real_event_once(store, article, mention):
    quiet_history(store, article, mention, 60)
    burst(store, article, mention, 61)
    merge_pending(store.con)
    rows = dyads.series(store, dyads.make_dyad("USA", "VEN"), by="week")
    periods = [r["period"] for r in rows]
    assert periods == sorted(periods) and all((b - a).days == 7 for a, b in zip(periods, periods[1:]))
    assert sum(r["events"] for r in rows) == 6 + 5          # six talks, five conflict events
    assert sum(r["mentions"] for r in rows) == 6 + 10       # the burst was reported twice each
    last = [r for r in rows if r["quad"][4]]
    assert sum(r["quad"][4] for r in rows) == 3 and sum(r["quad"][3] for r in rows) == 2
    assert all(r["index"] < 0 for r in last)


def test_index_weighs_what_happened_over_what_was_considered(store, article, mention):
    article(store, "a", day(0), "Wire A")
    mention(store, "a", 0, "USA", "VEN", goldstein=-10.0)
    mention(store, "a", 1, "USA", "VEN", category="MOBILIZE", cameo="150", goldstein=-10.0, modality="considered")
    mention(store, "a", 2, "USA", "VEN", category="COERCE", cameo="170", goldstein=-10.0, modality="negated")
    merge_pending(store.con)
    [row] = dyads.series(store, dyads.make_dyad("USA", "VEN"), by="day")
    assert row["index"] == pytest.approx(-15.0)
    assert row["volume"] == 1 and row["index_norm"] == pytest.approx(-1500.0)


def test_undirected_dyad_takes_both_directions(store, article, mention):
    article(store, "a", day(0), "Wire A")
    mention(store, "a", 0, "USA", "VEN")
    mention(store, "a", 1, "VEN", "USA", category="ACCUSE", cameo="112")
    merge_pending(store.con)
    one = dyads.series(store, dyads.make_dyad("USA", "VEN"), by="day")
    both = dyads.series(store, dyads.make_dyad("USA", "VEN", directed=False), by="day")
    assert (one[0]["events"], both[0]["events"]) == (1, 2)


def test_an_escalation_against_a_quiet_history_alerts_with_its_events(store, article, mention):
    quiet_history(store, article, mention)
    burst(store, article, mention, 241)
    merge_pending(store.con)
    found = dyads.alerts(store)
    assert [a["dyad"] for a in found] == ["USA→VEN"]
    a = found[0]
    assert date.fromisoformat(day(241)) <= a["day"] <= date.fromisoformat(day(243))
    assert a["level"] == 6 and a["level_name"] == "assault"
    assert a["events"][0]["cameo"] == "195" and a["events"][0]["n_articles"] == 2
    assert a["events"][0]["outlets"] == ["Wire A", "Wire B"]
    assert dyads.level(store, dyads.make_dyad("USA", "VEN"))["level"] == 6


def test_a_quiet_dyad_gives_no_alert(store, article, mention):
    quiet_history(store, article, mention)
    merge_pending(store.con)
    assert dyads.alerts(store) == []
    assert dyads.level(store, dyads.make_dyad("USA", "VEN"))["name"] == "no conflict"


@pytest.mark.parametrize("a, b", [("US", "VEN"), ("USA", "USA"), ("U1A", "VEN")])
def test_bad_dyads_are_refused_with_the_reason(a, b):
    with pytest.raises(InputError):
        dyads.make_dyad(a, b)


def test_bad_period_and_dates_are_refused(store):
    with pytest.raises(InputError, match="day, week, month"):
        dyads.series(store, dyads.make_dyad("USA", "VEN"), by="year")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        dyads.parse_day("since", "October")


def test_the_fatalities_series_counts_what_happened_once(store, article, mention):
    for aid, outlet in (("a", "Wire A"), ("b", "Wire B")):
        article(store, aid, day(0), outlet)
        eid = mention(store, aid, 0, "USA", "VEN")
        store.con.execute("UPDATE events SET killed = ? WHERE id = ?", [4 if aid == "a" else 5, eid])
    threat = mention(store, "a", 1, "USA", "VEN", category="THREATEN", cameo="138", modality="threatened")
    store.con.execute("UPDATE events SET killed = 100 WHERE id = ?", [threat])
    merge_pending(store.con)
    [row] = dyads.series(store, dyads.make_dyad("USA", "VEN"), by="day")
    assert row["killed"] == 5            # two reports of one strike: its largest toll, once
