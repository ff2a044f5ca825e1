"""JSON Lines, JSON and CSV/TSV record corpora, and column mapping."""
from __future__ import annotations

import gzip
import json

from flashpoint.model import Article, Skipped

from .conftest import articles, read_all, skipped

RECORDS = [
    {"id": "r1", "published": "2024-02-01T10:00:00Z", "title": "Ceasefire holds",
     "text": "A ceasefire between the two militias held overnight, residents said.",
     "url": "https://www.daily.example.com/ceasefire", "source": "Daily Example"},
    {"id": 2, "published": "3 Feb 2024", "title": "Aid convoy arrives",
     "text": "An aid convoy reached the besieged town after a week of delays.",
     "url": "https://wire.example.net/convoy"},
]


def jsonl(records) -> str:
    return "\n".join(json.dumps(r) for r in records) + "\n"


def test_jsonl_one_article_per_line(write):
    path = write("corpus.jsonl", jsonl(RECORDS))
    first, second = read_all(path)
    assert first.external_id == "r1" and first.doc_id == "r1"
    assert first.published == "2024-02-01"
    assert first.title == "Ceasefire holds"
    assert first.source == "Daily Example"
    assert first.origin == f"{path}:1"
    assert second.external_id == "2"
    assert second.published == "2024-02-03"
    assert second.source == "wire.example.net"
    assert second.origin == f"{path}:2"


def test_jsonl_bad_lines_are_skipped_and_the_rest_continue(write):
    lines = [json.dumps(RECORDS[0]), "{not json", "", "[1, 2]", json.dumps({"id": "x", "body": "no text key"}),
             json.dumps(RECORDS[1])]
    path = write("mixed.ndjson", "\n".join(lines))
    items = read_all(path)
    assert [type(x).__name__ for x in items] == ["Article", "Skipped", "Skipped", "Skipped", "Article"]
    bad, not_object, no_text = skipped(items)
    assert bad.origin == f"{path}:2" and "malformed JSON" in bad.reason
    assert not_object.origin == f"{path}:4" and "not an object" in not_object.reason
    assert no_text.origin == f"{path}:5"
    assert no_text.reason == "no 'text' field; map the column with --column text=NAME"


def test_column_mapping(write):
    rows = [{"doc": "d-9", "body": "Parliament passed the emergency budget late on Friday.",
             "date": "2024-06-07", "headline": "Budget passed", "meta": {"link": "https://x.example.org/a"}}]
    path = write("mapped.jsonl", jsonl(rows))
    [unmapped] = read_all(path)
    assert isinstance(unmapped, Skipped)
    columns = {"text": "body", "published": "date", "id": "doc", "title": "headline", "url": "meta.link"}
    [art] = read_all(path, columns=columns)
    assert art.text.startswith("Parliament passed")
    assert (art.published, art.external_id, art.title) == ("2024-06-07", "d-9", "Budget passed")
    assert art.url == "https://x.example.org/a" and art.source == "x.example.org"


def test_jsonl_encodings_per_line(write):
    data = (json.dumps({"text": "caf\u00e9 closed"}, ensure_ascii=False).encode() + b"\n"
            + '{"text": "na\u00efve plan"}'.encode("cp1252") + b"\n")
    first, second = read_all(write("enc.jsonl", b"\xef\xbb\xbf" + data))
    assert first.text == "caf\u00e9 closed" and second.text == "na\u00efve plan"


def test_jsonl_gzipped_and_record_limits(write):
    big = {"text": "word " * 300}
    path = write("c.jsonl.gz", gzip.compress(jsonl([RECORDS[0], big]).encode()))
    items = read_all(path, max_bytes=600)
    assert isinstance(items[0], Article)
    assert isinstance(items[1], Skipped) and "limit" in items[1].reason


