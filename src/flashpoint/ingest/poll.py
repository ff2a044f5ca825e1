"""One poll of one feed: the conditional GET (ETag / Last-Modified), Retry-After, a capped body, and
the response read into items by the project's feed reader.

Everything that goes wrong with the feed itself (network, HTTP status, size, a body that is not a
feed) is one FeedFailure with a reason a person can act on; deciding what to do about it (backoff,
state) is watch.py's.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import httpx

from flashpoint.errors import InputError
from flashpoint.ingest import ReadOptions
from flashpoint.ingest.feeds import is_json_feed, read_feed, read_json_feed
from flashpoint.ingest.fetch import USER_AGENT
from flashpoint.ingest.text import decode_bytes, host_of
from flashpoint.ingest.walk import BULK_FACTOR, sniff
from flashpoint.model import Article, Skipped

DEFAULT_TIMEOUT = timedelta(seconds=20)  # the default per-request timeout
MAX_FEED_BYTES = ReadOptions().max_bytes * BULK_FACTOR  # the cap walk.py puts on feed files and URLs
RETRY_AFTER_STATUSES = (429, 503)        # the statuses RFC 6585 / RFC 9110 pair with Retry-After
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)
_FEED_ITEM = re.compile(rb"<(item|entry)\b", re.I)


class FeedFailure(Exception):
    """One poll of one feed failed; `retry_after` when the server said when to come back."""

    def __init__(self, reason: str, retry_after: timedelta | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass
class Response:
    """A 200 response to a feed poll."""

    url: str                          # after redirects
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str | None
    fetched_at: str


def make_client(timeout: timedelta = DEFAULT_TIMEOUT) -> httpx.Client:
    """The HTTP client a watcher uses: a timeout, redirects followed, a User-Agent naming flashpoint."""
    return httpx.Client(timeout=timeout.total_seconds(), follow_redirects=True,
                        headers={"User-Agent": USER_AGENT})


def conditional_get(client: httpx.Client, url: str, etag: str | None, last_modified: str | None,
                    now: datetime) -> Response | None:
    """Conditional GET of a feed: None on 304 Not Modified; FeedFailure on any failure."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return None
            if response.status_code != 200:
                wait = _retry_after(response, now) if response.status_code in RETRY_AFTER_STATUSES else None
                raise FeedFailure(f"HTTP {response.status_code} {response.reason_phrase}".strip(), wait)
            body = _read_body(response, client.timeout.read or DEFAULT_TIMEOUT.total_seconds())
            kind = response.headers.get("content-type")
            fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
            return Response(str(response.url), body, response.headers.get("etag"),
                            response.headers.get("last-modified"), kind, fetched_at)
    except httpx.TimeoutException as e:
        raise FeedFailure(f"timed out ({type(e).__name__}); raise --timeout or try later") from e
    except (httpx.HTTPError, httpx.InvalidURL) as e:
        raise FeedFailure(f"could not fetch: {type(e).__name__}: {str(e) or 'connection failed'}") from e


def _retry_after(response: httpx.Response, now: datetime) -> timedelta | None:
    """Retry-After as seconds or as an HTTP date; None when absent or unreadable."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return max(when - now, timedelta(0))


def _read_body(response: httpx.Response, timeout: float) -> bytes:
    """The body within MAX_FEED_BYTES and an overall deadline (a trickling server cannot hold us)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FEED_BYTES:
        raise FeedFailure(f"the feed is {int(declared):,} bytes, over the {MAX_FEED_BYTES:,}-byte limit")
    deadline = time.monotonic() + max(timeout, 1.0) * 3
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > MAX_FEED_BYTES:
            raise FeedFailure(f"the feed is over the {MAX_FEED_BYTES:,}-byte limit")
        if time.monotonic() > deadline:
            raise FeedFailure("the body was still arriving after three times --timeout")
    return bytes(body)


def read_items(got: Response, url: str) -> list[Article | Skipped]:
    """A response's items through the feed reader; FeedFailure when the body is not a feed."""
    options, head = ReadOptions(), got.body[:4096]
    kind = sniff(head)
    if not got.body.strip():
        raise FeedFailure("empty response")
    if kind == "html":
        raise FeedFailure("the response is an HTML page, not a feed (a wrong URL, or a login or consent page?)")
    try:
        if kind == "json":
            doc = json.loads(decode_bytes(got.body))
            if not is_json_feed(doc):
                raise FeedFailure("the response is JSON but not a JSON Feed")
            items = list(read_json_feed(doc, url, options)) if doc["items"] else []
        elif _is_empty_feed(got.body):
            items = []                          # a feed with no items yet: nothing to do, not a failure
        else:
            # feedparser trusts an HTTP content type only when it names a charset (as walk.dispatch)
            declared = got.content_type if got.content_type and "charset" in got.content_type else None
            items = list(read_feed(got.body, url, options, base_url=got.url, content_type=declared))
    except (InputError, ValueError, RecursionError) as e:
        raise FeedFailure(f"not a readable feed: {e}") from e
    source = host_of(got.url)
    return [x.with_(fetched_at=got.fetched_at, source=x.source or source) if isinstance(x, Article) else x
            for x in items]


def _is_empty_feed(body: bytes) -> bool:
    """A well-formed RSS/Atom/RDF document without a single item (a truncated one is not)."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    if not _FEED_ROOT.search(body[:4096]) or _FEED_ITEM.search(body):
        return False
    try:
        ElementTree.fromstring(body)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return False
    return True
