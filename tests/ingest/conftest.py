"""Fixtures for the reader tests: small original documents and a local HTTP server."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from flashpoint.ingest import ReadOptions, iter_articles
from flashpoint.model import Article, Skipped

SHARED_INPUTS = Path(__file__).resolve().parents[3] / "shared" / "inputs"

PARAGRAPHS = [
    "Officials in the port city of Valmora said on Tuesday that talks between the fishing union "
    "and the regional government had broken down after nine hours of negotiation.",
    "The union, which represents about four thousand crew members, had asked for a review of the "
    "new quota rules introduced in the spring and for compensation for lost catches.",
    "A spokesperson for the regional ministry said the government remained open to dialogue but "
    "would not suspend the rules while an independent assessment was still under way.",
    "Union leaders told reporters outside the harbour office that they would meet again on "
    "Thursday to decide whether to call a strike before the start of the winter season.",
]


def article_html(title: str = "Talks collapse in Valmora fishing dispute",
                 paragraphs: list[str] | None = None, published: str = "2024-03-05",
                 canonical: str | None = "https://news.example.org/valmora-talks",
                 charset: str = "utf-8") -> str:
    """A small but realistic news page: navigation, a dated article, a footer."""
    body = "\n".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title} | Example News</title>
{link}<meta property="article:published_time" content="{published}T08:30:00Z">
<meta property="og:title" content="{title}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p class="byline">By a staff reporter</p>
{body}
</article><footer>Copyright Example News. All rights reserved.</footer></body></html>"""


def rss_feed(items: list[dict], title: str = "Example News: World") -> str:
    """An RSS 2.0 document; each item dict may hold title, link, description, pubDate."""
    parts = []
    for item in items:
        fields = "".join(
            f"<{tag}>{item[key]}</{tag}>"
            for key, tag in (("title", "title"), ("link", "link"), ("description", "description"),
                             ("pubDate", "pubDate"))
            if key in item
        )
        parts.append(f"<item>{fields}</item>")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
            f'<link>https://news.example.org/</link>{"".join(parts)}</channel></rss>')


def read_all(*sources, **options) -> list[Article | Skipped]:
    return list(iter_articles([str(s) for s in sources], ReadOptions(**options)))


def articles(items) -> list[Article]:
    return [x for x in items if isinstance(x, Article)]


def skipped(items) -> list[Skipped]:
    return [x for x in items if isinstance(x, Skipped)]


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """write(name, content) -> path; str content is written as UTF-8, bytes as they are."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return _write


class Routes(dict):
    """path -> (status, content type, body bytes, delay seconds)."""

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
            status: int = 200, delay: float = 0.0) -> None:
        self[path] = (status, content_type, body.encode("utf-8") if isinstance(body, str) else body, delay)


class _Handler(BaseHTTPRequestHandler):
    routes: Routes

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path.startswith("/redirect-to"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/redirect-to"))
            self.end_headers()
            return
        status, content_type, body, delay = self.routes.get(self.path, (404, "text/plain", b"not found", 0))
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, Routes]]:
    """A real HTTP server on 127.0.0.1 (random port) in a thread: yields (base URL, routes)."""
    routes = Routes()
    handler = type("Handler", (_Handler,), {"routes": routes})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", routes
    finally:
        httpd.shutdown()
        httpd.server_close()
