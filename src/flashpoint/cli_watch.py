"""`flashpoint watch`: poll RSS/Atom feeds and ingest their new items (registered on the app by cli.py).

Thin like the other commands: it parses the options, prints one line per feed and one per round,
and leaves polling, state and backoff to `flashpoint.ingest.watch`.
"""
from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from pathlib import Path
from typing import Optional

import typer

from .cli_common import DB_HELP, db_path, err, out
from .errors import InputError


def _say(console, text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def watch(feeds: Path = typer.Argument(..., help="A text file with one RSS/Atom feed URL per line "
                                                 "(blank lines and '#' comments ignored)."),
          db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
          every: str = typer.Option("15m", "--every", help="How often to poll each feed: 90s, 15m, 1h."),
          once: bool = typer.Option(False, "--once", help="Poll each due feed once and exit (for cron)."),
          timeout: str = typer.Option("20s", "--timeout", help="Per-request timeout: 20s, 1m."),
          max_items: Optional[int] = typer.Option(None, "--max-items",
                                                  help="At most N new articles per feed per poll; "
                                                       "the rest wait for the next poll.")) -> None:
    """Poll RSS/Atom feeds and ingest their new items. Conditional GET, per-feed backoff after
    failures, and state kept in the database so a restart resumes. Ctrl-C stops between feeds."""
    from .ingest.watch import Hooks, RoundSummary, parse_interval
    from .ingest.watch import watch as run_watch

    interval, request_timeout = parse_interval(every, "--every"), parse_interval(timeout, "--timeout")
    if max_items is not None and max_items < 1:
        raise InputError(f"--max-items {max_items}: give a positive number of articles, or leave it out")
    # Each failure is printed as its feed's line; keep the library's warnings off stderr unless the
    # caller configured logging (a handler here stops Python's last-resort one).
    logger = logging.getLogger("flashpoint.ingest.watch")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    spinner = err.status("starting", spinner="dots") if err.is_terminal else contextlib.nullcontext()
    with spinner as status:
        def polling(url: str) -> None:
            if status is not None:
                status.update(f"polling {url}")

        def round_done(summary: RoundSummary, wake: Optional[datetime]) -> None:
            _say(out, summary.describe() + (f"; next round at {wake:%Y-%m-%d %H:%M:%S} UTC" if wake else ""))
            if status is not None and wake:
                status.update(f"waiting for the next round at {wake:%H:%M:%S} UTC (Ctrl-C to stop)")

        hooks = Hooks(problem=lambda text: _say(err, f"warning: {text}"), polling=polling,
                      feed=lambda result: _say(out, result.describe()), round=round_done)
        summary = run_watch(db_path(db), feeds, interval, once=once, timeout=request_timeout,
                            max_items=max_items, hooks=hooks)
    if summary.stopped:
        _say(err, "stopped; every feed's state is saved")
    polled = [r for r in summary.results if r.status != "waiting"]
    if once and polled and all(r.status == "failed" for r in polled):
        raise typer.Exit(1)
