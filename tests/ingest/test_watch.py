"""`flashpoint watch`: live feeds served on 127.0.0.1 by a real HTTP server (conditional GET, backoff,
Retry-After, restart, a malformed feed list), plus a round over real feeds from ../shared/inputs.

Times are injected (`now`), so nothing here sleeps; the feeds were written for these tests.
"""
from __future__ import annotations

import hashlib
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import typer
from typer.testing import CliRunner

from flashpoint import cli_watch
from flashpoint.errors import InputError
from flashpoint.ingest import feed_state
from flashpoint.ingest import watch as watch_mod
from flashpoint.ingest.feed_state import MAX_DELAY, backoff, load_states
from flashpoint.ingest.poll import make_client
from flashpoint.ingest.watch import Hooks, parse_interval, read_feed_list, watch, watch_once
from flashpoint.store import MEMORY, open_store

from .conftest import SHARED_INPUTS

T0 = datetime(2025, 10, 6, 12, 0, tzinfo=timezone.utc)
EVERY = timedelta(minutes=15)
LAST_MODIFIED = "Mon, 06 Oct 2025 11:00:00 GMT"

HERALD = [  # (title, text) of the Valmora Herald's items, newest first
    ("Coalition talks resume in Valmora",
     "Leaders of the two largest parties in Valmora met on Monday to resume coalition talks, a spokesperson "
     "for the interim government said, after a week of public disputes over the budget."),
    ("Border crossing reopens after protest",
     "Police in Dornach reopened the northern border crossing on Sunday after farmers ended a three-day "
     "blockade over fuel prices, the interior ministry said."),
    ("Minister resigns over procurement inquiry",
     "The defence minister of Valmora resigned on Saturday, two days after prosecutors opened an inquiry "
     "into a helicopter contract awarded without a tender."),
]
WIRE = [
    ("Envoys agree prisoner exchange",
     "Envoys from Karsk and Ostrava agreed on Friday to exchange forty prisoners held since the clashes "
     "in the spring, mediators in Geneva said."),
    ("Opposition calls general strike",
     "The opposition alliance in Ostrava called a general strike for next Thursday to demand early "
     "elections, its leader told a rally of several thousand people in the capital."),
]
LATE = ("Parliament approves emergency budget",
        "Parliament in Valmora approved an emergency budget late on Monday by 102 votes to 87, ending a "
        "standoff that had delayed public sector salaries for a month.")


def rss(items: list[tuple[str, str]], title: str = "Valmora Herald") -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>https://herald.example.org/{i}</link>"
                      f"<description>{text}</description><pubDate>Mon, 06 Oct 2025 0{i}:00:00 GMT</pubDate></item>"
                      for i, (t, text) in enumerate(items, 1))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://herald.example.org/</link>{entries}</channel></rss>").encode()


def atom(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<entry><title>{t}</title><id>urn:wire:{i}</id><link href='https://wire.example.net/{i}'/>"
                      f"<updated>2025-10-0{i}T08:00:00Z</updated><summary>{text}</summary></entry>"
                      for i, (t, text) in enumerate(items, 1))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Northbridge Wire</title><id>urn:wire</id><updated>2025-10-06T08:00:00Z</updated>"
            f"{entries}</feed>").encode()


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    validators: bool = True                     # send ETag and Last-Modified, answer 304 to them
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


class FeedHandler(BaseHTTPRequestHandler):
    routes: dict[str, Route]
    seen: list[tuple[str, dict[str, str]]]

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = self.routes.get(self.path) or Route(b"not found", 404, "text/plain", validators=False)
        fresh = route.validators and route.status == 200 and (
            self.headers.get("If-None-Match") == route.etag
            or (self.headers.get("If-None-Match") is None and self.headers.get("If-Modified-Since") == LAST_MODIFIED))
        self.send_response(304 if fresh else route.status)
        if route.validators:
            self.send_header("ETag", route.etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
        for name, value in route.headers.items():
            self.send_header(name, value)
        body = b"" if fresh else route.body
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    seen: list[tuple[str, dict[str, str]]]

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.seen if p == path]


