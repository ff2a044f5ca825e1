"""Bytes to text: encoding detection, binary refusal, size caps, and the plain-text reader.

Every reader that holds raw bytes decodes them here, so the encoding policy lives in one place:
a byte-order mark wins; then UTF-8; then the charset the document declares (HTML meta, XML
declaration, HTTP header); finally each line is read as UTF-8 or else cp1252, which also repairs
files that mix the two, and the result is kept only if it still looks like text.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from flashpoint.errors import InputError
from flashpoint.model import Article, Skipped

if TYPE_CHECKING:
    from flashpoint.ingest import ReadOptions

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = (
    re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]{1,40})[\"']", re.I),
    re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I),
)
# Control characters other than ordinary whitespace, C1 controls and the replacement character.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_MAX_NOT_TEXT = 0.02
_SNIFF = 8192


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of `data` names, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def wide_codec(head: bytes) -> str | None:
    """UTF-16/32 recognised by a byte-order mark, or without one by where the zero bytes fall."""
    codec = bom_codec(head)
    if codec != "utf-8-sig" and codec is not None:
        return codec
    sample = head[:512]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    for width, codecs_ in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        sample = sample[: len(sample) // width * width]
        columns = [sample[i::width] for i in range(width)]
        zeros = [col.count(0) / len(col) for col in columns]
        if all(z > 0.9 for z in zeros[1:]) and zeros[0] < 0.5:
            return codecs_[0]
        if all(z > 0.9 for z in zeros[:-1]) and zeros[-1] < 0.5:
            return codecs_[1]
    return None


def is_binary(head: bytes) -> bool:
    """True for bytes that no text format produces: NULs, unless the text is UTF-16/32."""
    return b"\x00" in head[:_SNIFF] and wide_codec(head) is None


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML meta tag or XML declaration names, when Python knows the codec."""
    for pattern in _DECLARED:
        m = pattern.search(head[:_SNIFF])
        if m:
            return valid_codec(m[1].decode("ascii"))
    return None


def valid_codec(name: str | None) -> str | None:
    """`name` when it is a text codec Python can decode with, else None."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def looks_like_text(text: str) -> bool:
    """True when few characters are control codes or replacement characters."""
    if not text:
        return True
    return len(_NOT_TEXT.findall(text)) <= _MAX_NOT_TEXT * len(text)


def decode_line(line: bytes) -> str:
    """One line as UTF-8, or as cp1252 when it is not valid UTF-8 (never raises)."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a whole document by the policy in the module docstring; InputError if it is not text."""
    bom = bom_codec(data) or wide_codec(data)
    if bom:
        try:
            return data.decode(bom)
        except UnicodeDecodeError as e:
            raise InputError(f"invalid {bom} text at byte {e.start}; re-save the file as UTF-8") from e
    if is_binary(data):
        raise InputError("binary file (contains NUL bytes); expected text, HTML, a feed, records or a WARC")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = valid_codec(declared) or declared_charset(data)
    if codec and codec != "utf-8":
        try:
            text = data.decode(codec)
            if looks_like_text(text):
                return text
        except UnicodeDecodeError:
            pass
    text = "".join(decode_line(line) for line in data.splitlines(keepends=True))
    if not looks_like_text(text):
        raise InputError("not text: the bytes are neither UTF-8 nor a declared or cp1252 encoding")
    return text


