"""The bundled CAMEO codebook and PLOVER categories: completeness, consistency, spot facts, and the
loader's refusal of malformed rows."""
from __future__ import annotations

import csv
from importlib import resources

import pytest

from flashpoint.errors import DataError
from flashpoint.ontology import (CAMEO_HEADER, PLOVER_CATEGORIES, PLOVER_HEADER, CameoCode, cameo, cameo_codes,
                                 parse_cameo, parse_plover, plover_categories, quad_for_root)


def _raw(name: str) -> list[list[str]]:
    text = (resources.files("flashpoint") / "data" / name).read_text(encoding="utf-8")
    return list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


# --- the files themselves -------------------------------------------------------------------------

def test_cameo_file_is_plain_tsv():
    rows = _raw("cameo.tsv")
    assert tuple(rows[0]) == CAMEO_HEADER
    assert all(len(r) == len(CAMEO_HEADER) for r in rows[1:])
    codes = [r[0] for r in rows[1:]]
    assert len(codes) == len(set(codes))


def test_plover_file_is_plain_tsv():
    rows = _raw("plover.tsv")
    assert tuple(rows[0]) == PLOVER_HEADER
    assert [r[0] for r in rows[1:]] == list(PLOVER_CATEGORIES)


# --- completeness and consistency ------------------------------------------------------------------

def test_codebook_is_complete():
    codes = cameo_codes()
    assert len(codes) >= 300
    assert {c for c in codes if len(c) == 2} == {f"{n:02d}" for n in range(1, 21)}
    for root in (f"{n:02d}" for n in range(1, 21)):
        assert root + "0" in codes, f"root {root} lacks its 'not specified' code {root}0"
    for code in ("0211", "0256", "0874", "1056", "1246", "1385", "1454", "1663", "1724", "1833", "2041", "2042"):
        assert code in codes


def test_every_code_is_well_formed():
    categories = plover_categories()
    for code, entry in cameo_codes().items():
        assert isinstance(entry, CameoCode) and entry.code == code
        assert code.isdigit() and 2 <= len(code) <= 4
        assert entry.name.strip() == entry.name and entry.name
        assert -10.0 <= entry.goldstein <= 10.0
        assert entry.quad in (1, 2, 3, 4)
        assert entry.plover is None or entry.plover in categories
        assert entry.mode is None or entry.plover is not None


def test_every_sub_code_has_its_parent():
    codes = cameo_codes()
    for code, entry in codes.items():
        if len(code) > 2:
            assert entry.parent == code[:-1]
            assert entry.parent in codes, f"{code} has no parent {entry.parent}"
        else:
            assert entry.parent is None


def test_quad_follows_the_root():
    expected = {**{r: 1 for r in range(1, 6)}, **{r: 2 for r in range(6, 9)},
                **{r: 3 for r in range(9, 14)}, **{r: 4 for r in range(14, 21)}}
    for code, entry in cameo_codes().items():
        assert entry.quad == expected[int(code[:2])] == quad_for_root(code[:2]), code


def test_plover_categories_and_modes():
    categories = plover_categories()
    assert set(categories) == set(PLOVER_CATEGORIES) and len(categories) == 16
    quads = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
             "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
             "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
    for name, cat in categories.items():
        assert cat.quad == quads[name]
        assert cat.description
        assert all(m and m == m.lower() and " " not in m for m in cat.modes)
    for entry in cameo_codes().values():
        if entry.mode is not None:
            assert entry.mode in categories[entry.plover].modes, entry


def test_every_plover_category_is_reached_from_cameo():
    used = {e.plover for e in cameo_codes().values()}
    assert set(PLOVER_CATEGORIES) <= used


def test_roots_map_to_their_plover_category():
    codes = cameo_codes()
    roots = {"01": None, "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE",
             "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT",
             "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE",
             "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT"}
    for root, plover in roots.items():
        assert codes[root].plover == plover, root
    assert all(codes[c].plover is None for c in codes if c.startswith("01"))


# --- spot facts --------------------------------------------------------------------------------------

@pytest.mark.parametrize("code, goldstein, words", [
    ("01", 0.0, "public statement"),
    ("011", -0.1, "decline comment"),
    ("016", -2.0, "deny responsibility"),
    ("020", 3.0, "appeal"),
    ("036", 4.0, "meet or negotiate"),
    ("042", 1.9, "visit"),
    ("043", 2.8, "host"),
    ("046", 7.0, "negotiation"),
    ("057", 8.0, "sign formal agreement"),
    ("074", 8.5, "peacekeeping"),
    ("0874", 10.0, "retreat or surrender"),
    ("112", -2.0, "accuse"),
    ("130", -4.4, "threaten"),
    ("141", -6.5, "demonstrate"),
    ("163", -8.0, "embargo"),
    ("173", -5.0, "arrest"),
    ("182", -9.5, "physically assault"),
    ("190", -10.0, "conventional military force"),
    ("2042", -10.0, "nuclear"),
])
def test_spot_facts(code, goldstein, words):
    entry = cameo(code)
    assert entry.goldstein == goldstein
    assert words in entry.name.lower()


