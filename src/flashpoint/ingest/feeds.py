"""RSS, Atom, RDF and JSON Feed: one Article per item, optionally from the page each item links to.

XML feeds are parsed by feedparser, which does not fetch external entities; a feed that declares
entities at all is refused before parsing (an entity bomb costs memory even with expat's guards).
With `follow_links` each item's http(s) link is fetched and its main text extracted; on failure
the item's own summary is used instead.
"""
from __future__ import annotations

import codecs
import io
import re
import warnings
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from flashpoint.errors import InputError
from flashpoint.ingest.fetch import fetch
from flashpoint.ingest.html import extract_page, html_to_text, page_article
from flashpoint.ingest.text import decode_bytes, host_of, make_article, wide_codec
from flashpoint.model import Article, Skipped

if TYPE_CHECKING:
    from flashpoint.ingest import ReadOptions

ENTITY_REFUSED = "XML entity declarations are refused (possible entity bomb)"
_ENTITY_MARKS = tuple("<!ENTITY".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))


def has_entity_declarations(data: bytes, headers: dict | None = None) -> bool:
    """True when the bytes declare XML entities: in ASCII or UTF-16 as stored, or in the UTF-8 that
    feedparser makes of the document before parsing it (UTF-32, EBCDIC, a declared encoding...)."""
    if any(mark in data for mark in _ENTITY_MARKS):
        return True
    return b"<!ENTITY" in _as_utf8(data, headers or {})


# feedparser runs regexes with super-linear backtracking over parts of a feed: one over the first line
# when it starts "<?" (`^<\?.*encoding=['"](.*?)['"].*\?>`: cubic, 26 KB took 38 s) and two over
# everything before the first element, anchored at each line start (`^\s*<!DOCTYPE([^>]*?)>`, re.M:
# quadratic, 120 KB of blank lines took 20 s). So the XML declaration is put on a line of its own
# and that prolog is capped; real feeds declare in a few dozen bytes and start within a few KB.
MAX_DECLARATION = 1024
MAX_PROLOG = 16 * 1024
_FIRST_ELEMENT = re.compile(rb"<\w")
_EBCDIC_DECLARATION = b"\x4c\x6f\xa7\x94"


def _unit_codec(data: bytes) -> tuple[str, int]:
    """How to encode markup to search the raw bytes (a codec without a BOM), and the BOM's length."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF8, "latin-1"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return codec, len(bom)
    if data.startswith(_EBCDIC_DECLARATION):
        return "cp037", 0
    wide = wide_codec(data[:512])
    return (wide if wide and wide.endswith(("-le", "-be")) else "latin-1"), 0


def _declaration_alone(data: bytes) -> bytes:
    """`data` with a newline after its XML declaration (or other leading "<?...?>"), so that
    feedparser's declaration regex sees a short first line; InputError when it is not closed soon."""
    codec, start = _unit_codec(data)
    if not data.startswith("<?".encode(codec), start):
        return data
    close = data.find("?>".encode(codec), start, start + MAX_DECLARATION * len("?".encode(codec)))
    if close < 0:
        raise InputError(f"not a readable feed: its XML declaration is not closed within {MAX_DECLARATION:,} "
                         "characters")
    at = close + len("?>".encode(codec))
    if data.startswith(("\n".encode(codec), "\r".encode(codec)), at):
        return data
    return data[:at] + "\n".encode(codec) + data[at:]


def _as_utf8(data: bytes, headers: dict) -> bytes:
    """The document as feedparser converts it before parsing (its encoding rules, to UTF-8)."""
    from feedparser.encodings import convert_to_utf8

    try:
        return convert_to_utf8(dict(headers), data, {})
    except (UnicodeError, LookupError, ValueError) as e:  # e.g. undecodable bytes in the XML declaration
        raise InputError(f"not a readable feed: its encoding cannot be read ({type(e).__name__}: {e})") from e


def read_feed(data: bytes, origin: str, options: "ReadOptions", base_url: str | None = None,
              content_type: str | None = None) -> Iterator[Article | Skipped]:
    """An RSS/Atom/RDF document: each item becomes an Article (or a Skipped naming the item)."""
    import feedparser  # imported here: only feed reading needs it

    headers = {"content-location": base_url} if base_url else {}
    if content_type:
        headers["content-type"] = content_type
    if any(mark in data for mark in _ENTITY_MARKS):
        raise InputError(ENTITY_REFUSED)
    data = _declaration_alone(data)
    converted = _as_utf8(data, headers)
    if b"<!ENTITY" in converted:
        raise InputError(ENTITY_REFUSED)
    first = _FIRST_ELEMENT.search(converted, 0, MAX_PROLOG + 1)
    if first is None and len(converted) > MAX_PROLOG:
        raise InputError(f"not a readable feed: no element in its first {MAX_PROLOG:,} bytes")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
        except Exception as e:  # noqa: BLE001 - feedparser is not hardened against hostile input
            raise InputError(f"not a readable feed: the feed parser failed on it ({type(e).__name__}: "
                             f"{' '.join(str(e).split())[:200]})") from e
    if not parsed.entries:
        if parsed.get("bozo"):
            raise InputError(f"not a readable feed: {_describe(parsed.get('bozo_exception'))}")
        raise InputError("no feed items found (not an RSS/Atom feed, or an empty one)")
    feed_title = _plain(parsed.feed.get("title"))
    for i, entry in enumerate(parsed.entries, 1):
        yield _guarded_item(f"{origin}#{i}", lambda where=f"{origin}#{i}", entry=entry: _item(
            where,
            text=_entry_text(entry),
            title=_plain(entry.get("title")),
            link=entry.get("link"),
            published=_entry_date(entry),
            outlet=feed_title,
            options=options,
        ))


