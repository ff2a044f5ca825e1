"""The one-page dyad brief, rendered as Markdown or as a self-contained HTML document.

This module owns the wording and layout of the brief only: it takes the plain `report` dict built
elsewhere (title, dyad, period, series, alerts, level, top events, quotes) and returns text. It never
touches the database. All news text is untrusted: HTML output escapes every piece of it and loads
nothing from outside (inline CSS, no scripts); Markdown output escapes the characters that would
otherwise become markup, tables or raw HTML.
"""
from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

FORMATS = ("md", "html")
TABLE_PERIODS = 12  # long series: only the most recent periods go in the table
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
TABLE_HEAD = ("Period", "Events", "Mentions", "Verbal coop.", "Material coop.", "Verbal conflict",
              "Material conflict", "Index", "Articles", "Index / 100 articles")


def render(report: dict[str, Any], fmt: str, *, chart_png: bytes | None = None) -> str:
    """The brief for `report` as "md" or "html". `chart_png` (PNG bytes) is embedded in HTML only."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if chart_png is not None and not bytes(chart_png).startswith(PNG_MAGIC):
        raise ValueError("chart_png is not a PNG image (it lacks the PNG signature)")
    return _markdown(report) if fmt == "md" else _html_doc(report, chart_png)


# --- facts shared by both formats (plain, unescaped text) ---------------------------------------

def _s(value: Any) -> str:
    return "" if value is None else str(value)


def _num(value: Any, digits: int = 1) -> str:
    try:
        return f"{float(value):.{digits}f}"
    except (TypeError, ValueError):
        return "–"


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else "undated"


def _period(value: Any, by: str) -> str:
    if not isinstance(value, date):
        return "?"
    return {"week": f"week of {value.isoformat()}", "month": value.strftime("%Y-%m")}.get(by, value.isoformat())


def _index_values(series: Sequence[dict[str, Any]]) -> tuple[list[float | None], bool]:
    """Per-period index (per 100 articles when any period has that), and whether it is normalised."""
    norm = any(row.get("index_norm") is not None for row in series)
    key = "index_norm" if norm else "index"
    return [None if row.get(key) is None else float(row[key]) for row in series], norm


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def trend_sentence(series: Sequence[dict[str, Any]], by: str = "day") -> str:
    """'Conflict rising / easing / steady' from the last third of the periods against the rest, with totals."""
    events = sum(int(row.get("events") or 0) for row in series)
    mentions = sum(int(row.get("mentions") or 0) for row in series)
    counts = f"{events} merged events from {mentions} mentions"
    unit = by if by in ("day", "week", "month") else "period"
    values, norm = _index_values(series)
    late_n = len(series) // 3
    early = [v for v in values[: len(series) - late_n] if v is not None]
    late = [v for v in values[len(series) - late_n:] if v is not None]
    if late_n == 0 or not early or not late:
        return f"Too few {unit}s to call a trend; {counts}."
    delta = _mean(late) - _mean(early)
    threshold = 0.15 * _mean([abs(v) for v in early + late])
    word = "steady" if abs(delta) <= threshold else "rising" if delta < 0 else "easing"
    what = "index per 100 articles" if norm else "conflict–cooperation index"
    last = f"{late_n} {unit}s" if late_n > 1 else f"{unit}"
    return (f"Conflict {word}: the {what} averaged {_mean(late):.1f} over the last {last} "
            f"against {_mean(early):.1f} over the {len(series) - late_n} before; {counts}.")


def _table(series: Sequence[dict[str, Any]], by: str) -> tuple[list[list[str]], str]:
    """Rows of the series table (most recent TABLE_PERIODS) and a note saying what was left out."""
    shown = list(series)[-TABLE_PERIODS:]
    rows = []
    for row in shown:
        quad = row.get("quad") or {}
        rows.append([_period(row.get("period"), by), _s(row.get("events", 0)), _s(row.get("mentions", 0)),
                     *(_s(quad.get(q, 0)) for q in (1, 2, 3, 4)), _num(row.get("index")),
                     _s(row.get("volume", 0)), _num(row.get("index_norm"))])
    note = f"The last {len(shown)} of {len(series)} {by}s." if len(series) > len(shown) else ""
    return rows, note


def _dyad(dyad: dict[str, Any]) -> str:
    arrow = " → " if dyad.get("directed") else " ↔ "
    codes = f"{_s(dyad.get('a'))}{arrow}{_s(dyad.get('b'))}"
    names = (dyad.get("a_name"), dyad.get("b_name"))
    return f"{codes} ({_s(names[0])}{arrow}{_s(names[1])})" if all(names) else codes


def _level(report: dict[str, Any]) -> tuple[int, str]:
    level = report.get("level") or {}
    try:
        number = int(level.get("level") or 0)
    except (TypeError, ValueError):
        number = 0
    return number, _s(level.get("name")) or f"level {number}"


def _alert_line(alert: dict[str, Any]) -> str:
    since = f" (building since {_day(alert['start'])})" if isinstance(alert.get("start"), date) else ""
    return (f"{_s(alert.get('dyad'))}: level {_s(alert.get('level'))} ({_s(alert.get('level_name'))}), "
            f"score {_num(alert.get('score'), 2)}; observed {_num(alert.get('observed'))} "
            f"vs expected {_num(alert.get('expected'))}{since}")


def _event_head(ev: dict[str, Any]) -> str:
    target = _s(ev.get("target")) or "?"
    code = " ".join(x for x in (_s(ev.get("cameo")), _s(ev.get("cameo_name"))) if x)
    parts = [f"{_s(ev.get('source')) or '?'} → {target}", f"CAMEO {code}" if code else "",
             _s(ev.get("modality")), f"Goldstein {_num(ev.get('goldstein'))}"]
    return " · ".join(p for p in parts if p)


def _event_counts(ev: dict[str, Any]) -> str:
    outlets = [_s(o) for o in (ev.get("outlets") or []) if o]
    named = ", ".join(outlets[:3]) + (f" +{len(outlets) - 3} more" if len(outlets) > 3 else "")
    text = (f"{_s(ev.get('n_mentions', 0))} mentions / {_s(ev.get('n_articles', 0))} articles / "
            f"{_s(ev.get('n_sources', len(outlets)))} outlets")
    return f"{text} ({named})" if named else text


def _quote_by(quote: dict[str, Any]) -> str:
    who = _s(quote.get("speaker")) or "unnamed speaker"
    if quote.get("speaker_code"):
        who += f" ({_s(quote['speaker_code'])})"
    extra = [x for x in (_s(quote.get("outlet")), _day(quote.get("date")) if quote.get("date") else "") if x]
    return ", ".join([who, *extra])


def _spans(ev: dict[str, Any], kinds: Sequence[str]) -> list[tuple[int, int, str]]:
    """The event's well-formed spans inside its evidence; malformed or out-of-range ones are dropped."""
    length = len(_s(ev.get("evidence")))
    found = []
    for kind in kinds:
        span = ev.get(kind)
        if isinstance(span, (list, tuple)) and len(span) == 2 and all(type(x) is int for x in span):
            if 0 <= span[0] < span[1] <= length:
                found.append((span[0], span[1], kind))
    return found