@pytest.fixture
def server() -> Iterator[Server]:
    routes: dict[str, Route] = {}
    seen: list = []
    handler = type("Handler", (FeedHandler,), {"routes": routes, "seen": seen})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, seen)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def client():
    with make_client(timedelta(seconds=5)) as c:
        yield c


@pytest.fixture
def store():
    with open_store(MEMORY) as s:
        yield s


def feeds_table(store) -> dict[str, dict]:
    return {r["url"]: r for r in store.query("SELECT * FROM feeds")}


def healthy(server: Server) -> list[str]:
    server.routes["/herald.xml"] = Route(rss(HERALD))
    server.routes["/wire.atom"] = Route(atom(WIRE), content_type="application/atom+xml")
    return [server.url("/herald.xml"), server.url("/wire.atom")]


def test_first_poll_ingests_items_and_stores_validators(server, client, store):
    urls = healthy(server)
    summary = watch_once(store, urls, client=client, now=T0, every=EVERY)
    assert [(r.status, r.new, r.items) for r in summary.results] == [("new", 3, 3), ("new", 2, 2)]
    assert summary.new == 5 and "2 feeds polled, 5 new articles" in summary.describe()
    arts = store.query("SELECT origin, source, title, url, published, fetched_at FROM articles ORDER BY origin")
    assert [a["origin"] for a in arts] == [f"{urls[0]}#1", f"{urls[0]}#2", f"{urls[0]}#3",
                                           f"{urls[1]}#1", f"{urls[1]}#2"]
    assert all(a["fetched_at"] and a["title"] for a in arts)
    assert arts[0]["source"] == "herald.example.org" and str(arts[0]["published"]) == "2025-10-06"
    state = feeds_table(store)[urls[0]]
    assert state["etag"] == server.routes["/herald.xml"].etag and state["last_modified"] == LAST_MODIFIED
    assert state["failures"] == 0 and state["last_error"] is None
    assert state["items_seen"] == 3 and state["articles_new"] == 3
    assert state["next_poll"] == (T0 + EVERY).replace(tzinfo=None)
    assert "flashpoint" in server.requests("/herald.xml")[0]["user-agent"]


def test_second_poll_sends_validators_and_gets_304(server, client, store):
    urls = healthy(server)
    watch_once(store, urls, client=client, now=T0, every=EVERY)
    before = store.counts()["articles"]
    later = watch_once(store, urls, client=client, now=T0 + EVERY, every=EVERY)
    assert [r.status for r in later.results] == ["not modified", "not modified"]
    second = server.requests("/herald.xml")[1]
    assert second["if-none-match"] == server.routes["/herald.xml"].etag
    assert second["if-modified-since"] == LAST_MODIFIED
    assert store.counts()["articles"] == before
    assert feeds_table(store)[urls[0]]["next_poll"] == (T0 + 2 * EVERY).replace(tzinfo=None)


def test_a_feed_not_due_is_not_fetched(server, client, store):
    urls = healthy(server)
    watch_once(store, urls, client=client, now=T0, every=EVERY)
    early = watch_once(store, urls, client=client, now=T0 + timedelta(minutes=5), every=EVERY)
    assert [r.status for r in early.results] == ["waiting", "waiting"]
    assert len(server.requests("/herald.xml")) == 1
    assert "not due; next try at 2025-10-06 12:15:00 UTC" in early.results[0].describe()


def test_only_a_new_item_is_new(server, client, store):
    urls = healthy(server)
    watch_once(store, urls, client=client, now=T0, every=EVERY)
    server.routes["/herald.xml"] = Route(rss([LATE, *HERALD]))
    summary = watch_once(store, urls, client=client, now=T0 + EVERY, every=EVERY)
    assert [(r.status, r.new) for r in summary.results] == [("new", 1), ("not modified", 0)]
    [row] = store.query("SELECT title, origin FROM articles WHERE title = ?", [LATE[0]])
    assert row["origin"] == f"{urls[0]}#1"
    state = feeds_table(store)[urls[0]]
    assert state["items_seen"] == 7 and state["articles_new"] == 4
    assert state["etag"] == server.routes["/herald.xml"].etag


