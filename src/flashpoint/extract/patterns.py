"""Loading and validating the event patterns in data/patterns.yaml."""
from __future__ import annotations

from dataclasses import dataclass, field
import re
from functools import lru_cache
from importlib import resources

import yaml

from ..errors import DataError
from ..ontology import cameo_codes



class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. YAML 1.1 also reads on/off/yes/no as booleans, and our
    prepositions include "on" and "off"."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                              list("tf"))

ALLOWED = {"lemma", "cameo", "objects", "target_preps", "variants", "particle", "no_target", "source_prep", "subjects", "stative", "actorless", "giver_prep",
           "symmetric", "needs_clause", "needs_object"}


@dataclass(frozen=True)
class Pattern:
    kind: str                              # verb | noun
    lemma: str
    cameo: str
    objects: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    target_preps: frozenset[str] = frozenset()
    variants: tuple[tuple[frozenset[str], str], ...] = ()
    particle: str | None = None
    no_target: bool = False
    stative: bool = False
    actorless: bool | None = None       # None: by CAMEO root (events.ACTORLESS_ROOTS)
    source_prep: str | None = None
    giver_prep: str | None = None
    symmetric: bool = False             # the act is mutual: "X held talks with Y" is Y's too
    needs_clause: bool = False          # only with an object and a clause: "X wants Y to ..."
    needs_object: bool = False          # "helped to plan X" (a clause, no actor helped) is no event

    @property
    def name(self) -> str:
        extra = f" {self.particle}" if self.particle else ""
        return f"{self.kind}:{self.lemma}{extra}->{self.cameo}"


@dataclass(frozen=True)
class PatternSet:
    verbs: dict[str, tuple[Pattern, ...]]
    nouns: dict[str, tuple[Pattern, ...]]
    light_verbs: frozenset[str] = field(default_factory=frozenset)


def _pattern(kind: str, raw: dict, where: str) -> Pattern:
    unknown = set(raw) - ALLOWED
    if unknown or "lemma" not in raw or "cameo" not in raw:
        raise DataError(f"{where}: a pattern needs 'lemma' and 'cameo' and may only have {sorted(ALLOWED)}; "
                        f"got {raw!r}")
    codes = cameo_codes()
    variants = tuple((frozenset(v["words"]), str(v["cameo"])) for v in raw.get("variants", []))
    for code in [str(raw["cameo"])] + [c for _, c in variants]:
        if code not in codes:
            raise DataError(f"{where}: pattern {raw['lemma']!r} uses CAMEO code {code!r}, which is not in cameo.tsv")
    return Pattern(kind=kind, lemma=str(raw["lemma"]), cameo=str(raw["cameo"]),
                   objects=frozenset(raw.get("objects", [])),
                   subjects=frozenset(raw.get("subjects", [])), target_preps=frozenset(raw.get("target_preps", [])),
                   variants=variants, particle=raw.get("particle") or None, no_target=bool(raw.get("no_target")), stative=bool(raw.get("stative")),
                   actorless=raw.get("actorless"),
                   source_prep=raw.get("source_prep"), giver_prep=raw.get("giver_prep"),
                   symmetric=bool(raw.get("symmetric")), needs_clause=bool(raw.get("needs_clause")),
                   needs_object=bool(raw.get("needs_object")))


@lru_cache(maxsize=1)
def patterns() -> PatternSet:
    """The verb and noun patterns, validated against the CAMEO codebook."""
    path = resources.files("flashpoint") / "data" / "patterns.yaml"
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as exc:
        raise DataError(f"data/patterns.yaml is not valid YAML: {exc}") from None
    verbs: dict[str, list[Pattern]] = {}
    nouns: dict[str, list[Pattern]] = {}
    for kind, table in (("verb", verbs), ("noun", nouns)):
        for i, item in enumerate(raw.get(kind + "s", [])):
            p = _pattern(kind, item, f"data/patterns.yaml {kind}s[{i}]")
            table.setdefault(p.lemma, []).append(p)
    for table in (verbs, nouns):
        for lemma, pats in table.items():
            keys = [(p.particle, p.objects, p.subjects) for p in pats]
            if len(set(keys)) != len(keys):
                raise DataError(f"data/patterns.yaml: two patterns for {lemma!r} with the same particle and "
                                f"object/subject constraints; merge them")
            # the most constrained pattern is tried first: "seize a town" before plain "seize"
            pats.sort(key=lambda p: not (p.particle or p.objects or p.subjects))
    return PatternSet(verbs={k: tuple(v) for k, v in verbs.items()},
                      nouns={k: tuple(v) for k, v in nouns.items()},
                      light_verbs=frozenset(raw.get("light_verbs", [])))
