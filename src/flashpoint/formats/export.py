"""Exporting the store: one row per MERGED event (one real-world event, however many articles
reported it), as GDELT 2.0 event rows, PLOVER/POLECAT-style JSONL, Parquet or CSV.

Every format starts from FLAT_SQL: the merged event joined with its representative mention (the
evidence sentence, its article, its actors). Parquet and CSV are DuckDB's own COPY of that query;
GDELT and PLOVER are written row by row from a streamed cursor, so memory stays bounded. Each file is
written beside the output under a temporary name and moved into place when complete, so a failed
export never leaves half a file. The GDELT column mapping and the PLOVER fields are in docs/formats.md.
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any, Iterator

from ..errors import InputError
from ..ontology import cameo_codes
from ..resolve.countries import countries
from ..store import Store
from .gdelt import GDELT_COLUMNS

FORMATS = ("gdelt", "plover", "parquet", "csv")
# Rows fetched from DuckDB at a time for the formats written row by row.
FETCH_ROWS = 1000
# GlobalEventID: the first 15 hex digits (60 bits) of the SHA-256 of our merged id, so it is a
# positive BIGINT, stable across exports and machines; the SQL below and gdelt_id() agree.
ID_HEX_DIGITS = 15
GDELT_ID_SQL = f"('0x' || substr(sha256(m.id), 1, {ID_HEX_DIGITS}))::BIGINT"
# GDELT's geographic resolution (ActionGeo_Type, GDELT 2.0 codebook): 1 country, 2 US state, 3 US
# city or landmark, 4 world city or landmark, 5 world ADM1; from our location granularity.
GEO_TYPE = {"country": 1, "area": 5, "point": 4}
GEO_TYPE_USA = {"country": 1, "area": 2, "point": 3}

FLAT_SQL = f"""
WITH points AS (
    SELECT merged_id, lat, lon, any_value(location_country) AS country
    FROM events WHERE location_granularity = 'point' AND merged_id IS NOT NULL
    GROUP BY merged_id, lat, lon)
SELECT m.id, {GDELT_ID_SQL} AS gdelt_id, m.first_date, m.last_date,
       m.category, e.mode, m.cameo, m.cameo_root, m.quad, m.goldstein, m.kind, m.modality,
       m.source_code, m.source_country, s.text AS source_text, s.entry AS source_entry,
       s.sector AS source_sector,
       m.target_code, m.target_country, t.text AS target_text, t.entry AS target_entry,
       t.sector AS target_sector,
       CASE WHEN m.lat IS NULL THEN e.location_name ELSE m.location_name END AS location_name,
       CASE WHEN m.lat IS NULL THEN e.location_country ELSE p.country END AS location_country,
       CASE WHEN m.lat IS NULL THEN e.lat ELSE m.lat END AS lat,
       CASE WHEN m.lat IS NULL THEN e.lon ELSE m.lon END AS lon,
       CASE WHEN m.lat IS NULL THEN e.location_granularity ELSE 'point' END AS location_granularity,
       m.killed, m.injured, m.size, m.arrested, m.displaced, m.killed_total,
       m.n_mentions, m.n_articles, m.n_sources,
       e.id AS mention_id, e.evidence,
       CASE WHEN e.sentence_start IS NOT NULL
            THEN regexp_matches(substr(a.text, 1, e.sentence_start), '^\\s*$') END AS in_lead,
       a.id AS article_id, a.url, a.source AS outlet, a.title, a.published, a.fetched_at