def test_broken_feeds_fail_alone_with_growing_backoff(server, client, store):
    urls = healthy(server)[:1]
    server.routes["/down.xml"] = Route(b"oops", status=500, content_type="text/plain", validators=False)
    server.routes["/garbage.xml"] = Route(b"<rss><channel><title>cut off", validators=False)
    urls += [server.url("/down.xml"), server.url("/garbage.xml")]
    first = watch_once(store, urls, client=client, now=T0, every=EVERY)
    assert [r.status for r in first.results] == ["new", "failed", "failed"]
    assert store.counts()["articles"] == 3
    table = feeds_table(store)
    assert "HTTP 500" in table[urls[1]]["last_error"]
    assert "not a readable feed" in table[urls[2]]["last_error"]
    assert [table[u]["failures"] for u in urls] == [0, 1, 1]
    assert table[urls[1]]["next_poll"] == (T0 + 2 * EVERY).replace(tzinfo=None)
    assert "failed: HTTP 500 Internal Server Error; next try at 2025-10-06 12:30:00 UTC (failure 1)" in (
        first.results[1].describe())

    second = watch_once(store, urls, client=client, now=T0 + EVERY, every=EVERY)
    assert [r.status for r in second.results] == ["not modified", "waiting", "waiting"]
    third_at = T0 + 2 * EVERY
    third = watch_once(store, urls, client=client, now=third_at, every=EVERY)
    assert [r.status for r in third.results] == ["not modified", "failed", "failed"]
    table = feeds_table(store)
    assert [table[u]["failures"] for u in urls] == [0, 2, 2]
    assert table[urls[1]]["next_poll"] == (third_at + 4 * EVERY).replace(tzinfo=None)

    server.routes["/down.xml"] = Route(rss(WIRE, title="Recovered"))
    fourth = watch_once(store, urls, client=client, now=third_at + 4 * EVERY, every=EVERY)
    assert [r.status for r in fourth.results] == ["not modified", "new", "failed"]
    table = feeds_table(store)
    assert table[urls[1]]["failures"] == 0 and table[urls[1]]["last_error"] is None


def test_backoff_is_capped_at_a_day():
    assert backoff(EVERY, 1) == 2 * EVERY and backoff(EVERY, 3) == 8 * EVERY
    assert backoff(EVERY, 10) == MAX_DELAY == backoff(EVERY, 10_000)
    assert backoff(EVERY, 1, retry_after=timedelta(hours=2)) == timedelta(hours=2)
    assert backoff(EVERY, 1, retry_after=timedelta(days=9)) == MAX_DELAY


def test_retry_after_is_honoured(server, client, store):
    server.routes["/busy.xml"] = Route(b"slow down", 429, "text/plain", False, {"Retry-After": "7200"})
    later = T0 + timedelta(hours=3)
    server.routes["/maint.xml"] = Route(b"maintenance", 503, "text/plain", False,
                                       {"Retry-After": later.strftime("%a, %d %b %Y %H:%M:%S GMT")})
    urls = [server.url("/busy.xml"), server.url("/maint.xml")]
    summary = watch_once(store, urls, client=client, now=T0, every=EVERY)
    assert [r.status for r in summary.results] == ["failed", "failed"]
    table = feeds_table(store)
    assert table[urls[0]]["next_poll"] == (T0 + timedelta(hours=2)).replace(tzinfo=None)
    assert table[urls[1]]["next_poll"] == later.replace(tzinfo=None)
    assert "HTTP 429" in table[urls[0]]["last_error"]


def test_a_restart_resumes_with_the_stored_validators(server, client, tmp_path):
    urls = healthy(server)
    db = str(tmp_path / "watch.duckdb")
    with open_store(db) as first:
        watch_once(first, urls, client=client, now=T0, every=EVERY)
    with open_store(db) as again:
        assert load_states(again, urls)[urls[1]].etag == server.routes["/wire.atom"].etag
        summary = watch_once(again, urls, client=client, now=T0 + EVERY, every=EVERY)
        assert [r.status for r in summary.results] == ["not modified", "not modified"]
        assert again.counts()["articles"] == 5
    assert server.requests("/wire.atom")[1]["if-none-match"] == server.routes["/wire.atom"].etag


