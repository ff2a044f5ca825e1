"""Record corpora: JSON Lines, JSON (one object or a list) and CSV/TSV rows, one Article per record.

A record's fields are `id`, `text`, `published`, `url`, `title` and `source`; `ReadOptions.columns`
maps any of them to the corpus's own column names ({"text": "body"}), and dotted names reach into
nested JSON objects ("meta.date"). A bad record is one Skipped naming its line; the file goes on.
"""
from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import IO, TYPE_CHECKING, Any

from flashpoint.errors import InputError
from flashpoint.ingest.text import iter_text_lines, make_article
from flashpoint.model import Article, Skipped

if TYPE_CHECKING:
    from flashpoint.ingest import ReadOptions

FIELDS = ("id", "text", "published", "url", "title", "source")
_WRAPPERS = ("articles", "items", "records", "documents", "docs", "data", "results", "entries")
_NO_TEXT = "no 'text' field; map the column with --column text=NAME"


def _column(field: str, options: "ReadOptions") -> str:
    return options.columns.get(field, field)


def _lookup(record: dict, column: str) -> Any:
    """A record's value for a column: exact name, then case-insensitive, then a dotted path."""
    if column in record:
        return record[column]
    folded = column.casefold()
    for key, value in record.items():
        if isinstance(key, str) and key.casefold() == folded:
            return value
    if "." in column:
        value: Any = record
        for part in column.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value
    return None


def _scalar(value: Any) -> str | None:
    """A field value as a string, or None when missing, empty or not a scalar."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    value = str(value).strip()
    return value or None


def _published(value: Any) -> Any:
    """Dates as given, except numbers, which are read as Unix timestamps (seconds or milliseconds)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 1e8:
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    return value


def record_article(record: dict, origin: str, options: "ReadOptions") -> Article | Skipped:
    """One record as an Article, or a Skipped saying which field is missing or unusable."""
    text = _lookup(record, _column("text", options))
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        text = "\n\n".join(text)
    if text is None:
        return Skipped(origin, _NO_TEXT.replace("'text'", f"'{_column('text', options)}'"))
    if not isinstance(text, str):
        return Skipped(origin, f"the '{_column('text', options)}' field is a {type(text).__name__}, not text")
    try:
        return make_article(
            text,
            origin,
            options,
            keep_text=True,
            external_id=_scalar(_lookup(record, _column("id", options))),
            title=_scalar(_lookup(record, _column("title", options))),
            url=_scalar(_lookup(record, _column("url", options))),
            published=_published(_lookup(record, _column("published", options))),
            **({"source": s} if (s := _scalar(_lookup(record, _column("source", options)))) else {}),
        )
    except InputError as e:
        return Skipped(origin, str(e))


def read_jsonl(stream: IO[bytes], origin: str, options: "ReadOptions") -> Iterator[Article | Skipped]:
    """JSON Lines: one object per line; blank lines ignored, bad lines skipped with their number."""
    records = 0
    for n, line in iter_text_lines(stream, options.max_bytes * 2):
        where = f"{origin}:{n}"
        if line is None:
            records += 1
            yield Skipped(where, f"line is over the {options.max_bytes * 2:,}-byte limit; raise --max-bytes")
            continue
        if not line.strip():
            continue
        records += 1
        yield _json_line(line, where, options)
    if not records:  # a file of blank lines must still show up in the summary
        raise InputError("no records: the file holds only blank lines")


def _json_line(line: str, where: str, options: "ReadOptions") -> Article | Skipped:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        return Skipped(where, f"malformed JSON: {e.msg} at column {e.colno}")
    except RecursionError:
        return Skipped(where, "malformed JSON: nested too deeply")
    if not isinstance(record, dict):
        return Skipped(where, f"line is a JSON {type(record).__name__}, not an object")
    return record_article(record, where, options)


