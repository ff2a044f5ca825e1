"""The bundled country table and the name lookup built from it."""
from __future__ import annotations

import csv
import math
from importlib import resources

import pytest

from flashpoint.errors import DataError
from flashpoint.resolve.countries import (HEADER, Country, countries, country_names, fuzzy_country, name_index,
                                         parse_countries)


def _raw() -> list[list[str]]:
    text = (resources.files("flashpoint") / "data" / "actors" / "countries.tsv").read_text(encoding="utf-8")
    return list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dp, dl = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_file_is_plain_tsv_with_unique_codes():
    rows = _raw()
    assert tuple(rows[0]) == HEADER
    assert all(len(r) == len(HEADER) for r in rows[1:])
    codes = [r[0] for r in rows[1:]]
    assert len(codes) == len(set(codes)) >= 193


def test_all_un_members_and_the_listed_territories():
    table = countries()
    assert len(table) >= 193 + 8
    for iso in ("USA", "GBR", "VEN", "RUS", "CHN", "PRK", "KOR", "COD", "COG", "SSD", "TUV", "NRU", "VAT",
                "PSE", "XKX", "TWN", "HKG", "PRI", "ESH", "GRL"):
        assert iso in table, iso
    assert all(isinstance(c, Country) and c.iso3 == iso for iso, c in table.items())


def test_coordinates_are_in_range_and_plausible():
    for iso, c in countries().items():
        assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180, iso
        assert -90 <= c.capital_lat <= 90 and -180 <= c.capital_lon <= 180, iso
        # a capital lies within a few thousand km of its country's centre; a swapped sign would not
        assert _km(c.lat, c.lon, c.capital_lat, c.capital_lon) < 4000, iso
    ven = countries()["VEN"]
    assert (round(ven.capital_lat), round(ven.capital_lon)) == (10, -67)


def test_every_row_has_names():
    for iso, c in countries().items():
        assert c.name and c.capital, iso
        assert all(a and a.strip() == a for a in c.aliases + c.demonyms), iso


@pytest.mark.parametrize("text, iso", [
    ("Venezuela", "VEN"), ("Venezuelan", "VEN"), ("Venezuelans", "VEN"), ("Caracas", "VEN"),
    ("Bolivarian Republic of Venezuela", "VEN"),
    ("U.S.", "USA"), ("US", "USA"), ("United States", "USA"), ("America", "USA"),
    ("Americans", "USA"), ("American", "USA"), ("Washington", "USA"),
    ("UK", "GBR"), ("Britain", "GBR"), ("British", "GBR"), ("Britons", "GBR"), ("London", "GBR"),
    ("South Korea", "KOR"), ("ROK", "KOR"), ("Seoul", "KOR"), ("North Korea", "PRK"), ("DPRK", "PRK"),
    ("Russian Federation", "RUS"), ("Moscow", "RUS"),
    ("Islamic Republic of Iran", "IRN"), ("Tehran", "IRN"),
    ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Turkiye", "TUR"),
    ("DRC", "COD"), ("Kinshasa", "COD"), ("Brazzaville", "COG"),
    ("Bogotá", "COL"), ("Bogota", "COL"), ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"),
    ("Malé", "MDV"), ("Kyiv", "UKR"), ("Palestinians", "PSE"), ("Kosovo", "XKX"), ("Taipei", "TWN"),
])
def test_names_resolve(text, iso):
    assert country_names()[text] == iso


def test_ambiguous_strings_are_left_out():
    names = country_names()
    for text in ("Congo", "Congolese", "Korea", "Korean", "Dominican"):
        assert text not in names, text
    assert "Male" not in names          # accent-free "Malé" is an ordinary word
    assert "venezuela" not in names     # keys are case-sensitive


def test_every_country_name_and_capital_resolves_to_itself():
    names = country_names()
    for iso, c in countries().items():
        assert names.get(c.name) == iso, c.name
        assert names.get(c.capital) == iso, c.capital


def test_name_index_reports_ambiguity():
    a = Country("AAA", "Alpha", ("Alpha", "Twin"), ("Alphan",), "Acity", 0, 0, 0, 0)
    b = Country("BBB", "Béta", ("Twin",), (), "Bcity", 1, 1, 1, 1)
    names, ambiguous = name_index({"AAA": a, "BBB": b})
    assert ambiguous == {"Twin": ("AAA", "BBB")}
    assert names["Alpha"] == "AAA" and names["Beta"] == "BBB" and names["Béta"] == "BBB"


def test_returned_tables_are_copies():
    countries().pop("USA")
    country_names().pop("Caracas")
    assert "USA" in countries() and "Caracas" in country_names()


HEAD = "\t".join(HEADER)
GOOD = "VEN\tVenezuela\tVenezuela\tVenezuelan\tCaracas\t6.42\t-66.59\t10.48\t-66.90"


@pytest.mark.parametrize("row, message", [
    ("VEN\tVenezuela\tVenezuela\tVenezuelan\tCaracas\t96.42\t-66.59\t10.48\t-66.90", "line 2: lat 96.42 is outside"),
    ("VEN\tVenezuela\tVenezuela\tVenezuelan\tCaracas\t6.42\tfar\t10.48\t-66.90", "line 2: lon 'far' is not a number"),
    ("VE\tVenezuela\tVenezuela\tVenezuelan\tCaracas\t6.42\t-66.59\t10.48\t-66.90", "line 2: iso3 'VE'"),
    ("VEN\tVenezuela\tVenezuela||VE\tVenezuelan\tCaracas\t6.42\t-66.59\t10.48\t-66.90", "line 2: aliases has an empty"),
    ("VEN\tVenezuela\tVenezuela\tVenezuelan\t\t6.42\t-66.59\t10.48\t-66.90", "line 2: VEN needs a capital"),
    ("VEN\tVenezuela\tVenezuela", "line 2: expected 9 tab-separated fields"),
])
def test_malformed_rows_name_file_and_line(row, message):
    with pytest.raises(DataError, match="countries.tsv " + message):
        parse_countries(f"{HEAD}\n{row}\n", source="countries.tsv")


def test_duplicate_code_and_bad_header():
    assert parse_countries(f"{HEAD}\n{GOOD}\n")["VEN"].capital == "Caracas"
    with pytest.raises(DataError, match="countries.tsv line 3: iso3 VEN is listed twice"):
        parse_countries(f"{HEAD}\n{GOOD}\n{GOOD}\n", source="countries.tsv")
    with pytest.raises(DataError, match="line 1: the header"):
        parse_countries("iso3\tname\n", source="countries.tsv")


@pytest.mark.parametrize("word, iso", [("Ethopia", "ETH"), ("Afganistan", "AFG"), ("Isreal", "ISR"),
                                       ("Quatar", "QAT")])
def test_misspelt_country_names_are_one_edit_away(word, iso):
    assert fuzzy_country(word) == iso


@pytest.mark.parametrize("word", ["Nigel", "Roman", "Russel", "ethopia", "Iran-Iraq"])
def test_short_lowercase_or_distant_words_are_not_countries(word):
    assert fuzzy_country(word) is None
