"""A known surname inside another person's name is that other person: "Gen. Maria Ortega" is not
Nicaragua's president, while "President Ortega", "Daniel Ortega" and "Nicolas Maduro" (no accent) are
the people the knowledge base holds. Sentences written for the project."""
from __future__ import annotations

import pytest

from flashpoint import nlp
from flashpoint.resolve.actors import resolve_token


def subject_actor(text: str):
    doc = next(nlp.parse([text]))
    verb = next(t for t in doc if t.dep_ == "ROOT")
    subj = next(t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass"))
    return resolve_token(subj, "2025-06-01")


@pytest.mark.parametrize("text", [
    "Gen. Maria Ortega, a spokeswoman for the army, accused Colombia of shelling the border.",
    "Maria Ortega accused Colombia of shelling the border.",
])
def test_another_persons_surname_is_not_the_known_person(text):
    a = subject_actor(text)
    assert a is None or a.code != "NICGOV"


@pytest.mark.parametrize("text, code", [
    ("President Daniel Ortega accused Colombia of shelling the border.", "NICGOV"),
    ("Nicaraguan President Ortega accused Colombia of shelling the border.", "NICGOV"),
    ("Nicolas Maduro accused Colombia of shelling the border.", "VENGOV"),
    ("Donald Trump accused Colombia of shelling the border.", "USAGOV"),
])
def test_the_known_person_by_full_name_surname_or_unaccented_name(text, code):
    a = subject_actor(text)
    assert a is not None and a.code == code


def object_actor(text: str):
    doc = next(nlp.parse([text]))
    verb = next(t for t in doc if t.dep_ == "ROOT")
    obj = next(t for t in verb.children if t.dep_ == "dobj")
    return resolve_token(obj, "2014-06-01")


def test_a_capital_the_parser_took_for_a_person_is_its_country():
    a = object_actor("Russian missiles struck Kiev on Monday.")
    assert a is not None and a.country == "UKR"


def test_a_big_city_named_as_a_speaker_is_not_taken_for_its_country():
    a = subject_actor("Sydney criticised the government.")
    assert a is None or a.country is None