def _segments(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[str, frozenset[str]]]:
    """`text` cut at every span edge, each piece with the kinds of the spans covering it (overlaps allowed)."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    return [(text[a:b], frozenset(k for s, e, k in spans if s <= a and b <= e))
            for a, b in zip(cuts, cuts[1:]) if b > a]


# --- Markdown -------------------------------------------------------------------------------------

def _md(value: Any) -> str:
    """Inline Markdown text: one line, markup and table characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", _s(value)))


def _md_evidence(ev: dict[str, Any]) -> str:
    out = []
    for piece, kinds in _segments(_s(ev.get("evidence")), _spans(ev, ["trigger"])):
        text = _md(piece)
        if "trigger" in kinds and text.strip():
            lead, core, tail = re.fullmatch(r"(\s*)(.*?)(\s*)", text, re.DOTALL).groups()
            text = f"{lead}**{core}**{tail}"
        out.append(text)
    return "".join(out)


def _md_events(events: Sequence[dict[str, Any]], indent: str = "") -> list[str]:
    lines = []
    for ev in events:
        item = [f"- **{_day(ev.get('date'))}** · {_md(_event_head(ev))} · {_md(_event_counts(ev))}"]
        if _s(ev.get("evidence")).strip():
            item.append(f"  “{_md_evidence(ev)}”")
        if ev.get("title"):
            item.append(f"  from *{_md(ev['title'])}*")
        last = len(item) - 1  # two trailing spaces make a line break inside the list item
        lines += [indent + line + ("  " if i < last else "") for i, line in enumerate(item)]
    return lines


