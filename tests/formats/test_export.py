"""Exports read back: GDELT rows, PLOVER JSONL, Parquet and CSV of the merged events of a store built
by ingesting a small corpus written for these tests; the output checks; the CLI command."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from flashpoint import cli_formats
from flashpoint.errors import InputError
from flashpoint.formats.export import FORMATS, export, gdelt_id
from flashpoint.formats.gdelt import GDELT_COLUMNS, N_COLUMNS
from flashpoint.ontology import PLOVER_CATEGORIES
from flashpoint.pipeline import ingest
from flashpoint.store import open_store

# Short wire-style articles written for these tests: the same strike and bomber flights told by
# several outlets (one a verbatim reprint), a joint appeal, a considered strike, and a story with no
# political event.
BOMBERS = ("The US Air Force flew two B-52 bombers off the coast of Venezuela in a show of force on Friday, "
           "officials said, in the latest sign of rising pressure on the government in Caracas over drug "
           "trafficking in the region.")
ARTICLES = [
    ("hw-1", "2025-10-01", "Harbor Wire", "US strike on boat kills three",
     "US forces struck a boat in the Caribbean on Tuesday, killing three people, officials said. "
     "Venezuela condemned the United States over the strike."),
    ("mn-1", "2025-10-01", "Meridian News", "Three killed in US strike at sea",
     "The US military struck a vessel in the Caribbean on Tuesday and killed three people on board. "
     "Venezuela accused the United States of aggression."),
    ("hw-2", "2025-10-03", "Harbor Wire", "B-52 bombers fly off Venezuela", BOMBERS),
    ("gt-2", "2025-10-03", "Gulf Times", "B-52 bombers fly off Venezuela", BOMBERS + " Reporting by wire staff."),
    ("cp-2", "2025-10-03", "Continental Press", "Bombers near Venezuela",
     "Officials said the US Air Force flew two B-52 bombers off the coast of Venezuela on Friday."),
    ("mn-3", "2025-10-06", "Meridian News", "Neighbours urge talks",
     "Brazil and Mexico urged the United States and Venezuela to resume talks."),
    ("cp-4", "2025-10-10", "Continental Press", "Trump weighs strikes",
     "Trump said he was considering strikes on targets inside Venezuela."),
    ("hw-5", "2025-10-11", "Harbor Wire", "Club wins again",
     "The local football club won its third match of the season on Saturday."),
]


def make_store(folder: Path) -> Path:
    """Ingest ARTICLES into a new store in `folder`; return the database path."""
    corpus = folder / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for ident, day, outlet, title, text in ARTICLES:
            f.write(json.dumps({"id": ident, "published": day, "source": outlet, "title": title,
                                "url": f"https://example.org/{ident}", "text": text}) + "\n")
    db = folder / "store.duckdb"
    with open_store(str(db)) as store:
        summary = ingest([str(corpus)], store)
    assert summary.new == len(ARTICLES) - 1 and summary.near_duplicate == 1
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("formats"))


@pytest.fixture
def merged(db) -> dict[str, dict]:
    with open_store(str(db), read_only=True) as store:
        return {r["id"]: r for r in store.query("SELECT * FROM merged_events")}


def _export(db: Path, fmt: str, out: Path, **kw) -> int:
    with open_store(str(db), read_only=True) as store:
        return export(store, fmt, out, **kw)


def test_gdelt_rows_have_61_columns_and_gdelt_codes(db, merged, tmp_path):
    out = tmp_path / "events.tsv"
    assert _export(db, "gdelt", out) == len(merged) > 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(merged) and all(len(x.split("\t")) == N_COLUMNS for x in lines)
    by_id = {gdelt_id(mid): m for mid, m in merged.items()}
    for line in lines:
        row = dict(zip(GDELT_COLUMNS, line.split("\t")))
        m = by_id[int(row["GlobalEventID"])]
        assert row["EventCode"] == m["cameo"] and row["EventRootCode"] == m["cameo"][:2] == m["cameo_root"]
        assert row["EventBaseCode"] == m["cameo"][:3] and row["QuadClass"] == str(m["quad"])
        assert row["Day"] == m["first_date"].strftime("%Y%m%d") and row["Year"] == str(m["first_date"].year)
        assert int(row["NumArticles"]) == m["n_articles"] and int(row["NumSources"]) == m["n_sources"]
        assert int(row["NumMentions"]) == m["n_mentions"]
        assert row["Actor1CountryCode"] == (m["source_country"] or "")
        assert row["Actor2CountryCode"] == (m["target_country"] or "")
        assert float(row["GoldsteinScale"]) == m["goldstein"]
        # FIPS 10-4 codes we do not have stay empty rather than wrong, and so do tone and actor places
        assert not any(row[c] for c in GDELT_COLUMNS if c.endswith(("CountryCode", "ADM1Code")) and "Geo" in c)
        assert row["AvgTone"] == "" and row["Actor1Geo_FullName"] == ""
        assert row["SOURCEURL"].startswith("https://example.org/")


def test_a_story_told_by_three_outlets_is_one_gdelt_row(db, tmp_path):
    out = tmp_path / "events.tsv"
    _export(db, "gdelt", out)
    rows = [dict(zip(GDELT_COLUMNS, x.split("\t"))) for x in out.read_text().splitlines()]
    bombers = [r for r in rows if r["EventRootCode"] == "15" and r["Actor2CountryCode"] == "VEN"]
    assert len(bombers) == 1
    assert (bombers[0]["NumArticles"], bombers[0]["NumSources"]) == ("3", "3")   # the reprint counts
    assert bombers[0]["Actor1Code"].startswith("USA")
    assert bombers[0]["FractionDate"] == "2025.7479"        # 2025 + (9 * 30 + 3) / 365


def test_plover_jsonl_has_the_fields_and_the_evidence(db, merged, tmp_path):
    out = tmp_path / "events.jsonl"
    assert _export(db, "plover", out) == len(merged)
    objs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    for o in objs:
        m = merged[o["id"]]
        assert {"event_type", "mode", "context", "actor_name", "actor_country", "recipient_name",
                "recipient_country", "date", "location", "cameo", "modality", "evidence"} <= set(o)
        assert o["event_type"] in PLOVER_CATEGORIES and o["event_type"] == m["category"]
        assert set(o["location"]) >= {"name", "lat", "lon", "country"}
        assert (o["n_mentions"], o["n_articles"], o["n_sources"]) == (m["n_mentions"], m["n_articles"], m["n_sources"])
        assert o["evidence"]["sentence"] and o["gdelt_id"] == gdelt_id(o["id"])
        assert len(o["evidence"]["articles"]) == m["n_articles"]
    bombers = next(o for o in objs if o["cameo"] == "150")
    assert "B-52" in bombers["evidence"]["sentence"] and bombers["actor_country"] == "USA"
    assert {a["url"] for a in bombers["evidence"]["articles"]} == {f"https://example.org/{i}" for i in
                                                                  ("hw-2", "gt-2", "cp-2")}
    considered = next(o for o in objs if o["modality"] == "considered")
    assert considered["kind"] == "possible" and considered["recipient_country"] == "VEN"


def test_parquet_and_csv_in_a_path_with_quotes(db, merged, tmp_path):
    folder = tmp_path / "it's here"
    folder.mkdir()
    pq, cs = folder / "o'brien ''x.parquet", folder / "o'brien'); DROP TABLE x; --.csv"
    assert _export(db, "parquet", pq) == _export(db, "csv", cs) == len(merged)
    assert sorted(p.name for p in folder.iterdir()) == sorted([pq.name, cs.name])   # no partial files left
    con = duckdb.connect()
    rows = con.execute("SELECT id, gdelt_id, n_articles, evidence FROM read_parquet(?)", [str(pq)]).fetchall()
    assert {r[0]: r[2] for r in rows} == {k: m["n_articles"] for k, m in merged.items()}
    assert all(g == gdelt_id(i) and ev for i, g, _, ev in rows)
    header = con.execute("SELECT name FROM parquet_schema(?) WHERE name <> 'duckdb_schema'", [str(pq)]).fetchall()
    with cs.open(newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert list(table[0]) == [h[0] for h in header] and len(table) == len(merged)
    assert {r["id"]: int(r["n_sources"]) for r in table} == {k: m["n_sources"] for k, m in merged.items()}


def test_since_and_until_select_by_first_date(db, merged, tmp_path):
    out = tmp_path / "autumn.jsonl"
    first, last = date(2025, 10, 3), date(2025, 10, 6)
    n = _export(db, "plover", out, since=first, until=last)
    days = [json.loads(x)["date"] for x in out.read_text().splitlines()]
    assert n == len(days) == sum(1 for m in merged.values() if first <= m["first_date"] <= last)
    assert days and all("2025-10-03" <= d <= "2025-10-06" for d in days)
    with pytest.raises(InputError, match="after --until"):
        _export(db, "csv", tmp_path / "x.csv", since=date(2025, 10, 6), until=date(2025, 10, 3))


def test_bad_output_and_format_say_what_to_do(db, tmp_path):
    out = tmp_path / "events.csv"
    out.write_text("keep me")
    with pytest.raises(InputError, match="--force"):
        _export(db, "csv", out)
    assert out.read_text() == "keep me"
    assert _export(db, "csv", out, force=True) > 0 and out.read_text().startswith("id,")
    with pytest.raises(InputError, match="does not exist; create it first"):
        _export(db, "gdelt", tmp_path / "nowhere" / "events.tsv")
    with pytest.raises(InputError, match="gdelt, plover, parquet or csv"):
        _export(db, "xml", tmp_path / "events.xml")
    with pytest.raises(InputError, match="is a folder"):
        _export(db, "csv", tmp_path)
    assert FORMATS == ("gdelt", "plover", "parquet", "csv")


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(cli_formats.export)
    app.command("import-gdelt")(cli_formats.import_gdelt)
    return app


def test_cli_export_and_import_gdelt(db, merged, tmp_path):
    runner, out = CliRunner(), tmp_path / "events.tsv"
    res = runner.invoke(_app(), ["export", "--db", str(db), "--format", "gdelt", "-o", str(out),
                                 "--since", "2025-09-01", "--until", "2025-12-31"])
    assert res.exit_code == 0, res.output
    assert f"{len(merged)} merged events written to {out} (gdelt)" in res.output
    res = runner.invoke(_app(), ["export", "--db", str(db), "--format", "gdelt", "--output", str(out)])
    assert isinstance(res.exception, InputError) and "--force" in str(res.exception)
    res = runner.invoke(_app(), ["export", "--db", str(db), "--format", "kml", "--output", str(tmp_path / "x")])
    assert isinstance(res.exception, InputError) and "--format 'kml'" in str(res.exception)
    gdb = tmp_path / "gdelt.duckdb"
    res = runner.invoke(_app(), ["import-gdelt", str(out), "--db", str(gdb)])
    assert res.exit_code == 0, res.output
    assert f"read {len(merged)} lines, loaded {len(merged)} new events" in res.output
    assert len(res.output.strip().splitlines()) == 1
