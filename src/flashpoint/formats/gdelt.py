"""GDELT 2.0 events: the 61 columns of GDELT's event table (the exporter writes them too), importing a
GDELT events export into the `gdelt_events` table, and GDELT's series for a dyad, period by period,
to put beside ours.

The import streams the file (plain, .zip or .gz, told apart by their first bytes) in batches of
BATCH_ROWS rows, one transaction each; a malformed line is skipped and counted with its reason, never
fatal. Loading is idempotent: GlobalEventID is the primary key and rows already there are ignored.
"""
from __future__ import annotations

import gzip
import math
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Callable, Iterator

from ..analyse.dyads import PERIODS, make_dyad, next_period, period_start
from ..errors import InputError
from ..store import Store
from ..store.writes import unnest_columns

# GDELT 2.0 event table, in file order: "GDELT 2.0 Event Database Data Format Codebook" and the
# header row gdelt2HeaderRows ships (GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv).
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{part}" for n in (1, 2) for part in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{part}" for who in ("Actor1", "Actor2", "Action") for part in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
N_COLUMNS = 61
assert len(GDELT_COLUMNS) == N_COLUMNS

# Rows per committed batch: bounded memory, and few enough transactions for a 200,000-row daily file.
BATCH_ROWS = 5000
# A GDELT line is a few hundred bytes (the longest in a real 15-minute export is 523); anything
# longer than this is not a GDELT row, and reading it whole would make memory unbounded.
MAX_LINE_BYTES = 64 * 1024

_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


@dataclass
class ImportSummary:
    read: int = 0                  # non-empty lines read
    loaded: int = 0                # new rows in gdelt_events
    skipped: int = 0               # malformed lines
    skipped_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def already_loaded(self) -> int:
        """Well-formed lines whose GlobalEventID was already in the table (or earlier in the file)."""
        return self.read - self.loaded - self.skipped

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + 1


class _Bad(ValueError):
    """A line that is not a well-formed GDELT row; the message is the reason counted."""


# ---------------------------------------------------------------- one cell at a time
def _text(value: str, name: str) -> str | None:
    return value or None


def _integer(low: int, high: int) -> Callable[[str, str], int | None]:
    def parse(value: str, name: str) -> int | None:
        if not value:
            return None
        if not _INT.fullmatch(value) or not low <= int(value) <= high:
            raise _Bad(f"bad {name}")
        return int(value)
    return parse


def _number(low: float, high: float) -> Callable[[str, str], float | None]:
    def parse(value: str, name: str) -> float | None:
        if not value:
            return None
        if not _FLOAT.fullmatch(value) or not math.isfinite(float(value)) or not low <= float(value) <= high:
            raise _Bad(f"bad {name}")
        return float(value)
    return parse


def _event_id(value: str, name: str) -> int:
    if not _INT.fullmatch(value) or not 0 < int(value) < 2 ** 63:
        raise _Bad(f"bad {name}")
    return int(value)


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise _Bad(f"bad {name}") from None


def _added(value: str, name: str) -> datetime | None:
    """DATEADDED: YYYYMMDDHHMMSS in GDELT 2.0, YYYYMMDD in GDELT 1.0."""
    if not value:
        return None
    try:
        if not value.isdigit() or len(value) not in (8, 14):
            raise ValueError
        return datetime.strptime(value, "%Y%m%d%H%M%S" if len(value) == 14 else "%Y%m%d")
    except ValueError:
        raise _Bad(f"bad {name}") from None


def _root(value: str, name: str) -> bool | None:
    if value not in ("", "0", "1"):
        raise _Bad(f"bad {name}")
    return None if not value else value == "1"


