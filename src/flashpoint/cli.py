"""The `flashpoint` command line: each command validates its options, calls one library function and
prints. Errors from the library (FlashpointError) become a one-line message and an exit code here."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__, cli_analysis, cli_formats, cli_serve, cli_watch
from .errors import FlashpointError, InputError
from .ingest import ReadOptions
from .cli_common import DB_HELP, err, out
from .cli_common import db_path as _db
from .store import open_store
from .store.queries import EventFilter, dyad_summary, list_events, parse_dyad

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Turn news into evidence-linked political event data.")


def _columns(pairs: List[str]) -> dict[str, str]:
    from .ingest.tabular import FIELDS

    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or field not in FIELDS:
            raise InputError(f"--column {pair!r}: use FIELD=COLUMN with FIELD one of id, text, published, url, "
                             f"title, source (e.g. --column text=body)")
        mapping[field] = column
    return mapping


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None),
                    TextColumn("{task.completed} articles"), TimeElapsedColumn(), console=err,
                    transient=True, disable=not err.is_terminal)


def _print_summary(summary, db: str) -> None:
    t = Table(title=f"ingest into {db}", show_header=False)
    for name in ("read", "new", "duplicate", "near_duplicate", "events"):
        t.add_row(name.replace("_", "-"), str(getattr(summary, name)))
    t.add_row("skipped", str(len(summary.skipped)))
    out.print(t)
    for s in summary.skipped[:20]:
        out.print(f"  skipped {s.origin}: {s.reason}", markup=False, highlight=False)
    if len(summary.skipped) > 20:
        out.print(f"  … and {len(summary.skipped) - 20} more skipped")


@app.command()
def ingest(sources: List[str] = typer.Argument(..., help="Files, folders, globs or http(s) URLs."),
           db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
           column: List[str] = typer.Option([], "--column", help="Map a field to a corpus column: text=body."),
           follow_links: bool = typer.Option(False, "--follow-links", help="Fetch the pages RSS items link to."),
           max_bytes: int = typer.Option(5_000_000, "--max-bytes", help="Skip documents larger than this."),
           batch_size: int = typer.Option(32, "--batch-size", help="Articles per committed batch."),
           workers: int = typer.Option(1, "--workers", help="Parser processes."),
           dask: Optional[str] = typer.Option(None, "--dask", help="Code on a Dask cluster: a scheduler address "
                                              "(tcp://HOST:8786), or local to start one here."),
           dask_workers: Optional[int] = typer.Option(None, "--dask-workers", help="Worker processes of "
                                                      "--dask local (default: one per core)."),
           parts: Optional[Path] = typer.Option(None, "--parts", help="Folder for the Parquet parts of a --dask "
                                                "run (default: DB.parts next to the database)."),
           prefilter: bool = typer.Option(False, "--prefilter", help="Skip parsing sentences that cannot hold an "
                                          "event (faster; see docs/evaluation.md).")) -> None:
    """Read, deduplicate, code and store articles."""
    from contextlib import ExitStack

    from .pipeline import dask_ingest
    from .pipeline import ingest as run_ingest

    opts = ReadOptions(max_bytes=max_bytes, columns=_columns(column), follow_links=follow_links)
    if dask is not None and prefilter:
        raise InputError("--prefilter is not available with --dask yet; run without one of them")
    if dask is None and (dask_workers is not None or parts is not None):
        raise InputError("--dask-workers and --parts apply only with --dask (tcp://HOST:8786 or local)")
    if dask is not None:
        from .scale.dask_runner import LOCAL, check_address

        check_address(dask)
        if dask_workers is not None and (dask != LOCAL or dask_workers < 1):
            raise InputError(f"--dask-workers {dask_workers}: give a number of at least 1, with --dask {LOCAL} "
                             f"(a remote cluster has the workers its `dask worker` commands started)")
    with ExitStack() as stack:
        if dask is not None:        # connect first: an unreachable scheduler must not leave an empty store
            from .scale.dask_runner import dask_client

            client = stack.enter_context(dask_client(dask, dask_workers))
        store = stack.enter_context(open_store(_db(db)))
        progress = stack.enter_context(_progress())
        task = progress.add_task("ingesting", total=None)
        common = dict(options=opts, n_process=workers, batch_size=max(1, batch_size),
                      progress=lambda n: progress.advance(task, n))
        if dask is None:
            summary = run_ingest(sources, store, prefilter=prefilter, **common)
        else:
            summary = dask_ingest(sources, store, client, parts=parts, **common)
    _print_summary(summary, _db(db))
    if summary.read == 0:
        raise typer.Exit(2)


@app.command()
def extract(inputs: List[str] = typer.Argument(..., help="JSONL of {id, text, published}, or text/HTML files."),
            output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write JSONL here (default stdout)."),
            workers: int = typer.Option(1, "--workers", help="Parser processes."),
            prefilter: bool = typer.Option(False, "--prefilter", help="Skip parsing sentences that cannot hold "
                                           "an event (faster; see docs/evaluation.md).")) -> None:
    """Extract events, places, dates and quotes without a database (one JSON object per document)."""
    from .extract import extract_articles
    from .ingest import iter_articles
    from .model import Skipped

    skipped: list[Skipped] = []

    def articles():
        for item in iter_articles(inputs):
            if isinstance(item, Skipped):
                skipped.append(item)
                err.print(f"skipped {item.origin}: {item.reason}", markup=False, highlight=False)
            else:
                yield item

    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    n = 0
    try:
        with _progress() as progress:
            task = progress.add_task("extracting", total=None)
            for _article, ex in extract_articles(articles(), n_process=workers, prefilter=prefilter):
                sink.write(json.dumps(ex.to_json(), ensure_ascii=False) + "\n")
                n += 1
                progress.advance(task)
    finally:
        if output:
            sink.close()
    if output:
        err.print(f"wrote {n} documents to {output}" + (f" ({len(skipped)} skipped)" if skipped else ""))
    if n == 0:
        raise typer.Exit(2)


def _emit(rows: list[dict], fmt: str, title: str) -> None:
    if fmt == "json":
        out.print_json(json.dumps(rows, default=str))
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["id"])
        w.writeheader()
        w.writerows(rows)
    else:
        out.print(event_table(rows, title))


def event_table(rows: list[dict], title: str) -> Table:
    t = Table(title=title, show_lines=False)
    for col, width in (("date", 10), ("source → target", 17), ("category", 9), ("cameo", 5), ("modality", 12)):
        t.add_column(col, no_wrap=True, min_width=width)
    t.add_column("evidence", overflow="ellipsis", no_wrap=True, min_width=30)
    for r in rows:
        ev = (r["evidence"] or "").replace("\n", " ")
        t.add_row(str(r["event_date"] or ""), f"{r['source_code'] or '?'} → {r['target_code'] or '-'}",
                  r["category"] or "", r["cameo"] or "", r["modality"] or "",
                  ev if len(ev) <= 95 else ev[:94] + "…")
    return t


@app.command()
def events(db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
           dyad: Optional[str] = typer.Option(None, "--dyad", help="Directed dyad SOURCE:TARGET, e.g. USA:VEN."),
           actor: Optional[str] = typer.Option(None, "--actor", help="Actor code on either side (prefix)."),
           category: Optional[str] = typer.Option(None, "--category", help="PLOVER category or CAMEO prefix."),
           since: Optional[str] = typer.Option(None, "--since", help="YYYY-MM-DD"),
           until: Optional[str] = typer.Option(None, "--until", help="YYYY-MM-DD"),
           fmt: str = typer.Option("table", "--format", help="table, json or csv."),
           limit: int = typer.Option(50, "--limit", help="At most this many events.")) -> None:
    """List stored events, newest first."""
    if fmt not in ("table", "json", "csv"):
        raise InputError(f"--format {fmt!r}: use table, json or csv")
    f = EventFilter(dyad=parse_dyad(dyad) if dyad else None, actor=actor, category=category,
                    since=since, until=until, limit=limit)
    with open_store(_db(db), read_only=True) as store:
        rows = list_events(store, f)
    _emit(rows, fmt, f"{len(rows)} events")


@app.command()
def demo(db: str = typer.Option("demo.duckdb", "--db", help="Demo database (replaced on each run).")) -> None:
    """Ingest the bundled demo corpus into a fresh demo.duckdb and show what was found."""
    from .demo import run_demo

    with _progress() as progress:
        task = progress.add_task("demo corpus", total=None)
        summary = run_demo(db, progress=lambda n: progress.advance(task, n))
    _print_summary(summary, db)
    with open_store(db, read_only=True) as store:
        rows = list_events(store, EventFilter(dyad=("USA", "VEN"), limit=25))
        out.print(event_table(rows, "US → Venezuela events (newest first)"))
        dyads = dyad_summary(store)
    t = Table(title="dyads")
    for col in ("source", "target", "events", "q1 verbal coop", "q2 material coop", "q3 verbal conflict",
                "q4 material conflict", "mean Goldstein"):
        t.add_column(col)
    for d in dyads:
        t.add_row(d["source"], d["target"], str(d["events"]), str(d["q1"]), str(d["q2"]), str(d["q3"]),
                  str(d["q4"]), str(d["goldstein"]))
    out.print(t)
    from .analyse.dyads import alerts

    with open_store(db, read_only=True) as store:
        found = alerts(store)
    out.print("\n[bold]Escalation alerts[/bold] (each dyad against its own history)")
    cli_analysis.print_alerts(found)
    out.print("\nNext, try:\n"
              f"  flashpoint alerts --db {db}\n"
              f"  flashpoint dyad USA VEN --db {db} --by week --plot usa_ven.png\n"
              f"  flashpoint report --dyad USA:VEN --db {db} --format html --output usa_ven.html\n"
              f"  flashpoint events --db {db} --dyad VEN:USA\n"
              f"  flashpoint events --db {db} --category ASSAULT --format json\n"
              f"  flashpoint ingest ../shared/samples --db {db}\n"
              "  flashpoint extract my_articles.jsonl --output out.jsonl", markup=False, highlight=False)


@app.command()
def quotes(db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
           speaker: Optional[str] = typer.Option(None, "--speaker", help="Speaker code prefix (VENGOV) or name."),
           since: Optional[str] = typer.Option(None, "--since", help="YYYY-MM-DD"),
           until: Optional[str] = typer.Option(None, "--until", help="YYYY-MM-DD"),
           direct: bool = typer.Option(False, "--direct", help="Only direct (quoted) speech."),
           fmt: str = typer.Option("table", "--format", help="table, json or csv."),
           limit: int = typer.Option(50, "--limit", help="At most this many quotes.")) -> None:
    """List stored quotes and reported speech, newest first."""
    from .store.queries import list_quotes

    if fmt not in ("table", "json", "csv"):
        raise InputError(f"--format {fmt!r}: use table, json or csv")
    with open_store(_db(db), read_only=True) as store:
        rows = list_quotes(store, speaker=speaker, since=since, until=until, direct_only=direct, limit=limit)
    if fmt != "table":
        _emit(rows, fmt, "")
        return
    t = Table(title=f"{len(rows)} quotes")
    for col, width in (("date", 10), ("speaker", 26), ("code", 7), ("kind", 8)):
        t.add_column(col, no_wrap=True, min_width=width)
    t.add_column("what was said", overflow="ellipsis", no_wrap=True, min_width=30)
    for r in rows:
        said = (r["quote_text"] or "").replace("\n", " ")
        said = said if len(said) <= 100 else said[:99] + "…"     # rich drops narrow columns otherwise
        who = r["speaker_text"] or "?"
        t.add_row(str(r["published"] or ""), who if len(who) <= 26 else who[:25] + "…", r["speaker_code"] or "",
                  "direct" if r["direct"] else "reported", said)
    out.print(t)


actors_app = typer.Typer(no_args_is_help=True, help="The actor knowledge base.")
app.add_typer(actors_app, name="actors")


@actors_app.command("lookup")
def actors_lookup(name: str = typer.Argument(..., help="A name, alias, country, demonym or capital."),
                  on: Optional[str] = typer.Option(None, "--on", help="Resolve as of this date (YYYY-MM-DD)."),
                  fmt: str = typer.Option("table", "--format", help="table or json.")) -> None:
    """Show what a name resolves to (on a date) and why."""
    from .resolve.actors import lookup
    from .store.queries import check_day

    check_day("on", on)
    rows = lookup(name, on)
    if fmt == "json":
        out.print_json(json.dumps(rows))
        return
    if not rows:
        out.print(f"{name!r} is not in the knowledge base; unknown people take their code from their "
                  f"description (\"a Venezuelan official\" -> VENGOV).", markup=False, highlight=False)
        raise typer.Exit(1)
    t = Table(title=f"{name}" + (f" on {on}" if on else ""))
    for col in ("applies", "code", "entry", "term", "why"):
        t.add_column(col)
    for r in rows:
        t.add_row("yes" if r["applies"] else "no", r["code"] or f"(sector {r['sector']})", r["entry"] or "",
                  r["term"], r["why"])
    out.print(t)


@app.command()
def version() -> None:
    """Print the version of flashpoint and of its extraction contract."""
    from .model import CONTRACT_VERSION

    out.print(f"flashpoint {__version__} (contract {CONTRACT_VERSION})")


for _command in (cli_analysis.dyad, cli_analysis.alerts, cli_analysis.report, cli_formats.export, cli_serve.serve,
                 cli_watch.watch):
    app.command()(_command)
app.command("import-gdelt")(cli_formats.import_gdelt)


def main() -> None:
    try:
        rc = app(standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except FlashpointError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)   # one line, never wrapped
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except Exception as exc:  # click usage errors arrive here in standalone_mode=False
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise


if __name__ == "__main__":
    main()
