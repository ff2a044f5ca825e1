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


class Where:
    """The WHERE clause of a read query, shared by the CLI's and the API's lists: conditions made of
    fixed fragments (column names and table aliases are the caller's own literals, never values) and
    their values as bound parameters, in order. `prefix` is a table alias with its dot ("m.") or ""."""

    def __init__(self, *conditions: str) -> None:
        self.conditions: list[str] = list(conditions)
        self.params: list = []

    def add(self, condition: str, *params: object) -> Where:
        self.conditions.append(condition)
        self.params += params
        return self

    def days(self, column: str, since: str | None, until: str | None) -> Where:
        """`column` (a date) within [since, until], either end optional (YYYY-MM-DD)."""
        if since:
            self.add(f"{column} >= CAST(? AS DATE)", since)
        if until:
            self.add(f"{column} <= CAST(? AS DATE)", until)
        return self

    def dyad(self, dyad: tuple[str, str] | None, prefix: str = "") -> Where:
        """Directed: the source's and the target's code (else country) start with the dyad's two sides."""
        if dyad:
            self.add(f"starts_with(coalesce({prefix}source_code, {prefix}source_country, ''), ?) "
                     f"AND starts_with(coalesce({prefix}target_code, {prefix}target_country, ''), ?)", *dyad)
        return self

    def actor(self, actor: str | None, prefix: str = "") -> Where:
        """Either side's code starts with `actor`."""
        if actor:
            self.add(f"(starts_with(coalesce({prefix}source_code, ''), ?) "
                     f"OR starts_with(coalesce({prefix}target_code, ''), ?))", actor.upper(), actor.upper())
        return self

    def category(self, category: str | None, prefix: str = "") -> Where:
        """A PLOVER category by name, or a CAMEO code by prefix."""
        if category:
            self.add(f"(upper({prefix}category) = ? OR starts_with({prefix}cameo, ?))", category.upper(), category)
        return self

    @property
    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""


def list_events(store: Store, f: EventFilter) -> list[dict]:
    """Events matching the filter, newest first."""
    check_day("since", f.since)
    check_day("until", f.until)
    w = Where().dyad(f.dyad).actor(f.actor).category(f.category).days("event_date", f.since, f.until)
    sql = (f"SELECT {', '.join(EVENT_FIELDS)} FROM events" + w.sql
           + " ORDER BY event_date DESC NULLS LAST, id LIMIT ?")
    return store.query(sql, w.params + [max(0, int(f.limit))])


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
    w = Where()
    if speaker:
        w.add("(starts_with(coalesce(q.speaker_code, ''), ?) OR contains(lower(coalesce(q.speaker_text, '')), ?))",
              speaker.upper(), speaker.lower())
    w.days("a.published", since, until)
    if direct_only:
        w.add("q.direct")
    sql = ("SELECT a.published, q.speaker_text, q.speaker_code, q.direct, q.quote_text, a.title, q.article_id "
           "FROM quotes q JOIN articles a ON a.id = q.article_id" + w.sql
           + " ORDER BY a.published DESC NULLS LAST, q.article_id, q.seq LIMIT ?")
    return store.query(sql, w.params + [max(0, int(limit))])
