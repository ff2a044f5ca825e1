"""Hypothesis strategies: one per target, each drawing a `Case` (a file name and its bytes) or a text.

Inputs mix three sources: real files from ../shared/inputs cut at random offsets and with random
bytes flipped, inserted or deleted; documents built with adversarial shapes (deep nesting, entity
bombs, XXE, huge fields, unbalanced quotes, odd encodings, control characters, NULs); and random
bytes. Sizes stay small enough for hundreds of inputs a minute; the giant versions are heavy cases.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from hypothesis import strategies as st

from fuzz import corpus
from fuzz.corpus import SENTENCE, encode, gzip_bytes

# Byte strings worth splicing in: markup and format boundaries, encodings' marks, controls.
TOKENS = (b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x1f\x8b",
          b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"&lol;", b"<!ENTITY x \"y\">", b"<![CDATA[", b"]]>",
          b"<!--", b"-->", b"<![", b"<![p>", b"<![if x]>", b"<!x", b"<?xml version=\"1.0\"?>", b"</",
          b"<script>", b"<p>", b"<div>", b"\"", b"'", b",",
          b"\t", b"\r", b"\n", b"\r\n", b"\x0b", b"\x0c", b"\x1c", b"\x85", "\u2028".encode(), b"{", b"}", b"[",
          b"]", b"\\", b"\\u0000", b"\\ud800", b"WARC/1.0\r\n", b"Content-Length: 99999999\r\n", b"\r\n\r\n",
          b"filedesc://", b"HTTP/1.1 200 OK\r\n", b"%PDF", b"PK\x03\x04")
CONTROL_CHARS = "".join(chr(c) for c in list(range(0, 32)) + [127, 0x85, 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0xFFFE])


@dataclass
class Case:
    name: str
    data: bytes
    columns: dict = field(default_factory=dict)

    def describe(self) -> str:
        return f"{self.name} ({len(self.data):,} bytes){' columns=' + str(self.columns) if self.columns else ''}"


# ---------------------------------------------------------------------------------------------------
# text pieces

def _unicode_text(max_size: int = 300):
    return st.text(st.characters(codec="utf-8"), max_size=max_size)


controls = st.text(st.sampled_from(CONTROL_CHARS), max_size=20)
news_text = st.lists(st.sampled_from([SENTENCE, "Venezuela accused Colombia of aggression. ",
                                      "Protesters marched in Caracas on Tuesday. ", "ÉLITE café naïve — “quoted” ",
                                      "Москва заявила о протесте. ", "北京表示反对。", "القاهرة أعلنت ", "🙂 ", "\u200b",
                                      "\ufeff", "\x00", "\r\n", "\t", "&amp; &lt;p&gt; "]),
                     min_size=1, max_size=12).map("".join)
any_text = st.one_of(news_text, _unicode_text(), st.tuples(news_text, controls, _unicode_text(80)).map("".join))


# ---------------------------------------------------------------------------------------------------
# mutations of real bytes

@st.composite
def mutate(draw, data: bytes, max_ops: int = 4) -> bytes:
    """`data` cut at a random offset and/or with bytes flipped, inserted, deleted or duplicated."""
    buf = bytearray(data)
    for op in draw(st.lists(st.sampled_from(["truncate", "flip", "insert", "delete", "dup", "token"]),
                            max_size=max_ops)):
        n = len(buf)
        at = draw(st.integers(0, n))
        if op == "truncate":
            del buf[at:]
        elif op == "flip" and n:
            at = min(at, n - 1)
            buf[at] ^= draw(st.integers(1, 255))
        elif op == "insert":
            buf[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "token":
            buf[at:at] = draw(st.sampled_from(TOKENS)) * draw(st.sampled_from([1, 1, 2, 100, 3000, 30000]))
        elif op == "delete":
            del buf[at:at + draw(st.integers(1, 4096))]
        elif op == "dup":
            piece = bytes(buf[at:at + draw(st.integers(1, 4096))])
            buf[at:at] = piece * draw(st.integers(1, 8))
    return bytes(buf)


@st.composite
def seed(draw, kind: str) -> tuple[str, bytes] | None:
    files = corpus.seed_files(kind)
    if not files:
        return None
    path = draw(st.sampled_from(files))
    return path.name, corpus.seed_bytes(path)


@st.composite
def mutated_seed(draw, kind: str, fallback: bytes) -> tuple[str, bytes]:
    found = draw(seed(kind))
    name, data = found if found else (f"fallback.{kind}", fallback)
    if data[:2] == b"\x1f\x8b" and draw(st.booleans()):  # mutate the content, then compress again
        import gzip
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError):
            inner = data
        return name, gzip_bytes(draw(mutate(inner)))
    return name, draw(mutate(data))


def _maybe_gzip(draw, case: Case, p: float = 0.15) -> Case:
    if draw(st.integers(0, 99)) < p * 100:
        data = gzip_bytes(case.data)
        if draw(st.booleans()):
            data = draw(mutate(data, max_ops=2))
        return Case(case.name + ".gz", data, case.columns)
    return case


# ---------------------------------------------------------------------------------------------------
# targets

@st.composite
def text_cases(draw) -> Case:
    name = draw(st.sampled_from(["doc.txt", "doc", "doc.text", "README"]))
    kind = draw(st.sampled_from(["bytes", "encoded", "encoded", "mixed", "controls"]))
    if kind == "bytes":
        data = draw(st.binary(max_size=3000))
    elif kind == "encoded":
        data = encode(draw(any_text), draw(st.sampled_from(corpus.ENCODINGS)))
    elif kind == "mixed":  # halves in different encodings: UTF-8 then Latin-1 then UTF-16
        parts = [encode(draw(any_text), c) for c in draw(st.lists(st.sampled_from(corpus.ENCODINGS), min_size=2,
                                                                 max_size=4))]
        data = b"\n".join(parts)
    else:
        data = (draw(controls) + draw(news_text) + draw(controls)).encode("utf-8", "surrogatepass")
    data = draw(mutate(data, max_ops=2))
    return _maybe_gzip(draw, Case(name, data))


@st.composite
def html_cases(draw) -> Case:
    if draw(st.booleans()):
        name, data = draw(mutated_seed("html", corpus.html_page(SENTENCE * 5)))
        if not name.endswith((".html", ".htm")):
            name += ".html"
    else:
        name = draw(st.sampled_from(["page.html", "page.htm", "page.xhtml"]))
        charset = draw(st.sampled_from(corpus.ENCODINGS))
        data = corpus.html_page(
            draw(any_text) + " " + SENTENCE * draw(st.integers(0, 4)),
            depth=draw(st.one_of(st.integers(0, 40), st.integers(0, 20_000))),
            wrapper=draw(st.sampled_from(["div", "b", "span", "table", "p", "li", "font", "x"])),
            close=draw(st.booleans()),
            attributes=draw(st.one_of(st.just(0), st.integers(0, 3000))),
            entity=draw(st.sampled_from(["", "", "laughs", "quadratic", "xxe", "param", "public"])),
            target=draw(st.sampled_from(["/etc/passwd", corpus.canary_path()])),
            charset=charset,
            declare=draw(st.sampled_from([None, None, "utf-8", "latin-1", "shift_jis", "bogus-charset", "utf-16"])),
            encoding=draw(st.sampled_from([None, None, *corpus.ENCODINGS])),
        )
        data = draw(mutate(data, max_ops=2))
    return _maybe_gzip(draw, Case(name, data))


@st.composite
def feed_cases(draw) -> Case:
    choice = draw(st.sampled_from(["seed", "seed", "rss", "atom"]))
    if choice == "seed":
        name, data = draw(mutated_seed("feed", corpus.rss_feed([SENTENCE])))
    else:
        items = draw(st.lists(st.one_of(any_text, st.just(SENTENCE)), min_size=0, max_size=8))
        entity = draw(st.sampled_from(["", "", "laughs", "quadratic", "xxe", "param", "public"]))
        encoding = draw(st.sampled_from([*corpus.ENCODINGS, "utf-32-le", "utf-32-be", "cp037"]))
        target = draw(st.sampled_from(["/etc/passwd", corpus.canary_path()]))
        if choice == "rss":
            data = corpus.rss_feed(items, depth=draw(st.one_of(st.integers(0, 30), st.integers(0, 20_000))),
                                   entity=entity, target=target, encoding=encoding,
                                   declare=draw(st.sampled_from([None, None, "utf-8", "iso-8859-1", "us-ascii",
                                                                 "utf-16", "utf-7", "nonsense"])),
                                   uses=draw(st.integers(1, 200)))
        else:
            data = corpus.atom_feed(items, entity=entity, target=target, encoding=encoding)
        data = draw(mutate(data, max_ops=2))
        name = draw(st.sampled_from(["feed.xml", "feed.rss", "feed.atom", "feed.rdf"]))
    return _maybe_gzip(draw, Case(name, data))


_json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), any_text)
json_values = st.recursive(_json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["text", "id", "title", "url", "published",
                                                                  "source", "body", "meta", "items", "articles",
                                                                  "version", "content_text"]) | any_text,
                                                 inner, max_size=5)), max_leaves=12)


@st.composite
def record(draw) -> dict:
    rec = {"text": draw(st.one_of(any_text, st.just(SENTENCE), json_values))}
    for key in draw(st.lists(st.sampled_from(["id", "title", "url", "published", "source", "meta"]), max_size=6)):
        rec[key] = draw(st.one_of(json_values, st.integers(-2**70, 2**70), st.floats(), any_text))
    return rec


@st.composite
def json_line(draw) -> str:
    kind = draw(st.sampled_from(["record", "record", "value", "deep", "broken", "blank"]))
    if kind == "record":
        return json.dumps(draw(record()), ensure_ascii=draw(st.booleans()))
    if kind == "value":
        return json.dumps(draw(json_values))
    if kind == "deep":
        depth = draw(st.one_of(st.integers(0, 1200), st.integers(0, 50_000)))
        return '{"text": "' + SENTENCE + '", "x": ' + corpus.deep_json(depth, draw(st.sampled_from("[{"))) + "}"
    if kind == "broken":
        line = json.dumps(draw(record()))
        return line[: draw(st.integers(0, len(line)))]
    return draw(st.sampled_from(["", " ", "\t", "\r"]))


@st.composite
def jsonl_cases(draw) -> Case:
    lines = draw(st.lists(json_line(), min_size=0, max_size=10))
    sep = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", "\u2028", "\x85"]))
    text = sep.join(lines) + draw(st.sampled_from(["", "\n"]))
    data = encode(text, draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32",
                                              "latin-1"])))
    data = draw(mutate(data, max_ops=2))
    return _maybe_gzip(draw, Case(draw(st.sampled_from(["data.jsonl", "data.ndjson"])), data))


@st.composite
def json_cases(draw) -> Case:
    kind = draw(st.sampled_from(["value", "records", "wrapped", "feed", "deep", "lines"]))
    if kind == "value":
        text = json.dumps(draw(json_values))
    elif kind == "records":
        text = json.dumps(draw(st.lists(st.one_of(record(), json_values), max_size=6)))
    elif kind == "wrapped":
        key = draw(st.sampled_from(["articles", "items", "records", "documents", "data", "results", "entries"]))
        text = json.dumps({key: draw(st.lists(record(), max_size=5))})
    elif kind == "feed":
        name, data = draw(mutated_seed("jsonfeed", json.dumps({"version": "https://jsonfeed.org/version/1",
                                                                "items": [{"content_text": SENTENCE}]}).encode()))
        return _maybe_gzip(draw, Case("feed.json", data))
    elif kind == "deep":
        text = '{"text": "x", "y": ' + corpus.deep_json(draw(st.integers(0, 50_000)), draw(st.sampled_from("[{"))) + "}"
    else:
        text = "\n".join(draw(st.lists(json_line(), min_size=1, max_size=5)))
    data = encode(text, draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])))
    return _maybe_gzip(draw, Case("data.json", draw(mutate(data, max_ops=2))))


_cells = st.one_of(any_text, st.just(SENTENCE), st.text(st.sampled_from('",\t;|\n\r\\ "x'), max_size=30),
                   st.integers().map(str))


@st.composite
def csv_cases(draw) -> Case:
    delimiter = draw(st.sampled_from([",", "\t", ";", "|"]))
    ext = ".tsv" if delimiter == "\t" and draw(st.booleans()) else ".csv"
    columns = {}
    if draw(st.integers(0, 3)) == 0 and corpus.seed_files("csv"):
        name, data = draw(seed("csv"))
        if name.endswith(".tsv") or b"\t" in data[:2000]:
            ext = ".tsv"
        header = b""
        first = data.split(b"\n", 1)[0]
        if b"mentionidentifier" in first:
            columns = {"text": draw(st.sampled_from(["mentionidentifier", "mentionsourcename", "nope"]))}
        else:  # the GDELT exports have no header: give them one naming a column 'text'
            cols = first.count(b"\t") + 1
            names = [f"c{i}" for i in range(cols)]
            names[draw(st.integers(0, cols - 1))] = "text"
            header = "\t".join(names).encode() + b"\n"
        data = draw(mutate(header + data[: draw(st.integers(0, 200_000))]))
        return _maybe_gzip(draw, Case("gdelt" + ext, data, columns))
    header = draw(st.lists(st.sampled_from(["id", "text", "title", "url", "published", "body", "", " text "]),
                           min_size=1, max_size=6))
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        cells = []
        for _c in range(draw(st.integers(0, len(header) + 2))):
            kind = draw(st.sampled_from(["plain", "plain", "quoted", "unbalanced", "huge"]))
            cell = draw(_cells)
            if kind == "quoted":
                cell = '"' + cell.replace('"', '""') + '"'
            elif kind == "unbalanced":
                cell = '"' + cell
            elif kind == "huge":
                cell = '"' + "x" * draw(st.integers(0, 300_000)) + draw(st.sampled_from(['"', ""]))
            cells.append(cell)
        rows.append(delimiter.join(cells))
    text = "\n".join([delimiter.join(header), *rows]) + draw(st.sampled_from(["", "\n", "\r\n"]))
    if draw(st.integers(0, 4)) == 0:
        columns = {"text": draw(st.sampled_from(["body", "meta.text", "TEXT"]))}
    data = encode(text, draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])))
    return _maybe_gzip(draw, Case("rows" + ext, draw(mutate(data, max_ops=2)), columns))


@st.composite
def warc_cases(draw) -> Case:
    if draw(st.booleans()):
        name, data = draw(mutated_seed("warc", b""))
        if name.endswith(".bad"):
            name = name[:-4]
        return Case(name, data)
    fmt = draw(st.sampled_from(["warc", "arc"]))
    records = []
    for i in range(draw(st.integers(0, 5))):
        payload = corpus.html_page(draw(any_text) + " " + SENTENCE * draw(st.integers(0, 3)),
                                   depth=draw(st.integers(0, 2000)), entity=draw(st.sampled_from(["", "xxe"])),
                                   charset=draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])))
        declared = draw(st.one_of(st.none(), st.integers(0, len(payload) + 500), st.just(2**62)))
        if fmt == "warc":
            rec = corpus.warc_record(
                payload, uri=draw(st.sampled_from(["https://news.example.org/a", "", "not a url", "http://[::1"])),
                rec_type=draw(st.sampled_from(["response", "response", "resource", "request", "revisit",
                                               "conversion", "metadata"])),
                status=draw(st.sampled_from(["200 OK", "200 OK", "404 Not Found", "200", "abc"])),
                content_type=draw(st.sampled_from(["text/html; charset=utf-8", "text/html; charset=bogus",
                                                   "text/plain", "application/xhtml+xml", ""])),
                declared_length=declared, chunked=draw(st.booleans()), record_id=i)
        else:
            rec = corpus.arc_record(payload, declared_length=declared)
        if draw(st.booleans()):
            rec = gzip_bytes(rec)
        records.append(rec)
    data = (corpus.arc_header() if fmt == "arc" else b"") + b"".join(records)
    whole = draw(st.integers(0, 3)) == 0
    if whole:
        data = gzip_bytes(data)
    data = draw(mutate(data, max_ops=2))
    return Case(f"crawl.{fmt}" + (".gz" if whole or (records and records[0][:2] == b"\x1f\x8b") else ""), data)


@st.composite
def gzip_cases(draw) -> Case:
    inner = draw(st.one_of(text_cases(), html_cases(), jsonl_cases(), csv_cases(), feed_cases()))
    data = inner.data if inner.name.endswith(".gz") else gzip_bytes(inner.data)
    kind = draw(st.sampled_from(["intact", "truncated", "flipped", "concatenated", "trailing"]))
    if kind == "truncated":
        data = data[: draw(st.integers(0, len(data)))]
    elif kind == "flipped":
        data = draw(mutate(data, max_ops=3))
    elif kind == "concatenated":  # several gzip members, as `cat a.gz b.gz` makes
        data += gzip_bytes(draw(st.binary(max_size=200)))
    elif kind == "trailing":
        data += draw(st.binary(min_size=1, max_size=64))
    name = inner.name if inner.name.endswith(".gz") else inner.name + ".gz"
    return Case(name, data, inner.columns)


@st.composite
def sniff_cases(draw) -> Case:
    """Documents whose name says nothing (or the wrong thing): the format comes from the first bytes."""
    kind = draw(st.sampled_from(["seed", "generated", "bytes"]))
    if kind == "seed":
        source = draw(st.sampled_from([k for k in ("html", "feed", "jsonfeed", "warc", "csv") if corpus.seed_files(k)]
                                      or ["html"]))
        _name, data = draw(mutated_seed(source, corpus.html_page(SENTENCE)))
    elif kind == "generated":
        data = draw(st.one_of(html_cases(), feed_cases(), jsonl_cases(), json_cases(), text_cases())).data
    else:
        data = draw(st.binary(max_size=2000))
    name = draw(st.sampled_from(["noext", "data.bin", "page.txt", "feed.html", "x.json", "y.csv", "z.xml",
                                 "w.gz", "v.jsonl", "u.warc", "t.zip"]))
    return Case(name, data)


# ---------------------------------------------------------------------------------------------------
# extraction inputs

_ACTORS = ["Venezuela", "Colombia", "the United States", "Russia", "Ukraine", "China", "Iran", "Israel",
           "Hamas", "NATO", "the European Union", "police", "protesters", "the army", "rebels", "Maduro",
           "Trump", "the ministry", "officials", "they", "he"]
_VERBS = ["accused", "attacked", "condemned", "struck", "killed", "arrested", "met", "urged", "threatened",
          "sanctioned", "deployed troops to", "shelled", "praised", "negotiated with", "protested against",
          "said it would strike", "bombed", "expelled", "recognised", "blockaded"]
_TAILS = ["on Tuesday", "in Caracas", "near the border", "killing 12 people", "injuring 1,000,000,000,000 people",
          "last week", "on 31 February 2025", "in the year 99999", "killing 1e308 people", "at 25:61",
          "according to officials", "\"we will respond,\" he said", "(AFP)", "", "2025-13-45", "killing dozens",
          "and arrested 10^400 demonstrators", "on the 0th of Smarch"]
_FOREIGN = ["El gobierno acusó a los Estados Unidos de preparar una invasión.",
            "Le gouvernement a condamné l'attaque contre l'ambassade.",
            "Die Regierung verurteilte den Angriff auf die Botschaft.",
            "Правительство осудило нападение на посольство.",
            "الحكومة أدانت الهجوم على السفارة.", "政府谴责了对大使馆的袭击。", "政府は大使館への攻撃を非難した。"]


@st.composite
def clause(draw) -> str:
    return " ".join(x for x in (draw(st.sampled_from(_ACTORS)), draw(st.sampled_from(_VERBS)),
                                draw(st.sampled_from(_ACTORS)), draw(st.sampled_from(_TAILS))) if x)


@st.composite
def extract_texts(draw) -> str:
    kind = draw(st.sampled_from(["unicode", "sentences", "long", "list", "caps", "foreign", "mixed", "quotes",
                                 "numbers"]))
    if kind == "unicode":
        return draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=1500))
    if kind == "sentences":
        return " ".join(c[0].upper() + c[1:] + "." for c in draw(st.lists(clause(), min_size=1, max_size=15)))
    if kind == "long":  # one run-on sentence of hundreds of tokens (over and under the 150-token cut)
        n = draw(st.sampled_from([30, 70, 140, 149, 151, 500]))
        return ", and ".join(draw(clause()) for _ in range(max(1, n // 5))) + "."
    if kind == "list":
        actors = draw(st.lists(st.sampled_from(_ACTORS), min_size=2, max_size=120))
        sep = draw(st.sampled_from([", ", " and ", "\n- ", "; ", "\n\n"]))
        return sep.join(actors) + f" {draw(st.sampled_from(_VERBS))} {draw(st.sampled_from(_ACTORS))}."
    if kind == "caps":
        return " ".join(draw(st.lists(clause(), min_size=1, max_size=6))).upper()
    if kind == "foreign":
        return " ".join(draw(st.lists(st.sampled_from(_FOREIGN), min_size=1, max_size=20)))
    if kind == "quotes":
        q = draw(st.sampled_from(['"', "“", "”", "'", "«", "»", "„"]))
        return draw(clause()) + " " + q * draw(st.integers(1, 40)) + draw(clause()) + ", he said."
    if kind == "numbers":
        number = draw(st.one_of(st.integers(-10**30, 10**30).map(str), st.floats().map(str),
                                st.sampled_from(["1e308", "10^400", "½", "٣", "²", "1,2,3,4,5,6,7", "0x1F",
                                                 "MMXXV", "-0", "nine hundred quintillion"])))
        return f"{draw(clause())}, killing {number} people and injuring {number} on {number} {number}."
    return draw(clause()) + draw(controls) + draw(any_text) + draw(st.sampled_from(_FOREIGN))
