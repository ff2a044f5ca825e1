"""Cross-article merging: the mentions of one real-world event, in every article and outlet that
reported it, become one merged event with counts of mentions, articles and distinct outlets (GDELT's
NumMentions / NumArticles / NumSources), kept up to date as articles arrive.

A new mention joins an existing merged event when all of these hold:

- the same directed dyad: equal source and target countries (a missing country equals only a
  missing one), and at least one of the two is known — two "somebody attacked something" mentions
  say nothing about being the same event;
- the same PLOVER category (the same CAMEO root where there is no category);
- the same kind of modality: it happened (asserted, reported), it may happen (threatened, intended,
  considered, hypothetical) or it did not (negated, denied) — a strike and a strike "being
  considered" are different events;
- its date (the event's own, else the article's) within MERGE_WINDOW_DAYS of the dates the merged
  event already spans;
- a compatible place: when both were placed by their own clause at a point (a town, a port, not a
  country or a province, which say little about which event it was), within MAX_PLACE_KM.

Merging is incremental: `merge_pending` codes only the mentions that have no merged event yet, in date
order, and refreshes the counts of the merged events it touched. It runs inside the ingest batch's
transaction, so a killed ingest leaves no half-merged batch.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

import duckdb

# Reports of one event carry dates up to two days apart: "on Tuesday" in Wednesday's paper, a story
# filed past midnight, a follow-up the day after (the merge test corpus in tests/analyse/fixtures).
MERGE_WINDOW_DAYS = 2
# Two clause-placed mentions further apart than this are different events (a strike in Caracas and
# one in Maracaibo, 520 km apart); reports of one event place it in a town or its province, well
# within 150 km.
MAX_PLACE_KM = 150.0

KINDS = {"asserted": "happened", "reported": "happened", "threatened": "possible", "intended": "possible",
         "considered": "possible", "hypothetical": "possible", "negated": "not", "denied": "not"}


def kind_of(modality: str | None) -> str:
    """The kind of modality a merged event keeps apart: happened, possible or not."""
    return KINDS.get(modality or "asserted", "happened")


@dataclass
class _Cluster:
    id: str
    first: date | None
    last: date | None
    lat: float | None
    lon: float | None
    location_name: str | None = None
    new: bool = False
    changed: bool = False

    def fits(self, day: date | None, lat: float | None, lon: float | None) -> bool:
        if day is not None and self.first is not None:
            window = timedelta(days=MERGE_WINDOW_DAYS)
            if not (self.first - window <= day <= self.last + window):
                return False
        if None not in (lat, lon, self.lat, self.lon) and km(lat, lon, self.lat, self.lon) > MAX_PLACE_KM:
            return False
        return True

    def distance(self, day: date | None) -> int:
        if day is None or self.first is None:
            return MERGE_WINDOW_DAYS + 1
        return 0 if self.first <= day <= self.last else min(abs((day - self.first).days), abs((day - self.last).days))

    def add(self, day: date | None, lat: float | None, lon: float | None, name: str | None) -> None:
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)
            self.changed = True
        if self.lat is None and lat is not None:
            self.lat, self.lon, self.location_name, self.changed = lat, lon, name, True


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


PENDING_SQL = """
SELECT e.id, e.category, left(e.cameo, 2) AS root, e.modality, e.source_country, e.target_country,
       coalesce(e.event_date, a.published) AS day,
       CASE WHEN e.location_precision = 'clause' AND e.location_granularity = 'point' THEN e.lat END AS lat,
       CASE WHEN e.location_precision = 'clause' AND e.location_granularity = 'point' THEN e.lon END AS lon,
       CASE WHEN e.location_precision = 'clause' AND e.location_granularity = 'point' THEN e.location_name
       END AS location_name
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.merged_id IS NULL
ORDER BY day NULLS LAST, e.id
"""

CANDIDATES_SQL = """
SELECT id, first_date, last_date, lat, lon, location_name FROM merged_events
WHERE source_country IS NOT DISTINCT FROM ? AND target_country IS NOT DISTINCT FROM ?
  AND coalesce(category, 'root:' || cameo_root) = ? AND kind = ?
