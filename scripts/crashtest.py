"""Crash safety: kill `flashpoint ingest` and `flashpoint watch` with SIGKILL at many random moments
over one corpus, resume after each kill, and check that the database (a) opens cleanly after every kill
and (b) ends row for row identical to an uninterrupted run's.

    python scripts/crashtest.py [--target ingest|watch|all] [--kills 20] [--articles 3000] [--seed 7]
                                [--keep DIR]

The corpus is drawn from the bundled demo corpus (written for the project): each article four of its
sentences, so every article is new to the store and coded. `ingest` reads it as a JSON Lines file;
`watch --once` polls it as RSS feeds served on 127.0.0.1 by this script (ETag and conditional GET
included), so a kill can land between a feed's articles and its state. Kills land at random moments of
each run after start-up; a kill that lands before anything new was committed is counted but not as
"mid-way".
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb

from flashpoint.demo import corpus_path
from flashpoint.ingest.feed_state import TEMP_NAME

TABLES = {"articles": "id", "events": "id", "merged_events": "id", "actor_mentions": "event_id, role",
          "places": "article_id, seq", "time_exprs": "article_id, seq", "quotes": "article_id, seq"}
# What must match after a watch: the same tables, but an article's fetch time is the moment it was
# fetched, and a feed's poll times are the moments of the run; everything else must be identical.
WATCH_TABLES = {**TABLES, "articles": ("* REPLACE (NULL AS fetched_at)", "id"),
                "feeds": ("url, etag, last_modified, failures, last_error, items_seen, articles_new", "url")}
FEEDS = 20
BATCH = 8
# Seconds after start-up within which each kill lands: at most WINDOW_S, and short enough that the
# kills asked for land before the work is done (each run gets on average half a window further).
WINDOW_S = 8.0


def write_corpus(path: Path, n: int, rng: random.Random) -> None:
    """n distinct articles, each four sentences drawn from the demo corpus (so each is coded, not
    linked as a near-duplicate of another) and dated like the article its first sentence came from."""
    base = [json.loads(line) for line in Path(corpus_path()).read_text(encoding="utf-8").splitlines() if line]
    sentences = [(a["published"], s.strip() + ".") for a in base for s in a["text"].split(". ") if len(s) > 40]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            picked = rng.sample(sentences, 4)
            text = " ".join(s for _, s in picked) + f"\n\nFiled as report {i} by the desk."
            f.write(json.dumps({"id": f"crash-{i}", "published": picked[0][0], "text": text}) + "\n")


def read_corpus(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def dump(db: Path, tables: dict = TABLES) -> dict:
    """Every row of the compared tables, in key order; a table maps to its key, or to (columns, key)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table, spec in tables.items():
            columns, key = spec if isinstance(spec, tuple) else ("*", spec)
            out[table] = con.execute(f"SELECT {columns} FROM {table} ORDER BY {key}").fetchall()
        return out
    finally:
        con.close()


def stored(db: Path) -> tuple[int, int]:
    """Articles in the store, and how many of them a killed watch stored without committing their
    feed's state (still named after its temporary file); opening the store read-only is itself the
    check that a crash left it usable."""
    if not db.exists():
        return 0, 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*), count(*) FILTER (WHERE origin LIKE ?) FROM articles",
                           [f"%{TEMP_NAME}:%"]).fetchone()
    finally:
        con.close()


def ingest_command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "flashpoint.cli", "ingest", str(corpus), "--db", str(db),
            "--batch-size", str(BATCH)]


def watch_command(feed_list: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "flashpoint.cli", "watch", str(feed_list), "--db", str(db), "--once"]


# ------------------------------------------------------------------------------ feeds on loopback
def rss(feed: int, items: list[dict]) -> bytes:
    """One RSS 2.0 feed of the given corpus records."""
    entries = []
    for rec in items:
        day = datetime.fromisoformat(rec["published"]).replace(hour=12, tzinfo=timezone.utc)
        entries.append(f"<item><title>{html.escape(rec['text'][:60])}</title>"
                       f"<link>https://desk{feed}.example.org/{rec['id']}</link><guid>{rec['id']}</guid>"
                       f"<pubDate>{format_datetime(day)}</pubDate>"
                       f"<description>{html.escape(rec['text'])}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk {feed}</title>'
            f"<link>https://desk{feed}.example.org/</link>{''.join(entries)}</channel></rss>").encode()


