"""The ordered stages: read -> dedupe -> parse/extract -> store, in committed batches.

This is the only module that knows the order of the stages. Ingest is idempotent (content-hash ids)
and resumable: each batch of articles is written with everything extracted from it in one transaction,
so a run killed at any point leaves whole batches, and a rerun skips what is already stored.
`dask_ingest` runs the same stages with the coding shipped to a Dask cluster (flashpoint.scale).
"""
from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .extract import extract_articles
from .ingest import ReadOptions, iter_articles
from .ingest.dedupe import MIN_WORDS, NearDuplicateIndex, signature, word_count
from .model import Article, Extraction, Skipped
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


def _near_duplicate_index(store: Store) -> NearDuplicateIndex:
    index = NearDuplicateIndex()
    for doc_id, h in store.signatures():
        index.add(doc_id, h)
    return index


def _write(store: Store, batch: list[_Planned], extracted: dict[str, Extraction], summary: IngestSummary,
           progress: Callable[[int], None] | None) -> None:
    """Commit one planned batch with its extractions (article id -> Extraction) in one transaction."""
    rows = [(p.article, p.minhash, p.duplicate_of, extracted.get(p.article.id)) for p in batch]
    store.write_batch(rows)
    summary.new += len(batch) - sum(1 for p in batch if p.duplicate_of)
    summary.events += sum(len(ex.events) for ex in extracted.values())
    if progress:
        progress(len(batch))


def ingest(sources: Iterable[str], store: Store, *, options: ReadOptions | None = None,
           batch_size: int = BATCH_SIZE, n_process: int = 1,
           progress: Callable[[int], None] | None = None, prefilter: bool = False) -> IngestSummary:
    """Read, deduplicate, code and store every article from `sources`; return what happened. With
    `prefilter`, sentences that cannot hold an event are not parsed (extract/prefilter.py)."""
    summary = IngestSummary()
    index = _near_duplicate_index(store)
    for batch in _plan(iter_articles(sources, options), store, summary, index, batch_size):
        to_code = [p.article for p in batch if p.duplicate_of is None]
        extracted = dict((a.id, ex) for a, ex in extract_articles(to_code, batch_size=batch_size,
                                                                  n_process=n_process, prefilter=prefilter))
        _write(store, batch, extracted, summary, progress)
    return summary


def dask_ingest(sources: Iterable[str], store: Store, client: Any, *, options: ReadOptions | None = None,
                batch_size: int = BATCH_SIZE, n_process: int = 1, parts: str | Path | None = None,
                partition_size: int | None = None, code: Callable[[list[dict]], list[dict]] | None = None,
                progress: Callable[[int], None] | None = None) -> IngestSummary:
    """`ingest`, with the coding done on the dask.distributed cluster of `client` (flashpoint.scale).

    Reading, the stored-id skip and near-duplicate linking stay here, and the batches are the ones a
    serial run plans and are committed in the same order, so the database is the one `ingest` gives.
    Coded partitions wait in Parquet part files (`parts`, default DB.parts next to the database) until
    loaded; a rerun after a kill loads them without coding them again. `n_process` is for the
    partitions the driver codes itself when the cluster fails them; `code` replaces the worker
    function (tests)."""
    from .scale import dask_runner as dr

    summary = IngestSummary()
    index = _near_duplicate_index(store)
    planned = _plan(iter_articles(sources, options), store, summary, index, batch_size)
    work = ((batch, [p.article for p in batch if p.duplicate_of is None]) for batch in planned)
    with dr.PartsFolder.for_store(store.path, parts) as folder:
        coded = dr.code_batches(work, client, folder, partition_size=partition_size or dr.PARTITION_SIZE,
                                code=code or dr.code_partition, n_process=n_process)
        with closing(coded):
            for batch, extracted in coded:
                _write(store, batch, extracted, summary, progress)
        folder.finish(store.existing_ids)
    return summary
