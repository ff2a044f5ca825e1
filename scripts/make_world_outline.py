"""Write src/flashpoint/web/world.json: the dashboard's low-resolution world, built from data this
project already ships (no shapes copied from anywhere).

The dashboard draws an equirectangular graticule (every 30 degrees) and, as faint dots, the centre of
every country in src/flashpoint/data/actors/countries.tsv. This script exports those centres:

    {"countries": [["AFG", "Afghanistan", 33.9, 67.7], ...]}

Coordinates are rounded to 0.1 degree (about 11 km), which is all a world map needs and keeps the file
small. Run it again whenever countries.tsv changes:

    .venv/bin/python scripts/make_world_outline.py
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "flashpoint" / "data" / "actors" / "countries.tsv"
TARGET = ROOT / "src" / "flashpoint" / "web" / "world.json"


def countries(path: Path = SOURCE) -> list[list]:
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError):
                continue            # a country without a centre is left off the map
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                continue
            rows.append([row["iso3"].strip(), row["name"].strip(), round(lat, 1), round(lon, 1)])
    rows.sort(key=lambda r: r[0])
    return rows


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else TARGET
    data = {"source": "flashpoint data/actors/countries.tsv (country centres)", "countries": countries()}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    target.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {target} ({len(data['countries'])} countries, {len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
