"""Near-duplicate detection: 64-bit SimHash over word 3-shingles, with a banded index.

Syndicated wire copies differ by a headline, a byline or a footer; their SimHashes differ in a few
bits while unrelated texts differ in ~32. Exact re-ingests are caught earlier by the content-hash id.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict

# Two texts whose SimHashes differ in at most this many of 64 bits are near-duplicates. Measured on the
# demo corpus' syndicated copies (distance 0-4 with a one-sentence footer) versus unrelated articles
# on the same story (distance >= 14); 6 leaves room on both sides.
MAX_DISTANCE = 6
# 8 bands of 8 bits: two hashes within MAX_DISTANCE (< 8) bits agree exactly on at least one band.
BANDS = 8
BAND_BITS = 64 // BANDS
# Texts shorter than this many words are too short for a meaningful near-duplicate judgement.
MIN_WORDS = 25

_WORD = re.compile(r"\w+", re.UNICODE)


def simhash(text: str) -> int:
    words = _WORD.findall(text.lower())
    shingles = [" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))]
    weights = [0] * 64
    for sh in shingles:
        h = int.from_bytes(hashlib.blake2b(sh.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _bands(h: int) -> list[tuple[int, int]]:
    mask = (1 << BAND_BITS) - 1
    return [(b, (h >> (b * BAND_BITS)) & mask) for b in range(BANDS)]


class NearDuplicateIndex:
    """Remembers first copies and answers which one (if any) a new text nearly duplicates."""

    def __init__(self) -> None:
        self._hashes: dict[str, int] = {}
        self._bands: dict[tuple[int, int], list[str]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._hashes)

    def add(self, doc_id: str, h: int) -> None:
        if doc_id in self._hashes:
            return
        self._hashes[doc_id] = h
        for key in _bands(h):
            self._bands[key].append(doc_id)

    def find(self, h: int) -> str | None:
        """The closest remembered document within MAX_DISTANCE bits of `h` (ties: the smallest id, so the
        answer does not depend on the order documents were added), else None."""
        best: tuple[int, str] | None = None
        seen: set[str] = set()
        for key in _bands(h):
            for doc_id in self._bands.get(key, ()):
                if doc_id in seen:
                    continue
                seen.add(doc_id)
                d = bin(self._hashes[doc_id] ^ h).count("1")
                if d <= MAX_DISTANCE and (best is None or (d, doc_id) < best):
                    best = (d, doc_id)
        return best[1] if best else None
