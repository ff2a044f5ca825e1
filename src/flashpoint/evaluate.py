"""The evaluation gate: run `extract` on every dev set in ../shared/eval/dev, score each with the
official scorer (score.py, run as a separate process, unedited), print one table, and fail when a
metric falls below its floor in eval_baseline.json. Floors only ever go up.

    python -m flashpoint.evaluate --shared ../shared --gate eval_baseline.json [--sets events-plover ...]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from .extract import extract_articles
from .ingest import iter_articles
from .model import Skipped

# The figures shown in the table, per kind of set (the scorer prints more; all is kept in the JSON).
HEADLINE = {
    "events-plover": ["detected", "category_accuracy", "source_accuracy", "target_accuracy", "triple_accuracy",
                      "magnitude_accuracy"],
    "events-case": ["recall_any", "main_event_accuracy", "event_precision", "f1", "no_event_specificity"],
    "events-upetr": ["precision", "recall", "f1"],
    "places": ["precision", "recall", "f1", "acc_161km_of_matched", "acc_161km_of_gold", "median_error_km"],
    "dates": ["precision", "recall", "f1", "strict_f1", "value_f1", "date_value_accuracy"],
    "quotes": ["all.precision", "all.recall", "all.f1", "all.speaker_accuracy", "direct.f1",
               "direct.speaker_accuracy"],
}
# Training splits are for learning from, not for the gate.
SKIP_SUFFIX = "-train"


def kind_of(name: str) -> str:
    return next(k for k in HEADLINE if name == k or name.startswith(k))


def flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def run_set(set_dir: Path, out_dir: Path, scorer: Path) -> dict:
    """Extract one set's docs.jsonl and score it; return the scorer's figures, flattened."""
    out_path = out_dir / f"{set_dir.name}.jsonl"
    t0 = time.perf_counter()
    with out_path.open("w", encoding="utf-8") as sink:
        items = (a for a in iter_articles([str(set_dir / "docs.jsonl")]) if not isinstance(a, Skipped))
        for _article, ex in extract_articles(items):
            sink.write(json.dumps(ex.to_json(), ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - t0
    proc = subprocess.run([sys.executable, str(scorer), str(set_dir), str(out_path), "--json"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"score.py failed on {set_dir.name}: {proc.stderr.strip()}")
    result = flatten(json.loads(proc.stdout))
    result["seconds"] = round(seconds, 1)
    return result


def check_gate(results: dict[str, dict], floors: dict[str, dict]) -> list[str]:
    """Every (set, metric) whose measured value is below its floor."""
    failures = []
    for name, metrics in floors.items():
        if name not in results:
            continue
        for metric, floor in metrics.items():
            value = results[name].get(metric)
            if value is None or value < floor:
                failures.append(f"{name} {metric}: {value} < floor {floor}")
    return failures


def print_table(results: dict[str, dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="flashpoint evaluation (official scorer, dev sets)")
    t.add_column("set")
    t.add_column("docs", justify="right")
    t.add_column("figures")
    t.add_column("s", justify="right")
    for name, r in results.items():
        figs = ", ".join(f"{m}={r.get(m)}" for m in HEADLINE[kind_of(name)])
        t.add_row(name, str(r.get("docs")), figs, str(r.get("seconds")))
    Console(width=200).print(t)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared", help="the shared folder holding eval/")
    ap.add_argument("--gate", default=None, help="JSON of floors {set: {metric: floor}}")
    ap.add_argument("--sets", nargs="*", default=None, help="only these sets")
    ap.add_argument("--out", default="eval-out", help="where outputs and results.json go")
    args = ap.parse_args(argv)
    dev = Path(args.shared) / "eval" / "dev"
    scorer = Path(args.shared) / "eval" / "score.py"
    if not dev.is_dir() or not scorer.is_file():
        print(f"evaluate: no gold data at {dev} (or no scorer at {scorer}); nothing to evaluate. "
              f"Pass --shared PATH to point at the shared folder.")
        return 0
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in dev.iterdir() if p.is_dir() and not p.name.endswith(SKIP_SUFFIX))
    if args.sets:
        names = [n for n in names if n in args.sets]
    results = {}
    for name in names:
        print(f"evaluate: {name} …", file=sys.stderr, flush=True)
        results[name] = run_set(dev / name, out_dir, scorer)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print_table(results)
    if args.gate:
        floors = json.loads(Path(args.gate).read_text(encoding="utf-8"))
        failures = check_gate(results, floors)
        if failures:
            print("evaluation gate FAILED (a metric fell below its floor):")
            for f in failures:
                print("  " + f)
            return 1
        print(f"evaluation gate passed ({sum(len(v) for v in floors.values())} floors checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