_COUNT = _integer(0, 2 ** 31 - 1)
# (gdelt_events column, its SQL type, the GDELT column it comes from, the parser of that cell)
FIELDS: tuple[tuple[str, str, str, Callable], ...] = (
    ("global_event_id", "BIGINT", "GlobalEventID", _event_id),
    ("day", "DATE", "Day", _day),
    ("actor1_code", "VARCHAR", "Actor1Code", _text),
    ("actor1_name", "VARCHAR", "Actor1Name", _text),
    ("actor1_country", "VARCHAR", "Actor1CountryCode", _text),
    ("actor2_code", "VARCHAR", "Actor2Code", _text),
    ("actor2_name", "VARCHAR", "Actor2Name", _text),
    ("actor2_country", "VARCHAR", "Actor2CountryCode", _text),
    ("is_root", "BOOLEAN", "IsRootEvent", _root),
    ("event_code", "VARCHAR", "EventCode", _text),
    ("event_base_code", "VARCHAR", "EventBaseCode", _text),
    ("event_root_code", "VARCHAR", "EventRootCode", _text),
    ("quad_class", "INTEGER", "QuadClass", _integer(1, 4)),
    ("goldstein", "DOUBLE", "GoldsteinScale", _number(-10.0, 10.0)),
    ("num_mentions", "INTEGER", "NumMentions", _COUNT),
    ("num_sources", "INTEGER", "NumSources", _COUNT),
    ("num_articles", "INTEGER", "NumArticles", _COUNT),
    ("avg_tone", "DOUBLE", "AvgTone", _number(-100.0, 100.0)),
    ("action_geo_name", "VARCHAR", "ActionGeo_FullName", _text),
    ("action_geo_country", "VARCHAR", "ActionGeo_CountryCode", _text),
    ("action_geo_lat", "DOUBLE", "ActionGeo_Lat", _number(-90.0, 90.0)),
    ("action_geo_lon", "DOUBLE", "ActionGeo_Long", _number(-180.0, 180.0)),
    ("date_added", "TIMESTAMP", "DATEADDED", _added),
    ("source_url", "VARCHAR", "SOURCEURL", _text),
)
_INDEX = [GDELT_COLUMNS.index(gdelt) for _, _, gdelt, _ in FIELDS]

UNNESTS = unnest_columns(t for _, t, *_ in FIELDS)
INSERT_SQL = (f"INSERT OR IGNORE INTO gdelt_events ({', '.join(c for c, *_ in FIELDS)}, imported_from) "
              f"SELECT {UNNESTS}, ?")


def parse_line(raw: bytes) -> tuple:
    """One GDELT row (a line without its line break) as the values of FIELDS; _Bad otherwise."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _Bad("not UTF-8") from None
    cells = line.split("\t")
    if len(cells) != N_COLUMNS:
        raise _Bad(f"{len(cells)} column{'s' if len(cells) != 1 else ''}, not {N_COLUMNS}")
    return tuple(parse(cells[i], gdelt) for i, (_, _, gdelt, parse) in zip(_INDEX, FIELDS))


# ---------------------------------------------------------------- reading the file
def _streams(path: Path, magic: bytes) -> Iterator[IO[bytes]]:
    """The file's bytes: each member of a zip, a gunzipped stream, or the file itself."""
    if magic == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise InputError(f"{path} looks like a zip file but cannot be opened; download it again") from None
        with archive:
            for info in archive.infolist():
                if not info.is_dir():
                    with archive.open(info) as member:
                        yield member
    elif magic[:2] == b"\x1f\x8b":
        with gzip.open(path, "rb") as stream:
            yield stream
    else:
        with path.open("rb") as stream:
            yield stream


# What _lines yields for a line over MAX_LINE_BYTES, and for compressed data it cannot read further.
_TOO_LONG = f"line longer than {MAX_LINE_BYTES} bytes"
_CORRUPT = "compressed data truncated or corrupt: the rest of the file could not be read"


def _lines(path: Path, magic: bytes) -> Iterator[bytes | str]:
    """Each line without its line break, or the reason (a str) a stretch of the file cannot be read."""
    try:
        for stream in _streams(path, magic):
            while raw := stream.readline(MAX_LINE_BYTES):
                if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):
                        raw = stream.readline(MAX_LINE_BYTES)
                    yield _TOO_LONG
                    continue
                yield raw.rstrip(b"\r\n")
    except (EOFError, OSError, zlib.error, zipfile.BadZipFile):
        yield _CORRUPT


