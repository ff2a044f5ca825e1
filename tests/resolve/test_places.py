"""The gazetteer and toponym resolution: names to places, chosen by kind, size and the article's context.

No sentence or name list here comes from an evaluation set; the cases were written for these tests.
"""
from __future__ import annotations

import collections
import sqlite3
import time

import pytest

from flashpoint.errors import DataError
from flashpoint.resolve import places
from flashpoint.resolve.places import (GAZETTEER_FILES, HEADER, PlaceCandidate, candidates, gazetteer, key, km,
                                       parse_rows, resolve, resolve_all)

BONHAM_TX = (33.58, -96.18)


def where(c: PlaceCandidate | None) -> tuple:
    assert c is not None
    return c.name, c.country, c.feature


# ------------------------------------------------------------------------------------------- lookup form
@pytest.mark.parametrize("a,b", [
    ("St. Louis", "Saint Louis"), ("U.S.", "US"), ("Bogotá", "BOGOTA"), ("Gilgit-Baltistan", "Gilgit Baltistan"),
    ("the Gaza Strip", "Gaza Strip"), ("Syria's", "Syria"), ("Côte d’Ivoire", "Cote d'Ivoire"),
])
def test_key_ignores_case_accents_stops_and_articles(a, b):
    assert key(a) == key(b)


# ------------------------------------------------------------------------------------------- resolve()
def test_countries_capitals_and_states():
    assert where(resolve("Kyiv")) == ("Kyiv", "UKR", "PPLC")
    assert where(resolve("Kiev")) == ("Kyiv", "UKR", "PPLC")          # an alternate spelling
    assert where(resolve("Canberra")) == ("Canberra", "AUS", "PPLC")
    assert where(resolve("Burkina Faso")) == ("Burkina Faso", "BFA", "PCLI")
    ohio = resolve("Ohio")
    assert where(ohio) == ("Ohio", "USA", "ADM1") and ohio.geonameid == "5165418" and ohio.admin1 == "US.OH"
    assert where(resolve("Calif.")) == ("California", "USA", "ADM1")
    assert resolve("Paris").geonameid == "2988507"


def test_postal_codes_only_qualify():
    assert resolve("TX") is None                       # "TX" alone is no place ...
    assert where(resolve("Austin, TX")) == ("Austin", "USA", "PPL")   # ... but it says which Austin


def test_a_qualifier_picks_the_place_inside_it():
    paris = resolve("Paris, Texas")
    assert where(paris) == ("Paris", "USA", "PPL") and paris.admin1 == "US.TX"
    assert where(resolve("Paris")) == ("Paris", "FRA", "PPLC")
    bam = resolve("Bam, Iran")
    assert where(bam) == ("Bam", "IRN", "PPL")
    assert km((bam.lat, bam.lon), (29.1, 58.36)) < 20


def test_context_moves_an_ambiguous_name():
    assert resolve("Paris", context_countries={"USA"}, near=[BONHAM_TX]).country == "USA"
    assert where(resolve("Georgia")) == ("Georgia", "GEO", "PCLI")
    assert where(resolve("Georgia", context_countries={"USA"})) == ("Georgia", "USA", "ADM1")
    assert where(resolve("Georgia", context_countries={"USA": 1.0, "GEO": 1.0})) == ("Georgia", "GEO", "PCLI")


def test_big_city_over_division_unless_it_is_a_town():
    assert where(resolve("New York")) == ("New York City", "USA", "PPL")
    assert where(resolve("New York State")) == ("New York", "USA", "ADM1")
    assert where(resolve("Washington")) == ("Washington", "USA", "PPLC")
    # no context makes a bare state's or country's name a small town that shares it
    assert resolve("California", context_countries={"USA"}, near=[(38.5, -75.9)]).feature == "ADM1"
    assert resolve("Mexico", context_countries={"MEX"}, near=[(19.4, -99.1)]).feature == "PCLI"
    assert resolve("Poland", context_countries={"USA"}, near=[(41.0, -80.6)]).country == "POL"


@pytest.mark.parametrize("name,feature,lat,lon", [
    ("Caribbean Sea", "SEA", 15.0, -75.0), ("Gaza Strip", "RGN", 31.4, 34.4), ("West Bank", "RGN", 32.0, 35.3),
    ("Middle East", "RGN", 32.0, 37.0), ("Balkans", "RGN", 43.0, 21.0), ("Strait of Hormuz", "STRT", 26.6, 56.4),
    ("Nyanza Province", "ADM1", -0.5, 34.6), ("County Kerry", "ADM2", 52.1, -9.6), ("Africa", "CONT", 7.0, 21.0),
])
def test_seas_regions_divisions_and_continents(name, feature, lat, lon):
    c = resolve(name)
    assert c is not None and c.feature == feature
    assert km((c.lat, c.lon), (lat, lon)) < 300


