"""WARC and ARC archives (plain or gzipped): one Article per archived HTML page.

Read with warcio: `response` records with status 200 and an HTML content type, `resource` records
holding HTML and WET `conversion` records (already plain text). Requests, revisits, metadata and
everything else are passed over. A corrupt or truncated archive yields what was readable, then one
Skipped naming the byte offset where reading stopped. A whole-file-gzipped archive (not gzipped
record by record, which warcio refuses) is read again through a plain gzip stream; the offsets in
its origins then count uncompressed bytes.
"""
from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

from flashpoint.errors import InputError
from flashpoint.ingest.html import extract_page, page_article
from flashpoint.ingest.text import decode_bytes, inflation_error, make_article, valid_codec
from flashpoint.model import Article, Skipped

if TYPE_CHECKING:
    from flashpoint.ingest import ReadOptions

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NON_CHUNKED = "non-chunked gzip"


def read_warc(open_raw: Callable[[], IO[bytes]], origin: str,
              options: "ReadOptions") -> Iterator[Article | Skipped]:
    """Every HTML page in a WARC/ARC file; `open_raw` opens the file's bytes as stored."""
    state = {"seen": 0, "yielded": 0, "stopped": None}
    with open_raw() as stream:
        yield from _records(stream, origin, options, state, skip=0)
    if state["stopped"] and _NON_CHUNKED in state["stopped"].reason:
        skip, state["stopped"] = state["seen"], None
        with open_raw() as raw:
            guarded = _Inflation(raw)
            with gzip.GzipFile(fileobj=guarded, mode="rb") as stream:
                yield from _records(stream, origin, options, state, skip=skip, raw=guarded)
    if state["stopped"]:
        yield state["stopped"]
    elif not state["yielded"]:
        yield Skipped(origin, f"no HTML pages in the archive ({state['seen']} records read)")


class _Bomb(Exception):
    """The archive decompresses out of all proportion (text.inflation_error)."""


class _Inflation:
    """The archive's bytes as stored, read through a check that the decompressed data warcio has
    taken from them (`expanded`) stays in proportion: a record that inflates to gigabytes would
    otherwise be decompressed in full just to be passed over."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0
        self.expanded: Callable[[], int] = lambda: 0

    def read(self, size: int = -1) -> bytes:
        error = inflation_error(self.expanded(), self.count)
        if error:
            raise _Bomb(error)
        data = self.raw.read(size)
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.raw.tell()


def _records(stream: IO[bytes], origin: str, options: "ReadOptions", state: dict,
             skip: int, raw: "_Inflation | None" = None) -> Iterator[Article | Skipped]:
    """Iterate records, turning a read failure into state['stopped'] rather than an exception.
    `raw` is the guarded stored stream under `stream` (when `stream` is a gzip view of it)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    guard = raw
    if guard is None:
        stream = guard = _Inflation(stream)
    iterator = ArchiveIterator(stream, arc2warc=True)
    guard.expanded = lambda: getattr(iterator.reader, "num_read", 0) if iterator.reader else 0
    index = 0
    try:
        for record in iterator:
            index += 1
            if index <= skip:
                continue
            state["seen"] = index
            where = f"{origin}@{iterator.offset}"
            for item in _guarded(where, lambda: _record(record, where, options)):
                state["yielded"] += 1
                yield item
    except _Bomb as e:
        offset = getattr(iterator, "offset", 0)
        state["stopped"] = Skipped(f"{origin}@{offset}", f"{e}; reading stopped at byte {offset}")
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, LookupError, ArithmeticError,
            TypeError, AttributeError) as e:  # warcio fails on malformed records with any of these
        offset = getattr(iterator, "offset", 0)
        message = " ".join(str(e).split())[:300] or type(e).__name__
        state["stopped"] = Skipped(
            f"{origin}@{offset}",
            f"archive is corrupt or truncated at byte {offset} ({message}); earlier records were read",
        )


def _guarded(where: str, produce: Callable[[], list[Article | Skipped]]) -> list[Article | Skipped]:
    """Run one record's reader; a failure inside a record costs that record, not the archive."""
    try:
        return produce()
    except InputError as e:
        return [Skipped(where, str(e))]
    except (ArithmeticError, LookupError, ValueError, TypeError, AttributeError, RecursionError) as e:
        return [Skipped(where, f"unexpected error: {type(e).__name__}: {e}")]


def _record(record: Any, where: str, options: "ReadOptions") -> list[Article | Skipped]:
    """One record as an Article (nothing for a record that is not a page); a truncated record
    gives what text it holds, then a Skipped saying it is incomplete."""
    kind = _page_kind(record)
    if kind is None:
        return []
    body = record.content_stream().read(options.max_bytes + 1)
    if len(body) > options.max_bytes:
        raise InputError(f"archived page is over the {options.max_bytes:,}-byte limit; raise --max-bytes")
    missing = getattr(record.raw_stream, "limit", 0)
    if not missing:
        return [_page(record, kind, body, where, options)]
    truncated = f"record truncated: {missing:,} bytes of it are missing from the archive"
    try:
        article = _page(record, kind, body, where, options)
    except InputError as e:
        return [Skipped(where, f"{truncated}; {e}")]
    return [article, Skipped(where, f"{truncated}; the text read from it may be incomplete")]


def _page(record: Any, kind: str, body: bytes, where: str, options: "ReadOptions") -> Article:
    url = record.rec_headers.get_header("WARC-Target-URI")
    warc_date = record.rec_headers.get_header("WARC-Date") or record.rec_headers.get_header("ARC-Date")
    if kind == "text":
        return make_article(decode_bytes(body), where, options, url=url, published=warc_date)
    page = extract_page(decode_bytes(body, _charset(record)), url=url)
    return page_article(page, where, options, url=url or page.url, published=page.published or warc_date)


def _page_kind(record: Any) -> str | None:
    """'html' for an archived HTML page, 'text' for a WET text conversion, None for anything else."""
    if record.rec_type == "conversion":
        return "text" if _content_type(record.rec_headers).startswith("text/plain") else None
    if record.rec_type == "resource":
        return "html" if _content_type(record.rec_headers).startswith(_HTML_TYPES) else None
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    return "html" if _content_type(record.http_headers).startswith(_HTML_TYPES) else None


def _content_type(headers: Any) -> str:
    return (headers.get_header("Content-Type") or "").strip().lower()


def _charset(record: Any) -> str | None:
    headers = record.http_headers or record.rec_headers
    content_type = headers.get_header("Content-Type") or ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return valid_codec(value.strip().strip("\"'"))
    return None
