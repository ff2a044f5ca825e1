"""The read queries behind the REST API that the command line has no twin for: paged lists of merged
events and articles, one event with every mention, the dyads on record, and map points aggregated in
DuckDB (the page never downloads raw tables). Values are always bound parameters."""
from __future__ import annotations

import base64
import binascii
from datetime import date

from ..errors import InputError
from ..store import Store
from ..store.queries import Where

MAX_PAGE = 500


def encode_cursor(day: date | None, ident: str) -> str:
    raw = f"{day.isoformat() if day else ''}|{ident}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    """(day or '', id) from a cursor this API handed out; InputError for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, ident = raw.split("|", 1)
        if day:
            date.fromisoformat(day)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InputError("cursor is not one this API handed out; start again without it") from None
    return day, ident


def _named(rows: list[dict]) -> list[dict]:
    """Each row with the name of its CAMEO code."""
    from ..ontology import cameo_codes

    codes = cameo_codes()
    for r in rows:
        if "cameo" in r:
            code = codes.get(r["cameo"] or "")
            r["cameo_name"] = code.name if code else None
    return rows


def _page(rows: list[dict], limit: int, key: str, id_key: str = "id") -> dict:
    rows = _named(rows)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor(rows[-1][key], rows[-1][id_key]) if more and rows else None
    return {"items": rows, "next_cursor": nxt}


def _keyset(w: Where, cursor: str | None, day_col: str, id_col: str) -> Where:
    """Newest first: rows strictly after the cursor's (day, id)."""
    if not cursor:
        return w
    day, ident = decode_cursor(cursor)
    if day:
        return w.add(f"(({day_col} < CAST(? AS DATE)) OR ({day_col} = CAST(? AS DATE) AND {id_col} < ?) "
                     f"OR {day_col} IS NULL)", day, day, ident)
    return w.add(f"({day_col} IS NULL AND {id_col} < ?)", ident)


EVENT_COLS = """m.id, m.first_date AS date, m.last_date, m.category, m.cameo, m.quad, m.goldstein, m.modality,
m.source_country, m.source_code, m.target_country, m.target_code, m.location_name, m.lat, m.lon,
m.killed, m.injured, m.size, m.n_mentions, m.n_articles, m.n_sources, e.evidence"""


MAX_QUERY_CHARS = 200


def list_merged(store: Store, *, dyad: tuple[str, str] | None = None, actor: str | None = None,
                category: str | None = None, since: str | None = None, until: str | None = None,
                q: str | None = None, limit: int = 50, cursor: str | None = None) -> dict:
    """Merged events, newest first, a page at a time. `q`: words that must all appear (any case) in
    the evidence sentence of one of the event's mentions, in any article."""
    limit = max(1, min(int(limit), MAX_PAGE))
    w = Where().dyad(dyad, "m.").actor(actor, "m.").category(category, "m.").days("m.first_date", since, until)
    words = (q or "").lower().split()
    if len(q or "") > MAX_QUERY_CHARS:
        raise InputError(f"q is {len(q)} characters long; search with at most {MAX_QUERY_CHARS}")
    if words:
        each = " AND ".join(["contains(lower(x.evidence), ?)"] * len(words))
        w.add("EXISTS (SELECT 1 FROM events x WHERE x.merged_id = m.id AND " + each + ")", *words)
    _keyset(w, cursor, "m.first_date", "m.id")
    sql = (f"SELECT {EVENT_COLS} FROM merged_events m LEFT JOIN events e ON e.id = m.representative" + w.sql
           + " ORDER BY m.first_date DESC NULLS LAST, m.id DESC LIMIT ?")
    return _page(store.query(sql, w.params + [limit + 1]), limit, "date")


MENTIONS_SQL = """
SELECT e.id, e.article_id, a.title, a.source AS outlet, a.url, a.published, e.event_date, e.date_precision,
       e.category, e.cameo, e.modality, e.attribution, e.confidence, e.pattern, e.evidence,
       e.trigger_start - e.sentence_start AS trigger_start, e.trigger_end - e.sentence_start AS trigger_end,
       s.text AS source_text, s.code AS source_code, s.start_char - e.sentence_start AS source_start,
       s.end_char - e.sentence_start AS source_end,
       t.text AS target_text, t.code AS target_code, t.start_char - e.sentence_start AS target_start,
       t.end_char - e.sentence_start AS target_end,
       e.location_name, e.location_relation, e.location_precision, e.killed, e.injured, e.size
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN actor_mentions s ON s.event_id = e.id AND s.role = 'source'
LEFT JOIN actor_mentions t ON t.event_id = e.id AND t.role = 'target'
WHERE e.merged_id = ? ORDER BY a.published, e.id
"""


