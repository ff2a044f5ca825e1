"""The command line as a user runs it: documented commands, clear errors, the demo."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.main import get_command

from flashpoint.cli import app

from conftest import REPO, run_cli, write_corpus


def _commands() -> list[str]:
    """Every command path: "events", "actors lookup", …"""
    import click

    def walk(group, prefix=""):
        for name, cmd in group.commands.items():
            if isinstance(cmd, click.Group):
                yield from walk(cmd, f"{prefix}{name} ")
            else:
                yield f"{prefix}{name}"

    return sorted(walk(get_command(app)))


def test_every_command_is_documented():
    docs = (REPO / "README.md").read_text() + "".join(p.read_text() for p in (REPO / "docs").glob("*.md"))
    missing = [c for c in _commands() if not re.search(rf"flashpoint {c}\b", docs)]
    assert not missing, f"commands with no `flashpoint CMD` in README.md or docs/: {missing}"


def test_every_option_is_documented():
    docs = "".join(p.read_text() for p in (REPO / "docs").glob("*.md"))
    root = get_command(app)
    for name in _commands():
        cmd = root
        for part in name.split():
            cmd = cmd.commands[part]
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in docs, f"`flashpoint {name} {opt}` is not documented in docs/"


def test_demo_finds_the_us_venezuela_storyline(demo_db):
    res = run_cli("events", "--db", str(demo_db), "--dyad", "USA:VEN", "--format", "json", "--limit", "200")
    rows = json.loads(res.stdout)
    cats = {r["category"] for r in rows}
    assert {"ASSAULT", "MOBILIZE", "THREATEN"} <= cats
    assert any(r["modality"] == "considered" for r in rows)
    assert all(r["evidence"] for r in rows)


def test_events_csv_and_filters(demo_db):
    res = run_cli("events", "--db", str(demo_db), "--category", "MOBILIZE", "--since", "2025-10-01",
                  "--format", "csv")
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("id,") and len(lines) > 1
    assert all(",MOBILIZE," in ln for ln in lines[1:])


@pytest.mark.parametrize("args,needle,code", [
    (["events", "--dyad", "USA-VEN"], "SOURCE:TARGET", 2),
    (["events", "--since", "last week"], "YYYY-MM-DD", 2),
    (["events", "--format", "xml"], "table, json or csv", 2),
])
def test_bad_options_get_one_line_errors(demo_db, args, needle, code):
    res = run_cli(*args, "--db", str(demo_db))
    assert res.returncode == code and needle in res.stderr and "Traceback" not in res.stderr


def test_events_on_a_missing_database_says_how_to_make_one(tmp_path):
    res = run_cli("events", "--db", str(tmp_path / "none.duckdb"))
    assert res.returncode == 4 and "flashpoint ingest" in res.stderr


def test_extract_writes_one_object_per_document_in_order(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 7)
    out = tmp_path / "out.jsonl"
    res = run_cli("extract", str(corpus), "--output", str(out))
    assert res.returncode == 0, res.stderr
    docs = [json.loads(x) for x in out.read_text().splitlines()]
    assert [d["id"] for d in docs] == [f"a{i}" for i in range(7)]
    assert all(set(d) >= {"events", "places", "dates", "quotes"} for d in docs)
    assert docs[0]["events"] and not docs[6]["events"]


def test_ingest_summary_and_nothing_readable_exit_code(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 5)
    res = run_cli("ingest", str(corpus), str(tmp_path / "missing.txt"), "--db", str(tmp_path / "x.duckdb"))
    assert res.returncode == 0, res.stderr
    assert "near-duplicate" in res.stdout and "skipped" in res.stdout and "missing.txt" in res.stdout
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    res = run_cli("ingest", str(empty), "--db", str(tmp_path / "y.duckdb"))
    assert res.returncode == 2


def test_actors_lookup_depends_on_the_date():
    first = json.loads(run_cli("actors", "lookup", "Trump", "--on", "2019-06-01", "--format", "json").stdout)
    between = json.loads(run_cli("actors", "lookup", "Trump", "--on", "2023-06-01", "--format", "json").stdout)
    assert [r["code"] for r in first if r["applies"]][0] == "USAGOV"
    assert [r["code"] for r in between if r["applies"]][0] == "USA"


def test_actors_lookup_of_an_unknown_name_explains():
    res = run_cli("actors", "lookup", "Nobody Atall")
    assert res.returncode == 1 and "description" in res.stdout


def test_quotes_lists_speakers_and_filters_by_code(demo_db):
    rows = json.loads(run_cli("quotes", "--db", str(demo_db), "--format", "json", "--limit", "500").stdout)
    assert any(r["direct"] for r in rows) and any(not r["direct"] for r in rows)
    ven = json.loads(run_cli("quotes", "--db", str(demo_db), "--speaker", "VEN", "--format", "json").stdout)
    assert ven and all((r["speaker_code"] or "").startswith("VEN") or "ven" in (r["speaker_text"] or "").lower()
                       for r in ven)
