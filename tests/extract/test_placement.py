"""Where and when an event happened: its clause's place and date, else the article's, flagged."""
from __future__ import annotations

from flashpoint.extract import extract_articles
from flashpoint.model import Article


def first_event(text: str, category: str, published: str | None = "2025-10-17"):
    [(_a, ex)] = list(extract_articles([Article.create(text, published=published)]))
    return next(e for e in ex.events if e.category == category)


def test_place_of_the_target_not_of_the_source():
    ev = first_event("Two B-52 bombers from Louisiana flew off the coast of Venezuela on Wednesday.", "MOBILIZE")
    assert ev.location["country"] == "VEN" and ev.location["relation"] == "off-coast"
    assert ev.location["precision"] == "clause"
    assert ev.date == "2025-10-15" and ev.date_precision == "clause"


def test_border_relation():
    ev = first_event("Venezuela deployed troops to the border with Colombia.", "MOBILIZE")
    assert ev.location["country"] == "COL" and ev.location["relation"] == "border"


def test_no_place_in_the_clause_falls_back_to_the_article_focus():
    text = ("Protests spread across Caracas and Maracaibo in Venezuela on Monday. "
            "Police arrested dozens of students.")
    ev = first_event(text, "COERCE")
    assert ev.location["country"] == "VEN" and ev.location["precision"] == "article"
    assert ev.date == "2025-10-17" and ev.date_precision == "published"


def test_undated_article_leaves_the_event_undated():
    ev = first_event("Venezuela deployed troops to the border with Colombia.", "MOBILIZE", published=None)
    assert ev.date is None and ev.date_precision is None
