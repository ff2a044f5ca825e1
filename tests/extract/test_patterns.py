"""Every event pattern in data/patterns.yaml is exercised by an example sentence written for the project.

The examples live in pattern_examples.yaml next to this file, one entry per sentence:

    - {pattern: "verb:attack->190", text: "Russian forces attacked ...", source: RUS, target: UKR}

`source` and `target` are the ISO3 countries of the expected actors; `target: null` means the sentence
names no target (a pattern with no target by design, e.g. a deployment with no destination) and the
target is not checked. An optional `cameo` checks the code a pattern's `variants` pick. An entry the
coder gets wrong today carries `xfail: "why"`; it runs as a strict xfail, so fixing the coder turns it
into a failure that asks for the marker to be removed.

All example texts are coded in one `extract_articles` call (a module-scoped fixture).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flashpoint.extract import extract_articles
from flashpoint.extract.patterns import _Loader, patterns
from flashpoint.model import Article

EXAMPLES_PATH = Path(__file__).with_name("pattern_examples.yaml")
PUBLISHED = "2025-10-17"
KEYS = {"pattern", "text", "source", "target", "cameo", "xfail"}
REQUIRED = {"pattern", "text", "source", "target"}


def _load() -> list[dict]:
    # The project's loader: YAML 1.1 would read on/off/no in a pattern name or text as booleans.
    return yaml.load(EXAMPLES_PATH.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (safe subclass)


EXAMPLES = _load()


def _pattern_names() -> set[str]:
    pset = patterns()
    return {p.name for table in (pset.verbs, pset.nouns) for pats in table.values() for p in pats}


def _country(actor) -> str | None:
    return actor.country if actor is not None else None


def _describe(ev) -> str:
    def side(a):
        return f"{a.text!r}/{a.code}/{a.country}" if a is not None else "-"
    return (f"{ev.pattern} cameo={ev.cameo} {ev.category} {ev.modality} "
            f"source={side(ev.source)} target={side(ev.target)}")


def _params():
    seen: dict[str, int] = {}
    out = []
    for entry in EXAMPLES:
        name = str(entry.get("pattern"))
        seen[name] = seen.get(name, 0) + 1
        marks = [pytest.mark.xfail(strict=True, reason=str(entry["xfail"]))] if entry.get("xfail") else []
        out.append(pytest.param(entry, id=f"{name}#{seen[name]}", marks=marks))
    return out


@pytest.fixture(scope="module")
def coded() -> dict[str, list]:
    """Example text -> the events the coder finds in it, from a single extract_articles call."""
    articles = [Article.create(e["text"], published=PUBLISHED) for e in EXAMPLES]
    results = list(extract_articles(articles))
    assert len(results) == len(articles)
    return {e["text"]: ex.events for e, (_article, ex) in zip(EXAMPLES, results)}


def test_examples_are_well_formed():
    problems = []
    texts: set[str] = set()
    for i, e in enumerate(EXAMPLES):
        if not isinstance(e, dict):
            problems.append(f"entry {i} is not a mapping: {e!r}")
            continue
        if missing := REQUIRED - set(e):
            problems.append(f"entry {i} ({e.get('pattern')}) lacks {sorted(missing)}")
        if extra := set(e) - KEYS:
            problems.append(f"entry {i} ({e.get('pattern')}) has unknown keys {sorted(extra)}")
        if not e.get("source"):
            problems.append(f"entry {i} ({e.get('pattern')}) needs a source country")
        if e.get("text") in texts:
            problems.append(f"entry {i} repeats the text {e.get('text')!r}")
        texts.add(e.get("text"))
    assert not problems, "\n".join(problems)


def test_every_pattern_has_an_example():
    covered = {str(e["pattern"]) for e in EXAMPLES}
    missing = sorted(_pattern_names() - covered)
    assert not missing, f"{len(missing)} patterns have no example in {EXAMPLES_PATH.name}:\n" + "\n".join(missing)


def test_every_example_names_a_pattern():
    stale = sorted({str(e["pattern"]) for e in EXAMPLES} - _pattern_names())
    assert not stale, "examples name patterns that data/patterns.yaml no longer has:\n" + "\n".join(stale)


@pytest.mark.parametrize("example", _params())
def test_example_is_coded(example, coded):
    events = coded[example["text"]]

    def matches(ev) -> bool:
        return (ev.pattern == example["pattern"]
                and _country(ev.source) == example["source"]
                and (example["target"] is None or _country(ev.target) == example["target"])
                and ("cameo" not in example or ev.cameo == str(example["cameo"])))

    want = (f"{example['pattern']} source={example['source']} target={example['target']}"
            + (f" cameo={example['cameo']}" if "cameo" in example else ""))
    found = "\n".join("  " + _describe(ev) for ev in events) or "  (no events)"
    assert any(matches(ev) for ev in events), f"{example['text']!r}\nwanted: {want}\nfound:\n{found}"