def test_json_single_object_list_and_wrapper(write):
    [one] = read_all(write("one.json", json.dumps(RECORDS[0])))
    assert one.external_id == "r1" and one.origin.endswith("one.json")
    path = write("many.json", json.dumps(RECORDS + ["stray string"]))
    items = read_all(path)
    assert [x.origin for x in items] == [f"{path}[0]", f"{path}[1]", f"{path}[2]"]
    assert isinstance(items[2], Skipped)
    wrapped = read_all(write("wrapped.json", json.dumps({"count": 2, "articles": RECORDS})))
    assert len(articles(wrapped)) == 2


def test_json_malformed_and_odd_shapes(write):
    [bad] = read_all(write("bad.json", '{"text": "unterminated'))
    assert isinstance(bad, Skipped) and "malformed JSON at line 1" in bad.reason
    [scalar] = read_all(write("n.json", "42"))
    assert isinstance(scalar, Skipped)
    [empty] = read_all(write("e.json", "[]"))
    assert isinstance(empty, Skipped)
    [deep] = read_all(write("deep.json", "[" * 100_000 + "]" * 100_000))
    assert isinstance(deep, Skipped)
    [not_text] = read_all(write("t.json", json.dumps({"text": {"nested": True}})))
    assert isinstance(not_text, Skipped) and "not text" in not_text.reason


def test_json_that_is_really_json_lines(write):
    items = read_all(write("lines.json", jsonl(RECORDS)))
    assert len(articles(items)) == 2


def test_numeric_timestamps(write):
    [art] = read_all(write("ts.jsonl", jsonl([{"text": "Vote counted.", "published": 1717200000}])))
    assert art.published == "2024-06-01"


def test_csv_rows(write):
    text = ('id,published,title,text,url\n'
            'c1,2024-01-15,Dam opens,"The new dam opened, officials said.\nIt cost millions.",https://a.example.com/x\n'
            'c2,2024-01-16,Empty,,\n'
            '\n'
            'c3,2024-01-17,Port,"Dockers ended their strike.",\n')
    path = write("corpus.csv", text)
    first, empty, third = read_all(path)
    assert first.text == "The new dam opened, officials said.\nIt cost millions."
    assert (first.external_id, first.published, first.source) == ("c1", "2024-01-15", "a.example.com")
    assert first.origin == f"{path}:2"
    assert isinstance(empty, Skipped) and empty.origin == f"{path}:4"
    assert third.origin == f"{path}:6" and third.url is None


def test_tsv_and_semicolon_csv_and_case_insensitive_headers(write):
    [tsv] = read_all(write("c.tsv", "ID\tText\nt1\tTroops withdrew from the border.\n"))
    assert tsv.external_id == "t1" and tsv.text == "Troops withdrew from the border."
    [semi] = read_all(write("c.csv", "id;text\ns1;Talks resumed in Geneva.\n"))
    assert semi.text == "Talks resumed in Geneva."


def test_csv_without_text_column_is_one_skip(write):
    path = write("events.csv", "a,b,c\n1,2,3\n4,5,6\n")
    [item] = read_all(path)
    assert isinstance(item, Skipped) and item.origin == str(path)
    assert "no 'text' column (columns: a, b, c)" in item.reason and "--column text=NAME" in item.reason
    [mapped_ok] = read_all(write("events2.csv", "a,body\n1,Rebels seized the airport.\n"), columns={"text": "body"})
    assert mapped_ok.text == "Rebels seized the airport."


def test_csv_large_field_and_bad_row(write):
    long_text = "sentence. " * 20_000  # beyond csv's default 128 KiB field limit
    items = read_all(write("long.csv", f'text\n"{long_text}"\n"unclosed \x00 quote\n'))
    assert isinstance(items[0], Article) and len(items[0].text) > 150_000
    assert all(isinstance(x, Skipped) for x in items[1:])


def test_record_text_is_kept_exactly_so_offsets_stay_valid(tmp_path):
    import json

    from flashpoint.ingest import iter_articles

    text = "\n\nNAIROBI (Wire) _\r\n\nTroops moved on Friday.  "
    path = tmp_path / "offsets.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
    [article] = list(iter_articles([str(path)]))
    assert article.text == text
