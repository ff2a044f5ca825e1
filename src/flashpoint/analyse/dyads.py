"""Dyad series, escalation levels and alerts, all computed from merged events (one row per real-world
event), so a story reprinted by 200 outlets counts once.

- `series`: per day, week or month, for a directed dyad (A→B) or both directions: merged events and
  raw mentions, merged events by quad class and by PLOVER category, the conflict–cooperation index
  and the coverage volume it is normalised by, and the dead, injured and arrested (each real-world
  event's toll once; running totals never added up).
- `alerts`: change detection (`escalation.detect`) on each directed dyad's daily count of conflict
  events against its own history, each alert with its ladder level and the events that drove it.
- `level`: where a dyad stands on the escalation ladder over its most recent days.

The index is the sum of the merged events' Goldstein values, each weighted by what its mentions say
happened (MODALITY_WEIGHT); `index_norm` is that per 100 articles published in the period, so a week
of heavy news does not look like a week of heavy conflict.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import InputError
from ..ontology import cameo_codes
from ..store import Store
from . import escalation

PERIODS = ("day", "week", "month")
# What one merged event adds to the index: what happened counts in full; what was threatened,
# intended or considered counts half (it moves relations, but is not the act); what was denied or
# negated not at all.
MODALITY_WEIGHT = {"happened": 1.0, "possible": 0.5, "not": 0.0}
# A dyad's current level is the highest ladder step among its events in this many recent days.
LEVEL_DAYS = 14
# Conflict events are those at or above this ladder level (accusations and demands).
CONFLICT_LEVEL = 2
# The magnitudes summed per period: new deaths, injuries and arrests of merged events that happened
# (running totals are kept apart by merging: see merged_events.killed_total).
COUNTS = ("killed", "injured", "arrested")
# Top events listed under an alert or in a report.
TOP_EVENTS = 5


@dataclass(frozen=True)
class Dyad:
    a: str
    b: str
    directed: bool = True

    @property
    def label(self) -> str:
        return f"{self.a}{'→' if self.directed else '–'}{self.b}"

    def where(self, alias: str = "m") -> tuple[str, list]:
        one = f"({alias}.source_country = ? AND {alias}.target_country = ?)"
        if self.directed:
            return one, [self.a, self.b]
        return f"({one} OR {one})", [self.a, self.b, self.b, self.a]


def make_dyad(a: str, b: str, directed: bool = True) -> Dyad:
    """A dyad of two ISO alpha-3 country codes; InputError naming the bad one otherwise."""
    a, b = a.strip().upper(), b.strip().upper()
    for code in (a, b):
        if len(code) != 3 or not code.isalpha():
            raise InputError(f"{code!r} is not a country code; use ISO alpha-3 codes such as USA VEN")
    if a == b:
        raise InputError(f"a dyad needs two different countries, not {a} and {b}")
    return Dyad(a, b, directed)


def parse_day(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--{name} {value!r} is not a date; use YYYY-MM-DD") from None


def period_start(day: date, by: str) -> date:
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(day: date, by: str) -> date:
    """The start of the period after the one starting on `day`."""
    if by == "day":
        return day + timedelta(days=1)
    if by == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def coverage(store: Store) -> tuple[date | None, date | None]:
    """The first and last publication dates in the store: the span the series can speak for."""
    row = store.con.execute("SELECT min(published), max(published) FROM articles").fetchone()
    return row[0], row[1]


def _span(store: Store, since: date | None, until: date | None) -> tuple[date, date] | None:
    first, last = coverage(store)
    since = since or first
    until = until or last
    if since is None or until is None:
        return None
    if since > until:
        raise InputError(f"--since {since} is after --until {until}")
    return since, until


SERIES_SQL = """
SELECT m.first_date AS day, m.kind, m.quad, m.category, m.goldstein, m.n_mentions, m.killed, m.injured,
       m.arrested