FROM merged_events m
LEFT JOIN events e ON e.id = m.representative
LEFT JOIN articles a ON a.id = e.article_id
LEFT JOIN actor_mentions s ON s.event_id = e.id AND s.role = 'source'
LEFT JOIN actor_mentions t ON t.event_id = e.id AND t.role = 'target'
LEFT JOIN points p ON p.merged_id = m.id AND p.lat = m.lat AND p.lon = m.lon
{{where}}
ORDER BY m.first_date NULLS LAST, m.id
"""

ARTICLES_SQL = """
WITH e AS (SELECT DISTINCT merged_id, article_id FROM events WHERE merged_id IN (SELECT unnest(?)))
SELECT e.merged_id, a.id, a.url, a.source, a.published FROM e JOIN articles a ON a.id = e.article_id
UNION
SELECT e.merged_id, a.id, a.url, a.source, a.published FROM e JOIN articles a ON a.duplicate_of = e.article_id
ORDER BY 1, 5 NULLS LAST, 2
"""


def gdelt_id(merged_id: str) -> int:
    """The GlobalEventID we write for a merged event: int(sha256(id)[:15], 16)."""
    return int(hashlib.sha256(merged_id.encode("utf-8")).hexdigest()[:ID_HEX_DIGITS], 16)


def flat_query(since: date | None = None, until: date | None = None) -> tuple[str, list]:
    """FLAT_SQL restricted to merged events first dated between `since` and `until` (bound values)."""
    conds, params = [], []
    if since is not None:
        conds.append("m.first_date >= ?")
        params.append(since)
    if until is not None:
        conds.append("m.first_date <= ?")
        params.append(until)
    if since is not None and until is not None and since > until:
        raise InputError(f"--since {since} is after --until {until}")
    return FLAT_SQL.format(where=f"WHERE {' AND '.join(conds)}" if conds else ""), params


def check_output(output: str | Path, force: bool = False) -> Path:
    """The output path, once it is known to be writable: its folder exists, and it is not an existing
    file (unless `force`) nor a folder."""
    path = Path(output)
    if path.is_dir():
        raise InputError(f"--output {path} is a folder; give a file name, e.g. {path / 'events.tsv'}")
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist; create it first (mkdir -p {path.parent})")
    if path.exists() and not force:
        raise InputError(f"{path} already exists; choose another --output or pass --force to overwrite it")
    return path


def export(store: Store, fmt: str, output: str | Path, *, since: date | None = None,
           until: date | None = None, force: bool = False) -> int:
    """Write the merged events first dated between `since` and `until` to `output` in `fmt` (gdelt,
    plover, parquet or csv); return the rows written."""
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r}: use {', '.join(FORMATS[:-1])} or {FORMATS[-1]}")
    path = check_output(output, force)
    sql, params = flat_query(since, until)
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        if fmt in ("parquet", "csv"):
            n = _copy(store, sql, params, partial, fmt)
        else:
            with partial.open("w", encoding="utf-8", newline="\n") as fh:
                n = _write_gdelt(store, sql, params, fh) if fmt == "gdelt" else _write_plover(store, sql, params, fh)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return n


def sql_string(value: str) -> str:
    """A SQL string literal: DuckDB cannot bind COPY's target, so the path is quoted by doubling
    its single quotes (and may not contain a NUL)."""
    if "\x00" in value:
        raise InputError("an output path cannot contain a NUL character")
    return "'" + value.replace("'", "''") + "'"


def _copy(store: Store, sql: str, params: list, path: Path, fmt: str) -> int:
    options = "FORMAT PARQUET" if fmt == "parquet" else "FORMAT CSV, HEADER"
    row = store.con.execute(f"COPY ({sql}) TO {sql_string(str(path))} ({options})", params).fetchone()
    return int(row[0]) if row else 0


def _rows(store: Store, sql: str, params: list) -> Iterator[list[dict]]:
    """The query's rows as dicts, FETCH_ROWS at a time, from a cursor of its own (so other queries
    can run on the store's connection meanwhile)."""
    cur = store.con.cursor()
    try:
        cur.execute(sql, params)
        cols = [d[0] for d in cur.description]
        while chunk := cur.fetchmany(FETCH_ROWS):
            yield [dict(zip(cols, r)) for r in chunk]
    finally:
        cur.close()


# ---------------------------------------------------------------- GDELT
def _cell(value: Any) -> str:
    """A TSV cell: empty for NULL, no tabs or line breaks inside."""
    if value is None:
        return ""
    text = str(value)
    return " ".join(text.replace("\t", " ").splitlines()) if any(c in text for c in "\t\r\n") else text


def _actor(r: dict, role: str) -> dict[str, Any]:
    code = r[f"{role}_code"] or r[f"{role}_sector"]   # an unnamed actor of a known kind: "CVL"
    name = r[f"{role}_entry"] or r[f"{role}_text"]
    return {"Code": code, "Name": name.upper() if code and name else None,
            "CountryCode": r[f"{role}_country"], "Type1Code": r[f"{role}_sector"]}


def _fraction_date(day: date) -> str:
    # GDELT's files compute it as YEAR + ((MONTH - 1) * 30 + DAY) / 365, 4 decimals (the codebook
    # says MONTH * 30, but 20181024 is written 2018.8055 = 2018 + 294 / 365).
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


def _date_added(fetched_at: str | None) -> str | None:
    if not fetched_at:
        return None
    try:
        moment = datetime.fromisoformat(fetched_at)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y%m%d%H%M%S")


