"""Ingest on a Dask cluster gives the serial run's database, row for row, and loses nothing when a
worker fails or the driver is killed mid-way."""
from __future__ import annotations

import logging
import shutil
import socket

import duckdb
import pytest
from distributed import Client, LocalCluster

from flashpoint.errors import InputError
from flashpoint.extract import extract_articles
from flashpoint.ingest import iter_articles
from flashpoint.pipeline import dask_ingest, ingest
from flashpoint.scale import dask_runner
from flashpoint.scale.dask_runner import check_address, code_partition, dask_client, extraction_from_json
from flashpoint.store import open_store

from conftest import run_cli, write_corpus
from test_pipeline import TABLES

N_ARTICLES = 40
# Small batches and partitions, so that 40 articles make 10 batches in 5 partitions over 2 workers.
BATCH = 4
PARTITION = 8
ALL_TABLES = {**TABLES, "merged_events": "id"}
DRIVER_WARNING = "coding it on the driver"


def dump(db) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY {k}").fetchall() for t, k in ALL_TABLES.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "c.jsonl", N_ARTICLES)


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("serial") / "serial.duckdb"
    with open_store(str(db)) as store:
        ingest([str(corpus)], store, batch_size=BATCH)
    return dump(db)


def _run(corpus, db, client, **kw):
    with open_store(str(db)) as store:
        return dask_ingest([str(corpus)], store, client, batch_size=BATCH, partition_size=PARTITION, **kw)


def test_extraction_json_round_trips(corpus):
    articles = list(iter_articles([str(corpus)]))[:7]
    for _, ex in extract_articles(articles):
        assert extraction_from_json(ex.to_json()) == ex


def test_dask_run_equals_serial_and_a_rerun_adds_nothing(corpus, serial, client, tmp_path):
    db = tmp_path / "dask.duckdb"
    first = _run(corpus, db, client)
    assert first.new == N_ARTICLES - first.near_duplicate and first.events > 0
    assert dump(db) == serial
    assert sum(len(rows) for rows in serial.values()) > N_ARTICLES and serial["merged_events"]
    assert not (tmp_path / "dask.duckdb.parts").exists(), "a complete run leaves no parts behind"
    again = _run(corpus, db, client)
    assert again.new == 0 and again.duplicate == N_ARTICLES
    assert dump(db) == serial


def test_a_failing_partition_is_coded_on_the_driver(corpus, serial, client, tmp_path, caplog):
    def fails_on_a13(articles):
        if any(a["external_id"] == "a13" for a in articles):
            raise RuntimeError("injected worker failure")
        return code_partition(articles)

    db = tmp_path / "failing.duckdb"
    with caplog.at_level(logging.WARNING, logger=dask_runner.__name__):
        _run(corpus, db, client, code=fails_on_a13)
    warned = [r for r in caplog.records if DRIVER_WARNING in r.getMessage()]
    assert len(warned) == 1 and "injected worker failure" in warned[0].getMessage()
    assert dump(db) == serial


class _Killed(Exception):
    pass


def _kill_after_first_batch(n: int) -> None:
    raise _Killed


def test_a_killed_run_resumes_from_its_parts_without_recoding(corpus, serial, client, tmp_path, caplog):
    db, parts = tmp_path / "killed.duckdb", tmp_path / "parts"
    with pytest.raises(_Killed):
        _run(corpus, db, client, parts=parts, progress=_kill_after_first_batch)
    assert len(dump(db)["articles"]) == BATCH
    left = sorted(parts.glob("part-*.parquet"))
    assert left, "the first partition's part (half loaded) must still be there"
    con = duckdb.connect()
    rows = con.execute("SELECT article_id FROM read_parquet(?)", [[str(p) for p in left]]).fetchall()
    coded = {r[0] for r in rows}
    backup = tmp_path / "backup"
    shutil.copytree(parts, backup)

    def must_not_recode(articles):
        if any(a["id"] in coded for a in articles):
            raise RuntimeError("recoded an article a part already held")
        return code_partition(articles)

    with caplog.at_level(logging.WARNING, logger=dask_runner.__name__):
        _run(corpus, db, client, parts=parts, code=must_not_recode)
    assert not [r for r in caplog.records if DRIVER_WARNING in r.getMessage()]
    assert dump(db) == serial
    assert not list(parts.glob("*.parquet")), "loaded parts are deleted"

    for p in backup.iterdir():              # loading the same parts again is a no-op
        shutil.copy(p, parts / p.name)
    assert _run(corpus, db, client, parts=parts).new == 0
    assert dump(db) == serial and not list(parts.glob("*.parquet"))


def test_bad_or_unreachable_scheduler_is_an_input_error(monkeypatch):
    with pytest.raises(InputError, match="tcp://HOST:8786"):
        check_address("not an address")
    with socket.socket() as s:                     # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(dask_runner, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(InputError, match="cannot reach the Dask scheduler at .*use --dask local"):
        with dask_client(f"tcp://127.0.0.1:{port}"):
            pass


def test_a_scheduler_address_connects_and_checks_the_workers_flashpoint(client, monkeypatch):
    address = client.scheduler.address
    with dask_client(address) as remote:
        assert sum(remote.nthreads().values()) == 2
    monkeypatch.setattr(dask_runner, "__version__", "0.0-elsewhere")
    with pytest.raises(InputError, match="run another flashpoint"):
        with dask_client(address):
            pass


def test_cli_dask_local(corpus, serial, tmp_path):
    db = tmp_path / "cli.duckdb"
    res = run_cli("ingest", str(corpus), "--db", str(db), "--batch-size", str(BATCH), "--dask", "local",
                  "--dask-workers", "1")
    assert res.returncode == 0, res.stderr
    assert dump(db) == serial
    bad = run_cli("ingest", str(corpus), "--db", str(tmp_path / "bad.duckdb"), "--dask", "nowhere")
    assert bad.returncode == 2 and "--dask 'nowhere'" in bad.stderr
    assert not (tmp_path / "bad.duckdb").exists()
