"""Live feeds: polling RSS/Atom/JSON feeds and ingesting their new items (`flashpoint watch`).

This module owns the feed list (FEEDS.txt), the watch loop and its rounds, and what one poll does
with a feed: store its new items, then commit its state. The HTTP side of a poll (conditional GET,
Retry-After, reading the body into items) is poll.py's; the `feeds` table and the backoff rule are
feed_state.py's. Items are read by the same feed reader as feed files (`feeds.read_feed`) and stored
by the same `pipeline.ingest` as files, so deduplication and merging are identical.

A feed's state is committed right after its articles: a crash in between leaves the old validators,
so the next poll fetches the feed again and finds its items already stored (article ids are content
hashes). An item is never skipped: validators are saved only once every item of a response is stored.
"""
from __future__ import annotations

import json
import logging
import re
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from flashpoint.errors import FlashpointError, InputError
from flashpoint.ingest.feed_state import TEMP_NAME, FeedState, backoff, commit_state, load_states
from flashpoint.ingest.poll import DEFAULT_TIMEOUT, FeedFailure, Response, conditional_get, make_client, read_items
from flashpoint.model import Article
from flashpoint.store import Store

if TYPE_CHECKING:
    from flashpoint.pipeline import IngestSummary

log = logging.getLogger(__name__)

DEFAULT_EVERY = timedelta(minutes=15)    # the default; a common <ttl> for news feeds
# A feed polled from cron at the same interval comes due a few seconds after the next run starts
# (the round's start time plus the interval); treat feeds due within this margin as due now.
DUE_SLACK = timedelta(seconds=60)
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}


def parse_interval(text: str, option: str = "--every") -> timedelta:
    """'90s', '15m', '1h' (decimals allowed) as a timedelta; InputError otherwise."""
    m = _INTERVAL.match(text or "")
    seconds = float(m[1]) * _UNIT_SECONDS[m[2]] if m else 0.0
    if seconds <= 0:
        raise InputError(f"{option} {text!r}: write a positive number of seconds, minutes or hours, "
                         f"e.g. 90s, 15m or 1h")
    return timedelta(seconds=seconds)


def read_feed_list(path: str | Path) -> tuple[list[str], list[str]]:
    """The feed URLs in a FEEDS.txt (one per line; blank lines and `#` comments ignored), and one
    message per bad line. InputError when the file cannot be read or names no feed at all."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read the feed list {path}: {getattr(e, 'strerror', None) or e}") from e
    urls: list[str] = []
    problems: list[str] = []
    for n, line in enumerate(lines, 1):
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        if not line:
            continue
        if not _is_http_url(line):
            problems.append(f"{path}:{n}: {line!r} is not an http(s) URL; skipped")
        elif line not in urls:
            urls.append(line)
    if not urls:
        raise InputError(f"{path} names no feed: write one http(s) feed URL per line, "
                         f"e.g. https://example.org/news/rss.xml ('#' starts a comment)")
    return urls, problems


def _is_http_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:                      # "http://[bad": an unclosed IPv6 bracket
        return False
    return " " not in text and parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


@dataclass
class FeedResult:
    """What one feed did in one round."""

    url: str
    status: str                       # new | nothing new | not modified | failed | waiting
    items: int = 0                    # items in the response
    new: int = 0                      # articles stored (first copies and syndicated copies)
    skipped: int = 0                  # items that could not become articles (no text, ...)
    events: int = 0
    more: int = 0                     # new items left for the next poll by --max-items
    error: str | None = None
    failures: int = 0
    next_poll: datetime | None = None

    def describe(self) -> str:
        """The line the command prints for this feed."""
        when = _show(self.next_poll)
        if self.status == "failed":
            return f"{self.url}: failed: {self.error}; next try at {when} (failure {self.failures})"
        if self.status == "waiting":
            return f"{self.url}: not due; next try at {when}"
        if self.status == "not modified":
            return f"{self.url}: not modified"
        text = f"{self.url}: {_n(self.new, 'new article')} from {_n(self.items, 'item')}"
        text += f", {_n(self.events, 'event')}" if self.new else ""
        text += f"; {_n(self.skipped, 'item')} without usable text skipped" if self.skipped else ""
        return text + (f"; {_n(self.more, 'more new item')} next poll (--max-items)" if self.more else "")


@dataclass
class RoundSummary:
    """One pass over the feed list."""

    started: datetime
    results: list[FeedResult] = field(default_factory=list)
    stopped: bool = False             # interrupted between feeds

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.results if r.status in statuses)

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    def describe(self) -> str:
        polled = len(self.results) - self.count("waiting")
        text = (f"round at {_show(self.started)}: {_n(polled, 'feed')} polled, {_n(self.new, 'new article')}, "
                f"{self.count('not modified')} not modified, {self.count('failed')} failed, "
                f"{self.count('waiting')} not due")
        return text + ("; stopped" if self.stopped else "")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _show(moment: datetime | None) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "now"


def _fresh(store: Store, articles: list[Article]) -> list[Article]:
    """The articles not stored yet, in feed order, each id once."""
    stored = store.existing_ids([a.id for a in articles])
    out: dict[str, Article] = {}
    for a in articles:
        if a.id not in stored and a.id not in out:
            out[a.id] = a
    return list(out.values())


def _store(store: Store, articles: list[Article]) -> IngestSummary:
    """Ingest articles through `pipeline.ingest` (so dedupe and merging are those of files) via a
    temporary JSON Lines file; return the summary. Their origins name the temporary file until
    `commit_state` replaces them with the feed's (pipeline.ingest takes sources, not Articles)."""
    from flashpoint.pipeline import ingest

    with tempfile.TemporaryDirectory(prefix="flashpoint-watch-") as tmp:
        path = Path(tmp) / TEMP_NAME
        with path.open("w", encoding="utf-8") as f:
            for a in articles:
                record = {"text": a.text, "title": a.title, "url": a.url, "published": a.published,
                          "source": a.source}
                f.write(json.dumps({k: v for k, v in record.items() if v is not None}) + "\n")
        return ingest([str(path)], store)


