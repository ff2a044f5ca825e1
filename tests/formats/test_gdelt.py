"""Importing GDELT 2.0 event exports: our own export round-trips, a real GDELT file loads, malformed
lines are skipped and counted, re-imports load nothing, and GDELT's dyad series lines up with ours."""
from __future__ import annotations

import gzip
import zipfile
from datetime import date
from pathlib import Path

import pytest

from flashpoint.analyse import dyads
from flashpoint.errors import InputError
from flashpoint.formats.export import export, gdelt_id
from flashpoint.formats.gdelt import GDELT_COLUMNS, MAX_LINE_BYTES, gdelt_dyad_series, import_gdelt
from flashpoint.store import open_store

from conftest import SHARED

from .test_export import make_store

REAL_GDELT = SHARED / "inputs" / "gdelt" / "20191024143000.export.CSV"   # a whole 15-minute GDELT 2.0 export
REAL_ROWS = 2111


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    """A store built from the test corpus, and its GDELT export."""
    folder = tmp_path_factory.mktemp("gdelt")
    db = make_store(folder)
    out = folder / "ours.export.CSV"
    with open_store(str(db), read_only=True) as store:
        export(store, "gdelt", out)
    return db, out


@pytest.fixture
def fresh(tmp_path):
    with open_store(str(tmp_path / "g.duckdb")) as store:
        yield store


def test_our_export_round_trips_with_the_same_dyads_and_codes(exported, tmp_path):
    db, out = exported
    with open_store(str(db)) as store:
        summary = import_gdelt(store, out)
        merged = store.query("SELECT * FROM merged_events")
        loaded = {r["global_event_id"]: r for r in store.query("SELECT * FROM gdelt_events")}
        assert summary.read == summary.loaded == len(merged) == len(loaded) and summary.skipped == 0
        for m in merged:
            g = loaded[gdelt_id(m["id"])]
            assert (g["actor1_country"], g["actor2_country"]) == (m["source_country"], m["target_country"])
            assert (g["event_code"], g["event_root_code"], g["quad_class"]) == (m["cameo"], m["cameo_root"], m["quad"])
            assert (g["day"], g["num_articles"], g["num_sources"]) == (m["first_date"], m["n_articles"], m["n_sources"])
            assert g["imported_from"] == out.name
        again = import_gdelt(store, out)
        assert (again.read, again.loaded, again.already_loaded) == (len(merged), 0, len(merged))
        assert store.con.execute("SELECT count(*) FROM gdelt_events").fetchone()[0] == len(merged)


def test_gdelt_series_lines_up_with_ours(exported):
    db, out = exported
    with open_store(str(db)) as store:
        import_gdelt(store, out)
        span = dict(since=date(2025, 9, 1), until=date(2025, 10, 31), by="week")
        ours = dyads.series(store, dyads.make_dyad("USA", "VEN"), **span)
        theirs = gdelt_dyad_series(store, "usa", "ven", **span)
    assert [r["period"] for r in theirs] == [r["period"] for r in ours]
    assert [(r["events"], r["mentions"], r["quad"]) for r in theirs] == \
           [(r["events"], r["mentions"], r["quad"]) for r in ours]
    assert sum(r["events"] for r in theirs) >= 2 and sum(r["quad"][4] for r in theirs) >= 2
    assert sum(r["index"] for r in theirs) < 0          # bombers and a strike: conflict
    with pytest.raises(InputError, match="day, week, month"):
        gdelt_dyad_series(store, "USA", "VEN", by="year")


def test_gzip_and_zip_as_gdelt_ships_them(exported, fresh, tmp_path):
    _, out = exported
    gz, zp = tmp_path / "ours.export.CSV.gz", tmp_path / "ours.export.CSV.zip"
    gz.write_bytes(gzip.compress(out.read_bytes()))
    with zipfile.ZipFile(zp, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(out, out.name)
    n = len(out.read_text().splitlines())
    assert import_gdelt(fresh, gz).loaded == n
    again = import_gdelt(fresh, zp)
    assert (again.read, again.loaded) == (n, 0)
    truncated = tmp_path / "cut.export.CSV.gz"
    truncated.write_bytes(gz.read_bytes()[: len(gz.read_bytes()) // 2])
    cut = import_gdelt(fresh, truncated)
    assert any("truncated or corrupt" in r for r in cut.skipped_reasons)


def test_malformed_lines_are_skipped_and_counted(exported, fresh, tmp_path):
    _, out = exported
    good = out.read_text(encoding="utf-8").splitlines()[:2]
    cells = good[0].split("\t")

    def with_cell(name: str, value: str) -> str:
        row = list(cells)
        row[GDELT_COLUMNS.index(name)] = value
        return "\t".join(row)

    bad = [
        "\t".join(cells[:60]),                                    # 60 columns
        with_cell("GoldsteinScale", "very negative"),
        with_cell("QuadClass", "7"),
        with_cell("Day", "20251345"),
        with_cell("GlobalEventID", "x1"),
        with_cell("ActionGeo_Lat", "nan"),
    ]
    path = tmp_path / "mixed.export.CSV"
    path.write_bytes("\n".join(good + bad).encode("utf-8") + b"\n\n" + with_cell("Actor1Name", "X").encode()
                     .replace(b"X", b"\xff\xfe") + b"\r\n" + b"9" * (MAX_LINE_BYTES + 10) + b"\n")
    s = import_gdelt(fresh, path)
    assert (s.read, s.loaded, s.skipped) == (10, 2, 8)
    assert s.skipped_reasons == {"60 columns, not 61": 1, "bad GoldsteinScale": 1, "bad QuadClass": 1,
                                 "bad Day": 1, "bad GlobalEventID": 1, "bad ActionGeo_Lat": 1, "not UTF-8": 1,
                                 f"line longer than {MAX_LINE_BYTES} bytes": 1}


def test_a_file_that_is_not_a_gdelt_export_is_refused_by_name(fresh, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("id,text\n1,hello\n")
    with pytest.raises(InputError, match="notes.txt is not a GDELT 2.0 events export.*1 column, not 61"):
        import_gdelt(fresh, notes)
    with pytest.raises(InputError, match="no such file"):
        import_gdelt(fresh, tmp_path / "missing.CSV")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="broken.zip looks like a zip"):
        import_gdelt(fresh, broken)
    assert fresh.con.execute("SELECT count(*) FROM gdelt_events").fetchone()[0] == 0


def test_a_real_gdelt_export_imports_whole(fresh):
    if not REAL_GDELT.is_file():
        pytest.skip(f"the shared GDELT export is absent ({REAL_GDELT}); CI provides it")
    s = import_gdelt(fresh, REAL_GDELT)
    assert (s.read, s.loaded, s.skipped) == (REAL_ROWS, REAL_ROWS, 0), s.skipped_reasons
    con = fresh.con
    assert con.execute("SELECT count(*) FROM gdelt_events WHERE event_root_code <> substr(event_code, 1, 2) "
                       "OR day IS NULL OR date_added IS NULL").fetchone()[0] == 0
    n_usa = con.execute("SELECT count(*) FROM gdelt_events WHERE actor1_country = 'USA' AND actor2_country = 'CHN'"
                        ).fetchone()[0]
    series = gdelt_dyad_series(fresh, "USA", "CHN", by="month")
    assert sum(r["events"] for r in series) == n_usa > 0
    assert import_gdelt(fresh, REAL_GDELT).loaded == 0
