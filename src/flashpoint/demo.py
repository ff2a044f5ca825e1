"""The demo: the bundled corpus (data/demo/articles.jsonl, written for this project) ingested into a
fresh database, so a newcomer sees the whole flow offline in one command."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable

from .pipeline import IngestSummary, ingest
from .store import open_store


def corpus_path() -> str:
    return str(resources.files("flashpoint") / "data" / "demo" / "articles.jsonl")


def run_demo(db: str, progress: Callable[[int], None] | None = None) -> IngestSummary:
    """Replace `db` with a fresh store holding the demo corpus; return the ingest summary."""
    for path in (Path(db), Path(db + ".wal")):
        if path.exists():
            path.unlink()
    with open_store(db) as store:
        return ingest([corpus_path()], store, progress=progress)