def clean_text(text: str) -> str:
    """Unify line endings and trim surrounding whitespace (the article text keeps its layout)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def read_capped(stream: IO[bytes], limit: int, what: str = "file") -> bytes:
    """Read at most `limit` bytes; InputError when there is more. Read in chunks: a file object's
    read(n) allocates n bytes up front, so read(limit + 1) with a large --max-bytes failed with
    MemoryError on the smallest file."""
    parts, total = [], 0
    while total <= limit:
        part = stream.read(min(_READ_CHUNK, limit + 1 - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
    if total > limit:
        raise InputError(f"{what} is larger than the {limit:,}-byte limit; raise --max-bytes or split it")
    return b"".join(parts)


_READ_CHUNK = 1 << 22


# Compressed input may expand at most this many times over the compressed bytes read so far, once
# more than GZIP_RATIO_FLOOR bytes have come out. Text and HTML compress 3-15 times; deflate's
# ceiling is about 1,030, which only runs of repeated bytes reach (a gzip bomb).
MAX_GZIP_RATIO = 200
GZIP_RATIO_FLOOR = 16 << 20


def inflation_error(expanded: int, compressed: int) -> str | None:
    """Why decompression should stop, when `expanded` bytes out of `compressed` bytes in is a bomb."""
    if expanded > GZIP_RATIO_FLOOR and expanded > MAX_GZIP_RATIO * max(compressed, 1):
        return (f"gzip data expands over {MAX_GZIP_RATIO} times ({compressed:,} bytes gave more than "
                f"{expanded:,}): refused as a possible gzip bomb; decompress it first if it is genuine")
    return None


def iter_text_lines(stream: IO[bytes], max_line: int) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line, decoded line by line; text None for an over-long line."""
    head = stream.read(512)
    codec = wide_codec(head)
    if codec:  # UTF-16/32 cannot be split on b"\n": decode as it streams, then split.
        yield from _wide_lines(head, stream, codec, max_line)
        return
    first = (head + stream.readline(max_line + 1)).removeprefix(codecs.BOM_UTF8)
    pending = [part + b"\n" for part in first.split(b"\n")]
    pending[-1] = pending[-1][:-1]
    pending = [part for part in pending if part]
    n = 0
    while True:
        line = pending.pop(0) if pending else stream.readline(max_line + 1)
        if not line:
            return
        n += 1
        if len(line) > max_line and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield n, None
            continue
        yield n, decode_line(line)


def _wide_lines(head: bytes, stream: IO[bytes], codec: str, max_line: int) -> Iterator[tuple[int, str | None]]:
    """`iter_text_lines` for UTF-16/32: decoded chunk by chunk and split on "\n" only (as the byte path
    is), holding at most `max_line` bytes' worth of one line; an over-long line gives None."""
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    max_chars = max_line // (4 if "32" in codec else 2)
    n = 0
    parts: list[str] = []   # the current line so far
    held = 0                # its length in characters
    overlong = False
    chunk = head
    while True:
        final = not chunk
        text = decoder.decode(chunk, final=final)
        pos = 0
        while (end := text.find("\n", pos)) >= 0:
            piece = text[pos:end + 1]
            pos = end + 1
            n += 1
            yield n, None if overlong or held + len(piece) > max_chars else "".join(parts) + piece
            parts, held, overlong = [], 0, False
        if not overlong and pos < len(text):
            parts.append(text[pos:])
            held += len(text) - pos
            if held > max_chars:
                parts, held, overlong = [], 0, True
        if final:
            if parts or overlong:
                yield n + 1, None if overlong else "".join(parts)
            return
        chunk = stream.read(1 << 16)


def host_of(url: str | None) -> str | None:
    """The host name of a URL without a leading 'www.', or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def make_article(text: str, origin: str, options: "ReadOptions", *, keep_text: bool = False,
                 **fields) -> Article:
    """Article.create after the checks every reader shares: some text, and not over max_bytes.
    `keep_text`: the corpus gave the text as a field, and offsets into it must stay valid, so it is
    stored exactly as given (not trimmed, line endings kept)."""
    if not keep_text:
        text = clean_text(text)
    if not text.strip():
        raise InputError("no text in the document")
    text = valid_unicode(text)
    size = len(text.encode("utf-8"))
    if size > options.max_bytes:
        raise InputError(
            f"document text is {size:,} bytes, over the {options.max_bytes:,}-byte limit; raise --max-bytes"
        )
    fields = {key: valid_unicode(value) for key, value in fields.items()}
    fields.setdefault("source", host_of(fields.get("url")))
    return Article.create(text, origin=origin, **fields)


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(value):
    """A string with lone surrogates (JSON's "\\ud83d" without its pair: no UTF-8 for them, so the
    article could be neither hashed nor stored) replaced by U+FFFD, one for one so offsets hold."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return _SURROGATE.sub("\ufffd", value)
    return value


def guess_title(text: str) -> str | None:
    """The first line when it is obviously a headline: short, unpunctuated, then a blank line."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.startswith("\n") and not rest.startswith("\r\n"):
        return None
    if not first or len(first) > 120 or first[-1] in ".,;:" or not rest.strip():
        return None
    return first


def read_text(data: bytes, origin: str, options: "ReadOptions", declared: str | None = None,
              url: str | None = None) -> Iterator[Article | Skipped]:
    """One plain-text document: the whole file is the article text."""
    text = clean_text(decode_bytes(data, declared))
    if not text:
        raise InputError("empty document: no text")
    yield make_article(text, origin, options, title=guess_title(text), url=url)