def read_json(data: str, origin: str, options: "ReadOptions") -> Iterator[Article | Skipped]:
    """A JSON document: one record, a list of records, or an object wrapping such a list."""
    from flashpoint.ingest.feeds import is_json_feed, read_json_feed

    try:
        doc = json.loads(data)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":  # several objects, one per line: JSON Lines named .json
            yield from _json_lines_text(data, origin, options)
            return
        raise InputError(f"malformed JSON at line {e.lineno} column {e.colno}: {e.msg}") from e
    except RecursionError as e:
        raise InputError("malformed JSON: nested too deeply") from e
    if is_json_feed(doc):
        yield from read_json_feed(doc, origin, options)
        return
    records = _records(doc)
    if records is None:
        raise InputError(f"JSON holds a {type(doc).__name__}; expected an object or a list of objects")
    if isinstance(records, dict):
        yield record_article(records, origin, options)
        return
    if not records:
        raise InputError("JSON list is empty: no records")
    for i, record in enumerate(records):
        where = f"{origin}[{i}]"
        if isinstance(record, dict):
            yield record_article(record, where, options)
        else:
            yield Skipped(where, f"list item is a JSON {type(record).__name__}, not an object")


def _records(doc: Any) -> dict | list | None:
    """The record or list of records in a parsed JSON document."""
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        return None
    if _lookup(doc, "text") is None:
        for key in _WRAPPERS:
            if isinstance(doc.get(key), list):
                return doc[key]
    return doc


def _json_lines_text(data: str, origin: str, options: "ReadOptions") -> Iterator[Article | Skipped]:
    for n, line in enumerate(data.splitlines(), 1):
        if line.strip():
            yield _json_line(line, f"{origin}:{n}", options)


def read_csv(stream: IO[bytes], origin: str, options: "ReadOptions",
             delimiter: str | None = None) -> Iterator[Article | Skipped]:
    """CSV or TSV with a header row; each later row is a record, named by its starting line."""
    # The limit is process-wide; it only ever grows, so one reader cannot break another.
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes * 2))
    numbered = iter_text_lines(stream, options.max_bytes * 2)
    first = next(numbered, None)
    if first is None or first[1] is None or not first[1].strip():
        raise InputError("empty CSV: no header row")
    header_line = first[1]
    delimiter = delimiter or _sniff_delimiter(header_line)
    position: dict = {"line": 1, "overlong": []}
    reader = csv.reader(_tracked([first], numbered, position), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as e:
        raise InputError(f"malformed CSV header row: {e}") from e
    except StopIteration:
        raise InputError("empty CSV: no header row") from None
    text_column = _column("text", options)
    if _lookup(dict.fromkeys(header, ""), text_column) is None:
        shown = ", ".join(header[:8]) + (", ..." if len(header) > 8 else "")
        raise InputError(f"no '{text_column}' column (columns: {shown}); map the column with --column text=NAME")
    rows = 0
    for item in _csv_rows(reader, header, origin, options, position):
        rows += 1
        yield item
    if not rows:  # a header alone (or blank rows) must still show up in the summary
        raise InputError("no rows after the header")


_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _tracked(first: list, rest: Iterable, position: dict) -> Iterator[str]:
    """Feed decoded lines to csv, remembering the number of the line being read. A carriage return
    not followed by a newline also ends a line (as csv itself reads a file opened with newline=''):
    the lines arrive split on "\n" only, and csv refuses a bare "\r" inside an unquoted field."""
    extra = 0  # lines ended by a lone "\r" so far: line numbers count them too
    for n, line in itertools.chain(first, rest):
        n += extra
        position["line"] = n
        if line is None:
            position["overlong"].append(n)
            line = ""
        if "\r" not in line:
            yield line
            continue
        parts = [part for part in _LONE_CR.split(line) if part]
        for i, part in enumerate(parts):
            position["line"] = n + i
            yield part
        extra += max(len(parts) - 1, 0)


def _csv_rows(reader: Any, header: list[str], origin: str, options: "ReadOptions",
              position: dict) -> Iterator[Article | Skipped]:
    def overlong() -> Iterator[Skipped]:
        while position["overlong"]:
            n = position["overlong"].pop(0)
            yield Skipped(f"{origin}:{n}", f"line is over the {options.max_bytes * 2:,}-byte limit; raise --max-bytes")

    while True:
        start = position["line"] + 1
        try:
            row = next(reader)
        except StopIteration:
            yield from overlong()  # an over-long last line is reported too
            return
        except csv.Error as e:
            yield Skipped(f"{origin}:{start}", f"malformed CSV row: {e}")
            continue
        yield from overlong()
        if not row or not any(cell.strip() for cell in row):
            continue
        record = dict(zip(header, row))
        text = _lookup(record, _column("text", options))
        if text is None or not str(text).strip():
            yield Skipped(f"{origin}:{start}", f"empty '{_column('text', options)}' cell in this row")
            continue
        yield record_article(record, f"{origin}:{start}", options)


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","
