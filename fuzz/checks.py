"""The properties every fuzzed input must keep, for the readers and for extraction.

A check returns a list of Problems (empty when the input was handled well). A Problem's `key` names
the kind of failure with numbers and paths taken out, so the same bug found again on another input
counts once.
"""
from __future__ import annotations

import logging
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from fuzz.corpus import CANARY, SENTINEL_TEXT, passwd_markers

READER_BUDGET_S = 10.0     # one document (one yielded item) at most this long
PER_ITEM_S = 0.5           # and a whole input at most READER_BUDGET_S plus this per item it yields
EXTRACT_BUDGET_S = 10.0
MEMORY_BUDGET_MB = 500


@dataclass
class Problem:
    kind: str       # crash | escaped | orphan | vanished | lost-batch | oversize | leak | slow | memory | hang | ...
    detail: str

    @property
    def key(self) -> str:
        detail = re.sub(r"/[^\s:'\"]+", "PATH", self.detail)
        detail = re.sub(r"\d+", "N", detail)
        return f"{self.kind}: {detail[:120]}"


@dataclass
class Outcome:
    problems: list[Problem]
    elapsed: float
    articles: int = 0
    skipped: int = 0
    per_input: dict = field(default_factory=dict)   # input path -> {"articles": n, "reasons": [first few]}


def reset_case_dir(workdir: Path) -> Path:
    case = workdir / "case"
    if case.exists():
        shutil.rmtree(case)
    case.mkdir(parents=True)
    return case


def check_reader(workdir: Path, name: str, data: bytes, options=None, budget_s: float = READER_BUDGET_S,
                 columns: dict | None = None) -> Outcome:
    """Write `data` as `name`, read it and a known-good file after it, and check the properties:
    nothing escapes iter_articles; no failure reaches the last-resort guard ('unexpected error');
    every skip and article names its input; every input yields something; the good file after it is
    still read; article text is non-empty and within max_bytes; canary and /etc/passwd content never
    appear; it finishes within the time budget."""
    from flashpoint.ingest import ReadOptions

    options = options or ReadOptions(max_bytes=1_000_000, columns=columns or {})
    case = reset_case_dir(workdir)
    path = case / name
    path.write_bytes(data)
    sentinel = case / "zzzz-sentinel.txt"
    sentinel.write_text(SENTINEL_TEXT, encoding="utf-8")
    return check_paths([path], sentinel, options, budget_s)


def check_paths(paths: list[Path], sentinel: Path | None, options, budget_s: float) -> Outcome:
    from flashpoint.ingest import iter_articles
    from flashpoint.model import Article, Skipped

    problems: list[Problem] = []
    secrets = (CANARY, *passwd_markers())
    names = [str(p) for p in paths]
    seen = {n: 0 for n in names}
    per_input = {n: {"articles": 0, "reasons": []} for n in names}
    sentinel_seen = []
    articles = skipped = 0
    sources = names + ([str(sentinel)] if sentinel else [])
    start = last = time.monotonic()
    gap = 0.0
    try:
        for item in iter_articles(sources, options):
            now = time.monotonic()
            gap, last = max(gap, now - last), now
            origin = getattr(item, "origin", None) or ""
            owner = next((n for n in names if origin.startswith(n)), None)
            if sentinel and origin == str(sentinel):
                sentinel_seen.append(item)
                continue
            if owner is None:
                problems.append(Problem("orphan", f"{type(item).__name__} whose origin names no input: {origin!r}"))
                continue
            seen[owner] += 1
            if isinstance(item, Skipped):
                skipped += 1
                if len(per_input[owner]["reasons"]) < 3:
                    per_input[owner]["reasons"].append(item.reason)
                if not item.reason or not item.reason.strip():
                    problems.append(Problem("no-reason", "a skip with an empty reason"))
                elif item.reason.startswith("unexpected error"):
                    problems.append(Problem("crash", item.reason[:300]))
            elif isinstance(item, Article):
                articles += 1
                per_input[owner]["articles"] += 1
                problems.extend(_check_article(item, options, secrets))
            else:
                problems.append(Problem("bad-item", f"iter_articles yielded a {type(item).__name__}"))
    except Exception as e:  # noqa: BLE001 - this is what the property is about
        problems.append(Problem("escaped", f"{type(e).__name__}: {e}"[:300]))
    elapsed = time.monotonic() - start
    for n, count in seen.items():
        if count == 0 and not any(p.kind == "escaped" for p in problems):
            problems.append(Problem("vanished", "the input produced neither an article nor a skip"))
    if sentinel and not any(p.kind == "escaped" for p in problems):
        if len(sentinel_seen) != 1 or not isinstance(sentinel_seen[0], Article):
            problems.append(Problem("lost-batch", f"the good file after the input gave {sentinel_seen!r:.200}"))
    allowed = budget_s + PER_ITEM_S * (articles + skipped)
    if gap > budget_s:
        problems.append(Problem("slow", f"one document took {gap:.1f} s, over the {budget_s:g} s budget"))
    elif elapsed > allowed:
        problems.append(Problem("slow", f"took {elapsed:.1f} s for {articles + skipped} items, over {allowed:g} s"))
    return Outcome(problems, elapsed, articles, skipped, per_input)