FROM merged_events m
WHERE {dyad} AND m.first_date BETWEEN ? AND ?
"""


def series(store: Store, dyad: Dyad, *, since: date | None = None, until: date | None = None,
           by: str = "week") -> list[dict]:
    """One row per period from `since` to `until` (default: the store's coverage), zero rows included."""
    if by not in PERIODS:
        raise InputError(f"--by {by!r} is not one of {', '.join(PERIODS)}")
    span = _span(store, since, until)
    if span is None:
        return []
    since, until = span
    rows, table = _empty_rows(since, until, by)
    cond, params = dyad.where()
    for day, kind, quad, category, goldstein, mentions, *counts in store.con.execute(
            SERIES_SQL.format(dyad=cond), params + [since, until]).fetchall():
        row = rows[table[period_start(day, by)]]
        row["events"] += 1
        if kind == "happened":      # deaths that were only threatened or denied are not a toll
            for key, n in zip(COUNTS, counts):
                row[key] += n or 0
        row["mentions"] += mentions or 0
        if quad in row["quad"]:
            row["quad"][quad] += 1
        if category:
            row["categories"][category] = row["categories"].get(category, 0) + 1
        row["index"] += (goldstein or 0.0) * MODALITY_WEIGHT.get(kind, 1.0)
    volume = dict(store.con.execute(
        "SELECT date_trunc(?, published)::DATE, count(*) FROM articles "
        "WHERE published BETWEEN ? AND ? GROUP BY 1", [by, since, until]).fetchall())
    for row in rows:
        row["index"] = round(row["index"], 2)
        row["volume"] = volume.get(row["period"], 0)
        row["index_norm"] = round(100.0 * row["index"] / row["volume"], 2) if row["volume"] else None
    return rows


def _empty_rows(since: date, until: date, by: str) -> tuple[list[dict], dict[date, int]]:
    rows, table = [], {}
    cur = period_start(since, by)
    while cur <= until:
        table[cur] = len(rows)
        rows.append({"period": cur, "events": 0, "mentions": 0, "quad": {1: 0, 2: 0, 3: 0, 4: 0},
                     "categories": {}, "index": 0.0, "volume": 0, "index_norm": None,
                     **{key: 0 for key in COUNTS}})
        cur = next_period(cur, by)
    return rows, table


EVENTS_SQL = """
SELECT m.id, m.first_date, m.source_country, m.target_country, m.cameo, m.category, m.modality,
       m.goldstein, m.n_mentions, m.n_articles, m.n_sources, e.evidence, e.sentence_start,
       e.trigger_start, e.trigger_end, a.title, a.source AS outlet,
       s.start_char AS s_start, s.end_char AS s_end, t.start_char AS t_start, t.end_char AS t_end
FROM merged_events m
JOIN events e ON e.id = m.representative
JOIN articles a ON a.id = e.article_id
LEFT JOIN actor_mentions s ON s.event_id = e.id AND s.role = 'source'
LEFT JOIN actor_mentions t ON t.event_id = e.id AND t.role = 'target'
WHERE {dyad} AND m.first_date BETWEEN ? AND ?
"""


def dyad_events(store: Store, dyad: Dyad, since: date, until: date) -> list[dict]:
    """The merged events of the dyad between two dates, each with the evidence of its representative
    mention (spans relative to the evidence sentence) and every outlet that reported it."""
    cond, params = dyad.where()
    cur = store.con.execute(EVENTS_SQL.format(dyad=cond), params + [since, until])
    cols = [d[0] for d in cur.description]
    out = [_event(dict(zip(cols, r))) for r in cur.fetchall()]
    outlets = _outlets(store, [e["id"] for e in out])
    for e in out:
        e["outlets"] = outlets.get(e["id"], [])
    return out


def _event(r: dict) -> dict:
    base = r["sentence_start"] or 0

    def rel(s, e):
        return [s - base, e - base] if s is not None and e is not None else None

    code = cameo_codes().get(r["cameo"] or "")
    return {"id": r["id"], "date": r["first_date"], "source": r["source_country"], "target": r["target_country"],
            "cameo": r["cameo"], "cameo_name": code.name if code else None, "category": r["category"],
            "modality": r["modality"], "goldstein": r["goldstein"], "n_mentions": r["n_mentions"],
            "n_articles": r["n_articles"], "n_sources": r["n_sources"], "evidence": r["evidence"],
            "trigger": rel(r["trigger_start"], r["trigger_end"]), "source_span": rel(r["s_start"], r["s_end"]),
            "target_span": rel(r["t_start"], r["t_end"]), "title": r["title"],
            "level": escalation.ladder_step(r["cameo"], r["modality"])}


def _outlets(store: Store, ids: list[str]) -> dict[str, list[str]]:
    if not ids:
        return {}
    rows = store.con.execute(
        "SELECT DISTINCT e.merged_id, a.source FROM events e JOIN articles a "
        "ON a.id = e.article_id OR a.duplicate_of = e.article_id "
        "WHERE e.merged_id IN (SELECT unnest(?)) AND a.source IS NOT NULL ORDER BY 2", [ids]).fetchall()
    out: dict[str, list[str]] = {}
    for mid, outlet in rows:
        out.setdefault(mid, []).append(outlet)
    return out


def top_events(events: list[dict], n: int = TOP_EVENTS) -> list[dict]:
    """The events that speak loudest: highest ladder level, then most widely reported, then most
    conflictual."""
    return sorted(events, key=lambda e: (-e["level"], -(e["n_articles"] or 0), e["goldstein"] or 0,
                                         str(e["date"]), e["id"]))[:n]


def level(store: Store, dyad: Dyad, until: date | None = None) -> dict:
    """The dyad's escalation level: the highest ladder step among its events in the LEVEL_DAYS up to
    `until` (default: the last day the store covers)."""
    until = until or coverage(store)[1]
    if until is None:
        return {"level": 0, "name": escalation.step_name(0)}
    events = dyad_events(store, dyad, until - timedelta(days=LEVEL_DAYS - 1), until)
    top = max((e["level"] for e in events), default=0)
    return {"level": top, "name": escalation.step_name(top)}


CONFLICT_DAYS_SQL = """
SELECT m.source_country, m.target_country, m.first_date, m.cameo, m.modality
FROM merged_events m
WHERE m.source_country IS NOT NULL AND m.target_country IS NOT NULL
  AND m.source_country <> m.target_country AND m.first_date BETWEEN ? AND ?
"""


def conflict_counts(store: Store, first: date, last: date) -> dict[Dyad, dict[date, int]]:
    """Per directed dyad, the number of merged conflict events (ladder level >= CONFLICT_LEVEL) a day."""
    out: dict[Dyad, dict[date, int]] = {}
    for src, tgt, day, code, modality in store.con.execute(CONFLICT_DAYS_SQL, [first, last]).fetchall():
        if escalation.ladder_step(code, modality) >= CONFLICT_LEVEL:
            per = out.setdefault(Dyad(src, tgt), {})
            per[day] = per.get(day, 0) + 1
    return out


def alerts(store: Store, *, since: date | None = None, until: date | None = None,
           dyad: Dyad | None = None) -> list[dict]:
    """Escalation alerts of every directed dyad (or one), newest first. Each dyad's daily series runs
    over the whole coverage of the store up to `until`, so its baseline is its own history; alerts
    are kept from `since` on."""
    first, last = coverage(store)
    if first is None:
        return []
    until = until or last
    out = []
    for d, per_day in sorted(conflict_counts(store, first, until).items(), key=lambda kv: kv[0].label):
        if dyad is not None and (d.a, d.b) != (dyad.a, dyad.b):
            continue
        if sum(per_day.values()) < escalation.MIN_EVENTS:
            continue
        days = [first + timedelta(days=i) for i in range((until - first).days + 1)]
        for ch in escalation.detect(days, [per_day.get(x, 0) for x in days]):
            if since is None or ch.day >= since:
                out.append(_alert(store, d, ch))
    return sorted(out, key=lambda a: (a["day"], a["score"]), reverse=True)


def _alert(store: Store, d: Dyad, ch) -> dict:
    # the events of the episode's strongest window, and any between the day it fired and that window
    events = [e for e in dyad_events(store, d, min(ch.start, ch.day), max(ch.end, ch.day))
              if e["level"] >= CONFLICT_LEVEL]
    top = top_events(events)
    lvl = max((e["level"] for e in events), default=0)
    return {"dyad": d.label, "source": d.a, "target": d.b, "day": ch.day, "start": ch.start, "end": ch.end,
            "score": round(ch.score, 2), "p_value": ch.p_value, "level": lvl,
            "level_name": escalation.step_name(lvl), "observed": ch.observed,
            "expected": round(ch.expected, 2), "window": ch.window, "events": top}
