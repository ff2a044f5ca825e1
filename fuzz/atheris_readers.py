"""Optional coverage-guided fuzzing of the HTML and feed readers with atheris (libFuzzer for Python).

Not part of `make fuzz`, and the project does not depend on atheris: install it in a separate
virtual environment that can see the project's packages, for example

    python3.11 -m venv /tmp/atheris-venv && /tmp/atheris-venv/bin/pip install atheris
    printf '%s\n' "$PWD/src" "$PWD/.venv/lib/python3.11/site-packages" \
        > /tmp/atheris-venv/lib/python3.11/site-packages/flashpoint-project.pth
    /tmp/atheris-venv/bin/python fuzz/atheris_readers.py html CORPUS_DIR -max_total_time=300 \
        -timeout=10 -rss_limit_mb=2048 -max_len=200000

The first argument picks the target: `html` (a whole page: decoding, the page-shape guard,
trafilatura), `feed` (RSS/Atom/RDF through feedparser) or `fragment` (feed summaries' HTML to text).
The rest are libFuzzer's: a corpus folder (seed it with files from ../shared/inputs/html or
../shared/inputs/feeds), -timeout for a per-input time limit, -rss_limit_mb for memory. An
InputError is the reader refusing bad input, which is fine; any other exception is a crash.
"""
from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import feedparser  # noqa: F401 - imported here to be instrumented (the readers import them lazily)
    import trafilatura  # noqa: F401

    from flashpoint.errors import InputError
    from flashpoint.ingest import ReadOptions
    from flashpoint.ingest.feeds import read_feed
    from flashpoint.ingest.html import html_to_text, read_html

OPTIONS = ReadOptions(max_bytes=1_000_000)


def html(data: bytes) -> None:
    try:
        list(read_html(data, "fuzz.html", OPTIONS))
    except InputError:
        pass


def feed(data: bytes) -> None:
    try:
        list(read_feed(data, "fuzz.xml", OPTIONS))
    except InputError:
        pass


def fragment(data: bytes) -> None:
    html_to_text(atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data)))


TARGETS = {"html": html, "feed": feed, "fragment": fragment}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(TARGETS)}}} [libFuzzer options and corpus folders]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
