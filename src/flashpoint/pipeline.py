"""The ordered stages: read -> dedupe -> parse/extract -> store, in committed batches.

This is the only module that knows the order of the stages. Ingest is idempotent (content-hash ids)
and resumable: each batch of articles is written with everything extracted from it in one transaction,
so a run killed at any point leaves whole batches, and a rerun skips what is already stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .extract import extract_articles
from .ingest import ReadOptions, iter_articles
from .ingest.dedupe import MIN_WORDS, NearDuplicateIndex, signature, word_count
from .model import Article, Skipped
from .store import Store

# Articles per committed batch: small enough that a kill loses little work, large enough for nlp.pipe.
BATCH_SIZE = 32


@dataclass
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class _Planned:
    article: Article
    minhash: list[int]
    duplicate_of: str | None


def _plan(items: Iterable[Article | Skipped], store: Store, summary: IngestSummary,
          index: NearDuplicateIndex, batch_size: int) -> Iterator[list[_Planned]]:
    """Decide per article: already stored (skip), near-duplicate (store, link, don't code), or new."""
    seen: set[str] = set()
    batch: list[_Planned] = []
    pending: list[Article] = []

    def flush_pending():
        exists = store.existing_ids([a.id for a in pending])
        for a in pending:
            if a.id in exists or a.id in seen:
                summary.duplicate += 1
                continue
            seen.add(a.id)
            h = signature(a.text)
            dup = index.find(h) if word_count(a.text) >= MIN_WORDS else None
            if dup is None:
                index.add(a.id, h)
            else:
                summary.near_duplicate += 1
            batch.append(_Planned(a, h, dup))
        pending.clear()

    for item in items:
        if isinstance(item, Skipped):
            summary.skipped.append(item)
            continue
        summary.read += 1
        pending.append(item)
        if len(pending) >= batch_size:
            flush_pending()
        if len(batch) >= batch_size:
            yield batch
            batch = []
    flush_pending()
    if batch:
        yield batch


def ingest(sources: Iterable[str], store: Store, *, options: ReadOptions | None = None,
           batch_size: int = BATCH_SIZE, n_process: int = 1,
           progress: Callable[[int], None] | None = None) -> IngestSummary:
    """Read, deduplicate, code and store every article from `sources`; return what happened."""
    summary = IngestSummary()
    index = NearDuplicateIndex()
    for doc_id, h in store.signatures():
        index.add(doc_id, h)
    for batch in _plan(iter_articles(sources, options), store, summary, index, batch_size):
        to_code = [p.article for p in batch if p.duplicate_of is None]
        extracted = dict((a.id, ex) for a, ex in extract_articles(to_code, batch_size=batch_size,
                                                                  n_process=n_process))
        rows = [(p.article, p.minhash, p.duplicate_of, extracted.get(p.article.id)) for p in batch]
        store.write_batch(rows)
        summary.new += len(batch) - sum(1 for p in batch if p.duplicate_of)
        summary.events += sum(len(ex.events) for ex in extracted.values())
        if progress:
            progress(len(batch))
    return summary
