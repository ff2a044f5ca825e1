"""The analysis commands of the `flashpoint` command line: `dyad`, `alerts` and `report`, registered
on the app by cli.py; thin like the others."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .analyse import dyads
from .cli_common import DB_HELP, db_path as _db, err, out
from .errors import InputError
from .store import open_store


def _check(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise InputError(f"--format {fmt!r}: use {', '.join(allowed[:-1])} or {allowed[-1]}")


def _series_rows(rows: list[dict]) -> list[dict]:
    flat = []
    for r in rows:
        flat.append({"period": str(r["period"]), "events": r["events"], "mentions": r["mentions"],
                     "verbal_coop": r["quad"][1], "material_coop": r["quad"][2], "verbal_conflict": r["quad"][3],
                     "material_conflict": r["quad"][4], "killed": r["killed"], "injured": r["injured"],
                     "arrested": r["arrested"], "index": r["index"], "volume": r["volume"],
                     "index_norm": r["index_norm"],
                     "categories": ";".join(f"{k}={v}" for k, v in sorted(r["categories"].items()))})
    return flat


def dyad(a: str = typer.Argument(..., help="Source country (ISO alpha-3), e.g. USA."),
         b: str = typer.Argument(..., help="Target country (ISO alpha-3), e.g. VEN."),
         db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
         since: Optional[str] = typer.Option(None, "--since", help="YYYY-MM-DD (default: start of the store)."),
         until: Optional[str] = typer.Option(None, "--until", help="YYYY-MM-DD (default: end of the store)."),
         by: str = typer.Option("week", "--by", help="day, week or month."),
         both: bool = typer.Option(False, "--both", help="Both directions (A→B and B→A) together."),
         fmt: str = typer.Option("table", "--format", help="table, json or csv."),
         plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw the series to this PNG.")) -> None:
    """The dyad's series: merged events by quad class, the conflict–cooperation index, coverage."""
    _check(fmt, ("table", "json", "csv"))
    d = dyads.make_dyad(a, b, directed=not both)
    with open_store(_db(db), read_only=True) as store:
        rows = dyads.series(store, d, since=dyads.parse_day("since", since), until=dyads.parse_day("until", until), by=by)
        alerts = dyads.alerts(store, dyad=d) if plot else []
    flat = _series_rows(rows)
    if fmt == "json":
        out.print_json(json.dumps(flat))
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=list(flat[0]) if flat else ["period"])
        w.writeheader()
        w.writerows(flat)
    else:
        t = Table(title=f"{d.label} by {by}")
        for col in ("period", "events", "mentions", "v.coop", "m.coop", "v.conf", "m.conf", "killed", "index",
                    "volume", "per 100"):
            t.add_column(col, justify="left" if col == "period" else "right")
        for r in flat:
            t.add_row(r["period"], *(str(r[k]) for k in ("events", "mentions", "verbal_coop", "material_coop",
                                                         "verbal_conflict", "material_conflict", "killed", "index",
                                                         "volume")),
                      "" if r["index_norm"] is None else str(r["index_norm"]))
        out.print(t)
    if plot:
        from .analyse.plot import plot_series

        path = plot_series(rows, alerts, plot, title=f"{d.label}: conflict–cooperation by {by}")
        (out if fmt == "table" else err).print(f"chart written to {path}", markup=False, highlight=False)


def _alert_json(a: dict) -> dict:
    return {**a, "day": str(a["day"]), "start": str(a["start"]), "end": str(a["end"]),
            "events": [{**e, "date": str(e["date"])} for e in a["events"]]}


def print_alerts(found: list[dict]) -> None:
    """Each alert on one line, then the events that drove it with their evidence."""
    if not found:
        out.print("no alerts: no dyad's conflict events rose above its own history")
        return
    for a in found:
        out.print(f"[bold]{a['dyad']}[/bold]  {a['day']}  level {a['level']} ({a['level_name']})  "
                  f"score {a['score']}  {a['observed']:g} conflict events in {a['window']} days, "
                  f"{a['expected']:g} expected", highlight=False)
        for e in a["events"]:
            ev = (e["evidence"] or "").replace("\n", " ")
            out.print(f"   {e['date']}  {e['cameo']} {e['cameo_name'] or ''} ({e['modality']}), "
                      f"{e['n_articles']} articles / {e['n_sources']} outlets", markup=False, highlight=False)
            out.print(f"      “{ev if len(ev) <= 150 else ev[:149] + '…'}”", markup=False, highlight=False)


def alerts(db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
           since: Optional[str] = typer.Option(None, "--since", help="Only alerts from this day (YYYY-MM-DD)."),
           fmt: str = typer.Option("table", "--format", help="table or json.")) -> None:
    """Escalation alerts of every directed dyad against its own history, with the events behind each."""
    _check(fmt, ("table", "json"))
    with open_store(_db(db), read_only=True) as store:
        found = dyads.alerts(store, since=dyads.parse_day("since", since))
    if fmt == "json":
        out.print_json(json.dumps([_alert_json(a) for a in found]))
        return
    print_alerts(found)


def report(dyad_text: str = typer.Option(..., "--dyad", help="A:B, e.g. USA:VEN (directed)."),
           db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
           since: Optional[str] = typer.Option(None, "--since", help="YYYY-MM-DD (default: start of the store)."),
           until: Optional[str] = typer.Option(None, "--until", help="YYYY-MM-DD (default: end of the store)."),
           by: str = typer.Option("week", "--by", help="day, week or month."),
           fmt: str = typer.Option("md", "--format", help="md or html."),
           output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (default stdout).")) -> None:
    """A one-page brief on a dyad: trend, level, alerts, top events with their evidence, quotes."""
    from .analyse.brief import brief
    from .analyse.report import render

    _check(fmt, ("md", "html"))
    parts = dyad_text.upper().split(":")
    if len(parts) != 2:
        raise InputError(f"--dyad {dyad_text!r} is not of the form A:B, e.g. USA:VEN")
    d = dyads.make_dyad(*parts)
    with open_store(_db(db), read_only=True) as store:
        data = brief(store, d, since=dyads.parse_day("since", since), until=dyads.parse_day("until", until), by=by)
    png = None
    if fmt == "html":
        import tempfile

        from .analyse.plot import plot_series

        with tempfile.TemporaryDirectory() as tmp:
            png = plot_series(data["series"], data["alerts"], Path(tmp) / "chart.png", title=data["title"]).read_bytes()
    text = render(data, fmt, chart_png=png)
    if output:
        output.write_text(text, encoding="utf-8")
        out.print(f"report written to {output}", markup=False, highlight=False)
    else:
        sys.stdout.write(text)