def _guarded_item(where: str, make) -> Article | Skipped:
    """One item; a failure while building it costs that item, not the rest of the feed."""
    try:
        return make()
    except InputError as e:
        return Skipped(where, str(e))
    except Exception as e:  # noqa: BLE001 - reported like the per-input guard's, so the fuzzer sees it
        return Skipped(where, f"unexpected error: {type(e).__name__}: {e}")


def is_json_feed(doc: Any) -> bool:
    """True for a parsed JSON Feed (jsonfeed.org) document."""
    return (
        isinstance(doc, dict)
        and "jsonfeed.org" in str(doc.get("version", ""))
        and isinstance(doc.get("items"), list)
    )


def read_json_feed(doc: dict, origin: str, options: "ReadOptions") -> Iterator[Article | Skipped]:
    """A JSON Feed: each item becomes an Article (or a Skipped naming the item)."""
    if not doc["items"]:
        raise InputError("no feed items found (an empty JSON Feed)")
    outlet = _plain(doc.get("title")) if isinstance(doc.get("title"), str) else None
    for i, item in enumerate(doc["items"], 1):
        if not isinstance(item, dict):
            yield Skipped(f"{origin}#{i}", "feed item is not a JSON object")
            continue
        yield _guarded_item(f"{origin}#{i}", lambda where=f"{origin}#{i}", item=item: _item(
            where,
            text=(_string(item.get("content_text")) or html_to_text(_string(item.get("content_html")))
                  or html_to_text(_string(item.get("summary")))),
            title=_plain(_string(item.get("title"))),
            link=_string(item.get("url")) or _string(item.get("external_url")),
            published=_string(item.get("date_published")) or _string(item.get("date_modified")),
            outlet=outlet,
            options=options,
        ))


def _item(origin: str, *, text: str, title: str | None, link: str | None, published: Any,
          outlet: str | None, options: "ReadOptions") -> Article | Skipped:
    """One feed item as an Article: the linked page's text when following links, else its own."""
    link = link if isinstance(link, str) and link.strip() else None
    fields = {"title": title, "url": link, "published": published, "source": host_of(link) or outlet}
    followed = ""
    if options.follow_links and link and link.startswith(("http://", "https://")):
        try:
            page, fetched_at = _follow(link, options)
            fields = {k: v for k, v in fields.items() if v is not None}
            return page_article(page, origin, options, fetched_at=fetched_at, **fields)
        except InputError as e:
            followed = f"could not follow {link}: {e}; "
    if not text.strip():
        hint = "" if options.follow_links else "; use --follow-links to fetch the linked page"
        return Skipped(origin, f"{followed}feed item has no text (only a title or link){hint}")
    try:
        return make_article(text, origin, options, **fields)
    except InputError as e:
        return Skipped(origin, f"{followed}{e}")


def _follow(link: str, options: "ReadOptions") -> tuple[Any, str]:
    """Fetch an item's link and extract the page's main text; also say when it was fetched."""
    got = fetch(link, options.timeout, options.max_bytes)
    return extract_page(decode_bytes(got.data, got.charset), url=got.url), got.fetched_at


def _entry_text(entry: Any) -> str:
    """The longest of an entry's content blocks and summary, as plain text."""
    blocks = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if entry.get("summary"):
        blocks.append((entry["summary"], (entry.get("summary_detail") or {}).get("type") or "text/html"))
    texts = [html_to_text(value) if "html" in kind or "<" in value else value.strip() for value, kind in blocks]
    return max(texts, key=len, default="")


def _entry_date(entry: Any) -> Any:
    """An entry's publication (else update) date: the parsed form when feedparser managed, else the string."""
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            try:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except (ValueError, AttributeError):
                pass
        if entry.get(key):
            return entry[key]
    return None


def _plain(value: Any) -> str | None:
    """A title as plain text (feed titles may carry markup), or None when empty."""
    if not isinstance(value, str):
        return None
    text = " ".join(html_to_text(value).split()) if "<" in value or "&" in value else " ".join(value.split())
    return text or None


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _describe(exc: Any) -> str:
    if exc is None:
        return "unknown parse error"
    return f"{type(exc).__name__}: {exc}"
