"""WARC/ARC archives written by the tests with warcio (and by hand for ARC)."""
from __future__ import annotations

import gzip
import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flashpoint.model import Article, Skipped

from .conftest import PARAGRAPHS, article_html, articles, read_all, skipped

UNDATED = article_html(title="Mayor opens new bridge", published="").replace(
    '<meta property="article:published_time" content="T08:30:00Z">', "")


def _response(writer, url, body, status="200 OK", content_type="text/html; charset=utf-8", date=None):
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    headers = {"WARC-Date": date} if date else None
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                     warc_headers_dict=headers)


def build_warc(gz: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "flashpoint tests"}))
    req = StatusAndHeaders("GET /valmora HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example.org/valmora", "request",
                                                  payload=io.BytesIO(b""), http_headers=req))
    writer.write_record(_response(writer, "https://news.example.org/valmora", article_html().encode()))
    writer.write_record(_response(writer, "https://city.example.com/bridge", UNDATED.encode(),
                                  date="2023-09-14T10:00:00Z"))
    writer.write_record(_response(writer, "https://news.example.org/missing", b"<html>gone</html>", status="404 Not Found"))
    writer.write_record(_response(writer, "https://news.example.org/logo.png", b"\x89PNG....", content_type="image/png"))
    writer.write_record(writer.create_revisit_record("https://news.example.org/valmora", "sha1:AAAA",
                                                     "https://news.example.org/valmora", "2024-03-05T08:00:00Z"))
    writer.write_record(writer.create_warc_record("https://news.example.org/valmora", "metadata",
                                                  payload=io.BytesIO(b"via: test\n"),
                                                  warc_content_type="application/warc-fields"))
    return out.getvalue()


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True), ("no-extension", True)])
def test_warc_html_responses_only(write, name, gz):
    path = write(name, build_warc(gz))
    items = read_all(path)
    assert all(isinstance(x, Article) for x in items), items
    valmora, bridge = items
    assert all(p in valmora.text for p in PARAGRAPHS)
    assert valmora.url == "https://news.example.org/valmora"
    assert valmora.published == "2024-03-05"
    assert valmora.origin.startswith(f"{path}@")
    assert bridge.url == "https://city.example.com/bridge" and bridge.source == "city.example.com"
    assert bridge.published == "2023-09-14"  # no date in the page: the WARC-Date
    assert bridge.title == "Mayor opens new bridge"


def test_truncated_warc_yields_what_was_read_and_one_skip(write):
    data = build_warc(False)
    cut = data.index(b"Mayor opens new bridge") + 200
    items = read_all(write("cut.warc", data[:cut]))
    assert isinstance(items[0], Article) and "Valmora" in items[0].text
    assert len(skipped(items)) == 1
    assert "truncated" in skipped(items)[0].reason and "@" in skipped(items)[0].origin


def test_corrupt_tail_yields_records_before_it(write):
    valid = build_warc(True)
    data = valid + b"\x1f\x8b\x08garbage-not-a-record\n" * 10
    items = read_all(write("tail.warc.gz", data))
    assert len(articles(items)) == 2
    [bad] = skipped(items)
    assert "corrupt or truncated at byte" in bad.reason
    offset = int(bad.origin.rsplit("@", 1)[1])
    assert len(valid) - 16 <= offset <= len(valid)  # where the valid records end (warcio's estimate)


def test_whole_file_gzip_warc_is_reread(write):
    """A WARC gzipped as one stream rather than record by record (warcio refuses those)."""
    items = read_all(write("single-stream.warc.gz", gzip.compress(build_warc(False))))
    assert len(articles(items)) == 2 and not skipped(items)


def test_archive_without_pages_and_not_an_archive(write):
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("empty.warc", {"software": "tests"}))
    [empty] = read_all(write("empty.warc.gz", out.getvalue()))
    assert isinstance(empty, Skipped) and "no HTML pages" in empty.reason
    [junk] = read_all(write("junk.warc", b"hello, this is just text\n" * 5))
    assert isinstance(junk, Skipped)


def test_wet_conversion_records_are_text(write):
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    text = "\n".join(PARAGRAPHS).encode()
    writer.write_record(writer.create_warc_record("https://news.example.org/valmora", "conversion",
                                                  payload=io.BytesIO(text), warc_content_type="text/plain",
                                                  warc_headers_dict={"WARC-Date": "2024-03-06T00:00:00Z"}))
    [art] = read_all(write("crawl.warc.wet.gz", out.getvalue()))
    assert art.text == "\n".join(PARAGRAPHS) and art.published == "2024-03-06"


def test_page_over_max_bytes_is_skipped(write):
    items = read_all(write("big.warc", build_warc(False)), max_bytes=1000)
    assert len(skipped(items)) == 2 and all("limit" in s.reason for s in skipped(items))


def test_arc_file(write):
    body = article_html().encode()
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    version = b"1 0 Flashpoint\nURL IP-address Archive-date Content-type Archive-length\n"
    head = b"filedesc://test.arc 0.0.0.0 20240305083000 text/plain %d\n" % len(version)
    record = b"http://arc.example.org/valmora 10.0.0.1 20240305083000 text/html %d\n" % len(http)
    data = head + version + b"\n" + record + http + b"\n"
    [art] = read_all(write("old.arc", data))
    assert art.url == "http://arc.example.org/valmora" and PARAGRAPHS[1] in art.text
