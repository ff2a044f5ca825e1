"""HTML: main-text extraction from whole pages (trafilatura) and tag stripping for feed fragments.

`extract_page` is shared by the HTML file reader, RSS link following and the WARC reader, so
every page, wherever it came from, is cut down to its article text the same way.
"""
from __future__ import annotations

import re
import warnings
from datetime import date
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from flashpoint.errors import InputError
from flashpoint.ingest.text import decode_bytes, host_of, make_article
from flashpoint.model import Article, Skipped

if TYPE_CHECKING:
    from flashpoint.ingest import ReadOptions

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
_BLANKS = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"[ \t\u00a0]+")
MIN_PAGE_TEXT = 40  # characters: less than a one-sentence brief is navigation, not an article
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


@dataclass
class Page:
    """What trafilatura found in a page."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    sitename: str | None = None


class _TextCollector(HTMLParser):
    """Collects character data, turning block-level tags into line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag == "p" else "\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


# A "<" that does not open a tag closed before the next "<" is text. Python's HTMLParser rescans the
# rest of the input for each such "<" (quadratic: 60 KB of "<a " took 20 s), so they are escaped
# before it sees them. Comments are removed first (a "<" inside one would otherwise be escaped).
_LONE_LT = re.compile(r"<(?![A-Za-z/!?][^<>]*>)")


def _without_comments(fragment: str) -> str:
    """`fragment` with its <!-- comments --> removed (an unclosed one runs to the end), in linear time."""
    parts, i = [], 0
    while (start := fragment.find("<!--", i)) >= 0:
        parts.append(fragment[i:start])
        end = fragment.find("-->", start + 4)
        i = len(fragment) if end < 0 else end + 3
    parts.append(fragment[i:])
    return "".join(parts)


def _collect(fragment: str) -> list[str]:
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return collector.parts


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries), paragraphs kept as blank-line breaks."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    prepared = _LONE_LT.sub("&lt;", _without_comments(fragment))
    try:
        parts = _collect(prepared)
    except AssertionError:  # HTMLParser asserts on a marked section it does not know: "<![p>", "<![ >"
        parts = _collect(prepared.replace("<![", "&lt;!["))
    text = _SPACES.sub(" ", "".join(parts))
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", lines).strip()


# Pages past these limits are refused before trafilatura parses them. Its cost grows with the number
# of elements (about 0.1 ms each, so 50,000 take some 5 s), and libxml2's HTML parser is quadratic in
# the attributes of one tag (300,000 in one tag took minutes). Real news pages have at most a few
# thousand elements and a few dozen attributes per tag.
MAX_PAGE_ELEMENTS = 50_000
MAX_TAG_ATTRIBUTES = 2_000
_LONG_TAG = 4_000  # characters: a tag shorter than this cannot hold MAX_TAG_ATTRIBUTES attributes
# One start tag as an HTML5 tokenizer reads it: name, then attributes whose quoted values may hold
# ">" (an unclosed quote runs to the end). Possessive quantifiers: linear, never backtracking.
_VALUE = r"""(?:\s*+=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+))?+"""
_START_TAG = re.compile(r"<([A-Za-z][^\s/>]*+)(?:[\s/]++|=?[^\s/>=]++" + _VALUE + r")*+>?")
_ATTRIBUTE = re.compile(r"[^\s/>=]++" + _VALUE)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})


def check_page_shape(html: str) -> None:
    """InputError for a page with more than MAX_PAGE_ELEMENTS elements or a tag with more than
    MAX_TAG_ATTRIBUTES attributes. One pass over the tags, skipping comments and script/style text."""
    elements, pos, n = 0, 0, len(html)
    while (lt := html.find("<", pos)) >= 0:
        tag = _START_TAG.match(html, lt)
        if tag is None:
            if html.startswith("<!--", lt):
                end = html.find("-->", lt + 4)
                pos = n if end < 0 else end + 3
            else:
                pos = lt + 1
            continue
        elements += 1
        if elements > MAX_PAGE_ELEMENTS:
            raise InputError(f"page has over {MAX_PAGE_ELEMENTS:,} HTML elements; not an article page "
                             "(or a hostile one): refused")
        pos = tag.end()
        attributes_from = lt + 1 + len(tag[1])
        if pos - lt > _LONG_TAG and len(_ATTRIBUTE.findall(html, attributes_from, pos)) > MAX_TAG_ATTRIBUTES:
            raise InputError(f"an HTML tag has over {MAX_TAG_ATTRIBUTES:,} attributes; malformed or hostile "
                             "page: refused")
        name = tag[1].lower()
        if name in _RAW_TEXT:  # its text runs to its end tag, whatever it holds (or to the end of the page)
            close = re.compile(f"</{re.escape(name)}", re.I).search(html, pos)
            pos = n if close is None else close.start()


def extract_page(html: str, url: str | None = None) -> Page:
    """The main text and metadata of a whole HTML page; InputError when it holds no article text."""
    import trafilatura  # imported here: it is slow to import and only page readers need it

    html = _XML_DECL.sub("", html, count=1)  # lxml refuses str input that declares an encoding
    if not html.strip():
        raise InputError("empty page: no HTML")
    check_page_shape(html)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateutil warns about unknown time-zone names
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, deduplicate=False,
            date_extraction_params=_date_params(),
        )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text) < MIN_PAGE_TEXT:
        raise InputError("no article text found in the page (it may be an index, form or script-only page)")
    return Page(
        text=text,
        title=doc.title or None,
        published=doc.date or None,
        url=doc.url or url,
        sitename=doc.sitename or None,
    )


def _date_params() -> dict:
    """htmldate settings: the original publication date from markup and URL only. Its extensive
    search through the body text is slower and picks up dates the article merely mentions."""
    return {"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()}


def page_article(page: Page, origin: str, options: "ReadOptions", **overrides) -> Article:
    """An Article from an extracted page; `overrides` win over the page's own metadata."""
    fields = {"title": page.title, "url": page.url, "published": page.published}
    fields.update({k: v for k, v in overrides.items() if v is not None})
    fields.setdefault("source", host_of(fields["url"]) or page.sitename)
    return make_article(page.text, origin, options, **fields)


def read_html(data: bytes, origin: str, options: "ReadOptions", declared: str | None = None,
              url: str | None = None) -> Iterator[Article | Skipped]:
    """One HTML file or fetched page: its main text, title, date and canonical URL."""
    page = extract_page(decode_bytes(data, declared), url=url)
    yield page_article(page, origin, options)