def event_detail(store: Store, ident: str) -> dict | None:
    """A merged event (by its id or any of its mentions' ids) with every mention and every outlet that
    reported it, reprints included; None when there is no such event."""
    row = store.query("SELECT coalesce((SELECT merged_id FROM events WHERE id = ?), ?) AS mid", [ident, ident])
    mid = row[0]["mid"]
    found = store.query(f"SELECT {EVENT_COLS} FROM merged_events m LEFT JOIN events e ON e.id = m.representative "
                        "WHERE m.id = ?", [mid])
    if not found:
        return None
    event = _named(found)[0]
    event["mentions"] = _named(store.query(MENTIONS_SQL, [mid]))
    event["outlets"] = [r["source"] for r in store.query(
        "SELECT DISTINCT a.source FROM events e JOIN articles a ON a.id = e.article_id OR a.duplicate_of = e.article_id "
        "WHERE e.merged_id = ? AND a.source IS NOT NULL ORDER BY 1", [mid])]
    return event


def list_articles(store: Store, *, since: str | None = None, until: str | None = None,
                  source: str | None = None, limit: int = 50, cursor: str | None = None) -> dict:
    """Stored articles, newest first, without their text (GET /articles/{id} is not needed: events carry
    their evidence)."""
    limit = max(1, min(int(limit), MAX_PAGE))
    w = Where().days("published", since, until)
    if source:
        w.add("source = ?", source)
    _keyset(w, cursor, "published", "id")
    sql = ("SELECT id, external_id, url, source, title, published, language, duplicate_of, n_events, "
           "length(text) AS chars FROM articles" + w.sql + " ORDER BY published DESC NULLS LAST, id DESC LIMIT ?")
    return _page(store.query(sql, w.params + [limit + 1]), limit, "published")


def list_dyads(store: Store, limit: int = 50) -> list[dict]:
    """Directed dyads by merged events, with their conflict share, for the dyad picker."""
    return store.query(
        "SELECT source_country AS source, target_country AS target, count(*) AS events, "
        "count(*) FILTER (WHERE quad >= 3) AS conflict, sum(n_articles) AS articles, "
        "min(first_date) AS first, max(last_date) AS last FROM merged_events "
        "WHERE source_country IS NOT NULL AND target_country IS NOT NULL AND source_country <> target_country "
        "GROUP BY 1, 2 ORDER BY events DESC, source, target LIMIT ?", [max(1, min(int(limit), MAX_PAGE))])


def map_points(store: Store, *, dyad: tuple[str, str] | None = None, since: str | None = None,
               until: str | None = None, cell: float = 0.5) -> list[dict]:
    """Merged events with a place (their own point, else their representative mention's place, a
    country's centre included), aggregated into cells of `cell` degrees in DuckDB."""
    if not 0.01 <= cell <= 10:
        raise InputError("cell must be between 0.01 and 10 degrees")
    w = Where("coalesce(m.lat, e.lat) IS NOT NULL")
    if dyad:
        w.add("m.source_country = ? AND m.target_country = ?", *dyad)
    w.days("m.first_date", since, until)
    sql = ("SELECT round(avg(coalesce(m.lat, e.lat)), 3) AS lat, round(avg(coalesce(m.lon, e.lon)), 3) AS lon, "
           "mode(coalesce(m.location_name, e.location_name)) AS name, count(*) AS events, "
           "count(*) FILTER (WHERE m.quad >= 3) AS conflict, sum(m.n_articles) AS articles, "
           "arg_max(m.id, m.n_articles) AS top_event "
           "FROM merged_events m JOIN events e ON e.id = m.representative" + w.sql
           + " GROUP BY floor(coalesce(m.lat, e.lat) / ?), floor(coalesce(m.lon, e.lon) / ?) "
           "ORDER BY events DESC LIMIT 2000")
    return store.query(sql, w.params + [cell, cell])