def test_a_crash_before_the_state_commit_loses_nothing(server, client, store, monkeypatch):
    urls = healthy(server)[:1]

    def crash(*args, **kwargs):
        raise RuntimeError("killed between the articles and the feed's state")

    monkeypatch.setattr(watch_mod, "commit_state", crash)
    with pytest.raises(RuntimeError):
        watch_once(store, urls, client=client, now=T0, every=EVERY)
    monkeypatch.setattr(watch_mod, "commit_state", feed_state.commit_state)
    assert store.counts()["articles"] == 3 and feeds_table(store) == {}
    again = watch_once(store, urls, client=client, now=T0 + timedelta(seconds=5), every=EVERY)
    assert "if-none-match" not in server.requests("/herald.xml")[1]      # no validators were saved
    assert [(r.status, r.new) for r in again.results] == [("nothing new", 0)]
    origins = {r["origin"] for r in store.query("SELECT origin FROM articles")}
    assert origins == {f"{urls[0]}#{i}" for i in (1, 2, 3)}             # the temporary origins repaired
    # the three articles the killed poll stored are counted by the poll that committed them
    assert feeds_table(store)[urls[0]]["articles_new"] == 3


def test_max_items_leaves_the_rest_for_the_next_poll(server, client, store):
    urls = healthy(server)[:1]
    first = watch_once(store, urls, client=client, now=T0, every=EVERY, max_items=2)
    assert (first.results[0].new, first.results[0].more) == (2, 1)
    assert feeds_table(store)[urls[0]]["etag"] is None                   # so the next poll gets it whole
    second = watch_once(store, urls, client=client, now=T0 + EVERY, every=EVERY, max_items=2)
    assert (second.results[0].new, second.results[0].more) == (1, 0)
    assert feeds_table(store)[urls[0]]["etag"] is not None
    assert store.counts()["articles"] == 3


def test_an_empty_feed_and_an_html_page(server, client, store):
    server.routes["/empty.xml"] = Route(rss([]))
    server.routes["/page.html"] = Route(b"<!DOCTYPE html><html><body><p>Sign in</p></body></html>",
                                        content_type="text/html")
    summary = watch_once(store, [server.url("/empty.xml"), server.url("/page.html")], client=client, now=T0)
    assert [r.status for r in summary.results] == ["nothing new", "failed"]
    assert "HTML page, not a feed" in summary.results[1].error


def test_stop_is_asked_between_feeds(server, client, store):
    urls = healthy(server)
    polled: list[str] = []
    summary = watch_once(store, urls, client=client, now=T0, hooks=Hooks(polling=polled.append),
                         stop=lambda: bool(polled))
    assert summary.stopped and polled == urls[:1] and list(feeds_table(store)) == urls[:1]