# ----------------------------------------------------------------------------------------- polling
def poll_feed(store: Store, state: FeedState, *, client: httpx.Client, now: datetime,
              every: timedelta = DEFAULT_EVERY, max_items: int | None = None) -> FeedResult:
    """Poll one feed, store its new items, commit its state. Failures of the feed (network, HTTP,
    an unreadable body) are recorded with backoff, never raised; store errors are raised."""
    state.last_polled = now
    try:
        got = conditional_get(client, state.url, state.etag, state.last_modified, now)
        result, origins = (FeedResult(state.url, "not modified"), []) if got is None else _ingest_response(
            store, state, got, max_items)
    except FeedFailure as e:
        return _failed(store, state, str(e), now, every, e.retry_after)
    except FlashpointError:
        raise                                   # a missing model or a locked store stops every feed
    except Exception as e:  # noqa: BLE001 - the per-feed boundary: one bad feed must not stop the others
        log.exception("feed %s: unexpected error", state.url)
        return _failed(store, state, f"unexpected error: {type(e).__name__}: {e}", now, every)
    state.failures, state.last_error = 0, None
    state.next_poll = result.next_poll = now + every
    commit_state(store, state, origins)
    return result


def _ingest_response(store: Store, state: FeedState, got: Response, max_items: int | None
                     ) -> tuple[FeedResult, list[tuple[str, str | None, str]]]:
    """Store a 200 response's new items; update the state (validators only when every new item is
    stored) and return the (origin, fetched_at, id) of its articles for `commit_state`."""
    items = read_items(got, state.url)
    articles = [x for x in items if isinstance(x, Article)]
    fresh = _fresh(store, articles)
    take = fresh[:max_items] if max_items else fresh
    summary = _store(store, take) if take else None
    stored = summary.new + summary.near_duplicate if summary else 0
    complete = len(take) == len(fresh)
    state.etag, state.last_modified = (got.etag, got.last_modified) if complete else (None, None)
    state.items_seen += len(items)          # articles_new grows when commit_state repairs their origins
    result = FeedResult(state.url, "new" if stored else "nothing new", items=len(items), new=stored,
                        skipped=len(items) - len(articles), events=summary.events if summary else 0,
                        more=len(fresh) - len(take))
    return result, [(a.origin, a.fetched_at, a.id) for a in articles if a.origin]


def _failed(store: Store, state: FeedState, reason: str, now: datetime, every: timedelta,
            retry_after: timedelta | None = None) -> FeedResult:
    """Record a failed poll: the old validators stay, the next try backs off."""
    state.failures += 1
    state.last_error = reason
    state.next_poll = now + backoff(every, state.failures, retry_after)
    commit_state(store, state)
    log.warning("feed %s failed (%d in a row): %s; next try at %s", state.url, state.failures, reason,
                _show(state.next_poll))
    return FeedResult(state.url, "failed", error=reason, failures=state.failures, next_poll=state.next_poll)


# ------------------------------------------------------------------------------------------ rounds
def _ignore(*_args: object) -> None:
    return None


@dataclass
class Hooks:
    """What a caller is told as a watch goes (each optional)."""

    problem: Callable[[str], None] = _ignore                  # a bad feed-list line, a busy database
    polling: Callable[[str], None] = _ignore                  # a feed is about to be polled
    feed: Callable[[FeedResult], None] = _ignore              # a feed's result
    round: Callable[[RoundSummary, datetime | None], None] = _ignore  # a round, and when the next starts


