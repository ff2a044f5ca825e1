"""Quotes and speakers, on text written for the project."""
from __future__ import annotations

from flashpoint.extract import extract_articles
from flashpoint.model import Article


def quotes(text: str):
    [(_a, ex)] = list(extract_articles([Article.create(text, published="2025-10-17")]))
    return [(q.direct, [text[s:e] for s, e in q.content], q.speaker.text if q.speaker else None,
             q.speaker.code if q.speaker else None) for q in ex.quotes]


def test_quote_split_by_its_cue_is_one_quote_with_two_spans():
    text = "“We will defend our coast,” the Venezuelan defence minister said, “and we are ready.”"
    [(direct, spans, speaker, code)] = [q for q in quotes(text) if q[0]]
    assert spans == ["“We will defend our coast,”", "“and we are ready.”"]
    assert speaker == "the Venezuelan defence minister" and code == "VENGOV"


def test_quote_continued_in_the_next_paragraph():
    text = "The general spoke at length.\n\n“We are watching the border,” he said.\n\n“Nobody will cross it.”"
    direct = [q for q in quotes(text) if q[0]]
    assert len(direct) == 1 and len(direct[0][1]) == 2 and direct[0][2] == "he"


def test_unbalanced_quote_stops_at_the_paragraph():
    text = "“This never closes, the official said.\n\nThe next paragraph is the writer's own text."
    for direct, spans, _s, _c in quotes(text):
        assert all("next paragraph" not in s for s in spans)


def test_fragment_quote_is_reported_speech_not_a_direct_quote():
    text = "Colombia's president said the strikes were “an act of aggression” against his country."
    got = quotes(text)
    assert not any(d for d, *_ in got) and any(not d for d, *_ in got)


def test_inverted_cue_and_dash_attribution():
    got = quotes("“The border is closed,” said Colombian Foreign Minister Laura Sarabia.\n"
                 "“We want peace in the region.” ― Maria Lopez\n")
    speakers = [s for d, _sp, s, _c in got if d]
    assert speakers[0].startswith("Colombian Foreign Minister") and speakers[1] == "Maria Lopez"


def test_according_to_gives_the_source():
    got = quotes("According to a senior US official, the bombers flew near Venezuela on Tuesday.")
    assert any(not d and s == "a senior US official" and c == "USAGOV" for d, _sp, s, c in got)


def test_typewriter_quote_marks():
    got = quotes("''We will not leave the border,'' the Venezuelan general said.")
    assert got[0][0] and got[0][1] == ["''We will not leave the border,''"] and got[0][2] == "the Venezuelan general"


def test_transcript_turns_are_attributed_to_their_label():
    got = quotes('"HOST: Will the minister attend the summit?\n\nMINISTER: We have not decided yet.\n')
    assert [(s, sp[0]) for d, sp, s, _c in got] == [("HOST", "Will the minister attend the summit?"),
                                                    ("MINISTER", "We have not decided yet.")]


def test_anonymous_source_and_the_outlet_it_came_through():
    text = ("According to a Caracas Times report, a senior US official, speaking on condition of anonymity, "
            "said that US forces struck a boat off Venezuela.")
    [(_a, ex)] = list(extract_articles([Article.create(text, published="2025-10-17")]))
    q = next(q for q in ex.quotes if q.speaker and q.speaker.text == "a senior US official")
    assert q.anonymous and q.via and "Caracas Times report" in q.via
    strike = next(e for e in ex.events if e.category == "ASSAULT")
    assert strike.modality == "reported" and "a senior US official" in strike.attribution
    assert "[anonymous]" in strike.attribution and "Caracas Times" in strike.attribution


def test_named_speaker_is_not_anonymous():
    text = "Venezuelan Defence Minister Vladimir Padrino López said troops were moved to the coast."
    [(_a, ex)] = list(extract_articles([Article.create(text, published="2025-10-17")]))
    assert ex.quotes and not ex.quotes[0].anonymous
