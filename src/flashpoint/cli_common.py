"""What every command of the command line shares: the consoles and the database option."""
from __future__ import annotations

import sys
from typing import Optional

from rich.console import Console

from .store import default_db_path

# Tables are wide: when stdout is not a terminal (a pipe, a log), lay them out for 160 columns.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DB_HELP = "DuckDB file (default: $FLASHPOINT_DB or ./flashpoint.duckdb)."


def db_path(db: Optional[str]) -> str:
    """The database a command uses: --db, else $FLASHPOINT_DB, else ./flashpoint.duckdb."""
    return db or default_db_path()
