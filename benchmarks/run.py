"""Throughput benchmark: raw spaCy parsing of the same model (the baseline) against the whole
`extract` stage, on the same documents in the same run. The ratio is the figure we quote.

    python benchmarks/run.py --shared ../shared [--limit 200] [--out bench-out]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from flashpoint import nlp
from flashpoint.extract import extract_articles
from flashpoint.ingest import iter_articles
from flashpoint.model import Article


def load(path: Path, limit: int) -> list[Article]:
    out = []
    for item in iter_articles([str(path)]):
        if isinstance(item, Article):
            out.append(item)
            if len(out) >= limit:
                break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--limit", type=int, default=300, help="articles to use (the corpus has 2,225)")
    ap.add_argument("--out", default="bench-out")
    args = ap.parse_args(argv)
    corpus = Path(args.shared) / "bench" / "bbc.jsonl"
    if not corpus.is_file():
        print(f"bench: {corpus} not found; pass --shared PATH")
        return 0
    articles = load(corpus, args.limit)
    model = nlp.load()
    list(model.pipe(["warm up the pipeline."]))
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in model.pipe((a.text for a in articles), batch_size=nlp.BATCH_SIZE))
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    events = sum(len(ex.events) for _a, ex in extract_articles(articles))
    extract_s = time.perf_counter() - t0
    results = {
        "articles": len(articles), "tokens": tokens, "events": events,
        "parse_tokens_per_s": round(tokens / parse_s), "extract_tokens_per_s": round(tokens / extract_s),
        "extract_over_parse_throughput": round(parse_s / extract_s, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    width = max(map(len, results))
    for k, v in results.items():
        print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
