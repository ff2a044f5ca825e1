"""Heavy cases: the giant inputs (100,000-level nesting, 50 MB lines, entity bombs, XXE, gzip bombs
that expand to gigabytes, huge CSV fields), each run alone in a fresh interpreter so that its peak
memory can be measured (`resource` ru_maxrss growth over the process's state just before reading).

Every case is also checked by the ordinary reader properties (fuzz/checks.py), plus what the case
itself promises: the records after a bad one are still read (`min_articles`).
"""
from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fuzz import corpus
from fuzz.corpus import SENTENCE

MB = 1 << 20


@dataclass
class Heavy:
    name: str
    build: Callable[[Path], list[Path]]    # writes the input file(s) into a folder, returns them
    max_bytes: int = 5_000_000             # ReadOptions.max_bytes (the CLI default)
    min_articles: int = 0                  # articles the input must still give (the good records in it)
    quick: bool = False                    # also run by --quick
    columns: dict = field(default_factory=dict)
    extract: bool = False                  # an extraction case (the text is in the built file)
    refused: str = ""                      # each input must be skipped whole, with this in the reason


def _write(folder: Path, name: str, parts) -> list[Path]:
    """Write an iterable of byte strings to folder/name (never holding the whole file in memory)."""
    path = folder / name
    with open(path, "wb") as f:
        for part in parts:
            f.write(part)
    return [path]


