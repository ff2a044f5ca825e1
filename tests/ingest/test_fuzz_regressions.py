"""Inputs the fuzzer (fuzz/run.py, docs/hardening.md) found mishandled, each cut down to a minimal
case and written in here. Before its fix each one either crashed into the last-resort guard
("unexpected error"), vanished without a trace, or took minutes or gigabytes."""
from __future__ import annotations

import gzip
import time

from flashpoint.ingest import ReadOptions
from flashpoint.ingest.feeds import ENTITY_REFUSED
from flashpoint.ingest.html import MAX_PAGE_ELEMENTS, MAX_TAG_ATTRIBUTES, html_to_text
from flashpoint.ingest.text import GZIP_RATIO_FLOOR
from flashpoint.model import Article, Skipped

from .conftest import PARAGRAPHS, article_html, articles, read_all, skipped

TEXT = PARAGRAPHS[0]


def _only_skip(items, path) -> Skipped:
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    assert items[0].origin.startswith(str(path))
    assert not items[0].reason.startswith("unexpected error"), items[0].reason
    return items[0]


# --- inputs that produced nothing at all (the file was missing from the summary) -------------------

def test_jsonl_of_blank_lines_is_reported(write):
    path = write("blank.jsonl", b"\n")
    assert "no records" in _only_skip(read_all(path), path).reason


def test_csv_with_only_a_header_is_reported(write):
    path = write("header.csv", b"text\n")
    assert "no rows" in _only_skip(read_all(path), path).reason


def test_empty_gzip_member_is_reported(write):
    path = write("empty.jsonl.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00")
    assert "no records" in _only_skip(read_all(path), path).reason


# --- crashes that reached the last-resort guard ----------------------------------------------------

def test_malformed_csv_header_is_a_skip_not_a_crash(write):
    for name, data in [("eof.csv", b'id,"text'),                 # csv.Error: unexpected end of data
                       ("quote.csv", b'id,"te"xt\n1,a\n'),       # csv.Error: ',' expected after '"'
                       ("tab.tsv", b'text\t"x"y\n')]:           # csv.Error: '\t' expected after '"'
        path = write(name, data)
        assert "malformed CSV header" in _only_skip(read_all(path), path).reason


def test_csv_with_carriage_return_line_ends_is_read(write):
    # was: csv.Error "new-line character seen in unquoted field" on the header, and the file lost
    path = write("mac.csv", b'id,text\r1,hello there\r2,"multi\rline"\r3,x\n')
    items = read_all(path)
    assert [a.text for a in articles(items)] == ["hello there", "multi\rline", "x"]
    assert [a.origin.rsplit(":", 1)[1] for a in articles(items)] == ["2", "3", "5"]


def test_warc_record_without_target_uri_is_a_skip_not_a_crash(write):
    # warcio raises AttributeError for a response record with no WARC-Target-URI
    path = write("t.warc", b"WARC/1.0\r\nWARC-Type: response")
    skip = _only_skip(read_all(path), path)
    assert "corrupt or truncated" in skip.reason and skip.origin == f"{path}@0"


def test_lone_surrogates_in_json_become_replacement_characters(write):
    # was: UnicodeEncodeError hashing the text ("\ud83d" is valid JSON but has no UTF-8)
    path = write("cut.jsonl", b'{"text": "emoji \\ud83d cut", "title": "t\\udc00"}\n')
    [article] = read_all(path)
    assert article.text == "emoji \ufffd cut" and article.title == "t\ufffd"


def test_feed_parser_failures_are_skips_naming_the_feed(write):
    cases = [
        # feedparser's loose parser: chr() arg not in range(0x110000)
        ("charref.xml", b"<rss><channel><item><description>&#x110000;</description></item></channel></rss>"),
        # feedparser's encoding detection: UnicodeDecodeError on the declared encoding's name
        ("decl.xml", b'<?xml version="1.0" encoding="i\xc8"?><rss><channel><item><description>x</description>'
                     b"</item></channel></rss>"),
        # feedparser's namespace handling: ValueError: too many values to unpack
        ("ns.xml", b'<d n="" xmlns="\xed\xa0\xed\xa0\xed">'),
    ]
    for name, data in cases:
        path = write(name, data)
        assert _only_skip(read_all(path), path).reason.startswith("not a readable feed"), name


def test_unknown_marked_section_in_a_feed_item_is_text(write):
    # found by atheris (fuzz/atheris_readers.py): HTMLParser raises AssertionError("unknown status
    # keyword ... in marked section") on "<![p>", "<![ >"..., which ended the whole feed
    path = write("marked.xml", b'<item<description<![CDATA[<!["]]></description>')
    [item] = read_all(path)
    assert isinstance(item, Article) and item.origin == f"{path}#1"
    for fragment in ["<![p>", "<![ >", "<![>", "a <![x[ y ]]> b"]:
        assert html_to_text(fragment) == fragment


