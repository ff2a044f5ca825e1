"""Countries and the strings news uses for them, from data/actors/countries.tsv.

One row per country or territory (every UN member state plus a few widely reported others such as
Palestine, Kosovo, Taiwan and Hong Kong), keyed by ISO 3166-1 alpha-3 code (XKX for Kosovo, which has
no ISO code). Each row gives the country's names and short forms ("U.S.", "DPRK"), its demonyms
("Venezuelan", "Britons"), its capital -- which news uses as a metonym for the government ("Caracas
said") -- and approximate coordinates of the country's centre and of the capital.

country_names() turns all of that into one case-sensitive lookup table. A string that names more than
one country ("Congo", "Korea", "Dominican") is left out rather than guessed.
"""
from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import DataError

COUNTRIES_FILE = "countries.tsv"
HEADER = ("iso3", "name", "aliases", "demonyms", "capital", "lat", "lon", "capital_lat", "capital_lon")

# Accent-free spellings that are ordinary English words and so must not be added automatically
# ("Malé" folds to "Male").
_FOLD_STOP = frozenset({"Male"})
_ISO3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    lat: float
    lon: float
    capital_lat: float
    capital_lon: float

    def strings(self) -> tuple[str, ...]:
        """Every string written for this country in the file: name, aliases, demonyms, capital."""
        seen = dict.fromkeys((self.name, *self.aliases, *self.demonyms, self.capital))
        return tuple(seen)


def _fold(text: str) -> str:
    """`text` without accents ("Bogotá" -> "Bogota"), as English news often writes it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def coordinate(value: str, what: str, limit: float, where: str) -> float:
    """A latitude (limit 90) or longitude (limit 180) from a data file, or DataError naming the place."""
    try:
        x = float(value)
    except ValueError:
        raise DataError(f"{where}: {what} {value!r} is not a number") from None
    if not math.isfinite(x) or not -limit <= x <= limit:
        raise DataError(f"{where}: {what} {value} is outside -{limit:g}..{limit:g}")
    return x


def _parts(value: str, what: str, where: str) -> tuple[str, ...]:
    if not value:
        return ()
    parts = tuple(value.split("|"))
    if any(not p or p != p.strip() for p in parts):
        raise DataError(f"{where}: {what} has an empty entry or stray spaces around '|': {value!r}")
    return parts


def parse_countries(text: str, source: str = f"data/actors/{COUNTRIES_FILE}") -> dict[str, Country]:
    """Parse and validate the text of countries.tsv. Most code wants countries()."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise DataError(f"{source} line 1: the header must be {'<TAB>'.join(HEADER)!r}")
    out: dict[str, Country] = {}
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        where = f"{source} line {lineno}"
        fields = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(fields) != len(HEADER):
            raise DataError(f"{where}: expected {len(HEADER)} tab-separated fields ({', '.join(HEADER)}), "
                            f"got {len(fields)}")
        iso3, name, aliases, demonyms, capital, lat, lon, clat, clon = fields
        if not _ISO3.fullmatch(iso3):
            raise DataError(f"{where}: iso3 {iso3!r} is not three capital letters")
        if iso3 in out:
            raise DataError(f"{where}: iso3 {iso3} is listed twice")
        if not name or name != name.strip():
            raise DataError(f"{where}: {iso3} needs a name without stray spaces")
        if not capital or capital != capital.strip():
            raise DataError(f"{where}: {iso3} needs a capital without stray spaces")
        out[iso3] = Country(
            iso3=iso3, name=name,
            aliases=_parts(aliases, "aliases", where), demonyms=_parts(demonyms, "demonyms", where),
            capital=capital,
            lat=coordinate(lat, "lat", 90, where), lon=coordinate(lon, "lon", 180, where),
            capital_lat=coordinate(clat, "capital_lat", 90, where), capital_lon=coordinate(clon, "capital_lon", 180, where),
        )
    if not out:
        raise DataError(f"{source}: no countries")
    return out


def name_index(table: dict[str, Country]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(unambiguous string -> iso3, ambiguous string -> the iso3 codes it could mean).

    Each country contributes its strings as written plus their accent-free forms ("Türkiye" ->
    "Turkiye"), except accent-free forms that are common words (_FOLD_STOP)."""
    owners: dict[str, set[str]] = {}
    for country in table.values():
        for s in country.strings():
            owners.setdefault(s, set()).add(country.iso3)
            folded = _fold(s)
            if folded != s and folded not in _FOLD_STOP:
                owners.setdefault(folded, set()).add(country.iso3)
    names = {s: next(iter(isos)) for s, isos in owners.items() if len(isos) == 1}
    ambiguous = {s: tuple(sorted(isos)) for s, isos in owners.items() if len(isos) > 1}
    return names, ambiguous


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    try:
        text = (resources.files("flashpoint") / "data" / "actors" / COUNTRIES_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"data/actors/{COUNTRIES_FILE}: cannot be read ({exc}); "
                        "reinstall flashpoint or restore the file") from exc
    return parse_countries(text)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return name_index(_countries())[0]


def countries() -> dict[str, Country]:
    """Every country by ISO 3166-1 alpha-3 code."""
    return dict(_countries())


def country_names() -> dict[str, str]:
    """Every name, alias, demonym and capital -> iso3. Keys are case-sensitive, as written (plus
    accent-free forms); a string that could mean more than one country is left out."""
    return dict(_names())


# Misspelt names ("Ethopia", "Quatar") are read as the country one edit away, only for single words
# of at least this many letters: shorter names sit one edit from ordinary names ("Nigel", "Niger").
MIN_FUZZY_LENGTH = 6


def _deletes(word: str) -> set[str]:
    """The word with one letter removed, never the first (a misspelling keeps its initial)."""
    return {word[:i] + word[i + 1:] for i in range(1, len(word))}


@lru_cache(maxsize=1)
def _fuzzy_index() -> dict[str, frozenset[str]]:
    """Each single-word name and its one-letter deletions -> the countries they could be."""
    index: dict[str, set[str]] = {}
    for name, iso in _names().items():
        if " " in name or "-" in name or len(name) < MIN_FUZZY_LENGTH - 1:
            continue
        for key in {name.lower()} | _deletes(name.lower()):
            index.setdefault(key, set()).add(iso)
    return {k: frozenset(v) for k, v in index.items()}


def fuzzy_country(word: str) -> str | None:
    """The one country whose name or demonym is a single edit (a letter missing, added or changed,
    not the first) from `word`, or None when none or several are. Exact names are not looked up here."""
    if len(word) < MIN_FUZZY_LENGTH or not word[:1].isupper() or not word.isalpha():
        return None
    index = _fuzzy_index()
    low = word.lower()
    found: set[str] = set()
    for key in {low} | _deletes(low):
        found |= index.get(key, frozenset())
    return next(iter(found)) if len(found) == 1 else None
