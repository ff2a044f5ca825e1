"""The fuzzer's properties at small sizes, so CI keeps guarding them (the full run is `make fuzz`:
fuzz/run.py, docs/hardening.md). Derandomized: every run tries the same inputs.

For any input, under any name: nothing escapes iter_articles; no failure reaches the last-resort
guard ("unexpected error"); the input yields at least one item and every item names it; a good file
after it is still read; article text is non-empty and within max_bytes; local files named by XML
external entities never reach an article.
"""
from __future__ import annotations

import gzip
import json
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.ingest import ReadOptions, iter_articles
from flashpoint.ingest.feeds import ENTITY_REFUSED
from flashpoint.ingest.html import html_to_text
from flashpoint.model import Article, Skipped

from .conftest import PARAGRAPHS, article_html, articles, read_all, rss_feed, skipped

TEXT = PARAGRAPHS[0]
CANARY = "FLASHPOINT-PROPERTY-CANARY"
NAMES = ["doc.txt", "doc", "page.html", "feed.xml", "feed.atom", "data.json", "data.jsonl", "rows.csv",
         "rows.tsv", "crawl.warc", "crawl.arc", "doc.txt.gz", "data.jsonl.gz", "crawl.warc.gz", "x.bin"]
FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def _warc(payload: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/a\r\n"
            b"WARC-Date: 2024-03-05T08:30:00Z\r\nContent-Length: %d\r\n\r\n" % len(http)) + http + b"\r\n\r\n"


def _arc(payload: bytes) -> bytes:
    desc = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload
    return (b"filedesc://t.arc 0.0.0.0 20240305083000 text/plain %d\n" % len(desc) + desc + b"\n"
            + b"http://news.example.org/a 127.0.0.1 20240305083000 text/html %d\n" % len(http) + http + b"\n")


PAGE = article_html().encode()
DOCUMENTS = {
    "page.html": PAGE,
    "feed.xml": rss_feed([{"title": "A", "link": "https://news.example.org/a", "description": TEXT},
                          {"title": "B", "description": PARAGRAPHS[1]}]).encode(),
    "data.jsonl": "".join(json.dumps({"id": i, "text": p}) + "\n" for i, p in enumerate(PARAGRAPHS)).encode(),
    "data.json": json.dumps({"articles": [{"text": p} for p in PARAGRAPHS]}).encode(),
    "rows.csv": ("id,text\n" + "".join(f'{i},"{p}"\n' for i, p in enumerate(PARAGRAPHS))).encode(),
    "crawl.warc": _warc(PAGE) * 2,
    "crawl.warc.gz": gzip.compress(_warc(PAGE), mtime=0) * 2,
    "crawl.arc": _arc(PAGE),
    "doc.txt": "\n\n".join(PARAGRAPHS).encode(),
}


def check(name: str, data: bytes, **options) -> list[Article | Skipped]:
    """Read `data` as `name` and a good file after it; assert the properties; return its items."""
    options.setdefault("max_bytes", 200_000)
    opts = ReadOptions(**options)
    with tempfile.TemporaryDirectory() as tmp:
        path, good = Path(tmp) / name, Path(tmp) / "zz-good.txt"
        path.write_bytes(data)
        good.write_text(TEXT)
        items = list(iter_articles([str(path), str(good)], opts))
    assert items and isinstance(items[-1], Article) and items[-1].origin == str(good), items[-3:]
    mine = items[:-1]
    assert mine, "the input produced neither an article nor a skip"
    for item in mine:
        assert item.origin.startswith(str(path)), item
        if isinstance(item, Skipped):
            assert item.reason and not item.reason.startswith("unexpected error"), item.reason
        else:
            assert item.text.strip() and len(item.text.encode("utf-8")) <= opts.max_bytes
            assert CANARY not in item.text and "root:x:0:0" not in item.text
    return mine


@settings(FAST, max_examples=150)
@given(st.binary(max_size=1500), st.sampled_from(NAMES))
def test_random_bytes_under_any_name(data, name):
    check(name, data)


@st.composite
def damaged(draw):
    name = draw(st.sampled_from(sorted(DOCUMENTS)))
    data = bytearray(DOCUMENTS[name])
    if draw(st.integers(0, 4)) == 0 and not name.endswith(".gz"):
        data, name = bytearray(gzip.compress(bytes(data), mtime=0)), name + ".gz"
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if data and draw(st.booleans()):
            data[at] ^= draw(st.integers(1, 255))
        else:
            data[at:at] = draw(st.sampled_from([b"\x00", b"\xff\xfe", b"<", b'"', b"\r", b"&#x110000;", b"\xed\xa0\x80",
                                                b"<!--", b"]]>", b"\\ud800"]))
    return name, bytes(data[: draw(st.integers(0, len(data)))])


@settings(FAST, max_examples=300)
@given(damaged())
def test_cut_and_flipped_real_formats(case):
    check(*case)


@settings(FAST, max_examples=100)
@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                                "latin-1", "cp1252", "shift_jis"]),
       st.sampled_from(["doc.txt", "data.jsonl", "rows.csv", "page.html", "feed.xml"]))
def test_any_text_in_any_encoding(text, codec, name):
    body = {"data.jsonl": lambda t: json.dumps({"text": t}, ensure_ascii=False) + "\n" + json.dumps({"text": TEXT}),
            "rows.csv": lambda t: f'text\n"{t}"\n"{TEXT}"\n',
            "page.html": lambda t: article_html(paragraphs=[t, *PARAGRAPHS]),
            "feed.xml": lambda t: rss_feed([{"title": t, "description": TEXT}])}.get(name, lambda t: t)(text)
    check(name, body.encode(codec, errors="replace"))


