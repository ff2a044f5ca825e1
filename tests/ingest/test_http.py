"""URL sources and --follow-links against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import gzip
import json
import time

from flashpoint.model import Article, Skipped

from .conftest import PARAGRAPHS, article_html, articles, read_all, rss_feed, skipped

OTHER = [
    "Rescue teams in the hill town of Dornach worked through the night after a landslide blocked "
    "the only road into the valley, the district governor said on Wednesday.",
    "Helicopters delivered food and medicine to two villages, and engineers expected to reopen a "
    "single lane by the weekend if the weather held.",
]


def serve_feed(base, routes, items_extra=None):
    items = [
        {"title": "Valmora talks collapse", "link": f"{base}/valmora", "description": "Short teaser.",
         "pubDate": "Tue, 05 Mar 2024 09:00:00 GMT"},
        {"title": "Landslide cuts off valley", "link": f"{base}/dornach"},
        {"title": "Dead link", "link": f"{base}/missing", "description": "Summary kept when the page is gone."},
        {"title": "Slow page", "link": f"{base}/slow", "description": "Summary kept when the page is slow."},
    ] + (items_extra or [])
    routes.add("/feed.xml", rss_feed(items), "application/rss+xml")
    routes.add("/valmora", article_html())
    routes.add("/dornach", article_html(title="Landslide cuts off valley", paragraphs=OTHER, canonical=None,
                                        published="2024-03-06"))
    routes.add("/slow", article_html(), delay=2.0)


def test_html_page_by_url(server):
    base, routes = server
    routes.add("/valmora", article_html())
    [art] = read_all(f"{base}/valmora")
    assert isinstance(art, Article) and all(p in art.text for p in PARAGRAPHS)
    assert art.origin == f"{base}/valmora"
    assert art.published == "2024-03-05"
    assert art.fetched_at is not None


def test_feed_by_url_without_following(server):
    base, routes = server
    serve_feed(base, routes)
    items = read_all(f"{base}/feed.xml")
    assert [type(x).__name__ for x in items] == ["Article", "Skipped", "Article", "Article"]
    assert items[0].text == "Short teaser." and items[0].url == f"{base}/valmora"
    assert items[0].origin == f"{base}/feed.xml#1" and items[0].fetched_at
    assert "--follow-links" in items[1].reason


def test_feed_follow_links(server):
    base, routes = server
    serve_feed(base, routes)
    started = time.monotonic()
    valmora, dornach, dead, slow = read_all(f"{base}/feed.xml", follow_links=True, timeout=0.5)
    assert time.monotonic() - started < 10
    assert all(p in valmora.text for p in PARAGRAPHS)
    assert valmora.title == "Valmora talks collapse" and valmora.published == "2024-03-05"
    assert valmora.url == f"{base}/valmora" and valmora.fetched_at
    assert OTHER[0] in dornach.text and dornach.published == "2024-03-06"
    assert dead.text == "Summary kept when the page is gone."   # 404: fall back to the summary
    assert slow.text == "Summary kept when the page is slow."   # timeout: fall back to the summary


def test_follow_links_from_a_local_feed_file(server, write):
    base, routes = server
    serve_feed(base, routes)
    feed = rss_feed([{"title": "Gone", "link": f"{base}/missing"}, {"title": "Here", "link": f"{base}/dornach"}])
    gone, here = read_all(write("local.rss", feed), follow_links=True, timeout=2)
    assert isinstance(gone, Skipped) and "HTTP 404" in gone.reason
    assert isinstance(here, Article) and OTHER[1] in here.text


def test_404_timeout_and_connection_refused(server):
    base, routes = server
    routes.add("/slow", "late", delay=2.0)
    [missing] = read_all(f"{base}/missing")
    assert missing == Skipped(f"{base}/missing", f"HTTP 404 Not Found from {base}/missing")
    started = time.monotonic()
    [slow] = read_all(f"{base}/slow", timeout=0.3)
    assert time.monotonic() - started < 1.9
    assert isinstance(slow, Skipped) and "timed out after 0.3 s" in slow.reason and "--timeout" in slow.reason
    [refused] = read_all("http://127.0.0.1:9/nothing-listens-here", timeout=2)
    assert isinstance(refused, Skipped) and "could not fetch" in refused.reason


def test_redirects_and_size_cap(server):
    base, routes = server
    routes.add("/valmora", article_html())
    [art] = read_all(f"{base}/redirect-to/valmora")
    assert isinstance(art, Article) and art.origin == f"{base}/redirect-to/valmora"
    routes.add("/huge", "x" * 50_000, "text/plain")
    [big] = read_all(f"{base}/huge", max_bytes=1000)
    assert isinstance(big, Skipped) and "limit" in big.reason


def test_formats_by_content_type_and_path(server):
    base, routes = server
    routes.add("/api/items", json.dumps([{"id": "a", "text": "Troops crossed the river."}]), "application/json")
    routes.add("/dump.jsonl.gz", gzip.compress(b'{"text": "Gzipped record."}\n'), "application/gzip")
    routes.add("/notes", "Plain words from a server.", "text/plain; charset=utf-8")
    routes.add("/latin", "Caf\u00e9 reopens.".encode("latin-1"), "text/plain; charset=iso-8859-1")
    items = read_all(f"{base}/api/items", f"{base}/dump.jsonl.gz", f"{base}/notes", f"{base}/latin")
    assert [a.text for a in articles(items)] == ["Troops crossed the river.", "Gzipped record.",
                                                "Plain words from a server.", "Caf\u00e9 reopens."]
    assert items[0].external_id == "a" and items[0].origin == f"{base}/api/items[0]"
    assert not skipped(items)
