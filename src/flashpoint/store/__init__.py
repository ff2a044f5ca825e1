"""The DuckDB store: opening (with a clear error when another process holds it), migrations, writes
of whole article batches in one transaction, and the queries the CLI and API share.

One process writes at a time; DuckDB's own file lock enforces it and we translate its error.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import duckdb

from ..errors import StoreError, StoreLockedError
from ..model import Article, Extraction

DEFAULT_DB = "flashpoint.duckdb"
ENV_DB = "FLASHPOINT_DB"
MEMORY = ":memory:"


def default_db_path() -> str:
    """`FLASHPOINT_DB` when set, else ./flashpoint.duckdb."""
    return os.environ.get(ENV_DB) or DEFAULT_DB


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("flashpoint") / "store" / "migrations"
    out = []
    for item in folder.iterdir():
        m = re.match(r"^(\d+)_(\w+)\.sql$", item.name)
        if m:
            out.append((int(m[1]), m[2], item.read_text(encoding="utf-8")))
    return sorted(out)


def _open(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path != MEMORY and read_only and not Path(path).exists():
        raise StoreError(f"no database at {path}; create one with `flashpoint ingest PATH --db {path}`")
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            holder = re.search(r"PID (\d+)", msg)
            who = f" (process {holder[1]})" if holder else ""
            raise StoreLockedError(
                f"{path} is open for writing in another process{who}; wait for it to finish or stop it, "
                f"or use another file with --db") from None
        raise StoreError(f"cannot open {path}: {msg}") from None
    except duckdb.Error as exc:
        raise StoreError(f"cannot open {path} as a DuckDB database: {exc}; "
                         f"is it a flashpoint store? Use another file with --db") from None


@dataclass
class Store:
    """An open flashpoint database. Use `open_store()`; close it (or use it as a context manager)."""

    path: str
    con: duckdb.DuckDBPyConnection
    read_only: bool = False
    _types: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)   # table -> column -> type

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ---------------------------------------------------------------- schema
    def migrate(self) -> list[int]:
        """Apply every migration not yet recorded; return the versions applied."""
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                         "name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)")
        done = {r[0] for r in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for version, name, sql in _migrations():
            if version in done:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
                self.con.execute("COMMIT")
            except duckdb.Error:
                self.con.execute("ROLLBACK")
                raise
            applied.append(version)
        return applied

    def merge_pending(self) -> int:
        """Merge the events stored before cross-article merging existed (or by an older version); one
        transaction. Returns the mentions merged."""
        from ..analyse.merge import merge_pending

        self.con.execute("BEGIN TRANSACTION")
        try:
            n = merge_pending(self.con)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return n

    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    # ---------------------------------------------------------------- writes
    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]).fetchall()
        return {r[0] for r in rows}

    def signatures(self) -> list[tuple[str, list[int]]]:
        """(id, MinHash signature) of every first copy, for near-duplicate detection."""
        return self.con.execute(
            "SELECT id, minhash FROM articles WHERE duplicate_of IS NULL AND minhash IS NOT NULL ORDER BY id"
        ).fetchall()

    def write_batch(self, rows: Iterable[tuple[Article, list[int], str | None, Extraction | None]]) -> None:
        """Write (article, minhash, duplicate_of, extraction) rows in ONE transaction: a batch is either
        wholly in the database or not at all, which is what makes a killed ingest resumable."""
        from ..analyse.merge import merge_pending
        from .writes import batch_rows, columnar_insert

        rows = list(rows)
        tables = batch_rows(rows)
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, table_rows in tables.items():
                if table_rows:
                    columns = [list(column) for column in zip(*table_rows)]
                    self.con.execute(columnar_insert(table, self._column_types(table)), columns)
            merge_pending(self.con, reprinted=[dup for _, _, dup, _ in rows if dup])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _column_types(self, table: str) -> dict[str, str]:
        """Each column's SQL type, from the catalog (after migrations, which may add columns)."""
        if table not in self._types:
            self._types[table] = dict(self.con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                "AND schema_name = current_schema() AND database_name = current_database()", [table]).fetchall())
        return self._types[table]

    # ---------------------------------------------------------------- reads
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        cur = self.con.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # table names are constants
                for t in ("articles", "events", "merged_events", "actor_mentions", "places", "time_exprs",
                          "quotes")}


def open_store(path: str | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating when writable) the store at `path` (default: FLASHPOINT_DB or
    ./flashpoint.duckdb). Raises StoreLockedError when another process is writing to it."""
    path = path or default_db_path()
    con = _open(path, read_only)
    store = Store(path=path, con=con, read_only=read_only)
    if not read_only:
        store.migrate()
        store.merge_pending()       # events stored before merging existed
    else:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "schema_migrations" not in tables:
            con.close()
            raise StoreError(f"{path} is not a flashpoint store (no schema_migrations table); "
                             f"create one with `flashpoint ingest PATH --db {path}`")
    return store

