"""The event ontology: the CAMEO codebook and the PLOVER categories it maps to.

Two bundled tab-separated files, read once and validated on load:

* ``data/cameo.tsv`` -- one row per CAMEO code (2-digit root, 3- and 4-digit sub-codes) with its
  name, its Goldstein conflict/cooperation weight (-10..+10), its quad class (1 verbal cooperation,
  2 material cooperation, 3 verbal conflict, 4 material conflict; fixed by the root), and the PLOVER
  category and mode it maps to (``none`` and blank where PLOVER has no equivalent, e.g. root 01).
* ``data/plover.tsv`` -- the 16 PLOVER categories with their quad, a description and their modes.

A malformed row raises :class:`flashpoint.errors.DataError` naming the file and the line, so a bad
edit to a knowledge file fails loudly at start-up rather than coding events wrongly.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import DataError

CAMEO_FILE = "cameo.tsv"
PLOVER_FILE = "plover.tsv"
CAMEO_HEADER = ("code", "name", "goldstein", "quad", "plover", "mode")
PLOVER_HEADER = ("category", "quad", "description", "modes")

# The 16 PLOVER event categories, in the order of the quad classes.
PLOVER_CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
NO_PLOVER = "none"

_CODE = re.compile(r"\d{2,4}")
_MODE = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class CameoCode:
    code: str                 # "19", "190", "1831": kept as text, leading zeros matter ("010" is not "10")
    name: str
    goldstein: float          # -10 (most conflictual) .. +10 (most cooperative)
    quad: int                 # 1..4, see QUAD_NAMES
    plover: str | None        # PLOVER category, None where PLOVER has no equivalent
    mode: str | None          # PLOVER mode, None where none applies

    @property
    def root(self) -> str:
        """The 2-digit cue category ("19" for "1951")."""
        return self.code[:2]

    @property
    def parent(self) -> str | None:
        """The code one level up ("183" for "1831", "18" for "183"), None for a root."""
        return self.code[:-1] if len(self.code) > 2 else None


@dataclass(frozen=True)
class PloverCategory:
    category: str
    quad: int
    description: str
    modes: tuple[str, ...]


def quad_for_root(root: str) -> int:
    """The standard CAMEO quad class of a 2-digit root: 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4."""
    n = int(root)
    if not 1 <= n <= 20:
        raise ValueError(f"CAMEO roots run from 01 to 20, not {root!r}")
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


def _read(name: str) -> str:
    try:
        return (resources.files("flashpoint") / "data" / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"data/{name}: cannot be read ({exc}); reinstall flashpoint or restore the file") from exc


def _rows(text: str, source: str, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """(line number, fields) for each data row; the header must be exactly `header`; blank lines are skipped."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != header:
        got = lines[0].split("\t") if lines else []
        raise DataError(f"{source} line 1: the header must be {'<TAB>'.join(header)!r}, got {'<TAB>'.join(got)!r}")
    out = []
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(fields) != len(header):
            raise DataError(f"{source} line {lineno}: expected {len(header)} tab-separated fields "
                            f"({', '.join(header)}), got {len(fields)}")
        if any(f != f.strip() for f in fields):
            raise DataError(f"{source} line {lineno}: a field has leading or trailing spaces; remove them")
        out.append((lineno, fields))
    return out


def _int(value: str, what: str, where: str, low: int, high: int) -> int:
    try:
        n = int(value)
    except ValueError:
        raise DataError(f"{where}: {what} {value!r} is not a whole number") from None
    if not low <= n <= high:
        raise DataError(f"{where}: {what} {n} is outside {low}..{high}")
    return n