@FAST
@given(st.integers(0, 30_000), st.sampled_from("[{"), st.sampled_from(["data.jsonl", "data.json"]))
def test_deep_nesting_keeps_the_next_record(depth, opener, name):
    nested = "[" * depth + "]" * depth if opener == "[" else '{"a":' * depth + "1" + "}" * depth
    data = f'{{"text": "x", "y": {nested}}}\n{{"text": "{TEXT}"}}\n'.encode()
    items = check(name, data)
    if name == "data.jsonl":  # (a .json file is one document: too deep, it is skipped whole)
        assert any(isinstance(x, Article) and x.text == TEXT for x in items)


@FAST
@given(st.sampled_from(["utf-8", "utf-16", "utf-16-be", "utf-32", "utf-32-be", "cp037", "latin-1"]),
       st.sampled_from(["laughs", "xxe", "param"]))
def test_entity_declarations_are_refused_and_never_leak(codec, kind):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as secret:
        secret.write(CANARY)
    decl = {"laughs": '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">',
            "xxe": f'<!ENTITY b SYSTEM "file://{secret.name}">',
            "param": f'<!ENTITY % p SYSTEM "file://{secret.name}"> %p;'}[kind]
    feed = (f'<?xml version="1.0" encoding="{codec}"?><!DOCTYPE rss [{decl}]><rss version="2.0"><channel>'
            f"<item><title>t</title><description>{TEXT} &b;</description></item></channel></rss>")
    [skip] = check("feed.xml", feed.encode(codec))
    assert skip.reason == ENTITY_REFUSED
    page = article_html(paragraphs=[TEXT + " &b;", *PARAGRAPHS[1:]]).replace("<!DOCTYPE html>",
                                                                             f"<!DOCTYPE html [{decl}]>")
    check("page.html", page.encode("utf-8"))
    check("crawl.warc", _warc(page.encode("utf-8")))
    Path(secret.name).unlink()


@FAST
@given(st.sampled_from(sorted(DOCUMENTS)), st.data())
def test_truncated_gzip(name, data):
    packed = gzip.compress(DOCUMENTS[name], mtime=0)
    check(name.removesuffix(".gz") + ".gz", packed[: data.draw(st.integers(0, len(packed)))])


@settings(FAST, max_examples=100)
@given(st.lists(st.one_of(st.just('"'), st.just('""'), st.just(","), st.just("\n"), st.just("\r"), st.just("\t"),
                          st.text(max_size=20), st.integers(0, 5000).map(lambda n: "x" * n)), max_size=30),
       st.sampled_from([",", "\t", ";"]), st.sampled_from([500, 5000, 200_000]))
def test_csv_with_huge_fields_and_unbalanced_quotes(pieces, delimiter, max_bytes):
    data = f"id{delimiter}text\n" + "".join(pieces) + f'\n9{delimiter}"{TEXT}"\n'
    check("rows.csv" if delimiter != "\t" else "rows.tsv", data.encode(), max_bytes=max_bytes)


@settings(FAST, max_examples=20)
@given(st.sampled_from(["<a ", "<a b=", "<a", "</", "<!", "<?", "<![CDATA[", '<a b="x>', "<!--", "&#x"]))
def test_html_fragments_are_linear(token):
    start = time.monotonic()
    html_to_text(token * 20_000)
    assert time.monotonic() - start < 2


# --- the heavy cases of fuzz/heavy.py, at small sizes ----------------------------------------------

def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_records_after_a_deeply_nested_line_are_read(tmp_path):
    deep = '{"text": "x", "y": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = _write(tmp_path, "deep.jsonl", deep + "\n" + '{"text": "%s"}\n' % TEXT)
    items = read_all(path)
    assert "nested too deeply" in items[0].reason
    assert [a.text for a in articles(items)] == [TEXT]
    assert isinstance(items[1], Article)


def test_xxe_never_reads_local_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("FLASHPOINT-SECRET-CANARY\n")
    entity = f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    page = article_html(paragraphs=[TEXT + " &xxe;", *PARAGRAPHS[1:]]).replace("<!DOCTYPE html>", entity)
    feed = (f'<?xml version="1.0"?>{entity.replace("html", "rss", 1)}<rss version="2.0"><channel><item>'
            f"<title>t</title><description>{TEXT} &xxe;</description></item></channel></rss>")
    items = read_all(_write(tmp_path, "xxe.html", page), _write(tmp_path, "xxe.xml", feed),
                     _write(tmp_path, "xxe32.xml", feed.encode("utf-32")))
    assert all("FLASHPOINT-SECRET-CANARY" not in a.text for a in articles(items))
    assert len(items) == 3 and not any(s.reason.startswith("unexpected") for s in skipped(items))


def test_csv_field_over_the_limit_then_good_rows(tmp_path):
    path = _write(tmp_path, "field.csv", b'id,text\n0,"' + b"word " * 2000 + b"\n" + f'1,"{TEXT}"\n'.encode())
    items = read_all(path, max_bytes=1000)
    assert [a.text for a in articles(items)] == [TEXT]
    assert items[0].origin == f"{path}:2"


def test_max_bytes_holds_for_a_line_without_newline(tmp_path):
    path = _write(tmp_path, "line.jsonl", b'{"text": "' + b"x" * 300_000)
    [skip] = read_all(path, max_bytes=10_000)
    assert "over the 20,000-byte limit" in skip.reason
