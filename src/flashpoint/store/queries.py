"""Read queries shared by the CLI and the API. Every filter is a bound parameter; the only SQL text
assembled here is from fixed fragments chosen by which filters are present."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from . import Store

EVENT_FIELDS = ("id", "article_id", "event_date", "source_code", "source_country", "target_code",
                "target_country", "category", "cameo", "quad", "goldstein", "modality", "evidence",
                "killed", "size", "location_name", "confidence", "pattern", "attribution")
_CODE = re.compile(r"^[A-Z]{3}[A-Z]{0,9}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class EventFilter:
    dyad: tuple[str, str] | None = None      # directed: (source, target) country or code prefixes
    actor: str | None = None                 # either side
    category: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = 100


def parse_dyad(text: str) -> tuple[str, str]:
    parts = text.upper().split(":")
    if len(parts) != 2 or not all(_CODE.match(p) for p in parts):
        raise InputError(f"--dyad {text!r} is not of the form SOURCE:TARGET with actor codes, e.g. USA:VEN")
    return parts[0], parts[1]


def check_day(name: str, value: str | None) -> None:
    if value is not None and not _DAY.match(value):
        raise InputError(f"--{name} {value!r} is not a date; use YYYY-MM-DD")


def list_events(store: Store, f: EventFilter) -> list[dict]:
    """Events matching the filter, newest first."""
    check_day("since", f.since)
    check_day("until", f.until)
    where, params = [], []
    if f.dyad:
        where.append("starts_with(coalesce(source_code, source_country, ''), ?) "
                     "AND starts_with(coalesce(target_code, target_country, ''), ?)")
        params += list(f.dyad)
    if f.actor:
        where.append("(starts_with(coalesce(source_code, ''), ?) OR starts_with(coalesce(target_code, ''), ?))")
        params += [f.actor.upper(), f.actor.upper()]
    if f.category:
        where.append("(upper(category) = ? OR starts_with(cameo, ?))")
        params += [f.category.upper(), f.category]
    if f.since:
        where.append("event_date >= CAST(? AS DATE)")
        params.append(f.since)
    if f.until:
        where.append("event_date <= CAST(? AS DATE)")
        params.append(f.until)
    sql = (f"SELECT {', '.join(EVENT_FIELDS)} FROM events"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY event_date DESC NULLS LAST, id LIMIT ?")
    params.append(max(0, int(f.limit)))
    return store.query(sql, params)


def dyad_summary(store: Store, limit: int = 10) -> list[dict]:
    """Directed country dyads with their event counts by quad class and mean Goldstein score."""
    return store.query(
        "SELECT source_country AS source, target_country AS target, count(*) AS events, "
        "count(*) FILTER (WHERE quad = 1) AS q1, count(*) FILTER (WHERE quad = 2) AS q2, "
        "count(*) FILTER (WHERE quad = 3) AS q3, count(*) FILTER (WHERE quad = 4) AS q4, "
        "round(avg(goldstein), 2) AS goldstein "
        "FROM events WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
        "AND source_country <> target_country "
        "GROUP BY 1, 2 ORDER BY events DESC, source, target LIMIT ?", [limit])


def list_quotes(store: Store, *, speaker: str | None = None, since: str | None = None,
                until: str | None = None, direct_only: bool = False, limit: int = 100) -> list[dict]:
    """Stored quotes with their article's date, newest first; `speaker` matches the speaker's code by
    prefix (VEN, VENGOV) or its text (case-insensitive substring)."""
    check_day("since", since)
    check_day("until", until)
    where, params = [], []
    if speaker:
        where.append("(starts_with(coalesce(q.speaker_code, ''), ?) OR contains(lower(coalesce(q.speaker_text, '')), ?))")
        params += [speaker.upper(), speaker.lower()]
    if since:
        where.append("a.published >= CAST(? AS DATE)")
        params.append(since)
    if until:
        where.append("a.published <= CAST(? AS DATE)")
        params.append(until)
    if direct_only:
        where.append("q.direct")
    sql = ("SELECT a.published, q.speaker_text, q.speaker_code, q.direct, q.quote_text, a.title, q.article_id "
           "FROM quotes q JOIN articles a ON a.id = q.article_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY a.published DESC NULLS LAST, q.article_id, q.seq LIMIT ?")
    params.append(max(0, int(limit)))
    return store.query(sql, params)
