"""Shared fixtures: a written-for-the-project corpus, paths to ../shared, a CLI runner."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Short wire-style sentences written for these tests (not taken from any corpus).
STORY = [
    ("2025-10-01", "US forces struck a boat in the Caribbean on Tuesday, killing three people, officials said."),
    ("2025-10-02", "Venezuela condemned the United States over the strike and accused Washington of aggression."),
    ("2025-10-03", "The US Air Force flew two B-52 bombers off the coast of Venezuela in a show of force."),
    ("2025-10-04", "Maduro ordered troops to the coast and deployed soldiers along the border with Colombia."),
    ("2025-10-05", "Trump said he was considering strikes on targets inside Venezuela."),
    ("2025-10-06", "Brazil and Mexico urged the United States and Venezuela to resume talks."),
    ("2025-10-07", "The local football club won its third match of the season on Saturday."),
]


def write_corpus(path: Path, n: int, seed: str = "a") -> Path:
    """A JSONL corpus of n distinct short articles built from STORY."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            day, sentence = STORY[i % len(STORY)]
            text = f"{sentence} Report {seed}-{i} was filed from the newsroom desk number {i}."
            f.write(json.dumps({"id": f"{seed}{i}", "published": day, "text": text}) + "\n")
    return path


def run_cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flashpoint.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "COLUMNS": "200", **(env or {})})


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"the shared data folder is absent ({SHARED}); CI provides it")
    return SHARED


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo database, built once by `flashpoint demo` for every test that reads it."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    res = run_cli("demo", "--db", str(db))
    assert res.returncode == 0, res.stderr
    assert "USA" in res.stdout and "VEN" in res.stdout and "Next, try" in res.stdout
    return db