def parse_plover(text: str, source: str = f"data/{PLOVER_FILE}") -> dict[str, PloverCategory]:
    """Parse and validate the text of plover.tsv. Public for tests and tools; most code wants plover_categories()."""
    out: dict[str, PloverCategory] = {}
    for lineno, (category, quad, description, modes) in _rows(text, source, PLOVER_HEADER):
        where = f"{source} line {lineno}"
        if category not in PLOVER_CATEGORIES:
            raise DataError(f"{where}: {category!r} is not a PLOVER category; use one of {', '.join(PLOVER_CATEGORIES)}")
        if category in out:
            raise DataError(f"{where}: category {category} is listed twice")
        if not description:
            raise DataError(f"{where}: category {category} has no description")
        mode_list = tuple(modes.split("|")) if modes else ()
        bad = [m for m in mode_list if not _MODE.fullmatch(m)]
        if bad:
            raise DataError(f"{where}: modes must be lower-case words joined by '|'; bad: {bad!r}")
        if len(set(mode_list)) != len(mode_list):
            raise DataError(f"{where}: category {category} lists a mode twice")
        out[category] = PloverCategory(category, _int(quad, "quad", where, 1, 4), description, mode_list)
    missing = [c for c in PLOVER_CATEGORIES if c not in out]
    if missing:
        raise DataError(f"{source}: categories missing: {', '.join(missing)}")
    return out


def parse_cameo(text: str, categories: dict[str, PloverCategory],
                source: str = f"data/{CAMEO_FILE}") -> dict[str, CameoCode]:
    """Parse and validate the text of cameo.tsv against `categories`. Most code wants cameo_codes()."""
    out: dict[str, CameoCode] = {}
    lines: dict[str, int] = {}
    for lineno, (code, name, goldstein, quad, plover, mode) in _rows(text, source, CAMEO_HEADER):
        where = f"{source} line {lineno}"
        if not _CODE.fullmatch(code) or not 1 <= int(code[:2]) <= 20:
            raise DataError(f"{where}: {code!r} is not a CAMEO code (2-4 digits under a root 01..20)")
        if code in out:
            raise DataError(f"{where}: code {code} is listed twice (first on line {lines[code]})")
        if not name:
            raise DataError(f"{where}: code {code} has no name")
        try:
            weight = float(goldstein)
        except ValueError:
            raise DataError(f"{where}: goldstein {goldstein!r} is not a number") from None
        if not math.isfinite(weight) or not -10.0 <= weight <= 10.0:
            raise DataError(f"{where}: goldstein {goldstein} is outside -10..10")
        q = _int(quad, "quad", where, 1, 4)
        if q != quad_for_root(code[:2]):
            raise DataError(f"{where}: code {code} has quad {q} but its root {code[:2]} is quad "
                            f"{quad_for_root(code[:2])}")
        if plover == NO_PLOVER:
            category = None
            if mode:
                raise DataError(f"{where}: code {code} has mode {mode!r} but no PLOVER category")
        elif plover in categories:
            category = plover
            if mode and mode not in categories[plover].modes:
                raise DataError(f"{where}: mode {mode!r} is not a mode of {plover} "
                                f"(modes: {', '.join(categories[plover].modes) or 'none'})")
        else:
            raise DataError(f"{where}: plover {plover!r} is neither a category in plover.tsv nor {NO_PLOVER!r}")
        out[code] = CameoCode(code, name, weight, q, category, mode or None)
        lines[code] = lineno
    for code, entry in out.items():
        if entry.parent is not None and entry.parent not in out:
            raise DataError(f"{source} line {lines[code]}: code {code} has no parent code {entry.parent}")
    return out


@lru_cache(maxsize=1)
def _plover() -> dict[str, PloverCategory]:
    return parse_plover(_read(PLOVER_FILE))


@lru_cache(maxsize=1)
def _cameo() -> dict[str, CameoCode]:
    return parse_cameo(_read(CAMEO_FILE), _plover())


def plover_categories() -> dict[str, PloverCategory]:
    """The 16 PLOVER categories by name (a fresh dict over cached, immutable entries)."""
    return dict(_plover())


def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO code by its code string ("01", "010", "0211", ... "2042")."""
    return dict(_cameo())


def cameo(code: str) -> CameoCode:
    """The codebook entry for `code`; DataError when the codebook has no such code."""
    entry = _cameo().get(code) if isinstance(code, str) else None
    if entry is None:
        raise DataError(f"unknown CAMEO code {code!r}: codes are strings of 2-4 digits that exist in "
                        f"data/{CAMEO_FILE}, such as '042' or '190' (keep leading zeros)")
    return entry