def test_feed_list_skips_bad_lines(tmp_path):
    path = tmp_path / "FEEDS.txt"
    path.write_text("# news\n\nhttps://a.example.org/rss  # the A feed\nftp://b.example.org/feed\n"
                    "not a url\nhttp://[bad\nhttp://c.example.org/atom.xml\nhttps://a.example.org/rss\n", encoding="utf-8")
    urls, problems = read_feed_list(path)
    assert urls == ["https://a.example.org/rss", "http://c.example.org/atom.xml"]
    assert len(problems) == 3 and problems[0].startswith(f"{path}:4: 'ftp://b.example.org/feed'")
    empty = tmp_path / "EMPTY.txt"
    empty.write_text("# nothing yet\nfile:///etc/passwd\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"EMPTY\.txt names no feed: write one http\(s\) feed URL per line"):
        read_feed_list(empty)
    with pytest.raises(InputError, match="cannot read the feed list"):
        read_feed_list(tmp_path / "missing.txt")


def test_intervals():
    assert [parse_interval(t).total_seconds() for t in ("90s", "15m", "1h", " 2.5s ")] == [90, 900, 3600, 2.5]
    for text in ("15", "0m", "-1m", "1d", "soon", ""):
        with pytest.raises(InputError, match="--timeout"):
            parse_interval(text, "--timeout")


def test_watch_once_from_a_feed_list_reports_bad_lines(server, tmp_path):
    urls = healthy(server)
    path = tmp_path / "FEEDS.txt"
    path.write_text("\n".join([urls[0], "gopher://old.example.org/", urls[1]]) + "\n", encoding="utf-8")
    problems, rounds = [], []
    hooks = Hooks(problem=problems.append, round=lambda summary, wake: rounds.append(wake))
    summary = watch(str(tmp_path / "w.duckdb"), path, EVERY, once=True, hooks=hooks, clock=lambda: T0)
    assert summary.new == 5 and rounds == [None]
    assert len(problems) == 1 and "gopher://old.example.org/" in problems[0]


def test_the_loop_sleeps_until_the_next_round_and_stops_on_ctrl_c(server, client, store, tmp_path):
    urls = healthy(server)
    feed_list = tmp_path / "FEEDS.txt"
    feed_list.write_text("\n".join(urls) + "\n", encoding="utf-8")
    clock = [T0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += timedelta(seconds=seconds)
        if clock[0] == T0 + EVERY + timedelta(seconds=30):
            signal.raise_signal(signal.SIGINT)         # Ctrl-C while waiting for the third round

    summary = watch(store, feed_list, EVERY, client=client, clock=lambda: clock[0], sleep=sleep)
    assert summary.stopped and [r.status for r in summary.results] == ["not modified", "not modified"]
    assert len(server.requests("/herald.xml")) == 2                     # two rounds, 15 minutes apart
    assert max(slept) <= 1.0 and sum(slept) == EVERY.total_seconds() + 30
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handler is put back


def test_the_command(server, tmp_path):
    urls = healthy(server)
    feeds = tmp_path / "FEEDS.txt"
    feeds.write_text("\n".join([*urls, "mailto:x@example.org"]) + "\n", encoding="utf-8")
    app = typer.Typer()
    app.command()(cli_watch.watch)
    app.command("version")(lambda: None)           # two commands, so `watch` is named on the line
    db = str(tmp_path / "cli.duckdb")
    res = CliRunner().invoke(app, ["watch", str(feeds), "--db", db, "--once", "--timeout", "5s",
                                   "--max-items", "10", "--every", "1h"])
    assert res.exit_code == 0, res.output
    assert f"{urls[0]}: 3 new articles from 3 items" in res.output
    assert "round at" in res.output and "2 feeds polled, 5 new articles" in res.output
    assert "mailto:x@example.org" in res.output and "not an http(s) URL" in res.output
    again = CliRunner().invoke(app, ["watch", str(feeds), "--db", db, "--once"])     # cron, a minute later
    assert again.exit_code == 0 and f"{urls[0]}: not due; next try at" in again.output
    assert "0 feeds polled" in again.output and len(server.requests("/herald.xml")) == 1
    bad = CliRunner().invoke(app, ["watch", str(feeds), "--db", db, "--once", "--every", "often"])
    assert isinstance(bad.exception, InputError) and "--every 'often'" in str(bad.exception)


REAL_FEEDS = ["feed-rs/rss2/rss_2.0_bbc.xml", "feed-rs/atom/atom_example_reddit.xml",
              "feed-rs/jsonfeed/jsonfeed_example_1.json", "feed-rs/rss1/rss_1.0_iso8859.xml",
              "feed-rs/rss0/rss_0.91_spec_1.xml", "news-crawl/feed-with-sitemap-namespace.xml",
              "feedparser/wellformed/rss/entity_in_doctype.xml"]


def test_real_feeds_over_http(server, client, store):
    folder = SHARED_INPUTS / "feeds"
    if not folder.is_dir():
        pytest.skip(f"real-world feeds not found at {folder} (the shared/ folder beside the repo)")
    urls = []
    for i, name in enumerate(REAL_FEEDS):
        kind = "application/json" if name.endswith(".json") else "application/xml"
        server.routes[f"/real/{i}"] = Route((folder / name).read_bytes(), content_type=kind)
        urls.append(server.url(f"/real/{i}"))
    summary = watch_once(store, urls, client=client, now=T0, every=EVERY)
    by_status = {r.url: r for r in summary.results}
    assert not [r for r in summary.results if r.error and "unexpected error" in r.error]
    assert sum(r.new for r in summary.results) >= 5
    assert "entity" in by_status[urls[-1]].error                        # refused, as for files
    again = watch_once(store, urls, client=client, now=T0 + EVERY, every=EVERY)
    assert {r.status for r in again.results[:-1]} == {"not modified"}
