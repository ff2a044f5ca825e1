"""The dyad chart: a real, readable PNG for normal, empty and awkward series; clear error for a bad folder."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import matplotlib
import pytest
from matplotlib.image import imread

from flashpoint.analyse.plot import plot_series

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def make_series(n: int, start: date = date(2025, 9, 1), step: int = 1) -> list[dict]:
    rows = []
    for i in range(n):
        quad = {1: 2, 2: 1, 3: i % 4, 4: i // 10}
        index = 3.0 - 0.5 * i
        rows.append({"period": start + timedelta(days=step * i), "events": sum(quad.values()),
                     "mentions": 2 * sum(quad.values()), "quad": quad, "index": index, "volume": 40,
                     "index_norm": index * 100 / 40})
    return rows


def alert(day: date, level: int = 3, name: str = "Confrontation") -> dict:
    return {"dyad": "USA→VEN", "day": day, "start": day - timedelta(days=3), "score": 4.2, "level": level,
            "level_name": name, "observed": 12.0, "expected": 3.0, "events": []}


def assert_png(path: Path) -> None:
    assert path.read_bytes()[:8] == PNG_MAGIC
    pixels = imread(path)
    height, width = pixels.shape[:2]
    assert 1000 <= width <= 1400 and 600 <= height <= 850, (width, height)  # ~10x6 in at ~120 dpi
    assert pixels.std() > 0.01  # something was drawn, not a blank canvas


def test_writes_a_png_with_alerts(tmp_path: Path) -> None:
    series = make_series(40)
    out = plot_series(series, [alert(series[30]["period"]), alert(series[33]["period"], 4, "Use of force")],
                      tmp_path / "chart.png", title="USA → VEN")
    assert out == tmp_path / "chart.png"
    assert_png(out)


def test_accepts_a_string_path_and_returns_a_path(tmp_path: Path) -> None:
    out = plot_series(make_series(5), [], str(tmp_path / "c.png"), title="t")
    assert isinstance(out, Path) and out.is_file()


def test_empty_series_still_writes_a_png(tmp_path: Path) -> None:
    assert_png(plot_series([], [], tmp_path / "empty.png", title="USA → VEN"))


@pytest.mark.parametrize("rows", [
    make_series(1),                                                  # one period
    [dict(r, index_norm=None) for r in make_series(6, step=7)],      # weekly, no coverage numbers
    [dict(r, events=0, quad={1: 0, 2: 0, 3: 0, 4: 0}, index=0.0, index_norm=None)
     for r in make_series(4, step=31)],                              # all-zero months
])
def test_awkward_series_do_not_crash(tmp_path: Path, rows: list[dict]) -> None:
    assert_png(plot_series(rows, [alert(date(2030, 1, 1))], tmp_path / "x.png", title="t"))  # alert off-chart


def test_text_from_the_news_is_not_parsed_as_mathtext(tmp_path: Path) -> None:
    title = "Oil at $80 and $ signs_{x} \\frac"
    assert_png(plot_series(make_series(10), [alert(date(2025, 9, 5), 2, "Tension $$ ^")], tmp_path / "m.png",
                           title=title))


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "nope"
    with pytest.raises(FileNotFoundError, match="nope"):
        plot_series(make_series(3), [], folder / "c.png", title="t")


def test_leaves_the_global_backend_alone(tmp_path: Path) -> None:
    before = matplotlib.get_backend()
    plot_series(make_series(3), [], tmp_path / "c.png", title="t")
    assert matplotlib.get_backend() == before
