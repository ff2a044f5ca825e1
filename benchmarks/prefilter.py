"""The prefilter measured: how many of the events the full pipeline finds it loses on the dev gold
sets (target: at most 1%), and how much of the text it leaves to parse.

    python benchmarks/prefilter.py --shared ../shared

An event is lost when no event with the same document, trigger span and CAMEO code comes out of the
prefiltered run. The figures are pooled over the event sets' documents.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flashpoint.extract import extract_articles
from flashpoint.extract.prefilter import mask
from flashpoint.ingest import iter_articles
from flashpoint.model import Article

SETS = ("events-plover", "events-case", "events-upetr")


def keys(articles: list[Article], prefilter: bool) -> set[tuple]:
    return {(a.doc_id, tuple(e.trigger), e.cameo)
            for a, ex in extract_articles(articles, prefilter=prefilter) for e in ex.events}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="bench-out")
    args = ap.parse_args(argv)
    rows, full_n, lost_n, chars, kept = [], 0, 0, 0, 0.0
    for name in SETS:
        path = Path(args.shared) / "eval" / "dev" / name / "docs.jsonl"
        if not path.is_file():
            print(f"prefilter: {path} not found; pass --shared PATH")
            return 0
        articles = [a for a in iter_articles([str(path)]) if isinstance(a, Article)]
        full, filtered = keys(articles, False), keys(articles, True)
        lost = full - filtered
        share = sum(mask(a.text)[1] * len(a.text) for a in articles) / max(1, sum(len(a.text) for a in articles))
        rows.append({"set": name, "events": len(full), "lost": len(lost), "text_kept": round(share, 3)})
        full_n, lost_n = full_n + len(full), lost_n + len(lost)
        chars += sum(len(a.text) for a in articles)
        kept += share * sum(len(a.text) for a in articles)
    result = {"sets": rows, "events": full_n, "lost": lost_n, "lost_share": round(lost_n / max(1, full_n), 4),
              "text_kept": round(kept / max(1, chars), 3)}
    for r in rows:
        print(f"{r['set']:<15} events {r['events']:>5}  lost {r['lost']:>4}  text kept {r['text_kept']:.0%}")
    print(f"all             events {full_n:>5}  lost {lost_n:>4} ({result['lost_share']:.2%}, target <= 1%)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "prefilter.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
