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


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries), paragraphs kept as blank-line breaks."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = _SPACES.sub(" ", "".join(collector.parts))
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", lines).strip()


def extract_page(html: str, url: str | None = None) -> Page:
    """The main text and metadata of a whole HTML page; InputError when it holds no article text."""
    import trafilatura  # imported here: it is slow to import and only page readers need it

    html = _XML_DECL.sub("", html, count=1)  # lxml refuses str input that declares an encoding
    if not html.strip():
        raise InputError("empty page: no HTML")
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
