"""Crash safety: kill `flashpoint ingest` with SIGKILL at many random moments over one corpus, resume
after each kill, and check that the database (a) opens cleanly after every kill and (b) ends row for
row identical to an uninterrupted run's.

    python scripts/crashtest.py [--kills 20] [--articles 3000] [--seed 7] [--keep DIR]

The corpus is drawn from the bundled demo corpus (written for the project): each article four of its
sentences, so every article is new to the store and coded. Kills land at random moments of each run after
start-up; a kill that lands before anything new was committed is counted but not as "mid-way".
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from flashpoint.demo import corpus_path

TABLES = {"articles": "id", "events": "id", "merged_events": "id", "actor_mentions": "event_id, role",
          "places": "article_id, seq", "time_exprs": "article_id, seq", "quotes": "article_id, seq"}
BATCH = 8
# Seconds after start-up within which each kill lands; a few batches are committed in that time.
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


def dump(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY {k}").fetchall() for t, k in TABLES.items()}
    finally:
        con.close()


def stored(db: Path) -> int:
    """Articles in the store; opening it read-only is itself the check that a crash left it usable."""
    if not db.exists():
        return 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


def command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "flashpoint.cli", "ingest", str(corpus), "--db", str(db),
            "--batch-size", str(BATCH)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", help="keep the databases in this folder")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        corpus = work / "corpus.jsonl"
        write_corpus(corpus, args.articles, rng)
        clean, killed = work / "clean.duckdb", work / "killed.duckdb"
        for p in (clean, killed):
            p.unlink(missing_ok=True)
        t0 = time.time()
        subprocess.run(command(corpus, clean), check=True, capture_output=True)
        clean_s = time.time() - t0
        want = dump(clean)
        print(f"clean run: {len(want['articles'])} articles, {len(want['events'])} events, "
              f"{len(want['merged_events'])} merged events in {clean_s:.0f} s")
        t0 = time.time()
        subprocess.run(command(corpus, clean), check=True, capture_output=True)    # nothing left to do
        startup_s = time.time() - t0
        kills, mid_way, before = 0, 0, 0
        while kills < args.kills:
            proc = subprocess.Popen(command(corpus, killed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # kill at a random moment after start-up (Python, spaCy, reading the corpus): mid-batch,
            # mid-commit, mid-merge — wherever it falls
            time.sleep(startup_s + rng.uniform(0.0, WINDOW_S))
            if proc.poll() is not None:
                break                       # it finished before the kill: the corpus is all stored
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
            now = stored(killed)
            mid_way += before < now < args.articles
            print(f"kill {kills:>3}: {now:>5} articles stored (+{now - before})")
            before = now
        subprocess.run(command(corpus, killed), check=True, capture_output=True)
        same = dump(killed) == want
        print(f"{kills} kills ({mid_way} mid-way through new work); every kill left a database that "
              f"opens; after the last rerun the database is {'IDENTICAL' if same else 'DIFFERENT'} "
              f"to the clean run's, table by table ({', '.join(TABLES)})")
        return 0 if same and mid_way > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