def _check_article(item, options, secrets) -> list[Problem]:
    out = []
    if not item.text or not item.text.strip():
        out.append(Problem("empty-article", "an article with no text"))
    size = len(item.text.encode("utf-8", errors="surrogatepass"))
    if size > options.max_bytes:
        out.append(Problem("oversize", f"article text of {size} bytes over max_bytes {options.max_bytes}"))
    fields = " ".join(str(v) for v in (item.text, item.title, item.url, item.source) if v)
    for secret in secrets:
        if secret and secret in fields:
            out.append(Problem("leak", f"local file content reached an article: {secret[:40]!r}"))
    return out


# ---------------------------------------------------------------------------------------------------
# extraction

SENTINEL_DOC = "Venezuela accused Colombia of aggression on Tuesday."


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def check_extract(text: str, budget_s: float = EXTRACT_BUDGET_S) -> Outcome:
    """Extract `text` then a known sentence: nothing raises, extraction of the document does not fail
    (the per-document guard's warning), the known sentence still gets its event, offsets are valid,
    no sentence gives more than MAX_EVENTS_PER_SENTENCE events, and it finishes within the budget."""
    from collections import Counter

    from flashpoint.extract import MAX_EVENTS_PER_SENTENCE, extract_articles
    from flashpoint.model import Article

    problems: list[Problem] = []
    capture = _Capture()
    logger = logging.getLogger("flashpoint")
    logger.addHandler(capture)
    start = time.monotonic()
    out = []
    try:
        docs = [Article.create(text, published="2025-10-17", origin="fuzz"),
                Article.create(SENTINEL_DOC, published="2025-10-17", origin="sentinel")]
        out = list(extract_articles(docs))
    except Exception as e:  # noqa: BLE001
        problems.append(Problem("escaped", f"{type(e).__name__}: {e}"[:300]))
    finally:
        logger.removeHandler(capture)
    elapsed = time.monotonic() - start
    for message in capture.messages:
        if "extraction failed" in message:
            problems.append(Problem("crash", message[:300]))
    if not problems:
        if len(out) != 2:
            problems.append(Problem("lost-batch", f"{len(out)} results for 2 documents"))
        else:
            (_a, ex), (_b, sentinel) = out
            if not sentinel.events:
                problems.append(Problem("lost-batch", "the known sentence after the document lost its event"))
            per_sentence = Counter(tuple(e.sentence) for e in ex.events)
            worst = max(per_sentence.values(), default=0)
            if worst > MAX_EVENTS_PER_SENTENCE:
                problems.append(Problem("explosion", f"{worst} events from one sentence"))
            problems.extend(_check_offsets(ex, len(text)))
    if elapsed > budget_s:
        problems.append(Problem("slow", f"took {elapsed:.1f} s, over the {budget_s:g} s budget"))
    return Outcome(problems, elapsed, articles=len(out))


def _check_offsets(ex, n: int) -> list[Problem]:
    data = ex.to_json()
    bad = []
    for e in data["events"]:
        if not (0 <= e["sentence"][0] <= e["trigger"][0] < e["trigger"][1] <= n):
            bad.append(f"event offsets {e['sentence']} {e['trigger']}")
    for d in data["dates"] + data["places"]:
        if not 0 <= d["start"] < d["end"] <= n:
            bad.append(f"span {d['start']}-{d['end']}")
    return [Problem("offsets", f"out of range: {bad[0]}")] if bad else []