def _markdown(report: dict[str, Any]) -> str:
    series, by = report.get("series") or [], _s(report.get("by")) or "day"
    number, name = _level(report)
    lines = [f"# {_md(report.get('title')) or 'Dyad brief'}", "",
             f"**Dyad:** {_md(_dyad(report.get('dyad') or {}))}  ",
             f"**Period:** {_day(report.get('since'))} to {_day(report.get('until'))}, by {_md(by)}  ",
             f"**Escalation level:** {number} — {_md(name)}", "", _md(trend_sentence(series, by)), "",
             "## Series", ""]
    rows, note = _table(series, by)
    if rows:
        lines += ["| " + " | ".join(TABLE_HEAD) + " |", "|---|" + "---:|" * (len(TABLE_HEAD) - 1)]
        lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
        lines += ["", note] if note else []
    else:
        lines.append("No periods in this range.")
    alerts = report.get("alerts") or []
    lines += ["", f"## Alerts ({len(alerts)})", ""] + ([] if alerts else ["No alerts in this period."])
    for alert in alerts:
        lines.append(f"- **{_day(alert.get('day'))}** {_md(_alert_line(alert))}")
        lines += _md_events(alert.get("events") or [], indent="  ")
    events = report.get("top_events") or []
    lines += ["", "## Top events", ""] + (_md_events(events) or ["No events in this period."])
    lines += ["", "## Quotes", ""]
    for quote in report.get("quotes") or []:
        lines += [f"> “{_md(quote.get('text'))}”  ", f"> — {_md(_quote_by(quote))}", ""]
    if not report.get("quotes"):
        lines += ["No quotes in this period.", ""]
    lines += ["---", f"Generated {_md(report.get('generated'))}"]
    return "\n".join(lines) + "\n"


# --- HTML -----------------------------------------------------------------------------------------

_TAGS = {"source_span": ('<span class="src">', "</span>"), "target_span": ('<span class="tgt">', "</span>"),
         "trigger": ("<mark>", "</mark>")}
