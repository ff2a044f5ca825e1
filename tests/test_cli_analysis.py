"""The analysis commands as a user runs them on the demo database: dyad, alerts, report."""
from __future__ import annotations

import csv
import io
import json

import pytest

from flashpoint.analyse.escalation import THRESHOLD

from conftest import run_cli


def test_alerts_flag_the_us_venezuela_escalation_with_its_evidence(demo_db):
    res = run_cli("alerts", "--db", str(demo_db), "--format", "json")
    assert res.returncode == 0, res.stderr
    found = [a for a in json.loads(res.stdout) if a["dyad"] == "USA→VEN"]
    assert found, json.loads(res.stdout)
    events = [e for a in found for e in a["events"]]
    assert any("B-52" in e["evidence"] for e in events)
    assert any(e["category"] == "ASSAULT" for e in events)
    assert all(a["level"] >= 4 and a["score"] >= THRESHOLD for a in found)
    assert all(e["evidence"] and e["n_articles"] >= 1 for e in events)


def test_alerts_table_names_the_dyad_and_quotes_the_evidence(demo_db):
    res = run_cli("alerts", "--db", str(demo_db))
    assert res.returncode == 0 and "USA→VEN" in res.stdout and "B-52" in res.stdout


def test_dyad_series_by_month_in_csv_with_a_chart(demo_db, tmp_path):
    png = tmp_path / "usa_ven.png"
    res = run_cli("dyad", "USA", "VEN", "--db", str(demo_db), "--by", "month", "--format", "csv", "--plot", str(png))
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["period"][:7] for r in rows][:2] == ["2025-03", "2025-04"]
    autumn = [r for r in rows if r["period"] >= "2025-09"]
    assert sum(int(r["material_conflict"]) for r in autumn) > sum(int(r["material_conflict"]) for r in rows
                                                                   if r["period"] < "2025-09")
    assert all(int(r["mentions"]) >= int(r["events"]) for r in rows)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_dyad_both_directions_counts_more_than_one(demo_db):
    one = json.loads(run_cli("dyad", "USA", "VEN", "--db", str(demo_db), "--format", "json").stdout)
    both = json.loads(run_cli("dyad", "USA", "VEN", "--db", str(demo_db), "--both", "--format", "json").stdout)
    assert sum(r["events"] for r in both) > sum(r["events"] for r in one) > 0


def test_report_html_is_one_safe_page_with_the_chart(demo_db, tmp_path):
    out = tmp_path / "brief.html"
    res = run_cli("report", "--dyad", "USA:VEN", "--db", str(demo_db), "--format", "html", "--output", str(out))
    assert res.returncode == 0, res.stderr
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "data:image/png;base64," in html
    assert "<script" not in html.lower() and "<mark>" in html and "B-52" in html


def test_report_markdown_to_stdout(demo_db):
    res = run_cli("report", "--dyad", "USA:VEN", "--db", str(demo_db))
    assert res.returncode == 0 and res.stdout.startswith("# United States → Venezuela")
    assert "Escalation level" in res.stdout


@pytest.mark.parametrize("args, needle", [
    (("dyad", "USA", "USA"), "two different countries"),
    (("dyad", "USA", "VEN", "--by", "year"), "day, week, month"),
    (("dyad", "USA", "VEN", "--since", "yesterday"), "YYYY-MM-DD"),
    (("alerts", "--format", "csv"), "table or json"),
    (("report", "--dyad", "USAVEN"), "A:B"),
])
def test_bad_options_get_one_line_errors(demo_db, args, needle):
    res = run_cli(*args, "--db", str(demo_db))
    assert res.returncode == 2 and needle in res.stderr and len(res.stderr.strip().splitlines()) == 1