"""


def merge_pending(con: duckdb.DuckDBPyConnection, reprinted: Iterable[str] = ()) -> int:
    """Give every event without a merged event one (joining an existing one or starting its own) and
    refresh the counts of every merged event touched, including those whose articles were reprinted
    (`reprinted`: ids of articles a near-duplicate was just linked to). Returns the mentions merged.
    Call inside the caller's transaction."""
    rows = con.execute(PENDING_SQL).fetchall()
    groups: dict[tuple, list[_Cluster]] = {}
    assigned: list[tuple[str, str]] = []
    meta: dict[str, tuple] = {}
    for eid, category, root, modality, src, tgt, day, lat, lon, name in rows:
        key = (src, tgt, category or f"root:{root}", kind_of(modality))
        cluster = None
        if src is not None or tgt is not None:
            if key not in groups:
                groups[key] = [_Cluster(*r) for r in con.execute(CANDIDATES_SQL, list(key)).fetchall()]
            fits = [c for c in groups[key] if c.fits(day, lat, lon)]
            cluster = min(fits, key=lambda c: c.distance(day), default=None)
        if cluster is None:
            cluster = _Cluster(eid, day, day, lat, lon, name, new=True)
            groups.setdefault(key, []).append(cluster)
            meta[eid] = (category, root, key[3], src, tgt)
        else:
            cluster.add(day, lat, lon, name)
        assigned.append((cluster.id, eid))
    clusters = [c for cs in groups.values() for c in cs]
    _write(con, assigned, clusters, meta)
    touched = {m for m, _ in assigned}
    if reprinted:
        touched |= {r[0] for r in con.execute(
            "SELECT DISTINCT merged_id FROM events WHERE article_id IN (SELECT unnest(?)) AND merged_id IS NOT NULL",
            [list(reprinted)]).fetchall()}
    refresh(con, touched)
    return len(assigned)


def _write(con, assigned: list[tuple[str, str]], clusters: list[_Cluster], meta: dict[str, tuple]) -> None:
    if not assigned:
        return
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _merge_assign (merged_id VARCHAR, event_id VARCHAR)")
    con.execute("DELETE FROM _merge_assign")
    con.executemany("INSERT INTO _merge_assign VALUES (?, ?)", assigned)
    con.execute("UPDATE events SET merged_id = m.merged_id FROM _merge_assign m WHERE events.id = m.event_id")
    new = [(c.id, *meta[c.id], c.first, c.last, c.lat, c.lon, c.location_name) for c in clusters if c.new]
    if new:
        con.executemany(
            "INSERT INTO merged_events (id, category, cameo_root, kind, source_country, target_country, "
            "first_date, last_date, lat, lon, location_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new)
    grown = [(c.first, c.last, c.lat, c.lon, c.location_name, c.id) for c in clusters if c.changed and not c.new]
    if grown:
        con.executemany("UPDATE merged_events SET first_date = ?, last_date = ?, lat = ?, lon = ?, "
                        "location_name = ? WHERE id = ?", grown)


REFRESH_SQL = """
WITH mention AS (
    SELECT e.*, row_number() OVER (PARTITION BY e.merged_id
                                   ORDER BY e.confidence DESC NULLS LAST, e.id) AS rank
    FROM events e WHERE e.merged_id IN (SELECT unnest($ids))
), coverage AS (
    SELECT DISTINCT m.merged_id, a.id AS article_id, coalesce(a.source, a.id) AS outlet
    FROM mention m JOIN articles a ON a.id = m.article_id OR a.duplicate_of = m.article_id
), counts AS (
    SELECT merged_id, count(DISTINCT article_id) AS n_articles, count(DISTINCT outlet) AS n_sources
    FROM coverage GROUP BY merged_id
), agg AS (
    SELECT merged_id, count(*) AS n_mentions,
           -- a running total ("has killed 83 people in such strikes") is not this event's toll
           max(killed) FILTER (WHERE NOT coalesce(cumulative, false)) AS killed,
           max(killed) FILTER (WHERE cumulative) AS killed_total,
           max(injured) FILTER (WHERE NOT coalesce(cumulative, false)) AS injured,
           max(size) AS size, max(arrested) AS arrested, max(displaced) AS displaced
    FROM mention GROUP BY merged_id
)
UPDATE merged_events SET
    representative = r.id, cameo = r.cameo, quad = r.quad, goldstein = r.goldstein, modality = r.modality,
    source_code = r.source_code, target_code = r.target_code,
    killed = g.killed, injured = g.injured, size = g.size, n_mentions = g.n_mentions,
    killed_total = g.killed_total, arrested = g.arrested, displaced = g.displaced,
    n_articles = c.n_articles, n_sources = c.n_sources
FROM mention r, agg g, counts c
WHERE r.rank = 1 AND r.merged_id = merged_events.id AND g.merged_id = r.merged_id AND c.merged_id = r.merged_id
"""


def refresh(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> None:
    """Recompute the representative mention and the counts of the merged events `ids`."""
    ids = sorted(set(ids))
    if ids:
        con.execute(REFRESH_SQL, {"ids": ids})