class FeedServer:
    """The corpus as FEEDS RSS feeds on 127.0.0.1, each with an ETag and 304 on If-None-Match."""

    def __init__(self, records: list[dict]) -> None:
        self.bodies = {f"/feed/{i}.xml": rss(i, records[i::FEEDS]) for i in range(FEEDS)}
        bodies = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                body = bodies.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                return None

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> list[str]:
        self.thread.start()
        port = self.httpd.server_address[1]
        return [f"http://127.0.0.1:{port}{path}" for path in self.bodies]

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ----------------------------------------------------------------------------------------- trials
def trial(name: str, command, tables: dict, work: Path, total: int, kills_wanted: int,
          rng: random.Random) -> bool:
    """Run `command(db)` to the end once; then again on a second database, killed at random moments
    and rerun until it finishes; compare. True when identical with at least one kill mid-way."""
    clean, killed = work / f"{name}-clean.duckdb", work / f"{name}-killed.duckdb"
    for p in (clean, killed):
        p.unlink(missing_ok=True)
    t0 = time.time()
    subprocess.run(command(clean), check=True, capture_output=True)
    clean_s = time.time() - t0
    want = dump(clean, tables)
    print(f"{name}: clean run: {len(want['articles'])} articles, {len(want['events'])} events, "
          f"{len(want['merged_events'])} merged events in {clean_s:.0f} s")
    t0 = time.time()
    subprocess.run(command(clean), check=True, capture_output=True)    # nothing left to do
    startup_s = time.time() - t0
    window_s = min(WINDOW_S, max(0.5, (clean_s - startup_s) / (0.6 * kills_wanted)))
    if dump(clean, tables) != want:
        print(f"{name}: a second run over a finished database changed it")
        return False
    kills, mid_way, between, before = 0, 0, 0, 0
    while kills < kills_wanted:
        proc = subprocess.Popen(command(killed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # kill at a random moment after start-up (Python, spaCy, reading the corpus or the feeds):
        # mid-batch, mid-commit, mid-merge, between a feed's articles and its state — wherever it falls
        time.sleep(startup_s + rng.uniform(0.0, window_s))
        if proc.poll() is not None:
            break                       # it finished before the kill: the corpus is all stored
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        now, uncommitted = stored(killed)
        mid_way += before < now < total
        between += uncommitted > 0
        print(f"{name}: kill {kills:>3}: {now:>5} articles stored (+{now - before})"
              + (f", {uncommitted} of them before their feed's state" if uncommitted else ""))
        before = now
    subprocess.run(command(killed), check=True, capture_output=True)
    got = dump(killed, tables)
    same = got == want
    for table in tables:
        if got[table] != want[table]:
            extra, missing = set(got[table]) - set(want[table]), set(want[table]) - set(got[table])
            print(f"{name}: {table} differs: {len(got[table])} rows against {len(want[table])}; "
                  f"{len(missing)} missing, {len(extra)} unexpected, e.g. {sorted(missing, key=str)[:1]} "
                  f"became {sorted(extra, key=str)[:1]}")
    print(f"{name}: {kills} kills ({mid_way} mid-way through new work"
          + (f", {between} between a feed's articles and its state" if name == "watch" else "")
          + "); every kill left a database that "
          f"opens; after the last rerun the database is {'IDENTICAL' if same else 'DIFFERENT'} "
          f"to the clean run's, table by table ({', '.join(tables)})")
    return same and mid_way > 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", choices=("ingest", "watch", "all"), default="all")
    ap.add_argument("--kills", type=int, default=20, help="kills per target")
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", help="keep the databases in this folder")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        corpus = work / "corpus.jsonl"
        write_corpus(corpus, args.articles, rng)
        if args.target in ("ingest", "all"):
            ok &= trial("ingest", lambda db: ingest_command(corpus, db), TABLES, work, args.articles,
                        args.kills, rng)
        if args.target in ("watch", "all"):
            with FeedServer(read_corpus(corpus)) as urls:
                feed_list = work / "feeds.txt"
                feed_list.write_text("\n".join(urls) + "\n", encoding="utf-8")
                ok &= trial("watch", lambda db: watch_command(feed_list, db), WATCH_TABLES, work,
                            args.articles, args.kills, rng)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
