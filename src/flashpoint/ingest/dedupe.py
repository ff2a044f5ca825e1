"""Near-duplicate detection: MinHash signatures of word 3-shingles with a banded LSH index.

Syndicated wire copies differ by a headline, a byline or a footer: their shingle sets overlap almost
entirely (Jaccard >= 0.8) while different reports of the same story share little running text.
Exact re-ingests are caught earlier by the content-hash id.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import numpy as np

# Permutations in a signature; 64 estimates Jaccard to about +-0.06.
NUM_PERM = 64
# LSH bands x rows = NUM_PERM. With 16 bands of 4 rows, a pair at Jaccard 0.8 becomes a candidate with
# probability 1 - (1 - 0.8**4)**16 > 0.9998, a pair at 0.3 with probability < 0.13 (then verified).
BANDS, ROWS = 16, 4
# Estimated Jaccard similarity at or above which a text is a near-duplicate of an earlier one.
MIN_JACCARD = 0.8
# Texts shorter than this many words are too short for a meaningful near-duplicate judgement.
MIN_WORDS = 25

_WORD = re.compile(r"\w+", re.UNICODE)
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_rng = np.random.default_rng(20251125)  # fixed: signatures must be stable across runs and machines
_XOR = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_MUL = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def signature(text: str) -> list[int]:
    """The MinHash signature (NUM_PERM unsigned 64-bit ints) of the text's word 3-shingles."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}
    base = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")
                        for s in shingles), dtype=np.uint64, count=len(shingles))
    with np.errstate(over="ignore"):
        perms = (base[:, None] ^ _XOR[None, :]) * _MUL[None, :]
    return [int(v) for v in perms.min(axis=0)]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(x == y for x, y in zip(a, b)) / NUM_PERM


def _bands(sig: list[int]) -> list[tuple[int, tuple[int, ...]]]:
    return [(b, tuple(sig[b * ROWS:(b + 1) * ROWS])) for b in range(BANDS)]


class NearDuplicateIndex:
    """Remembers first copies and answers which one (if any) a new text nearly duplicates."""

    def __init__(self) -> None:
        self._sigs: dict[str, list[int]] = {}
        self._bands: dict[tuple, list[str]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, doc_id: str, sig: list[int]) -> None:
        if doc_id in self._sigs:
            return
        self._sigs[doc_id] = sig
        for key in _bands(sig):
            self._bands[key].append(doc_id)

    def find(self, sig: list[int]) -> str | None:
        """The most similar remembered document at or above MIN_JACCARD (ties: the smallest id, so the
        answer does not depend on the order documents were added), else None."""
        best: tuple[float, str] | None = None
        seen: set[str] = set()
        for key in _bands(sig):
            for doc_id in self._bands.get(key, ()):
                if doc_id in seen:
                    continue
                seen.add(doc_id)
                sim = similarity(self._sigs[doc_id], sig)
                if sim >= MIN_JACCARD and (best is None or (-sim, doc_id) < (-best[0], best[1])):
                    best = (sim, doc_id)
        return best[1] if best else None
