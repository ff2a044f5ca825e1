"""Seed files and adversarial document builders shared by the Hypothesis targets and the heavy cases.

Seeds are real files from `../shared/inputs` (feeds, WARC/ARC archives, saved news pages, GDELT
exports); they are read, never copied into the repository. The builders return bytes for one
document of a given shape (deep nesting, entity bombs, XXE, odd encodings) so the same shapes run
small under Hypothesis and huge in the heavy cases.
"""
from __future__ import annotations

import functools
import gzip
import io
import os
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"

# Written to a file the XXE cases point at; it must never reach an article.
CANARY = "FLASHPOINT-XXE-CANARY-5f3a9c"
SENTINEL_TEXT = ("Officials in the port city of Valmora said on Tuesday that talks between the fishing union "
                 "and the regional government had broken down after nine hours of negotiation.")
SENTENCE = ("Officials said the talks between the union and the regional government had collapsed after "
            "nine hours of negotiation in the port city. ")

_SEED_KINDS = {
    "html": ("inputs/html", (".html", ".htm")),
    "feed": ("inputs/feeds", (".xml", ".rss", ".atom", ".rdf")),
    "jsonfeed": ("inputs/feeds", (".json",)),
    "warc": ("inputs/warc", (".warc", ".warc.gz", ".arc", ".arc.gz", ".wet.gz", ".wat.gz", ".bad")),
    "csv": ("inputs/gdelt", (".csv", ".tsv")),
}
_MAX_SEED_BYTES = 400_000  # bigger files are read whole by tests/ingest/test_real_inputs.py


def shared_dir() -> Path:
    return Path(os.environ.get("FLASHPOINT_SHARED", DEFAULT_SHARED))


@functools.lru_cache(maxsize=None)
def seed_files(kind: str) -> tuple[Path, ...]:
    """Real files of one kind from the shared inputs, sorted; empty when the folder is absent."""
    folder, suffixes = _SEED_KINDS[kind]
    root = shared_dir() / folder
    if not root.is_dir():
        return ()
    found = [p for p in sorted(root.rglob("*"))
             if p.is_file() and p.name.lower().endswith(suffixes) and p.stat().st_size <= _MAX_SEED_BYTES]
    return tuple(found)


@functools.lru_cache(maxsize=32)
def seed_bytes(path: Path) -> bytes:
    return path.read_bytes()


def canary_path() -> str:
    """A local file holding the canary, for XXE cases to point at (made on first use)."""
    path = Path(tempfile.gettempdir()) / "flashpoint-fuzz-canary.txt"
    if not path.exists():
        path.write_text(f"{CANARY}\n", encoding="utf-8")
    return str(path)


@functools.lru_cache(maxsize=1)
def passwd_markers() -> tuple[str, ...]:
    """Lines of /etc/passwd distinctive enough that finding one in an article means it was read."""
    try:
        lines = Path("/etc/passwd").read_text(errors="replace").splitlines()
    except OSError:
        return ()
    return tuple(line for line in lines if line.count(":") >= 6 and len(line) > 20)[:5]


# ---------------------------------------------------------------------------------------------------
# Document builders. Each returns the document as bytes (already encoded).

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252")


def encode(text: str, codec: str) -> bytes:
    """`text` in `codec`; characters the codec lacks become '?' (so every codec can carry any text)."""
    return text.encode(codec, errors="replace" if codec not in ("utf-8", "utf-8-sig") else "surrogatepass")


def entity_prolog(kind: str, root: str, target: str) -> str:
    """A DOCTYPE declaring entities: 'laughs' (billion laughs), 'quadratic' (one big entity used many
    times), 'xxe' (an external entity naming `target`), 'param' (an external parameter entity)."""
    if kind == "laughs":
        decls = ['<!ENTITY lol "lol">'] + [
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
        return f"<!DOCTYPE {root} [{''.join(decls)}]>"
    if kind == "quadratic":
        return f'<!DOCTYPE {root} [<!ENTITY a "{"x" * 50_000}">]>'
    if kind == "xxe":
        return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{target}">]>'
    if kind == "param":
        return f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "file://{target}"> %p;]>'
    if kind == "public":
        return f'<!DOCTYPE {root} PUBLIC "-//X//Y" "file://{target}">'
    return ""


def entity_use(kind: str, uses: int = 1) -> str:
    return {"laughs": "&lol9;", "quadratic": "&a;" * max(uses, 1), "xxe": "&xxe;"}.get(kind, "")