def _insert(store: Store, rows: list[tuple], source: str) -> int:
    """Insert a batch in one transaction; return the rows that were new."""
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        before = con.execute("SELECT count(*) FROM gdelt_events").fetchone()[0]
        con.execute(INSERT_SQL, [list(col) for col in zip(*rows)] + [source])
        after = con.execute("SELECT count(*) FROM gdelt_events").fetchone()[0]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return after - before


def _magic(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(f"{path}: no such file; give a GDELT 2.0 events export (*.export.CSV, .zip or .gz)")
    try:
        with path.open("rb") as fh:
            return fh.read(4)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def import_gdelt(store: Store, path: str | Path) -> ImportSummary:
    """Load a GDELT 2.0 events export into `gdelt_events`; return what was read, loaded and skipped.
    InputError when the file is missing or has no well-formed GDELT row at all."""
    path = Path(path)
    magic = _magic(path)
    summary, batch, valid = ImportSummary(), [], 0
    for raw in _lines(path, magic):
        if raw == b"":
            continue
        summary.read += 1
        try:
            if isinstance(raw, str):
                raise _Bad(raw)
            batch.append(parse_line(raw))
        except _Bad as bad:
            summary.skip(str(bad))
            continue
        valid += 1
        if len(batch) >= BATCH_ROWS:
            summary.loaded += _insert(store, batch, path.name)
            batch = []
    if batch:
        summary.loaded += _insert(store, batch, path.name)
    if not valid:
        reasons = ", ".join(f"{r} ({n})" for r, n in Counter(summary.skipped_reasons).most_common(3))
        raise InputError(f"{path} is not a GDELT 2.0 events export: none of its {summary.read} lines is a "
                         f"row of {N_COLUMNS} tab-separated columns{': ' + reasons if reasons else ''}")
    return summary


# ---------------------------------------------------------------- GDELT's series for a dyad
DYAD_SQL = """
SELECT day, quad_class, count(*), sum(coalesce(num_mentions, 0)), sum(coalesce(goldstein, 0))
FROM gdelt_events
WHERE actor1_country = ? AND actor2_country = ? AND day BETWEEN ? AND ?
GROUP BY day, quad_class
"""


def _has_table(store: Store) -> bool:
    return bool(store.con.execute("SELECT count(*) FROM information_schema.tables "
                                  "WHERE table_name = 'gdelt_events'").fetchone()[0])


def gdelt_dyad_series(store: Store, a: str, b: str, since: date | None = None, until: date | None = None,
                      by: str = "week") -> list[dict]:
    """GDELT's events of the directed dyad a→b (Actor1CountryCode a, Actor2CountryCode b), one row
    per period from `since` to `until` (default: the span of gdelt_events), zero rows included, with
    the keys of `analyse.dyads.series`: events (rows), mentions (NumMentions), quad counts and index
    (the sum of GoldsteinScale; GDELT says nothing of modality, so nothing is weighted)."""
    if by not in PERIODS:
        raise InputError(f"--by {by!r} is not one of {', '.join(PERIODS)}")
    dyad = make_dyad(a, b)
    if not _has_table(store):
        raise InputError(f"{store.path} has no GDELT events; load a file with "
                         f"`flashpoint import-gdelt FILE --db {store.path}`")
    first, last = store.con.execute("SELECT min(day), max(day) FROM gdelt_events").fetchone()
    since, until = since or first, until or last
    if since is None or until is None:
        return []
    if since > until:
        raise InputError(f"--since {since} is after --until {until}")
    rows: list[dict] = []
    index: dict[date, int] = {}
    cur = period_start(since, by)
    while cur <= until:
        index[cur] = len(rows)
        rows.append({"period": cur, "events": 0, "mentions": 0, "quad": {1: 0, 2: 0, 3: 0, 4: 0}, "index": 0.0})
        cur = next_period(cur, by)
    for day, quad, n, mentions, goldstein in store.con.execute(DYAD_SQL, [dyad.a, dyad.b, since, until]).fetchall():
        row = rows[index[period_start(day, by)]]
        row["events"] += n
        row["mentions"] += int(mentions)
        if quad in row["quad"]:
            row["quad"][quad] += n
        row["index"] += goldstein
    for row in rows:
        row["index"] = round(row["index"], 2)
    return rows
