"""Cross-article merging on the project's merge corpus (tests/analyse/fixtures): pairwise precision
and recall of "same real-world event" decisions, and what was kept apart or merged wrongly.

    python benchmarks/merge.py [-v]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from flashpoint.analyse.merge_eval import evaluate, read_truth
from flashpoint.pipeline import ingest
from flashpoint.store import MEMORY, open_store

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "analyse" / "fixtures"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list the lines the coder missed")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with open_store(MEMORY) as store:
        summary = ingest([str(FIXTURES / "merge_corpus.jsonl")], store, batch_size=8)
        r = evaluate(store, read_truth(FIXTURES / "merge_truth.jsonl"))
        merged = store.con.execute("SELECT count(*) FROM merged_events").fetchone()[0]
    print(f"merge corpus: {summary.read} articles, {summary.events} event mentions -> {merged} merged events "
          f"({time.perf_counter() - t0:.1f} s)")
    print(f"truth lines aligned: {r['aligned']}/{r['truth_lines']}")
    print(f"pairs truly the same: {r['pairs_same']}, pairs merged: {r['pairs_merged']} "
          f"(tp {r['true_positive']}, fp {r['false_positive']}, fn {r['false_negative']})")
    print(f"pairwise precision {r['precision']:.3f} (target >= 0.9)   recall {r['recall']:.3f} (target >= 0.8)")
    if args.verbose:
        for m in r["missed"]:
            print("  missed:", m)
    return 0 if r["precision"] >= 0.9 and r["recall"] >= 0.8 else 1


if __name__ == "__main__":
    sys.exit(main())
