"""The format commands of the `flashpoint` command line: `export` (GDELT, PLOVER JSONL, Parquet, CSV)
and `import-gdelt`, registered on the app by cli.py; thin like the others."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .analyse.dyads import parse_day
from .cli_common import DB_HELP, db_path as _db, out
from .errors import InputError
from .formats import export as formats_export
from .formats.gdelt import import_gdelt as load_gdelt
from .store import open_store


def export(fmt: str = typer.Option(..., "--format", help="gdelt, plover, parquet or csv."),
           output: Path = typer.Option(..., "--output", "-o", help="The file to write (its folder must exist)."),
           db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
           since: Optional[str] = typer.Option(None, "--since", help="Only events from this day (YYYY-MM-DD)."),
           until: Optional[str] = typer.Option(None, "--until", help="Only events up to this day (YYYY-MM-DD)."),
           force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists.")) -> None:
    """Write the merged events (one row per real-world event) as GDELT 2.0 rows, PLOVER JSONL, Parquet
    or CSV."""
    if fmt not in formats_export.FORMATS:
        raise InputError(f"--format {fmt!r}: use {', '.join(formats_export.FORMATS[:-1])} "
                         f"or {formats_export.FORMATS[-1]}")
    first, last = parse_day("since", since), parse_day("until", until)
    formats_export.check_output(output, force)
    with open_store(_db(db), read_only=True) as store:
        n = formats_export.export(store, fmt, output, since=first, until=last, force=force)
    out.print(f"{n} merged events written to {output} ({fmt})", markup=False, highlight=False)


def import_gdelt(file: Path = typer.Argument(..., help="A GDELT 2.0 events export: .CSV (tab-separated), "
                                                       ".zip or .gz."),
                 db: Optional[str] = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Load a GDELT 2.0 events export into the gdelt_events table, to put GDELT's series beside ours."""
    with open_store(_db(db)) as store:
        s = load_gdelt(store, file)
    reasons = "; ".join(f"{r}: {n}" for r, n in sorted(s.skipped_reasons.items(), key=lambda kv: -kv[1]))
    out.print(f"{file}: read {s.read} lines, loaded {s.loaded} new events, {s.already_loaded} already loaded, "
              f"skipped {s.skipped}{f' ({reasons})' if reasons else ''}", markup=False, highlight=False)