def test_spot_mappings():
    assert (cameo("173").plover, cameo("173").mode) == ("COERCE", "arrest")
    assert (cameo("0874").plover, cameo("0874").mode) == ("RETREAT", "withdraw")
    assert (cameo("081").plover, cameo("084").plover) == ("CONCEDE", "RETREAT")
    assert (cameo("190").plover, cameo("190").mode) == ("ASSAULT", None)
    assert (cameo("193").mode, cameo("194").mode, cameo("195").mode) == ("firearms", "heavy-weapons", "aerial")
    assert (cameo("042").mode, cameo("043").mode) == ("visit", "host")
    assert cameo("010").plover is None and cameo("010").mode is None
    assert cameo("14").quad == 4 and cameo("09").quad == 3 and cameo("08").quad == 2


def test_cameo_lookup_errors():
    with pytest.raises(DataError, match="unknown CAMEO code '999'"):
        cameo("999")
    with pytest.raises(DataError):
        cameo(190)  # codes are strings: 190 and "0190" are not codes
    assert cameo("10").name != cameo("010").name  # leading zeros matter


def test_returned_tables_are_copies():
    codes = cameo_codes()
    codes.pop("190")
    assert "190" in cameo_codes()


# --- malformed files ----------------------------------------------------------------------------------

HEAD = "\t".join(CAMEO_HEADER)


def _parse(*rows: str):
    return parse_cameo("\n".join([HEAD, *rows]) + "\n", plover_categories(), source="cameo.tsv")


def test_a_minimal_codebook_parses():
    codes = _parse("19\tFIGHT\t-10.0\t4\tASSAULT\t", "190\tUse force\t-10\t4\tASSAULT\t",
                   "195\tAir strike\t-10\t4\tASSAULT\taerial")
    assert codes["195"].mode == "aerial" and codes["190"].mode is None


@pytest.mark.parametrize("row, message", [
    ("19\tFIGHT\t-11\t4\tASSAULT\t", "line 2: goldstein -11 is outside"),
    ("19\tFIGHT\tlots\t4\tASSAULT\t", "line 2: goldstein 'lots' is not a number"),
    ("19\tFIGHT\t-10\t3\tASSAULT\t", "line 2: code 19 has quad 3"),
    ("19\tFIGHT\t-10\t5\tASSAULT\t", "line 2: quad 5 is outside"),
    ("19\tFIGHT\t-10\t4\tBRAWL\t", "line 2: plover 'BRAWL'"),
    ("19\tFIGHT\t-10\t4\tASSAULT\tkarate", "line 2: mode 'karate' is not a mode of ASSAULT"),
    ("19\tFIGHT\t-10\t4\tnone\tfirearms", "line 2: code 19 has mode"),
    ("19\t\t-10\t4\tASSAULT\t", "line 2: code 19 has no name"),
    ("21\tBEYOND\t-10\t4\tASSAULT\t", "line 2: '21' is not a CAMEO code"),
    ("19\tFIGHT\t-10\t4\tASSAULT", "line 2: expected 6 tab-separated fields"),
    ("1951\tDrone strike\t-10\t4\tASSAULT\t", "line 2: code 1951 has no parent code 195"),
])
def test_malformed_cameo_rows_name_file_and_line(row, message):
    with pytest.raises(DataError, match="cameo.tsv " + message.replace("(", r"\(")):
        _parse(row)


def test_duplicate_code_and_bad_header():
    with pytest.raises(DataError, match="line 3: code 19 is listed twice"):
        _parse("19\tFIGHT\t-10\t4\tASSAULT\t", "19\tFIGHT\t-10\t4\tASSAULT\t")
    with pytest.raises(DataError, match="line 1: the header"):
        parse_cameo("code\tname\n", plover_categories(), source="cameo.tsv")


def test_malformed_plover_rows():
    good = (resources.files("flashpoint") / "data" / "plover.tsv").read_text(encoding="utf-8")
    assert set(parse_plover(good)) == set(PLOVER_CATEGORIES)
    lines = good.splitlines()
    with pytest.raises(DataError, match="categories missing: ASSAULT"):
        parse_plover("\n".join(lines[:-1]), source="plover.tsv")
    with pytest.raises(DataError, match="plover.tsv line 2: 'FIGHT' is not a PLOVER category"):
        parse_plover("\n".join([lines[0], "FIGHT\t4\tFights.\t", *lines[1:]]), source="plover.tsv")
    with pytest.raises(DataError, match="plover.tsv line 2: modes must be lower-case"):
        parse_plover("\n".join([lines[0], lines[1].split("\t", 1)[0] + "\t1\tx\tBad Mode", *lines[2:]]),
                     source="plover.tsv")
