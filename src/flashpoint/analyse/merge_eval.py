"""Measuring cross-article merging against a corpus with known ground truth: pairwise precision and
recall of "same real-world event" decisions.

A truth line names an article, the real-world event it reports, a substring of the reporting sentence
and the dyad and category the coder should give it. Each truth line is aligned to the stored mention
in that article whose evidence contains the substring and whose countries and category match (and
whose modality says it happened, unless the line names a modality). Over every pair of aligned
mentions: merged and truly the same is a true positive, merged but different a false positive, truly
the same but kept apart a false negative. Lines the coder missed are reported, not scored: they are
extraction errors, not merge decisions.
"""
from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

from ..store import Store

FACTUAL = {"asserted", "reported"}


def read_truth(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


ALIGN_SQL = """
SELECT e.id, e.merged_id, e.modality, e.evidence FROM events e JOIN articles a ON a.id = e.article_id
WHERE a.external_id = ? AND e.source_country IS NOT DISTINCT FROM ? AND e.target_country IS NOT DISTINCT FROM ?
  AND e.category = ? ORDER BY e.id
"""


def align(store: Store, truth: list[dict]) -> tuple[list[tuple[str, str, str]], list[dict]]:
    """([(truth event, mention id, merged id)], truth lines with no matching mention)."""
    aligned, missed = [], []
    for t in truth:
        rows = store.con.execute(ALIGN_SQL, [t["article"], t["source"], t.get("target"), t["category"]]).fetchall()
        want = {t["modality"]} if t.get("modality") else FACTUAL
        hit = next((r for r in rows if t["sentence_contains"] in (r[3] or "") and r[2] in want), None)
        if hit is None:
            missed.append(t)
        else:
            aligned.append((t["event"], hit[0], hit[1]))
    return aligned, missed


def pairwise(aligned: list[tuple[str, str, str]]) -> dict:
    """Pairwise precision/recall of the merge decisions over aligned mentions."""
    tp = fp = fn = 0
    for (t1, _, m1), (t2, _, m2) in combinations(aligned, 2):
        same, merged = t1 == t2, m1 == m2
        tp += same and merged
        fp += merged and not same
        fn += same and not merged
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs_same": tp + fn, "pairs_merged": tp + fp, "true_positive": tp, "false_positive": fp,
            "false_negative": fn, "precision": round(p, 4), "recall": round(r, 4)}


def evaluate(store: Store, truth: list[dict]) -> dict:
    """Align `truth` with the mentions in `store` (already ingested) and score the merging."""
    aligned, missed = align(store, truth)
    return {**pairwise(aligned), "truth_lines": len(truth), "aligned": len(aligned),
            "missed": [f"{t['article']}/{t['event']}: {t['sentence_contains']}" for t in missed]}
