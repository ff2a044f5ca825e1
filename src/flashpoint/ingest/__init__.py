"""Input readers: turn paths, folders, globs and URLs into Articles, and bad inputs into Skipped.

The public API is `ReadOptions` and `iter_articles`. Formats: plain text, HTML pages, JSON Lines,
JSON, CSV/TSV, RSS/Atom/RDF/JSON feeds and WARC/ARC archives, any of them gzipped. Nothing in
here raises for bad input: each unreadable file, record or URL becomes one Skipped with a reason
a person can act on, and the batch goes on.

Origins name where an article came from: `path` for a whole file, `path:LINE` for a JSON Lines
or CSV record, `path[INDEX]` for an item of a JSON list, `path#N` for the Nth feed item and
`path@OFFSET` for a WARC record at that byte offset.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.errors import InputError
from flashpoint.model import Article, Skipped


@dataclass
class ReadOptions:
    """How inputs are read.

    `max_bytes` caps each document's text and each text/HTML file (or page) read whole; JSON and
    feed files may be 20 times larger, and JSON Lines/CSV/WARC files are streamed, so only their
    records are capped. `columns` maps contract fields (id, text, published, url, title, source)
    to a corpus's own column names.
    """

    max_bytes: int = 5_000_000
    columns: dict[str, str] = field(default_factory=dict)
    follow_links: bool = False
    timeout: float = 10.0


def iter_articles(sources: Iterable[str | os.PathLike], options: ReadOptions | None = None
                  ) -> Iterator[Article | Skipped]:
    """Yield every article readable from the given paths, folders, globs and http(s) URLs, in a
    deterministic order; yield Skipped(origin, reason) for anything unreadable. Never raises for
    bad input."""
    from flashpoint.ingest.walk import expand, read_path, read_url

    options = options or ReadOptions()
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    for found in expand(sources):
        if isinstance(found, Skipped):
            yield found
        elif isinstance(found, Path):
            yield from _guarded(str(found), lambda p=found: read_path(p, options))
        else:
            yield from _guarded(found, lambda u=found: read_url(u, options))


def _guarded(origin: str, read) -> Iterator[Article | Skipped]:
    """Run one input's reader; whatever goes wrong inside it becomes one Skipped for that input."""
    try:
        yield from read()
    except InputError as e:
        yield Skipped(origin, str(e))
    except Exception as e:  # noqa: BLE001 - the per-input boundary: one bad input must not stop a batch
        yield Skipped(origin, f"unexpected error: {type(e).__name__}: {e}")


__all__ = ["ReadOptions", "iter_articles", "Article", "Skipped"]
