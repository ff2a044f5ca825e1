"""Actor resolution ignores names that only say whom an actor sides with or where it sits: "a UK-based
group" is not British, "pro-Russia rebels" are not Russian. Sentences written for the project."""
from __future__ import annotations

import pytest

from flashpoint import nlp
from flashpoint.resolve.actors import resolve_token


def head_actor(text: str, head: str):
    doc = next(nlp.parse([text]))
    tok = next(t for t in doc if t.text == head)
    return resolve_token(tok, "2024-01-01")


@pytest.mark.parametrize("text, head", [
    ("A London-based monitoring group said the talks failed.", "group"),
    ("A UK-based charity sent food.", "charity"),
    ("Pro-Russia separatists seized the building.", "separatists"),
    ("Israeli-occupied land was returned.", "land"),
])
def test_an_affiliation_does_not_give_its_country(text, head):
    a = head_actor(text, head)
    assert a is None or a.country is None


def test_the_actor_own_nationality_survives_an_affiliation():
    a = head_actor("Iranian-backed Yemeni rebels fired a drone.", "rebels")
    assert a is not None and a.country == "YEM" and a.sector == "REB"


def test_a_led_coalition_is_still_its_leader():
    a = head_actor("The Saudi-led coalition struck the port.", "coalition")
    assert a is not None and a.country == "SAU"


def test_a_plain_nationality_still_resolves():
    a = head_actor("British troops left the base.", "troops")
    assert a is not None and a.code == "GBRMIL"