_TAG_ORDER = ("source_span", "target_span", "trigger")  # nesting order when spans overlap

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff;margin:0}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:1.4rem 0 .5rem;border-bottom:1px solid #ddd}
.meta{color:#555;margin:.2rem 0}.trend{font-size:1.05rem}
.level{display:inline-block;padding:.2rem .7rem;border-radius:1rem;font-weight:600;color:#fff;background:#777}
.lvl-1{background:#4b6f8a}.lvl-2{background:#9a7300}.lvl-3{background:#e69f00;color:#1b1b1b}
.lvl-4{background:#d55e00}.lvl-5{background:#b00020}.lvl-6{background:#6a0015}
table{border-collapse:collapse;font-size:.85rem;width:100%}
th,td{border-bottom:1px solid #e4e4e4;padding:.25rem .4rem;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f5f5f5}
figure{margin:1rem 0}figure img{max-width:100%;height:auto}
ul.events,ol.alerts{padding-left:1.2rem}li{margin:.5rem 0}.note,.counts,.from{color:#666;font-size:.85rem}
blockquote{margin:.3rem 0 .3rem .2rem;padding-left:.7rem;border-left:3px solid #ccc}
mark{background:#ffe08a;padding:0 .1em}.src{border-bottom:2px solid #0072b2}
.tgt{border-bottom:2px dashed #d55e00}code{background:#f2f2f2;padding:0 .2em}
footer{margin-top:2rem;color:#777;font-size:.8rem}
@media print{main{padding:0}h2{break-after:avoid}}
"""
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _e(value: Any) -> str:
    return html.escape(_s(value), quote=True)


def _html_evidence(ev: dict[str, Any]) -> str:
    """The evidence with source/target spans and the trigger tagged; overlaps kept properly nested."""
    out, open_tags = [], []
    for piece, kinds in _segments(_s(ev.get("evidence")), _spans(ev, _TAG_ORDER)):
        want = [k for k in _TAG_ORDER if k in kinds]
        keep = 0
        while keep < min(len(open_tags), len(want)) and open_tags[keep] == want[keep]:
            keep += 1
        out += [_TAGS[k][1] for k in reversed(open_tags[keep:])] + [_TAGS[k][0] for k in want[keep:]]
        out.append(_e(piece))
        open_tags = want
    out += [_TAGS[k][1] for k in reversed(open_tags)]
    return "".join(out)


def _html_events(events: Sequence[dict[str, Any]]) -> str:
    items = []
    for ev in events:
        parts = [f'<div><time>{_day(ev.get("date"))}</time> · {_e(_event_head(ev))}</div>',
                 f'<div class="counts">{_e(_event_counts(ev))}</div>']
        if _s(ev.get("evidence")).strip():
            parts.append(f"<blockquote>{_html_evidence(ev)}</blockquote>")
        if ev.get("title"):
            parts.append(f'<div class="from">from <cite>{_e(ev["title"])}</cite></div>')
        items.append(f'<li class="event">{"".join(parts)}</li>')
    return f'<ul class="events">{"".join(items)}</ul>' if items else "<p>No events in this period.</p>"


def _html_table(series: Sequence[dict[str, Any]], by: str) -> str:
    rows, note = _table(series, by)
    if not rows:
        return "<p>No periods in this range.</p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in TABLE_HEAD)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    tail = f'<p class="note">{_e(note)}</p>' if note else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{tail}"


def _html_alerts(alerts: Sequence[dict[str, Any]]) -> str:
    if not alerts:
        return "<p>No alerts in this period.</p>"
    items = [f'<li><strong>{_day(a.get("day"))}</strong> {_e(_alert_line(a))}{_html_events(a.get("events") or [])}'
             "</li>" for a in alerts]
    return f'<ol class="alerts">{"".join(items)}</ol>'


def _html_quotes(quotes: Sequence[dict[str, Any]]) -> str:
    if not quotes:
        return "<p>No quotes in this period.</p>"
    return "".join(f"<blockquote><p>“{_e(q.get('text'))}”</p><footer>— {_e(_quote_by(q))}</footer></blockquote>"
                   for q in quotes)


def _html_doc(report: dict[str, Any], chart_png: bytes | None) -> str:
    series, by = report.get("series") or [], _s(report.get("by")) or "day"
    number, name = _level(report)
    title = _e(report.get("title")) or "Dyad brief"
    figure = ""
    if chart_png is not None:
        data = base64.b64encode(bytes(chart_png)).decode("ascii")
        figure = (f'<figure><img src="data:image/png;base64,{data}" alt="Conflict–cooperation index and '
                  f'events by quad class for {_e(_dyad(report.get("dyad") or {}))}"></figure>')
    body = [f"<header><h1>{title}</h1>",
            f'<p class="meta">{_e(_dyad(report.get("dyad") or {}))} · {_day(report.get("since"))} to '
            f'{_day(report.get("until"))}, by {_e(by)}</p>',
            f'<p><span class="level lvl-{max(0, min(number, 6))}">Escalation level {number}: {_e(name)}</span></p>'
            "</header>",
            f'<p class="trend">{_e(trend_sentence(series, by))}</p>', figure,
            f"<section><h2>Series</h2>{_html_table(series, by)}</section>",
            f"<section><h2>Alerts ({len(report.get('alerts') or [])})</h2>"
            f"{_html_alerts(report.get('alerts') or [])}</section>",
            f"<section><h2>Top events</h2>{_html_events(report.get('top_events') or [])}</section>",
            f"<section><h2>Quotes</h2>{_html_quotes(report.get('quotes') or [])}</section>",
            f"<footer>Generated {_e(report.get('generated'))}</footer>"]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(part for part in body if part) + "\n</main>\n</body>\n</html>\n")