def _geo(r: dict) -> dict[str, Any]:
    granularity, country = r["location_granularity"], r["location_country"]
    types = GEO_TYPE_USA if country == "USA" else GEO_TYPE
    name = r["location_name"]
    known = countries().get(country or "")
    if name and known and granularity != "country" and known.name not in name:
        name = f"{name}, {known.name}"
    return {"Type": types.get(granularity or ""), "FullName": name, "Lat": r["lat"], "Long": r["lon"]}


def gdelt_row(r: dict) -> list[str]:
    """The 61 GDELT cells of one FLAT_SQL row; the columns we have nothing for stay empty."""
    cells: dict[str, Any] = {"GlobalEventID": r["gdelt_id"], "SOURCEURL": r["url"],
                             "DATEADDED": _date_added(r["fetched_at"])}
    day = r["first_date"]
    if day is not None:
        cells.update(Day=day.strftime("%Y%m%d"), MonthYear=day.strftime("%Y%m"), Year=day.year,
                     FractionDate=_fraction_date(day))
    for n, role in ((1, "source"), (2, "target")):
        cells.update({f"Actor{n}{k}": v for k, v in _actor(r, role).items()})
    code = r["cameo"] or ""
    cells.update(IsRootEvent=None if r["in_lead"] is None else int(r["in_lead"]), EventCode=code or None,
                 EventBaseCode=code[:3] or None, EventRootCode=code[:2] or None, QuadClass=r["quad"],
                 GoldsteinScale=r["goldstein"], NumMentions=r["n_mentions"], NumSources=r["n_sources"],
                 NumArticles=r["n_articles"])
    cells.update({f"ActionGeo_{k}": v for k, v in _geo(r).items()})
    return [_cell(cells.get(c)) for c in GDELT_COLUMNS]


def _write_gdelt(store: Store, sql: str, params: list, fh: IO[str]) -> int:
    n = 0
    for chunk in _rows(store, sql, params):
        for r in chunk:
            fh.write("\t".join(gdelt_row(r)) + "\n")
        n += len(chunk)
    return n


# ---------------------------------------------------------------- PLOVER
def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def plover_object(r: dict, articles: list[dict]) -> dict:
    """One merged event as a PLOVER/POLECAT-style object (fields in docs/formats.md)."""
    code = cameo_codes().get(r["cameo"] or "")
    obj = {"id": r["id"], "gdelt_id": r["gdelt_id"], "date": _iso(r["first_date"]),
           "date_last": _iso(r["last_date"]), "event_type": r["category"], "mode": r["mode"], "context": [],
           "quad": r["quad"], "cameo": r["cameo"], "cameo_name": code.name if code else None,
           "goldstein": r["goldstein"], "modality": r["modality"], "kind": r["kind"]}
    for ours, theirs in (("source", "actor"), ("target", "recipient")):
        obj.update({f"{theirs}_name": r[f"{ours}_entry"] or r[f"{ours}_text"], f"{theirs}_text": r[f"{ours}_text"],
                    f"{theirs}_code": r[f"{ours}_code"], f"{theirs}_country": r[f"{ours}_country"],
                    f"{theirs}_sector": r[f"{ours}_sector"]})
    obj["location"] = {"name": r["location_name"], "lat": r["lat"], "lon": r["lon"],
                       "country": r["location_country"], "granularity": r["location_granularity"]}
    obj["magnitude"] = {k: r[k] for k in ("killed", "injured", "size", "arrested", "displaced", "killed_total")}
    obj.update(n_mentions=r["n_mentions"], n_articles=r["n_articles"], n_sources=r["n_sources"])
    obj["evidence"] = {"sentence": r["evidence"], "mention_id": r["mention_id"], "article_id": r["article_id"],
                       "url": r["url"], "outlet": r["outlet"], "title": r["title"],
                       "published": _iso(r["published"]), "in_lead": r["in_lead"], "articles": articles}
    return obj


def _articles(store: Store, ids: list[str]) -> dict[str, list[dict]]:
    """Every article that reported each merged event (near-duplicate reprints included)."""
    out: dict[str, list[dict]] = {}
    for mid, aid, url, outlet, published in store.con.execute(ARTICLES_SQL, [ids]).fetchall():
        out.setdefault(mid, []).append({"id": aid, "url": url, "outlet": outlet, "published": _iso(published)})
    return out


def _write_plover(store: Store, sql: str, params: list, fh: IO[str]) -> int:
    n = 0
    for chunk in _rows(store, sql, params):
        found = _articles(store, [r["id"] for r in chunk])
        for r in chunk:
            fh.write(json.dumps(plover_object(r, found.get(r["id"], [])), ensure_ascii=False) + "\n")
        n += len(chunk)
    return n
