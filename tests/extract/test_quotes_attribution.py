"""Speakers and cues of quotes where the parse alone does not give them, and indirect-speech spans; on
text written for the project."""
from __future__ import annotations

import time

from flashpoint.extract import extract_articles
from flashpoint.model import Article


def quotes(text: str):
    [(_a, ex)] = list(extract_articles([Article.create(text, published="2025-10-17")]))
    return [(q.direct, [text[s:e] for s, e in q.content], q.speaker.text if q.speaker else None,
             text[q.cue[0]:q.cue[1]] if q.cue else None) for q in ex.quotes]


def direct(text: str):
    return [q for q in quotes(text) if q[0]]


def test_any_verb_next_to_the_quote_is_its_cue():
    [(_d, spans, speaker, cue)] = direct("“Go home now,” the mayor barked as the crowd pressed forward.")
    assert spans == ["“Go home now,”"] and speaker == "the mayor" and cue == "barked"


def test_verb_with_particle_before_the_quote_is_its_cue():
    [(_d, _spans, speaker, cue)] = direct("Hillary shot back, “We never agreed to that deal.”")
    assert speaker == "Hillary" and cue == "shot"


def test_relative_clause_after_a_title_is_not_a_cue():
    got = direct("She starred in “The Long Road Home,” which aired on cable for three seasons.")
    assert not any(cue == "aired" for _d, _sp, _s, cue in got)


def test_addressee_is_not_the_speaker():
    got = quotes("The minister spoke to the press on Monday, telling reporters, “The ports are open.”")
    [(_d, _spans, speaker, _cue)] = [q for q in got if q[0]]
    assert speaker == "The minister"
    got = quotes("“The ports are open,” the minister said, telling reporters the blockade had ended.")
    assert all(speaker == "the minister" for _d, _sp, speaker, _c in got)


def test_participle_after_a_preposition_takes_the_subject_of_its_clause():
    [(_d, _spans, speaker, _cue)] = direct("He explained the decision by saying: “The ports will stay closed until Friday.”")
    assert speaker == "He"


def test_speaker_between_quote_and_cue_when_the_parse_has_no_subject():
    text = ("“Nobody is talking about a blockade of the whole coast, not even the hardliners,” Ana Beltran, "
            "a senior adviser to the foreign ministry, said at a forum on security in Bogota.")
    [(_d, _spans, speaker, cue)] = direct(text)
    assert speaker == "Ana Beltran" and cue == "said"


def test_speaker_is_never_words_of_the_quote():
    text = ("“The fewer boats on the river, the better,” the harbour master said, and “Very good pilots "
            "know it,” she added on Friday.")
    for _d, spans, speaker, _cue in direct(text):
        assert speaker is None or all(speaker not in s for s in spans)


def test_mixed_curly_and_straight_marks_close_at_the_first_closing_mark():
    text = "“We are ready,\" the colonel said. \"The border is calm.”"
    [(_d, spans, speaker, _cue)] = direct(text)
    assert spans == ["“We are ready,\"", "\"The border is calm.”"] and speaker == "the colonel"


def test_unbalanced_mixed_marks_stay_in_their_paragraph():
    text = ("“We will win,\" the governor said. \"And then\n\n"
            "The vote was held on Sunday, and turnout was low across the province.\n\n"
            "“It was a quiet day,” an observer said.")
    for _d, spans, _s, _c in direct(text):
        assert all("\n" not in s and "turnout" not in s for s in spans)


def test_nested_quotes_are_one_quote():
    text = "“He told me, ‘We will not move the troops,’ and I believed him,” the envoy said."
    [(_d, spans, speaker, _cue)] = direct(text)
    assert len(spans) == 1 and "‘We will not move the troops,’" in spans[0] and speaker == "the envoy"


def test_indirect_speech_stops_at_a_dash_aside():
    got = quotes("The senator said the vote was delayed — a move that angered her rivals in the chamber.")
    [(_d, spans, speaker, _cue)] = [q for q in got if not q[0]]
    assert spans == ["the vote was delayed"] and speaker == "The senator"


def test_indirect_speech_stays_in_its_paragraph():
    text = ("The talks will resume, the mediator said\n\nThe ministers arrived in Geneva on Sunday and met "
            "for three hours.")
    for _d, spans, _s, _c in quotes(text):
        assert all("\n" not in s for s in spans)


def test_long_transcript_is_linear_and_no_quote_swallows_it():
    turns = []
    for i in range(700):
        turns.append(f"HOST: Minister, what happens to the border crossing number {i} next week?")
        turns.append(f"MINISTER: We said \"it stays open,\" and it will stay open for trucks and buses, {i} of them.")
    text = "\n\n".join(turns)
    assert len(text.split()) > 10_000
    t0 = time.perf_counter()
    got = quotes(text)
    assert time.perf_counter() - t0 < 120
    assert got and max(sum(len(s) for s in spans) for _d, spans, _s, _c in got) < 500


def test_name_label_with_a_colon_is_the_speaker():
    text = "Harbour report - Ana Beltran and Luis Ortiz: “The port handled more ships this year than in any year before.”"
    [(_d, _spans, speaker, cue)] = direct(text)
    assert speaker == "Ana Beltran and Luis Ortiz" and cue == ":"


def test_according_to_after_a_direct_quote():
    text = "“The ships will leave the harbour before the storm arrives,” according to the port authority."
    [(_d, _spans, speaker, cue)] = direct(text)
    assert speaker == "the port authority" and cue == "according"


def test_colon_intro_speaks_for_the_whole_quote_with_an_aside():
    text = "The admiral fired back: “We were never there,” he wrote, “and we will not go.”"
    [(_d, spans, speaker, cue)] = direct(text)
    assert len(spans) == 2 and speaker == "The admiral" and cue == "fired"


def test_cue_separated_from_the_quote_by_a_short_phrase():
    text = "The governor insisted at a press conference on Friday, “The bridge will open in May.”"
    [(_d, _spans, speaker, cue)] = direct(text)
    assert speaker == "The governor" and cue == "insisted"


def test_direct_quote_is_not_repeated_as_indirect_speech():
    text = ("“I have nothing to add to what the ministry already said about the talks,” the ambassador said "
            "Monday, “and I will not add anything.”")
    got = quotes(text)
    assert [d for d, *_ in got] == [True]
