"""Magnitudes: how many were killed, injured, arrested or mobilised — never years, money or designators."""
from __future__ import annotations

import pytest

from flashpoint.extract import extract_articles
from flashpoint.model import Article


def events(text: str):
    [(_a, ex)] = list(extract_articles([Article.create(text, published="2025-10-17")]))
    return ex.events


def mag(text: str, category: str) -> dict:
    found = [e.magnitude for e in events(text) if e.category == category]
    assert found, f"no {category} event in {text!r}: {events(text)}"
    return found[0]


def test_victims_are_the_object_not_the_attackers():
    m = mag("Two gunmen killed 23 people in an attack on a market in Kabul on Sunday.", "ASSAULT")
    assert m["killed"] == 23 and m["cumulative"] is False


def test_running_totals_are_flagged_cumulative():
    m = mag("The United States has so far killed around 27 people in strikes on boats near Venezuela.", "ASSAULT")
    assert m["killed"] == 27 and m["cumulative"] is True


def test_killed_and_injured_in_one_sentence():
    m = mag("Russian shelling killed three civilians and wounded eleven others in Kharkiv.", "ASSAULT")
    assert (m["killed"], m["injured"]) == (3, 11)


@pytest.mark.parametrize("text,category,size", [
    ("The US Air Force flew two B-52 bombers off the coast of Venezuela.", "MOBILIZE", 2),
    ("Tens of thousands of students demonstrated against the government in Caracas.", "PROTEST", 10_000),
    ("Hundreds of thousands of workers demonstrated in Buenos Aires.", "PROTEST", 100_000),
    ("Venezuelan police arrested more than 100 protesters in Caracas.", "COERCE", 100),
    ("Colombia expelled two Venezuelan diplomats on Friday.", "SANCTION", 2),
    ("Venezuela deployed 10,000 troops to the border with Colombia.", "MOBILIZE", 10_000),
])
def test_sizes(text, category, size):
    assert mag(text, category)["size"] == size


@pytest.mark.parametrize("text", [
    "The 160th regiment deployed to the border with Colombia in 2019.",
    "Venezuela deployed troops worth $300 million to the border with Colombia.",
    "Venezuela deployed 40 percent of its troops to the border with Colombia.",
])
def test_years_money_percentages_and_designators_are_not_sizes(text):
    assert all(e.magnitude["size"] in (None,) for e in events(text))


def test_implausible_counts_are_dropped():
    assert mag("Venezuela deployed 9000000000000 troops to the border with Colombia.", "MOBILIZE")["size"] is None


@pytest.mark.parametrize("text,category,key,qualifier", [
    ("Russian shelling killed at least 156 civilians in Kharkiv.", "ASSAULT", "killed", "min"),
    ("Venezuela deployed up to 100 soldiers to the border with Colombia.", "MOBILIZE", "size", "max"),
    ("The United States has killed about 20 people in strikes near Venezuela.", "ASSAULT", "killed", "approx"),
])
def test_qualified_counts_keep_their_bound(text, category, key, qualifier):
    m = mag(text, category)
    assert m["qualifiers"][key] == qualifier


def test_arrests_and_the_displaced_are_counted():
    m = mag("Police arrested 45 protesters in Minsk on Sunday.", "COERCE")
    assert m["arrested"] == 45
    m = mag("About 200 families fled their homes after the army attacked the village.", "ASSAULT")
    assert m["displaced"] == 200 and m["qualifiers"]["displaced"] == "approx"