def test_feed_parser_regexes_are_not_given_quadratic_input(write):
    # feedparser's own regexes: the XML declaration's (cubic in a long first line: 26 KB took 38 s)
    # and its DOCTYPE stripping (quadratic in blank lines before the first element: 120 KB took 20 s)
    body = f"<rss><channel><item><description>{TEXT}</description></item></channel></rss>".encode()
    slow = [b"<?xml " + b'encoding="a" ' * 3000 + body,
            b"<?xml " + b'encoding="a" ' * 3000 + b"?>" + body,
            b'<?xml version="1.0"?>' + b"\r\n" * 60_000 + body,
            b'<?xml version="1.0"?>' + b"<!DOCTYPE\n" * 20_000 + body]
    for i, data in enumerate(slow):
        path = write(f"slow{i}.xml", data)
        start = time.monotonic()
        assert _only_skip(read_all(path), path).reason.startswith("not a readable feed")
        assert time.monotonic() - start < 2
    # the declaration now sits on its own line; a one-line feed still reads
    path = write("one-line.xml", b'<?xml version="1.0" encoding="utf-8"?>' + body)
    assert [a.text for a in articles(read_all(path))] == [TEXT]


# --- memory and time ------------------------------------------------------------------------------

def test_utf16_jsonl_is_streamed_and_an_overlong_line_skipped(write):
    # was: a UTF-16 JSON Lines file was decoded whole (a 1 GB file held in memory several times over)
    # and its over-long lines were never refused
    good = '{"text": "%s"}\n' % TEXT
    path = write("wide.jsonl", ('{"text": "' + "x" * 5000 + '"}\n' + good).encode("utf-16"))
    items = read_all(path, max_bytes=1000)
    assert "over the 2,000-byte limit" in items[0].reason and items[0].origin == f"{path}:1"
    assert [a.text for a in articles(items)] == [TEXT]


def test_utf16_jsonl_keeps_line_separators_inside_strings(write):
    # was: split with str.splitlines, which also breaks at U+2028 and U+0085 (legal in a JSON string)
    path = write("sep.jsonl", '{"text": "one\u2028two\x85three"}\n'.encode("utf-16"))
    assert [a.text for a in articles(read_all(path))] == ["one\u2028two\x85three"]


def test_gzip_bomb_is_refused_without_inflating_it(write):
    # was: every byte inflated (a 4 MB file expanding to 4 GB took 20 s or more to skip)
    bomb = gzip.compress(b'{"text": "' + b"a" * (GZIP_RATIO_FLOOR + (1 << 20)), compresslevel=9)
    path = write("bomb.jsonl.gz", bomb)
    skip = _only_skip(read_all(path), path)
    assert "gzip bomb" in skip.reason


def test_warc_gzip_bomb_is_refused_without_inflating_it(write):
    payload = b"<html><body><p>" + b" " * (GZIP_RATIO_FLOOR + (1 << 20)) + b"</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/a\r\n"
              b"Content-Length: %d\r\n\r\n" % len(http)) + http + b"\r\n\r\n"
    path = write("bomb.warc.gz", gzip.compress(record, compresslevel=9))
    items = read_all(path)
    assert any("gzip bomb" in s.reason for s in skipped(items)), items
    assert not articles(items)


def test_tag_with_thousands_of_attributes_is_refused_quickly(write):
    # was: libxml2's HTML parser is quadratic in one tag's attributes: 300,000 took minutes
    attrs = " ".join(f'a{i}="{i}"' for i in range(MAX_TAG_ATTRIBUTES + 1))
    path = write("attrs.html", article_html().replace("<article>", f"<article {attrs}>"))
    start = time.monotonic()
    assert "attributes" in _only_skip(read_all(path), path).reason
    assert time.monotonic() - start < 5


def test_page_with_too_many_elements_is_refused(write):
    # was: 150,000 sibling elements took 23 s in trafilatura
    path = write("wide.html", article_html().replace("<article>", "<article>" + "<i>x</i>" * MAX_PAGE_ELEMENTS))
    assert "HTML elements" in _only_skip(read_all(path), path).reason


def test_real_pages_are_within_the_page_limits(write):
    from flashpoint.ingest.html import check_page_shape

    check_page_shape(article_html())
    check_page_shape('<p a="1>2" b=\'<\' c=d>x</p><script>for (a < b; c = d;) {}</script>' * 100)


def test_feed_summary_of_unclosed_tags_is_linear():
    # was: Python's HTMLParser rescans the rest for each unclosed "<a " (60 KB took 20 s)
    for fragment in ["<a " * 20_000, "<a b=" * 20_000, "<a" * 20_000, "<![CDATA[" * 20_000]:
        start = time.monotonic()
        html_to_text(fragment)
        assert time.monotonic() - start < 2, fragment[:20]
    assert html_to_text("<p>a < b and c<d</p><!-- <p>x</p> --><p>ok &amp; fine</p>") == "a < b and c<d\n\nok & fine"


def test_entity_declarations_are_refused_in_any_encoding(write):
    # was: only ASCII and UTF-16 were searched; the same bomb in UTF-32 or EBCDIC was parsed
    doc = ('<?xml version="1.0" encoding="{enc}"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><item>'
           f"<title>t</title><description>{TEXT} &b;</description></item></channel></rss>")
    for enc in ("utf-32", "utf-32-be", "cp037"):
        path = write(f"laughs-{enc}.xml", doc.format(enc=enc).encode(enc))
        assert _only_skip(read_all(path), path).reason == ENTITY_REFUSED


def test_a_large_max_bytes_does_not_allocate_it_up_front(write):
    # was: read(max_bytes + 1) on a file object allocates that much at once: MemoryError on any file
    path = write("small.txt", TEXT)
    assert [a.text for a in articles(read_all(path, max_bytes=2**40))] == [TEXT]
