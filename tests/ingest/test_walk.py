"""Sources: folders, globs, missing paths, special files, ordering and format sniffing."""
from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.ingest import ReadOptions, iter_articles
from flashpoint.ingest.walk import sniff
from flashpoint.model import Article, Skipped

from .conftest import article_html, articles, read_all, rss_feed


@pytest.fixture
def corpus(write, tmp_path):
    write("b.txt", "Second file: the council met.")
    write("a.txt", "First file: the army withdrew.")
    write("sub/c.jsonl", '{"text": "Third: talks resumed."}\n')
    write("sub/deeper/d.html", article_html())
    write(".hidden.txt", "Hidden file must be ignored.")
    write(".git/config.txt", "Hidden folder must be ignored.")
    write("sub/feed.rss", rss_feed([{"title": "T", "description": "Fourth: a feed item."}]))
    return tmp_path


def test_folder_walk_is_recursive_sorted_and_skips_hidden(corpus):
    items = read_all(corpus)
    assert all(isinstance(x, Article) for x in items)
    origins = [os.path.relpath(x.origin.split("#")[0].split(":")[0], corpus) for x in items]
    assert origins == ["a.txt", "b.txt", "sub/c.jsonl", "sub/deeper/d.html", "sub/feed.rss"]
    assert not any("Hidden" in x.text for x in items)


def test_order_is_deterministic(corpus):
    assert [a.id for a in read_all(corpus)] == [a.id for a in read_all(corpus)]


def test_globs_sorted_and_recursive(corpus):
    items = read_all(corpus / "**" / "*.txt")
    assert [os.path.basename(a.origin) for a in items] == ["a.txt", "b.txt"]
    matched = read_all(corpus / "sub" / "*")  # a matched folder ('deeper') is walked in its sorted place
    assert [os.path.basename(a.origin) for a in matched] == ["c.jsonl:1", "d.html", "feed.rss#1"]
    [miss] = read_all(corpus / "*.nothing")
    assert isinstance(miss, Skipped) and "no files match" in miss.reason


def test_sources_in_given_order_without_duplicates(corpus):
    items = read_all(corpus / "b.txt", corpus / "a.txt", corpus / "b.txt", corpus / "*.txt")
    assert [os.path.basename(a.origin) for a in items] == ["b.txt", "a.txt"]


def test_linked_folder_is_not_followed_inside_a_walk(corpus, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "far.txt").write_text("Read only when named.")
    (corpus / "link").symlink_to(outside, target_is_directory=True)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    items = read_all(corpus)
    links = [x for x in items if isinstance(x, Skipped)]
    assert [os.path.basename(x.origin) for x in links] == ["link", "loop"]
    assert not any("Read only when named." in a.text for a in articles(items))
    assert [a.text for a in read_all(corpus / "link")] == ["Read only when named."]


def test_missing_path(tmp_path):
    missing = str(tmp_path / "nope.txt")
    assert read_all(missing) == [Skipped(missing, f"no such file or folder: {missing}; check the path")]


def test_unsupported_url_scheme():
    [item] = read_all("ftp://example.org/file.txt")
    assert isinstance(item, Skipped) and "only http and https" in item.reason


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are POSIX")
def test_named_pipe_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [item] = read_all(fifo)
    assert isinstance(item, Skipped) and "not a regular file" in item.reason


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can read anything")
def test_unreadable_file(write):
    path = write("secret.txt", "x")
    path.chmod(0)
    [item] = read_all(path)
    assert isinstance(item, Skipped)


def test_unexpected_errors_become_skipped(write, monkeypatch):
    from flashpoint.ingest import html

    def boom(*args, **kwargs):
        raise RuntimeError("extractor exploded")

    monkeypatch.setattr(html, "extract_page", boom)
    items = read_all(write("page.html", article_html()), write("ok.txt", "Still read."))
    assert items[0] == Skipped(items[0].origin, "unexpected error: RuntimeError: extractor exploded")
    assert isinstance(items[1], Article)


@pytest.mark.parametrize("head, expected", [
    (b'{"text": "x"}', "json"),
    (b'[{"text": "x"}]', "json"),
    (b"[Reuters] said on Monday", "text"),
    (b"<!DOCTYPE html><html>", "html"),
    (b"<!-- saved --><html><body>", "html"),
    (b'<?xml version="1.0"?><rss version="2.0">', "feed"),
    (b"<!--\nDescription: test\n-->\n<feed><entry><body>x</body></entry></feed>", "feed"),
    (b'<rdf:RDF xmlns:rdf="x">', "feed"),
    ("<?xml version='1.0'?><feed>".encode("utf-16"), "feed"),
    (b"Plain words on a page.", "text"),
])
def test_sniff(head, expected):
    assert sniff(head) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), name=st.sampled_from(
    ["x.txt", "x.html", "x.json", "x.jsonl", "x.csv", "x.xml", "x.warc", "x.warc.gz", "x.gz", "noext"]))
def test_arbitrary_bytes_never_raise(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    for item in iter_articles([str(path)], ReadOptions(max_bytes=10_000)):
        assert isinstance(item, (Article, Skipped))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=300))
def test_arbitrary_text_round_trips_or_is_skipped(tmp_path, text):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    [item] = list(iter_articles([str(path)]))
    if isinstance(item, Article):
        assert item.text == item.text.strip() and item.text
    else:
        assert item.reason
