"""flashpoint: news in, structured, evidence-linked political events out.

Public API: `open_store`, `ingest`, `extract_articles`, `iter_articles`, and the data model.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["open_store", "ingest", "extract_articles", "iter_articles", "Article", "Extraction", "Event",
           "__version__"]


def __getattr__(name: str):
    # Lazy: `import flashpoint` must not load spaCy or DuckDB.
    if name == "open_store":
        from .store import open_store
        return open_store
    if name == "ingest":
        from .pipeline import ingest
        return ingest
    if name == "extract_articles":
        from .extract import extract_articles
        return extract_articles
    if name == "iter_articles":
        from .ingest import iter_articles
        return iter_articles
    if name in ("Article", "Extraction", "Event"):
        from . import model
        return getattr(model, name)
    raise AttributeError(name)