def _due_at(state: FeedState, every: timedelta) -> datetime | None:
    """When a feed is next due: its stored next poll, or sooner for a healthy feed when the interval
    was shortened since (a failed feed keeps its backoff and Retry-After). None: never polled."""
    if state.next_poll is None or state.failures or state.last_polled is None:
        return state.next_poll
    return min(state.next_poll, state.last_polled + every)


def _due(state: FeedState, now: datetime, every: timedelta) -> bool:
    """Due now, or within DUE_SLACK (at most a tenth of the interval) of now."""
    due_at = _due_at(state, every)
    return due_at is None or due_at <= now + min(DUE_SLACK, every / 10)


def watch_once(store: Store, feeds: Sequence[str], *, client: httpx.Client, now: datetime | None = None,
               every: timedelta = DEFAULT_EVERY, max_items: int | None = None, hooks: Hooks | None = None,
               stop: Callable[[], bool] = lambda: False) -> RoundSummary:
    """Poll each due feed once, in list order, storing new items and each feed's state as it goes.
    `now` (timezone-aware; default the clock) is the round's time for every schedule decision.
    `stop` is asked between feeds."""
    now = now or _utcnow()
    hooks = hooks or Hooks()
    summary = RoundSummary(started=now)
    states = load_states(store, feeds)
    for url in feeds:
        if stop():
            summary.stopped = True
            break
        state = states[url]
        if _due(state, now, every):
            hooks.polling(url)
            result = poll_feed(store, state, client=client, now=now, every=every, max_items=max_items)
        else:
            result = FeedResult(url, "waiting", failures=state.failures, next_poll=_due_at(state, every))
        summary.results.append(result)
        hooks.feed(result)
    return summary


def next_round(store: Store, feeds: Sequence[str], now: datetime, every: timedelta) -> datetime:
    """When the next round should start: the earliest next poll, at least a second and at most
    one interval away."""
    polls = [due for s in load_states(store, feeds).values() if (due := _due_at(s, every)) is not None]
    earliest = min(polls, default=now + every)
    return min(max(earliest, now + timedelta(seconds=1)), now + every)


def watch(store: Store | str, feeds_path: str | Path, every: timedelta = DEFAULT_EVERY, *, once: bool = False,
          timeout: timedelta = DEFAULT_TIMEOUT, max_items: int | None = None, hooks: Hooks | None = None,
          client: httpx.Client | None = None, clock: Callable[[], datetime] = _utcnow,
          sleep: Callable[[float], None] = time.sleep) -> RoundSummary:
    """Poll the feeds in `feeds_path` every `every` until stopped (Ctrl-C or SIGTERM: between feeds),
    or for one round with `once`; return the last round. Given a database path rather than a Store,
    the database is opened for each round and closed between rounds, so other commands can use it."""
    urls, problems = read_feed_list(feeds_path)
    hooks = hooks or Hooks()
    for problem in problems:
        hooks.problem(problem)
    own_client = client is None
    client = client or make_client(timeout)
    try:
        with _stop_on_signal() as stopping:
            while True:
                summary, wake = _round(store, urls, client, clock, every, max_items, hooks, stopping, once)
                hooks.round(summary, wake)
                if wake is None:
                    return summary
                while not stopping() and (left := (wake - clock()).total_seconds()) > 0:
                    sleep(min(left, 1.0))
                if stopping():
                    summary.stopped = True
                    return summary
    finally:
        if own_client:
            client.close()


def _round(store: Store | str, urls: list[str], client: httpx.Client, clock: Callable[[], datetime],
           every: timedelta, max_items: int | None, hooks: Hooks, stopping: Callable[[], bool],
           once: bool) -> tuple[RoundSummary, datetime | None]:
    """One round on an open store, or on the database at a path (opened for the round only); and
    when the next should start (None: stop)."""
    from flashpoint.errors import StoreLockedError
    from flashpoint.store import open_store

    now = clock()
    if isinstance(store, Store):
        summary = watch_once(store, urls, client=client, now=now, every=every, max_items=max_items,
                             hooks=hooks, stop=stopping)
        return summary, None if once or summary.stopped else next_round(store, urls, clock(), every)
    try:
        with open_store(store) as opened:
            return _round(opened, urls, client, clock, every, max_items, hooks, stopping, once)
    except StoreLockedError as e:
        if once:
            raise
        hooks.problem(f"{e}; trying again in a minute")
        return RoundSummary(started=now, stopped=stopping()), None if stopping() else now + timedelta(minutes=1)


@contextmanager
def _stop_on_signal() -> Iterator[Callable[[], bool]]:
    """Inside: the first Ctrl-C or SIGTERM asks to stop between feeds; a second Ctrl-C stops at once
    (a batch being written is rolled back whole). Outside the main thread signals are left alone."""
    asked = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield asked.is_set
        return

    def handler(signum: int, _frame: object) -> None:
        if asked.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        asked.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield asked.is_set
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
