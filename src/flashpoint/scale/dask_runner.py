"""Coding partitions of articles on a dask.distributed cluster, through Parquet part files.

- `code_partition` is the pure function the workers run: article dicts in, extraction JSON out. spaCy
  is loaded once per worker process (`flashpoint.nlp.load` is cached at module level).
- `PartsFolder` writes each coded partition as a Parquet file (article key, article id, version,
  extraction JSON) and, on a rerun, reads back the parts a killed run coded but did not load.
- `code_batches` takes the driver's planned batches in input order, groups them into partitions, keeps
  a bounded number of them between submission and loading, writes a part as each partition completes
  and yields the batches back in input order with their extractions. A partition whose task still
  fails after Dask's retries is coded on the driver instead, with a warning.
- `dask_client` connects to a running scheduler or starts a LocalCluster.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import uuid
from collections import deque
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

import duckdb
from distributed import Client, LocalCluster, as_completed

from .. import __version__
from ..errors import InputError
from ..extract import extract_articles
from ..model import CONTRACT_VERSION, Actor, Article, Event, Extraction, Place, Quote, TimeExpr

log = logging.getLogger(__name__)

# Articles to code per partition (one Dask task; whole planned batches are never split, so with the
# default batch size of 32 a partition is one batch). The task overhead (milliseconds) and the
# shipping of the texts are small beside coding 32 news articles (2-4 s); larger partitions leave
# workers idle at the end of a run (200 BBC articles in 64s: 3 partitions for 2 workers, one worker
# coding twice as long as the other), and a worker that dies loses at most this much work.
PARTITION_SIZE = 32
# A partition also closes after this many planned batches, so that a long run of batches with little
# to code (near-duplicates) cannot pile up in the driver's memory.
MAX_BATCHES_PER_PARTITION = 16
# Partitions submitted but not yet loaded, per worker thread: two keep every worker busy while the
# driver loads, and bound the driver's memory whatever the corpus size.
IN_FLIGHT_PER_WORKER = 2
# Times Dask reruns a failed partition (on any worker) before the driver codes it itself.
RETRIES = 2
# The --dask value that starts a LocalCluster on this machine instead of connecting to a scheduler.
LOCAL = "local"
# Seconds to wait for a remote scheduler to answer before giving up.
CONNECT_TIMEOUT_S = 10
# A scheduler address: tcp://HOST:PORT, tls://HOST:PORT or HOST:PORT (IPv6 hosts in brackets).
ADDRESS = re.compile(r"^(?:(?:tcp|tls)://)?(?:\[[0-9a-fA-F:.]+\]|[\w.-]+):\d{1,5}$")
# What a part file was coded by: parts written by another version are recoded, not loaded.
PART_VERSION = f"{__version__}/{CONTRACT_VERSION}"
PART_GLOB = "part-*.parquet"
# Parts are written under this temporary name and renamed, so a killed run never leaves half a part.
PART_TMP_GLOB = ".part-*.tmp"
# The default parts folder: next to the database, named after it.
PARTS_SUFFIX = ".parts"

T = TypeVar("T")


# ------------------------------------------------------------------------------------- over the wire
def article_key(article: Article) -> str:
    """What a coded result is found by on resume: a hash of every field of the article (extraction
    reads the text, the publication date and the corpus id, not only the content-hash id)."""
    blob = json.dumps(asdict(article), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def _actor(d: dict | None) -> Actor | None:
    return Actor(**d) if d is not None else None


def extraction_from_json(d: dict) -> Extraction:
    """The Extraction an `Extraction.to_json()` dict was made from (its "version" key is dropped)."""
    return Extraction(
        id=d["id"],
        events=[Event(**{**e, "source": _actor(e["source"]), "target": _actor(e["target"])}) for e in d["events"]],
        places=[Place(**p) for p in d["places"]],
        dates=[TimeExpr(**t) for t in d["dates"]],
        quotes=[Quote(**{**q, "speaker": _actor(q["speaker"])}) for q in d["quotes"]])


def code_partition(articles: list[dict]) -> list[dict]:
    """The worker's task: code `Article` field dicts, in order, into extraction JSON dicts. Pure: the
    same articles give the same result on any worker; no store, no files."""
    return [ex.to_json() for _, ex in extract_articles([Article(**a) for a in articles])]


# ------------------------------------------------------------------------------------- part files
class PartsFolder:
    """The Parquet part files of a store's distributed ingest: one per coded partition, deleted once
    its batches are committed, so the folder holds only what was coded and not yet loaded."""

    def __init__(self, path: Path, *, owned: bool) -> None:
        self.path = path
        self.owned = owned                      # our default folder: removed when left empty
        self.run = uuid.uuid4().hex[:8]         # part names of this run never clash with a killed run's
        self.resumed: dict[str, str] = {}       # article key -> extraction JSON, from a killed run's parts
        self._old: dict[Path, list[str]] = {}   # a killed run's parts -> their article ids
        self._con = duckdb.connect()
        path.mkdir(parents=True, exist_ok=True)
        for tmp in path.glob(PART_TMP_GLOB):
            tmp.unlink(missing_ok=True)
        self._read_existing()

    @classmethod
    @contextmanager
    def for_store(cls, db_path: str, parts: str | Path | None) -> Iterator["PartsFolder"]:
        """`parts`, else DB.parts next to the database (a temporary folder for an in-memory store)."""
        tmp = None
        if parts is not None:
            folder = cls(Path(parts), owned=False)
        elif db_path == ":memory:":
            tmp = tempfile.mkdtemp(prefix="flashpoint-parts-")
            folder = cls(Path(tmp), owned=False)
        else:
            db = Path(db_path)
            folder = cls(db.with_name(db.name + PARTS_SUFFIX), owned=True)
        try:
            yield folder
        finally:
            folder._con.close()
            if tmp:
                shutil.rmtree(tmp, ignore_errors=True)

    def _read_existing(self) -> None:
        for f in sorted(self.path.glob(PART_GLOB)):
            try:
                rows = self._con.execute("SELECT key, article_id, version, extraction FROM read_parquet(?)",
                                         [str(f)]).fetchall()
            except duckdb.Error as exc:
                log.warning("ignoring unreadable part file %s (%s); its articles are coded again", f, exc)
                continue
            self._old[f] = [r[1] for r in rows]
            self.resumed.update((key, ex) for key, _, version, ex in rows if version == PART_VERSION)
        if self.resumed:
            log.info("resuming: %d coded articles found in %s", len(self.resumed), self.path)

    def write(self, n: int, rows: list[tuple[str, str, str]]) -> Path:
        """Write (article key, article id, extraction JSON) rows as part `n` of this run."""
        target = self.path / f"part-{self.run}-{n:06d}.parquet"
        tmp = self.path / f".{target.name}.tmp"
        self._con.execute("CREATE OR REPLACE TEMP TABLE part "
                          "(key VARCHAR, article_id VARCHAR, version VARCHAR, extraction VARCHAR)")
        self._con.executemany("INSERT INTO part VALUES (?, ?, ?, ?)",
                              [(key, aid, PART_VERSION, ex) for key, aid, ex in rows])
        quoted = str(tmp).replace("'", "''")      # COPY takes no bound parameter for its file name
        self._con.execute(f"COPY part TO '{quoted}' (FORMAT PARQUET)")
        os.replace(tmp, target)
        return target

    def finish(self, stored: Callable[[list[str]], set[str]]) -> None:
        """After a complete run: delete a killed run's parts whose articles are all stored now, then
        the folder itself when it is ours and empty."""
        for f, ids in self._old.items():
            if set(ids) <= stored(ids):
                f.unlink(missing_ok=True)
        if self.owned and self.path.is_dir() and not any(self.path.iterdir()):
            self.path.rmdir()


# ------------------------------------------------------------------------------------- scheduling
@dataclass
class _Partition(Generic[T]):
    n: int
    batches: list[tuple[T, list[Article]]]
    results: dict[str, Extraction] = field(default_factory=dict)   # article id -> extraction
    todo: list[Article] = field(default_factory=list)                # what the cluster codes
    future: Any = None
    part: Path | None = None
    done: bool = False


def _partitions(batches: Iterable[tuple[T, list[Article]]], size: int) -> Iterator[_Partition[T]]:
    group: list[tuple[T, list[Article]]] = []
    count = n = 0
    for payload, articles in batches:
        group.append((payload, articles))
        count += len(articles)
        if count >= size or len(group) >= MAX_BATCHES_PER_PARTITION:
            yield _Partition(n, group)
            group, count, n = [], 0, n + 1
    if group:
        yield _Partition(n, group)


def _start(p: _Partition, client: Client, parts: PartsFolder, code: Callable) -> None:
    """Take what a killed run already coded; submit the rest."""
    for _, articles in p.batches:
        for a in articles:
            hit = parts.resumed.pop(article_key(a), None)
            if hit is None:
                p.todo.append(a)
            else:
                p.results[a.id] = extraction_from_json(json.loads(hit))
    if p.todo:
        p.future = client.submit(code, [asdict(a) for a in p.todo], retries=RETRIES, pure=False)
    else:
        p.done = True


def _finish(p: _Partition, parts: PartsFolder, n_process: int) -> None:
    """Collect a completed partition (coding it here if the cluster could not) and write its part."""
    try:
        coded = p.future.result()
        if len(coded) != len(p.todo):
            raise RuntimeError(f"{len(coded)} results for {len(p.todo)} articles")
    except Exception as exc:  # noqa: BLE001 - any failure (raised, worker lost, cancelled): code it here
        log.warning("partition %d (%d articles) failed on the cluster after %d retries (%s: %s); "
                    "coding it on the driver", p.n, len(p.todo), RETRIES, type(exc).__name__, exc)
        coded = [ex.to_json() for _, ex in extract_articles(p.todo, n_process=n_process)]
    p.future = None
    rows = []
    for a, ex in zip(p.todo, coded):
        p.results[a.id] = extraction_from_json(ex)
        rows.append((article_key(a), a.id, json.dumps(ex, ensure_ascii=False)))
    p.part = parts.write(p.n, rows)
    p.done = True


def _window(client: Client) -> int:
    return IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))


def code_batches(batches: Iterable[tuple[T, list[Article]]], client: Client, parts: PartsFolder, *,
                 partition_size: int = PARTITION_SIZE, in_flight: int | None = None,
                 code: Callable[[list[dict]], list[dict]] = code_partition, n_process: int = 1
                 ) -> Iterator[tuple[T, dict[str, Extraction]]]:
    """For each (payload, articles to code) of `batches`, in input order: (payload, {article id:
    extraction}). A partition's part file is deleted when the caller asks for the batch after its
    last one, i.e. once the caller has committed it."""
    source = _partitions(batches, max(1, partition_size))
    pending: deque[_Partition[T]] = deque()
    running = as_completed()
    by_key: dict[str, _Partition[T]] = {}
    try:
        while True:
            window = in_flight or _window(client)       # workers may join or leave during a run
            while len(pending) < window and (p := next(source, None)) is not None:
                _start(p, client, parts, code)
                pending.append(p)
                if p.future is not None:
                    by_key[p.future.key] = p
                    running.add(p.future)
            if not pending:
                return
            head = pending[0]
            while not head.done:
                _finish(by_key.pop(next(running).key), parts, n_process)
            pending.popleft()
            for payload, articles in head.batches:
                yield payload, {a.id: head.results[a.id] for a in articles}
            if head.part is not None:
                head.part.unlink(missing_ok=True)
    finally:
        for p in pending:
            if p.future is not None:
                p.future.cancel()


# ------------------------------------------------------------------------------------- the cluster
def check_address(address: str) -> None:
    """Raise InputError unless `address` is `local` or looks like a scheduler address."""
    if address != LOCAL and not ADDRESS.match(address):
        raise InputError(f"--dask {address!r}: give a scheduler address such as tcp://HOST:8786, "
                         f"or {LOCAL} to start a cluster on this machine")


@contextmanager
def dask_client(address: str, n_workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a LocalCluster of `n_workers` single-threaded
    worker processes (default: one per core) when `address` is "local"."""
    check_address(address)
    if address == LOCAL:
        with LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, ValueError, TypeError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {address} ({exc}); start one with "
                         f"`dask scheduler` or use --dask {LOCAL}") from None
    with client:
        _check_workers(client, address)
        yield client


def _flashpoint_version() -> str:
    return __version__


def _check_workers(client: Client, address: str) -> None:
    """Every worker must run the driver's flashpoint, or its events would differ from a serial run's."""
    try:
        versions = client.run(_flashpoint_version)
    except Exception as exc:  # noqa: BLE001 - typically flashpoint not installed on a worker
        raise InputError(f"a worker of the Dask scheduler at {address} cannot run flashpoint "
                         f"({type(exc).__name__}: {exc}); install it on every worker from the same "
                         f"requirements.lock (docs/scale.md)") from None
    wrong = {w: v for w, v in versions.items() if v != __version__}
    if wrong:
        raise InputError(f"workers of {address} run another flashpoint than this one ({__version__}): "
                         f"{', '.join(f'{w} has {v}' for w, v in sorted(wrong.items()))}; install the same "
                         f"version everywhere (docs/scale.md)")
    if not versions:
        log.warning("the Dask scheduler at %s has no workers yet; partitions wait until one joins", address)
