"""Finding the inputs and routing each to its reader.

Sources (paths, folders, globs, http(s) URLs) expand in a fixed order: sources as given, folder
contents recursively in name order (hidden names skipped), glob matches sorted. Each document's
format comes from its extension (a `.gz` suffix is looked through), else from the server's
content type, else from its first bytes.
"""
from __future__ import annotations

import glob
import gzip
import io
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from flashpoint.errors import InputError
from flashpoint.ingest import feeds, html, tabular, text, warc
from flashpoint.ingest.fetch import fetch
from flashpoint.model import Article, Skipped

if TYPE_CHECKING:
    from flashpoint.ingest import ReadOptions

Opener = Callable[[], IO[bytes]]

BULK_FACTOR = 20  # whole-file record and feed formats may be this many times max_bytes
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SUFFIXES = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".warc": "warc", ".arc": "warc", ".wet": "warc", ".wat": "warc",
}
_CONTENT_TYPES = (
    ("html", "html"), ("rss", "feed"), ("atom", "feed"), ("rdf", "feed"), ("xml", "feed"),
    ("ndjson", "jsonl"), ("jsonl", "jsonl"), ("json", "json"), ("csv", "csv"),
    ("tab-separated", "tsv"), ("warc", "warc"), ("text/plain", "text"),
)
_PROLOG = re.compile(r"^(\s+|<\?.*?\?>|<!--.*?(-->|$)|<!doctype\s+(?!html)[^>]*>)*", re.S)
_BINARY_MAGIC = ((b"%PDF", "a PDF"), (b"PK\x03\x04", "a zip archive or office document"),
                 (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"))


def expand(sources: Iterable[str | os.PathLike]) -> Iterator[Path | str | Skipped]:
    """Each source as files (Path), URLs (str) or a Skipped saying why it names nothing readable."""
    seen: set[str] = set()
    for source in sources:
        for found in _expand_one(os.fspath(source)):
            key = found if isinstance(found, (str, Skipped)) else os.path.realpath(found)
            if isinstance(found, Skipped) or key not in seen:
                if not isinstance(found, Skipped):
                    seen.add(key)
                yield found


def _expand_one(source: str) -> Iterator[Path | str | Skipped]:
    if _URL.match(source):
        scheme = source.split(":", 1)[0].lower()
        if scheme in ("http", "https"):
            yield source
        else:
            yield Skipped(source, f"unsupported URL scheme '{scheme}'; only http and https are fetched")
    elif os.path.exists(source) or os.path.islink(source):
        yield from _path(Path(source))
    elif glob.has_magic(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            yield Skipped(source, f"no files match the pattern {source}; check the pattern")
        for match in matches:
            yield from _path(Path(match))
    else:
        yield Skipped(source, f"no such file or folder: {source}; check the path")


def _path(path: Path) -> Iterator[Path | Skipped]:
    if path.is_dir():
        yield from walk_folder(path)
    else:
        yield path


def walk_folder(folder: Path) -> Iterator[Path | Skipped]:
    """Files under `folder`, depth first in name order, skipping hidden names and symlinked folders."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield Skipped(str(folder), f"cannot list folder: {e.strerror or e}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() and os.path.isdir(entry.path):
            yield Skipped(entry.path, "a link to a folder is not followed inside a folder walk; "
                                      "give it as a source of its own to read it")
        elif _is_dir(entry):
            yield from walk_folder(Path(entry.path))
        else:
            yield Path(entry.path)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def read_path(path: Path, options: "ReadOptions") -> Iterator[Article | Skipped]:
    """One file, whatever its format."""
    origin = str(path)
    try:
        info = path.stat()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}; check the path and permissions") from e
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a device, pipe or socket); give a file or folder")
    if info.st_size == 0:
        raise InputError("empty file")
    yield from dispatch(path.name, lambda: open(path, "rb"), origin, options)


def read_url(url: str, options: "ReadOptions") -> Iterator[Article | Skipped]:
    """One http(s) URL: fetched, then read by the format its content type or bytes show."""
    got = fetch(url, options.timeout, options.max_bytes * BULK_FACTOR)
    if not got.data:
        raise InputError(f"empty response from {url}")
    name = Path(urlsplit(got.url).path).name
    for item in dispatch(name, lambda: io.BytesIO(got.data), url, options,
                         content_type=got.content_type, charset=got.charset, base_url=got.url):
        if isinstance(item, Article) and item.fetched_at is None:
            item = item.with_(fetched_at=got.fetched_at)
        yield item


def dispatch(name: str, open_raw: Opener, origin: str, options: "ReadOptions",
             content_type: str | None = None, charset: str | None = None,
             base_url: str | None = None) -> Iterator[Article | Skipped]:
    """Pick the reader for one document and run it."""
    lower = name.lower()
    with open_raw() as stream:
        gzipped = stream.read(2) == b"\x1f\x8b"
    if lower.endswith(".gz"):
        lower = lower[:-3]
    fmt = _SUFFIXES.get(os.path.splitext(lower)[1])
    open_data = (lambda: _GunzipReader(fileobj=open_raw())) if gzipped else open_raw
    head = _head(open_data)
    if fmt == "warc" or head.startswith((b"WARC/", b"filedesc://")):
        yield from warc.read_warc(open_raw, origin, options)
        return
    _refuse_binary(head)
    fmt = _refine(fmt, head, content_type)
    if content_type and charset:  # feedparser trusts an HTTP content type only with its charset
        content_type = f"{content_type}; charset={charset}"
    yield from _run(fmt, open_data, origin, options, charset, base_url, content_type if charset else None)


class _Counted:
    """A binary stream that counts the bytes read from it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        return data

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


_GUARD_CHUNK = 1 << 20


class _GunzipReader(gzip.GzipFile):
    """A GzipFile that also closes the stream it decompresses (GzipFile leaves it open), and refuses
    data that expands out of all proportion (text.inflation_error: a gzip bomb) instead of spending
    minutes inflating gigabytes only to skip them."""

    def __init__(self, fileobj: IO[bytes]) -> None:
        self._counted = _Counted(fileobj)
        self._expanded = 0
        super().__init__(fileobj=self._counted, mode="rb")

    def read(self, size: int | None = -1) -> bytes:
        if size is not None and 0 <= size <= _GUARD_CHUNK:
            return self._guard(super().read(size))
        parts, left = [], size if size is not None and size >= 0 else float("inf")
        while left > 0:  # a large read is taken in chunks, so that a bomb is stopped part way
            part = self._guard(super().read(int(min(left, _GUARD_CHUNK))))
            if not part:
                break
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def read1(self, size: int = -1) -> bytes:
        return self._guard(super().read1(size))

    def readline(self, size: int | None = -1) -> bytes:
        return self._guard(super().readline(size))

    def _guard(self, data: bytes) -> bytes:
        self._expanded += len(data)
        error = text.inflation_error(self._expanded, self._counted.count)
        if error:
            raise InputError(error)
        return data

    def close(self) -> None:
        raw = self.fileobj
        try:
            super().close()
        finally:
            if raw is not None:
                raw.close()


def _head(open_data: Opener) -> bytes:
    try:
        with open_data() as stream:
            return stream.read(4096)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(f"corrupt gzip data: {e}") from e


def _refuse_binary(head: bytes) -> None:
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise InputError(f"this is {what}, not text; convert it to text or HTML first")
    if text.is_binary(head):
        raise InputError("binary file (contains NUL bytes); expected text, HTML, a feed, records or a WARC")


def _refine(fmt: str | None, head: bytes, content_type: str | None) -> str:
    """The format by extension, corrected or completed by the content type and the first bytes."""
    sniffed = sniff(head)
    if fmt == "feed" and sniffed == "html":
        return "html"
    if fmt:
        return fmt
    for needle, kind in _CONTENT_TYPES:
        if content_type and needle in content_type:
            return "html" if kind == "feed" and sniffed == "html" else kind
    return sniffed


def sniff(head: bytes) -> str:
    """Guess a format from a document's first bytes: JSON, HTML, a feed, else plain text."""
    codec = text.wide_codec(head) or "utf-8"
    start = head.decode(codec, errors="ignore").lstrip("\ufeff \t\r\n").lower()[:2048]
    if start.startswith("{") or re.match(r"\[\s*[{\]]", start):
        return "json"
    if not start.startswith("<"):
        return "text"
    markup = _PROLOG.sub("", start)
    if markup.startswith("<!doctype html") or re.match(r"<(html|head|body)\b", markup):
        return "html"
    if re.match(r"<(rss|feed|rdf:rdf|channel)\b", markup) or start.startswith("<?xml"):
        return "feed"
    return "html" if re.search(r"<(html|body|p|div)\b", markup) else "text"


def _run(fmt: str, open_data: Opener, origin: str, options: "ReadOptions", charset: str | None,
         base_url: str | None, content_type: str | None) -> Iterator[Article | Skipped]:
    if fmt in ("jsonl", "csv", "tsv"):
        try:
            with open_data() as stream:
                if fmt == "jsonl":
                    yield from tabular.read_jsonl(stream, origin, options)
                else:
                    yield from tabular.read_csv(stream, origin, options, "\t" if fmt == "tsv" else None)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(f"corrupt gzip data after the records above: {e}") from e
        return
    whole = fmt in ("json", "feed")
    limit = options.max_bytes * (BULK_FACTOR if whole else 1)
    with open_data() as stream:
        data = _read_all(stream, limit)
    if not data.strip():
        raise InputError("empty file")
    if fmt == "feed":
        yield from feeds.read_feed(data, origin, options, base_url=base_url, content_type=content_type)
    elif fmt == "json":
        yield from tabular.read_json(text.decode_bytes(data, charset), origin, options)
    elif fmt == "html":
        yield from html.read_html(data, origin, options, declared=charset, url=base_url)
    else:
        yield from text.read_text(data, origin, options, declared=charset, url=base_url)


def _read_all(stream: IO[bytes], limit: int) -> bytes:
    try:
        return text.read_capped(stream, limit)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(f"corrupt gzip data: {e}") from e
