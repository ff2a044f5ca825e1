"""The prefilter blanks sentences that cannot hold an event, keeping every offset."""
from __future__ import annotations

from flashpoint.extract import extract_articles
from flashpoint.extract.prefilter import keep, mask
from flashpoint.model import Article

STORY = ("Riverside Athletic won 3-1 at home on Saturday to go top of the table.\n"
         "US forces struck a boat off the coast of Venezuela on Tuesday, killing three people. "
         "Shares in the carmaker rose 4% after strong quarterly sales. "
         "A grenade was thrown at a police station overnight. "
         "He ordered more troops to the border.")


def test_a_sentence_needs_a_trigger_and_an_actor_unless_it_is_violence():
    assert keep("US forces struck a boat off the coast of Venezuela on Tuesday.")
    assert keep("A grenade was thrown at a market overnight.")          # violence: coded with no doer
    assert keep("He ordered more troops to the border.")                # a pronoun may carry the actor
    assert not keep("Riverside Athletic won 3-1 at home on Saturday.")
    assert not keep("Shares in the carmaker rose 4% after strong quarterly sales.")


def test_masking_keeps_length_offsets_and_line_breaks():
    masked, share = mask(STORY)
    assert len(masked) == len(STORY) and masked.count("\n") == STORY.count("\n")
    assert "Riverside" not in masked and "Shares" not in masked
    start = STORY.index("US forces")
    assert masked[start:start + 40] == STORY[start:start + 40]
    assert 0.3 < share < 0.8


def test_prefiltered_extraction_finds_the_same_events_at_the_same_offsets():
    article = Article.create(STORY, published="2025-10-17")
    [(_, full)] = list(extract_articles([article]))
    [(_, fast)] = list(extract_articles([article], prefilter=True))
    key = lambda ex: sorted((e.cameo, tuple(e.trigger), e.source and e.source.code) for e in ex.events)  # noqa: E731
    assert key(full) == key(fast) and full.events

