"""The dyad chart: one PNG of a dyad's conflict–cooperation index and its events by quad class.

This module owns the picture only. It takes the plain series/alert rows built elsewhere (see
`flashpoint.analyse.report` for their shapes), never touches the database, and draws on a private
`Figure` with the Agg canvas, so it neither needs nor disturbs pyplot's global state.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

SIZE_IN = (10.0, 6.0)
DPI = 120

# Okabe–Ito colours: distinguishable under the common colour-vision deficiencies.
QUADS: dict[int, tuple[str, str]] = {
    1: ("verbal cooperation", "#56B4E9"),
    2: ("material cooperation", "#009E73"),
    3: ("verbal conflict", "#E69F00"),
    4: ("material conflict", "#D55E00"),
}
INDEX_COLOUR = "#222222"
CONFLICT_FILL = "#D55E00"
COOP_FILL = "#0072B2"
ALERT_COLOUR = "#CC0066"


def plot_series(series: Sequence[dict[str, Any]], alerts: Sequence[dict[str, Any]], path: str | Path,
                *, title: str) -> Path:
    """Write the chart of `series` (oldest first) with `alerts` marked to `path` as a PNG; return the path.

    An empty series gives a PNG that says so. Raises FileNotFoundError when the folder is missing.
    """
    out = Path(path)
    folder = out.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"cannot write the chart {out.name!r}: the folder {str(folder)!r} does not "
                                "exist; create it first or choose another output path")
    fig = Figure(figsize=SIZE_IN, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    fig.suptitle(str(title), fontsize=13, fontweight="bold", parse_math=False)
    if not series:
        _draw_empty(fig)
    else:
        _draw_chart(fig, list(series), list(alerts or []))
    fig.savefig(out, format="png", dpi=DPI)
    return out


def _draw_empty(fig: Figure) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, "no events in this period", ha="center", va="center", fontsize=16, color="#555555",
            transform=ax.transAxes)


def _draw_chart(fig: Figure, series: list[dict[str, Any]], alerts: list[dict[str, Any]]) -> None:
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    days = [row["period"] for row in series]
    width = _bar_width(days)
    _draw_index(top, series, days)
    _draw_quads(bottom, series, days, width)
    first, last = mdates.date2num(days[0]), mdates.date2num(days[-1])
    pad = width if last > first else 3.0  # a lone period: a few days either side, not hour ticks
    bottom.set_xlim(first - pad, last + pad)  # floats: date - timedelta drops fractions of a day
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    bottom.set_xlabel(f"date ({_granularity(width / 0.8)} periods)", fontsize=9)
    _draw_alerts(top, bottom, alerts)
    top.legend(loc="best", fontsize=8, frameon=False, ncols=4)
    if sum(int(row.get("events") or 0) for row in series) == 0:
        top.text(0.5, 0.5, "no events in this period", ha="center", va="center", fontsize=14,
                 color="#555555", transform=top.transAxes)
    for ax in (top, bottom):
        ax.grid(True, axis="y", color="#dddddd", linewidth=0.7)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)


def _index_values(series: list[dict[str, Any]]) -> tuple[list[float], str]:
    """The index to draw (per 100 articles when any period has it) and its axis label."""
    if any(row.get("index_norm") is not None for row in series):
        vals = [math.nan if row.get("index_norm") is None else float(row["index_norm"]) for row in series]
        return vals, "index per 100 articles"
    return [float(row.get("index") or 0.0) for row in series], "conflict–cooperation index"


def _draw_index(ax: Axes, series: list[dict[str, Any]], days: list[date]) -> None:
    vals, label = _index_values(series)
    ax.axhline(0.0, color="#888888", linewidth=0.9, zorder=1)
    ax.fill_between(days, vals, 0.0, where=[v < 0 for v in vals], interpolate=True, color=CONFLICT_FILL,
                    alpha=0.18, linewidth=0, label="conflict (below 0)")
    ax.fill_between(days, vals, 0.0, where=[v > 0 for v in vals], interpolate=True, color=COOP_FILL,
                    alpha=0.15, linewidth=0, label="cooperation (above 0)")
    ax.plot(days, vals, color=INDEX_COLOUR, linewidth=1.6, marker="o" if len(days) <= 40 else None,
            markersize=3, label=label, zorder=3)
    ax.set_ylabel(f"{label}\n← conflict · cooperation →", fontsize=9)
    finite = [v for v in vals if not math.isnan(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 0.0)
    span = max(high - low, abs(low), abs(high), 1.0)
    ax.set_ylim(min(low, 0.0) - 0.1 * span, max(high, 0.0) + 0.25 * span)  # head-room for alert labels


def _draw_quads(ax: Axes, series: list[dict[str, Any]], days: list[date], width: float) -> None:
    base = [0] * len(series)
    for quad, (name, colour) in QUADS.items():
        counts = [int((row.get("quad") or {}).get(quad, 0) or 0) for row in series]
        ax.bar(days, counts, width=width, bottom=base, color=colour, label=name, linewidth=0)
        base = [b + c for b, c in zip(base, counts)]
    ax.set_ylabel("merged events", fontsize=9)
    ax.set_ylim(0, max(max(base) * 1.3, 1))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncols=4)


def _bar_width(days: list[date]) -> float:
    """Bar width in days: 80% of the smallest gap between periods (one day for a single period)."""
    gaps = [(b - a).days for a, b in zip(days, days[1:]) if (b - a).days > 0]
    return 0.8 * (min(gaps) if gaps else 1)


def _granularity(gap_days: float) -> str:
    return "daily" if gap_days < 5 else "weekly" if gap_days < 20 else "monthly"


def _alert_marks(alerts: list[dict[str, Any]]) -> list[tuple[date, int, str]]:
    """One mark per alert day: the highest level raised that day, with its name."""
    best: dict[date, tuple[int, str]] = {}
    for alert in alerts:
        day = alert.get("day")
        if not isinstance(day, date):
            continue
        level = int(alert.get("level") or 0)
        name = str(alert.get("level_name") or f"level {level}")
        if day not in best or level > best[day][0]:
            best[day] = (level, name)
    return [(day, level, name) for day, (level, name) in sorted(best.items())]


def _draw_alerts(top: Axes, bottom: Axes, alerts: list[dict[str, Any]]) -> None:
    lo, hi = top.get_xlim()
    marks = [m for m in _alert_marks(alerts) if lo <= mdates.date2num(m[0]) <= hi]  # off-chart: skip
    span = max(hi - lo, 1.0)
    row, last_x = 0, -math.inf
    for i, (day, level, name) in enumerate(marks):
        x = mdates.date2num(day)  # annotate() does not convert date units itself
        for ax in (top, bottom):
            ax.axvline(x, color=ALERT_COLOUR, linestyle="--", linewidth=1.0, alpha=0.8, zorder=2,
                       label="alert" if (i == 0 and ax is top) else None)
        top.plot([x], [1.0], marker="v", color=ALERT_COLOUR, markersize=8, clip_on=False, zorder=4,
                 transform=top.get_xaxis_transform())
        row = (row + 1) % 4 if x - last_x < 0.18 * span else 0  # step close labels down the panel
        last_x = x
        right = (x - lo) / span > 0.8  # near the right edge: label to the left of the line
        top.annotate(f"{name} ({level})", xy=(x, 1.0), xycoords=top.get_xaxis_transform(),
                     xytext=(-5 if right else 5, -5 - 13 * row), textcoords="offset points",
                     ha="right" if right else "left", va="top", fontsize=8, color=ALERT_COLOUR,
                     parse_math=False, zorder=5,
                     bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