def test_unknown_names_and_demonyms_resolve_to_nothing():
    assert resolve("Xqzzyville") is None
    assert resolve("Venezuelan") is None
    assert resolve("") is None


# ------------------------------------------------------------------------------------------- resolve_all()
def test_the_article_fixes_what_a_name_means():
    atlanta, georgia = resolve_all(["Atlanta", "Georgia"])
    assert where(georgia) == ("Georgia", "USA", "ADM1")
    tbilisi, georgia = resolve_all(["Tbilisi", "Georgia"])
    assert where(georgia) == ("Georgia", "GEO", "PCLI")
    texas, paris = resolve_all(["Texas", "Paris"])
    assert paris.country == "USA"
    paris, lyon = resolve_all(["Paris", "Lyon"])
    assert paris.country == "FRA"


def test_a_qualified_mention_fixes_the_bare_ones():
    first, again = resolve_all(["Paris, Texas", "Paris"])
    assert first == again and first.country == "USA"


def test_a_list_is_not_a_qualifier():
    china, = resolve_all(["China, Japan"])
    assert where(china) == ("China", "CHN", "PCLI")
    ohio, = resolve_all(["Ohio, Texas"])
    assert where(ohio) == ("Ohio", "USA", "ADM1")


def test_resolve_all_keeps_order_and_length():
    names = ["Kenya", "Xqzzyville", "Nairobi", "Mombasa"]
    out = resolve_all(names)
    assert len(out) == 4 and out[1] is None
    assert [c.country for c in out if c] == ["KEN", "KEN", "KEN"]
    assert resolve_all([]) == []


def test_resolution_is_fast_once_loaded():
    gazetteer()
    names = ["Springfield", "Paris", "Georgia", "Victoria", "San Jose", "Santa Cruz", "Richmond", "Kent"] * 25
    t0 = time.perf_counter()
    resolve_all(names)
    assert time.perf_counter() - t0 < 0.5


# ------------------------------------------------------------------------------------------- data files
def test_data_files_parse_and_sit_inside_their_countries():
    cities = collections.defaultdict(list)
    con = gazetteer()._con
    for country, lat, lon in con.execute("SELECT country, lat, lon FROM place WHERE feature IN ('PPL', 'PPLC')"):
        cities[country].append((lat, lon))
    for fname in GAZETTEER_FILES:
        rows = parse_rows(places._data_text(fname), fname)
        assert rows
        names = collections.Counter((r["iso3"], r["name"]) for r in rows)
        assert not [n for n, k in names.items() if k > 1], f"{fname}: a name listed twice"
        for r in rows:
            if not r["iso3"]:
                continue
            near = [p for p in cities[r["iso3"]] if abs(p[0] - r["lat"]) < 10]
            assert near and min(km((r["lat"], r["lon"]), p) for p in near) < 500, \
                f"{fname}: {r['name']} lies far from every town of {r['iso3']}"


def test_country_points_are_in_their_countries():
    for line in places._data_text(places.POINTS_FILE).splitlines()[1:]:
        iso3, lat, lon = line.split("\t")
        c = next(c for c, how in candidates(places.countries()[iso3].name) if c.feature == "PCLI")
        assert c.country == iso3 and (c.lat, c.lon) == (float(lat), float(lon))


@pytest.mark.parametrize("line,problem", [
    ("USA\t\tADM1\tNowhere\t\t\t95.0\t0.0", "outside"),
    ("USA\t\tXYZ\tNowhere\t\t\t10.0\t0.0", "feature"),
    ("usa\t\tADM1\tNowhere\t\t\t10.0\t0.0", "iso3"),
    ("USA\t\tADM1\tNowhere\ta||b\t\t10.0\t0.0", "empty entry"),
    ("USA\t\tADM1\tNowhere\t\t10.0\t0.0", "fields"),
])
def test_bad_rows_are_reported_with_their_line(line, problem):
    with pytest.raises(DataError, match=problem):
        parse_rows("\t".join(HEADER) + "\n" + line, "x.tsv")


# ------------------------------------------------------------------------------------------- the index cache
def test_index_is_built_once_then_opened_read_only(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(places, "CITIES", "cities15000")       # a small build keeps the test quick
    con, path = places._open_index()
    con.close()
    files = list(tmp_path.glob("gazetteer-*.sqlite"))
    assert [str(f) for f in files] == [path]
    built = files[0].stat().st_mtime_ns
    con, again = places._open_index()
    try:
        assert again == path and files[0].stat().st_mtime_ns == built
        assert con.execute("SELECT count(*) FROM name WHERE key = 'nairobi'").fetchone()[0] >= 1
        with pytest.raises(sqlite3.OperationalError):
            con.execute("DELETE FROM place")
    finally:
        con.close()
    assert not list(tmp_path.glob(".gazetteer-*"))            # no temporary file left behind
