"""The dyad brief: safe HTML, valid Markdown tables, span marking and the trend sentence."""
from __future__ import annotations

import base64
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from flashpoint.analyse.report import render, trend_sentence

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

EVIDENCE = "US forces struck a boat near Venezuela, officials said."


def series_of(indexes: list[float], norm: bool = True) -> list[dict]:
    return [{"period": date(2025, 9, 1) + timedelta(days=i), "events": 3, "mentions": 5,
             "quad": {1: 1, 2: 0, 3: 1, 4: 1}, "index": v, "volume": 50,
             "index_norm": v * 2 if norm else None} for i, v in enumerate(indexes)]


def event(**changes) -> dict:
    ev = {"id": "e1", "date": date(2025, 9, 3), "source": "USA", "target": "VEN", "cameo": "195",
          "cameo_name": "Employ aerial weapons", "category": "ASSAULT", "modality": "asserted",
          "goldstein": -10.0, "n_mentions": 4, "n_articles": 3, "n_sources": 2, "outlets": ["Wire A", "Wire B"],
          "evidence": EVIDENCE, "trigger": [10, 16], "source_span": [0, 9], "target_span": [29, 38],
          "title": "Strike at sea"}
    return {**ev, **changes}


def make_report(**changes) -> dict:
    series = series_of([1.0, 0.5, 0.0, -1.0, -2.0, -4.0])
    report = {"title": "USA and Venezuela", "since": date(2025, 9, 1), "until": date(2025, 9, 6), "by": "day",
              "dyad": {"a": "USA", "b": "VEN", "a_name": "United States", "b_name": "Venezuela", "directed": True},
              "series": series, "level": {"level": 3, "name": "Confrontation"},
              "alerts": [{"dyad": "USA→VEN", "day": date(2025, 9, 5), "start": date(2025, 9, 3), "score": 4.25,
                          "level": 3, "level_name": "Confrontation", "observed": 9.0, "expected": 2.5,
                          "events": [event()]}],
              "top_events": [event()],
              "quotes": [{"speaker": "A minister", "speaker_code": "VEN", "text": "We will defend our coast.",
                          "outlet": "Wire B", "date": date(2025, 9, 4)}],
              "generated": "2025-09-07T10:00:00Z"}
    return {**report, **changes}


class TagChecker(HTMLParser):
    """Records tags and checks that every opened (non-void) tag is closed in order."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def parse(doc: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(doc)
    checker.close()
    assert checker.stack == []
    return checker


def test_html_is_a_complete_self_contained_document() -> None:
    doc = render(make_report(), "html")
    assert doc.startswith("<!DOCTYPE html>") and doc.rstrip().endswith("</html>")
    tags = parse(doc).tags
    assert "style" in tags and "script" not in tags and "link" not in tags
    assert "http://" not in doc and "https://" not in doc
    assert "Confrontation" in doc and "USA → VEN" in doc and "We will defend our coast." in doc


def test_html_escapes_news_text() -> None:
    nasty = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    ev = event(evidence=nasty, trigger=[0, 8], source_span=None, target_span=None, title=nasty,
               outlets=[nasty])
    quote = {"speaker": nasty, "speaker_code": None, "text": nasty, "outlet": nasty, "date": None}
    report = make_report(title=nasty, top_events=[ev], quotes=[quote])
    doc = render(report, "html")
    assert "&lt;script&gt;" in doc
    assert "<script" not in doc.lower() and "<img src=x" not in doc
    assert "<mark>&lt;script&gt;</mark>" in doc
    assert "script" not in parse(doc).tags


def test_html_marks_trigger_and_actor_spans() -> None:
    doc = render(make_report(alerts=[]), "html")
    assert ('<span class="src">US forces</span> <mark>struck</mark> a boat near '
            '<span class="tgt">Venezuela</span>') in doc


def test_html_overlapping_and_bad_spans() -> None:
    overlapping = event(source_span=[0, 16], trigger=[10, 22], target_span=[14, 30])
    bad = event(id="e2", trigger=[50, 500], source_span=[5, 2], target_span=["a", 3])
    doc = render(make_report(top_events=[overlapping, bad], alerts=[]), "html")
    parse(doc)  # properly nested despite the overlaps
    text = re.sub(r"<[^>]+>", "", doc)
    assert text.count(EVIDENCE) == 2  # both sentences intact once the tags are removed
    assert "<mark>" in doc and EVIDENCE in doc  # the bad spans were ignored, the sentence kept whole


def test_html_embeds_the_chart() -> None:
    doc = render(make_report(), "html", chart_png=PNG)
    assert f'src="data:image/png;base64,{base64.b64encode(PNG).decode()}"' in doc
    with pytest.raises(ValueError, match="PNG"):
        render(make_report(), "html", chart_png=b"GIF89a")


def test_markdown_escapes_pipes_and_newlines() -> None:
    series = series_of([1.0, 2.0, 3.0])
    report = make_report(series=series, by="week|x", title="Line one\nline | two",
                         top_events=[event(evidence="A | B struck\nC", trigger=[6, 12], source_span=None,
                                           target_span=None)])
    md = render(report, "md")
    table = [line for line in md.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + len(series)
    assert all(len(re.findall(r"(?<!\\)\|", line)) == 11 for line in table)  # 10 columns, no stray pipes
    assert "# Line one line \\| two" in md
    assert "A \\| B **struck** C" in md


def test_markdown_escapes_raw_html_and_marks_trigger() -> None:
    md = render(make_report(top_events=[event(evidence="<script>x</script> struck", trigger=[19, 25])]), "md")
    assert not re.search(r"(?<!\\)<", md) and "\\<script\\>x\\</script\\>" in md  # every < escaped
    assert "**struck**" in md
    assert "**US forces struck**" not in md


def test_long_series_table_shows_last_twelve() -> None:
    series = series_of([float(-i) for i in range(30)])
    md = render(make_report(series=series), "md")
    rows = [line for line in md.splitlines() if line.startswith("| 2025-")]
    assert len(rows) == 12 and rows[-1].startswith("| 2025-09-30")
    assert "last 12 of 30 days" in md


def test_trend_sentence() -> None:
    assert trend_sentence(series_of([0.0] * 8 + [-3.0, -4.0, -5.0, -6.0])).startswith("Conflict rising")
    assert trend_sentence(series_of([-5.0] * 8 + [-1.0] * 4)).startswith("Conflict easing")
    assert trend_sentence(series_of([-5.0, -5.1, -4.9] * 4, norm=False)).startswith("Conflict steady")
    assert "36 merged events from 60 mentions" in trend_sentence(series_of([0.0] * 12))
    assert trend_sentence([]).startswith("Too few")


def test_trend_in_both_formats() -> None:
    report = make_report(series=series_of([0.0, 0.0, 0.0, 0.0, -5.0, -6.0]))
    assert "Conflict rising" in render(report, "md") and "Conflict rising" in render(report, "html")


def test_empty_report_renders() -> None:
    report = make_report(series=[], alerts=[], top_events=[], quotes=[], level={"level": 0, "name": "Calm"})
    for fmt in ("md", "html"):
        out = render(report, fmt)
        assert "No alerts" in out and "No events" in out and "Calm" in out


def test_bad_format_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="md, html"):
        render(make_report(), "pdf")