def _repeat(chunk: bytes, total: int):
    for _ in range(total // len(chunk)):
        yield chunk
    if total % len(chunk):
        yield chunk[: total % len(chunk)]


def gzip_bomb(prefix: bytes, fill: bytes, gigabytes: float, suffix: bytes = b"") -> bytes:
    """A valid gzip member of a few MB expanding to `prefix`, `gigabytes` GB of `fill`, `suffix`.
    Built in a second: each 1 MB of fill is compressed once and its (identical, full-flushed) deflate
    block repeated; the CRC is computed over the real expansion."""
    chunk = (fill * (MB // len(fill) + 1))[:MB]
    n = int(gigabytes * 1024)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(prefix + chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    assert comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH) == block
    last = comp.compress(suffix) + comp.flush()
    crc = zlib.crc32(prefix)
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    size = (len(prefix) + n * MB + len(suffix)) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + first + block * (n - 1) + last + crc.to_bytes(4, "little") + size.to_bytes(4, "little")


def _html(folder, name, **kw):
    return _write(folder, name, [corpus.html_page(SENTENCE * 3, **kw)])


def _feed(folder, name, **kw):
    return _write(folder, name, [corpus.rss_feed([SENTENCE, SENTENCE + "Second item."], **kw)])


def _jsonl_after(folder, name, bad_line: bytes | list, encoding="utf-8"):
    """A bad first line, then two good records."""
    good = "".join(json.dumps({"id": i, "text": f"{SENTENCE} Record {i}."}) + "\n" for i in (1, 2))
    parts = bad_line if isinstance(bad_line, list) else [bad_line]
    if encoding == "utf-8":
        return _write(folder, name, [*parts, b"\n", good.encode()])
    return _write(folder, name, [(b"".join(parts).decode("ascii") + "\n" + good).encode(encoding)])


def _csv_after(folder, name, bad_row: list[bytes], header=b"id,text\n"):
    good = b"".join(f'{i},"{SENTENCE} Row {i}."\n'.encode() for i in (1, 2))
    return _write(folder, name, [header, *bad_row, good])


def _gz(folder, name, prefix, fill, gb=4.0, suffix=b""):
    return _write(folder, name, [gzip_bomb(prefix, fill, gb, suffix)])


def _warc_bomb(folder, name, whole_file: bool):
    """A gzipped WARC whose one response record claims and expands to 4 GB of HTML, then a good record."""
    n = 4 * 1024 * MB
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % n
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
            b"WARC-Target-URI: https://news.example.org/bomb\r\nWARC-Date: 2024-03-05T08:30:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % (len(http) + n))
    good = corpus.warc_record(corpus.html_page(SENTENCE * 3), uri="https://news.example.org/good", record_id=2)
    if whole_file:
        return _write(folder, name, [gzip_bomb(head + http + b"<html><body><p>", b" ", 4.0,
                                               b"</p></body></html>\r\n\r\n" + good)])
    bomb = gzip_bomb(head + http + b"<html><body><p>", b" ", 4.0, b"\r\n\r\n")
    return _write(folder, name, [bomb, gzip.compress(good, mtime=0)])


def _xxe(folder, kind: str, encoding: str):
    target = "/etc/passwd" if kind.endswith("passwd") else corpus.canary_path()
    entity = "param" if kind.startswith("param") else "xxe"
    html = corpus.html_page(SENTENCE * 3, entity=entity, target=target)
    files = [
        *_write(folder, f"xxe-{encoding}.xml", [corpus.rss_feed([SENTENCE], entity=entity, target=target,
                                                                encoding=encoding)]),
        *_write(folder, f"xxe-{encoding}.atom", [corpus.atom_feed([SENTENCE], entity=entity, target=target,
                                                                  encoding=encoding)]),
        *_write(folder, f"xxe-{encoding}.html", [corpus.html_page(SENTENCE * 3, entity=entity, target=target,
                                                                  charset=encoding.replace("-sig", ""),
                                                                  encoding=encoding)]),
        *_write(folder, f"xxe-{encoding}.warc", [corpus.warc_record(html)]),
    ]
    return files


def _text_file(folder, name, text: str):
    return _write(folder, name, [text.encode("utf-8")])


CASES: list[Heavy] = [
    # deep nesting
    Heavy("html: nested 100,000 levels", lambda d: _html(d, "deep.html", depth=100_000), quick=True),
    Heavy("html: 100,000 unclosed levels", lambda d: _html(d, "deep-open.html", depth=100_000, close=False)),
    Heavy("html: one tag with 300,000 attributes", lambda d: _html(d, "attrs.html", attributes=300_000),
          quick=True),
    Heavy("html: 150,000 sibling elements", lambda d: _write(d, "wide.html", [
        b"<html><body><article>" + b"".join(b"<div><span>%d</span></div>" % i for i in range(150_000))
        + b"</article></body></html>"])),
    Heavy("feed: nested 100,000 levels", lambda d: _feed(d, "deep.xml", depth=100_000), min_articles=2),
    Heavy("json: nested 100,000 levels", lambda d: _write(d, "deep.json", [
        b'{"text": "x", "y": ' + corpus.deep_json(100_000).encode() + b"}"])),
    Heavy("jsonl: nested 100,000 levels, then good lines", lambda d: _jsonl_after(
        d, "deep.jsonl", b'{"text": "x", "y": ' + corpus.deep_json(100_000, "{").encode() + b"}"),
          min_articles=2, quick=True),
    # enormous lines and fields
    Heavy("text: 50 MB without a newline", lambda d: _write(d, "line.txt", _repeat(b"word ", 50 * MB))),
    Heavy("jsonl: 50 MB line, then good lines", lambda d: _jsonl_after(
        d, "line.jsonl", [b'{"text": "', *_repeat(b"word ", 50 * MB), b'"}']), min_articles=2, quick=True),
    Heavy("jsonl: 50 MB line in UTF-16, then good lines", lambda d: _jsonl_after(
        d, "line16.jsonl", [b'{"text": "', b"word " * (25 * MB // 5), b'"}'], encoding="utf-16"), min_articles=2),
    Heavy("jsonl: 300 MB with no newline at all", lambda d: _write(d, "noline.jsonl", _repeat(b"x", 300 * MB))),
    Heavy("csv: 50 MB field with an unbalanced quote, then good rows", lambda d: _csv_after(
        d, "field.csv", [b'0,"', *_repeat(b"word ", 50 * MB), b"\n"]), min_articles=1),
    Heavy("csv: 50 MB quoted field spanning 1M lines, then good rows", lambda d: _csv_after(
        d, "lines.csv", [b'0,"', *_repeat(b"word word word word word word word word word wo\n", 50 * MB),
                         b'"\n']), min_articles=2),
    Heavy("csv: header of 9,000,000 columns", lambda d: _write(d, "wide.csv", [b"id,text" + b"," * 9_000_000
                                                                             + b"\n1,ok\n"])),
    # entity bombs and XXE
    Heavy("feed: billion laughs (UTF-8, UTF-16, UTF-32)", lambda d: [
        *_feed(d, "laughs8.xml", entity="laughs"), *_feed(d, "laughs16.xml", entity="laughs", encoding="utf-16"),
        *_feed(d, "laughs32.xml", entity="laughs", encoding="utf-32"),
        *_feed(d, "laughs-ebcdic.xml", entity="laughs", encoding="cp037")], quick=True, refused="entity"),
    Heavy("feed: quadratic blowup, 50 KB entity used 20,000 times", lambda d: [
        *_feed(d, "quad8.xml", entity="quadratic", uses=20_000),
        *_feed(d, "quad32.xml", entity="quadratic", uses=20_000, encoding="utf-32")], refused="entity"),
    Heavy("html: billion laughs", lambda d: _html(d, "laughs.html", entity="laughs")),
    Heavy("XXE to /etc/passwd (feeds, Atom, HTML, WARC; UTF-8/16/32)", lambda d: [
        *_xxe(d, "passwd", "utf-8"), *_xxe(d, "passwd", "utf-16"), *_xxe(d, "passwd", "utf-32")], quick=True),
    Heavy("XXE parameter entity to a local canary file", lambda d: [
        *_xxe(d, "param-canary", "utf-8"), *_xxe(d, "param-canary", "utf-16")]),
    # compression bombs
    Heavy("text.gz: 4 GB of text from 4 MB", lambda d: _gz(d, "bomb.txt.gz", b"", b"word "), quick=True,
          max_bytes=5_000_000_000),
    Heavy("jsonl.gz: one 4 GB line", lambda d: _gz(d, "line.jsonl.gz", b'{"text": "', b"word ")),
    Heavy("jsonl.gz: 4 GB of valid records", lambda d: _gz(
        d, "records.jsonl.gz", b"", json.dumps({"text": SENTENCE}).encode() + b"\n"), quick=True),
    Heavy("csv.gz: one 4 GB field", lambda d: _gz(d, "field.csv.gz", b'id,text\n1,"', b"word ")),
    Heavy("html.gz: 4 GB page", lambda d: _gz(d, "page.html.gz", b"<html><body><p>", b"word ")),
    # (reading stops at the bomb, as at any corrupt record: the good record after it is not reached)
    Heavy("warc.gz: one record expanding to 4 GB", lambda d: _warc_bomb(d, "bomb.warc.gz", whole_file=False),
          quick=True),
    Heavy("warc.gz: whole-file gzip expanding to 4 GB", lambda d: _warc_bomb(d, "whole.warc.gz", whole_file=True)),
    Heavy("zip: archive named .txt", lambda d: _write(d, "bomb.txt", [b"PK\x03\x04" + b"\x00" * 1000])),
    # extraction of the longest texts
    Heavy("extract: a 1,000,050-character document", lambda d: _text_file(d, "long.txt", "." * 1_000_050),
          extract=True, quick=True),
]


def by_name(name: str) -> Heavy:
    return next(c for c in CASES if c.name == name)