def html_page(body_text: str, *, depth: int = 0, wrapper: str = "div", close: bool = True,
              attributes: int = 0, entity: str = "", target: str = "/etc/passwd", charset: str = "utf-8",
              declare: str | None = None, encoding: str | None = None) -> bytes:
    """An HTML page whose text sits under `depth` nested `wrapper` tags."""
    prolog = entity_prolog(entity, "html", target)
    xml_decl = f'<?xml version="1.0" encoding="{declare or charset}"?>' if entity else ""
    attrs = " ".join(f'a{i}="{i}"' for i in range(attributes))
    opening = f"<{wrapper}>" * depth
    closing = f"</{wrapper}>" * depth if close else ""
    page = (f'{xml_decl}{prolog}<html><head><meta charset="{declare or charset}"><title>Fuzz page</title></head>'
            f"<body><article {attrs}>{opening}<p>{body_text} {entity_use(entity)}</p>{closing}</article></body></html>")
    return encode(page, encoding or charset)


def rss_feed(items: list[str], *, depth: int = 0, entity: str = "", target: str = "/etc/passwd",
             encoding: str = "utf-8", declare: str | None = None, uses: int = 1) -> bytes:
    """An RSS 2.0 feed; each item's description is `depth` levels of <b> around its text."""
    prolog = entity_prolog(entity, "rss", target)
    parts = []
    for i, text in enumerate(items):
        desc = "<b>" * depth + _xml_escape(text) + f" {entity_use(entity, uses)}" + "</b>" * depth
        parts.append(f"<item><title>Item {i}</title><link>https://news.example.org/{i}</link>"
                     f"<description>{desc}</description></item>")
    decl = declare or ("utf-16" if encoding.startswith("utf-16") else "utf-32" if encoding.startswith("utf-32")
                       else encoding.replace("-sig", ""))
    doc = (f'<?xml version="1.0" encoding="{decl}"?>{prolog}<rss version="2.0"><channel>'
           f"<title>Fuzz feed</title><link>https://news.example.org/</link>{''.join(parts)}</channel></rss>")
    return encode(doc, encoding)


def atom_feed(items: list[str], *, entity: str = "", target: str = "/etc/passwd", encoding: str = "utf-8") -> bytes:
    prolog = entity_prolog(entity, "feed", target)
    entries = "".join(
        f'<entry><title>Entry {i}</title><link href="https://news.example.org/{i}"/><id>urn:x:{i}</id>'
        f"<updated>2024-03-05T08:30:00Z</updated><content type=\"html\">{_xml_escape(_xml_escape(t))} "
        f"{entity_use(entity)}</content></entry>" for i, t in enumerate(items))
    doc = (f'<?xml version="1.0" encoding="{encoding.replace("-sig", "")}"?>{prolog}'
           f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Fuzz</title>{entries}</feed>')
    return encode(doc, encoding)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def deep_json(depth: int, opener: str = "[") -> str:
    closer = {"[": "]", "{": "}"}[opener]
    if opener == "{":
        return '{"a":' * depth + "1" + "}" * depth
    return opener * depth + closer * depth


def gzip_bytes(data: bytes, level: int = 6) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=level, mtime=0) as g:
        g.write(data)
    return buf.getvalue()


def warc_record(payload: bytes, *, uri: str = "https://news.example.org/a", rec_type: str = "response",
                status: str = "200 OK", content_type: str = "text/html; charset=utf-8",
                declared_length: int | None = None, chunked: bool = False, record_id: int = 1) -> bytes:
    """One WARC/1.0 record; for a response, an HTTP header block precedes `payload`."""
    if rec_type == "response":
        body = payload
        if chunked:
            body = f"{len(payload):x}\r\n".encode() + payload + b"\r\n0\r\n\r\n"
        http = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
                + ("Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {len(payload)}\r\n")
                + "\r\n").encode("latin-1")
        block = http + body
        block_type = "application/http; msgtype=response"
    else:
        block, block_type = payload, content_type
    length = len(block) if declared_length is None else declared_length
    head = (f"WARC/1.0\r\nWARC-Type: {rec_type}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-"
            f"{record_id:012d}>\r\nWARC-Date: 2024-03-05T08:30:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: {block_type}\r\nContent-Length: {length}\r\n\r\n").encode("latin-1")
    return head + block + b"\r\n\r\n"


def arc_record(payload: bytes, uri: str = "http://news.example.org/a", declared_length: int | None = None) -> bytes:
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload
    length = len(http) if declared_length is None else declared_length
    return f"{uri} 127.0.0.1 20240305083000 text/html {length}\n".encode("latin-1") + http + b"\n"


def arc_header() -> bytes:
    body = b"1 0 Flashpoint\nURL IP-address Archive-date Content-type Archive-length\n"
    return f"filedesc://fuzz.arc 0.0.0.0 20240305083000 text/plain {len(body)}\n".encode() + body + b"\n"
