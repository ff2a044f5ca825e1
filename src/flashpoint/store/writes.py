"""Turning articles and their extractions into the parameter rows of the store's INSERTs."""
from __future__ import annotations

import json
from typing import Any, Iterable

from ..model import Actor, Article, Extraction, is_day

ARTICLE_COLS = ("id", "external_id", "url", "source", "title", "published", "language", "origin",
                "fetched_at", "text", "minhash", "duplicate_of", "n_events")
EVENT_COLS = ("id", "article_id", "seq", "category", "mode", "cameo", "quad", "goldstein", "modality",
              "source_code", "source_country", "target_code", "target_country", "sentence_start",
              "sentence_end", "trigger_start", "trigger_end", "evidence", "event_date", "location_name",
              "lat", "lon", "killed", "injured", "size", "confidence", "pattern", "attribution",
              "date_precision", "location_relation", "location_precision", "location_country",
              "location_granularity", "arrested", "displaced", "cumulative", "qualifiers")
ACTOR_COLS = ("event_id", "role", "text", "start_char", "end_char", "code", "country", "sector", "entry")
PLACE_COLS = ("article_id", "seq", "text", "start_char", "end_char", "name", "lat", "lon", "country",
              "geonameid", "feature")
TIME_COLS = ("article_id", "seq", "text", "start_char", "end_char", "type", "value")
QUOTE_COLS = ("article_id", "seq", "content", "quote_text", "direct", "cue_start", "cue_end",
              "speaker_text", "speaker_start", "speaker_end", "speaker_code", "anonymous", "via")


TABLE_COLS = {"articles": ARTICLE_COLS, "events": EVENT_COLS, "actor_mentions": ACTOR_COLS,
              "places": PLACE_COLS, "time_exprs": TIME_COLS, "quotes": QUOTE_COLS}


def unnest_columns(types: Iterable[str]) -> str:
    """The SELECT list that turns one bound list per column, each cast to its column's SQL type, back
    into rows: DuckDB binds a list parameter much faster than it runs one statement per row
    (`executemany`: about 0.4 ms a row). Shared by the store's batches and the GDELT import."""
    return ", ".join(f"unnest(CAST(? AS {t}[]))" for t in types)


def columnar_insert(table: str, types: dict[str, str]) -> str:
    """An INSERT of a whole batch of `table`'s rows bound as one list per column. The table and column
    names are module constants and the types come from the store's own catalog: no value is ever part
    of the SQL."""
    cols = TABLE_COLS[table]
    unnests = unnest_columns(types[c] for c in cols)
    return f"INSERT INTO {table} ({', '.join(cols)}) SELECT {unnests}"


def event_id(article_id: str, seq: int) -> str:
    return f"{article_id}-{seq:03d}"


def _actor_row(eid: str, role: str, a: Actor) -> tuple:
    return (eid, role, a.text, a.start, a.end, a.code, a.country, a.sector, a.entry)


def _article_row(a: Article, minhash: list[int], dup: str | None, n_events: int) -> tuple:
    return (a.id, a.external_id, a.url, a.source, a.title, a.published, a.language, a.origin,
            a.fetched_at, a.text, minhash, dup, n_events)


def _event_rows(a: Article, ex: Extraction, out: dict[str, list]) -> None:
    for seq, e in enumerate(ex.events):
        eid = event_id(a.id, seq)
        loc = e.location or {}
        mag = e.magnitude or {}
        src, tgt = e.source, e.target
        out["events"].append((
            eid, a.id, seq, e.category, e.mode, e.cameo, e.quad, e.goldstein, e.modality,
            src.code if src else None, src.country if src else None,
            tgt.code if tgt else None, tgt.country if tgt else None,
            e.sentence[0], e.sentence[1], e.trigger[0], e.trigger[1], a.text[e.sentence[0]:e.sentence[1]],
            e.date if is_day(e.date) else None, loc.get("name"), loc.get("lat"), loc.get("lon"),
            mag.get("killed"), mag.get("injured"), mag.get("size"), e.confidence, e.pattern, e.attribution,
            e.date_precision, loc.get("relation"), loc.get("precision"), loc.get("country"),
            loc.get("granularity"), mag.get("arrested"), mag.get("displaced"), mag.get("cumulative"),
            json.dumps(mag["qualifiers"]) if mag.get("qualifiers") else None))
        for role, actor in (("source", src), ("target", tgt)):
            if actor is not None:
                out["actor_mentions"].append(_actor_row(eid, role, actor))


def _detail_rows(a: Article, ex: Extraction, out: dict[str, list]) -> None:
    for seq, p in enumerate(ex.places):
        out["places"].append((a.id, seq, p.text, p.start, p.end, p.name, p.lat, p.lon, p.country,
                              p.geonameid, p.feature))
    for seq, t in enumerate(ex.dates):
        out["time_exprs"].append((a.id, seq, t.text, t.start, t.end, t.type, t.value))
    for seq, q in enumerate(ex.quotes):
        sp = q.speaker
        text = " … ".join(a.text[s:e] for s, e in q.content)
        cue = q.cue or [None, None]
        out["quotes"].append((a.id, seq, json.dumps(q.content), text, q.direct, cue[0], cue[1],
                              sp.text if sp else None, sp.start if sp else None, sp.end if sp else None,
                              sp.code if sp else None, q.anonymous, q.via))


def batch_rows(rows: Iterable[tuple[Article, list[int], str | None, Extraction | None]]
               ) -> dict[str, list[tuple[Any, ...]]]:
    """The rows each table gets from a batch of (article, minhash, duplicate_of, extraction), in the
    column order of TABLE_COLS, tables in the order they must be written."""
    out: dict[str, list] = {t: [] for t in TABLE_COLS}
    for article, minhash, dup, ex in rows:
        out["articles"].append(_article_row(article, minhash, dup, len(ex.events) if ex else 0))
        if ex is not None:
            _event_rows(article, ex, out)
            _detail_rows(article, ex, out)
    return out
