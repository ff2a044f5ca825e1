"""The prefilter: sentences that cannot hold an event are blanked out before the parser sees them.

A sentence is kept when it contains a trigger word of the coder (any inflection of a verb or noun
pattern's lemma, irregular forms from the parser's own lemma exceptions) of violence, protest or
coercion — which the coder codes even with no named doer — or another trigger together with something
that can be an actor: a country, demonym or capital, a known person or organisation, a role word
("police", "rebels") or a pronoun that may point back to one. Everything else — sport results,
prices, product launches — is replaced by spaces of the same length, so every character offset still
points into the original text and the parser spends one whitespace token on it.

Matching is one pass of an Aho-Corasick automaton (pyahocorasick) over the lower-cased text with a
word-boundary check, built once per process from the data files the coder itself runs on.

What is given up, measured by `benchmarks/prefilter.py` on the dev gold sets: the few events whose
sentence names no actor at all, and places, dates and quotes in blanked sentences (the article's focus
country is read from the places that remain).
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

from .. import nlp

# Sentence ends for the prefilter's own cheap split (the parser's split is what it is saving): a
# full stop, question or exclamation mark (and any closing quote or bracket) followed by space and a
# capital or an opening quote, or a line break.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z\"“‘(\[])|\n+")
# Pronouns that can carry an actor from an earlier sentence ("He ordered troops to the border").
PRONOUNS = ("he", "she", "they", "it", "we", "i", "his", "her", "its", "their", "our")
# Patterns' light verbs ("make", "hold") code only through a noun trigger, which is in the lexicon.


def _inflections(lemma: str, irregular: dict[str, set[str]]) -> set[str]:
    """The forms a lemma takes in running text: -s, -es, -ed, -ing (with a final e dropped, a final
    consonant doubled or y turned to i), plus the irregular forms the parser's tables list."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out | irregular.get(lemma, set())


def _irregular() -> dict[str, set[str]]:
    exc = nlp.load().get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    inverse: dict[str, set[str]] = {}
    for pos in ("verb", "noun"):
        for form, lemmas in exc[pos].items():
            for lemma in lemmas:
                inverse.setdefault(lemma, set()).add(form)
    return inverse


def _automaton(words: set[str]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for w in words:
        if w:
            auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def _lexicons() -> tuple[ahocorasick.Automaton, ahocorasick.Automaton, ahocorasick.Automaton]:
    """(triggers that code without a named doer, other triggers, actor words)."""
    from ..resolve import actors
    from ..resolve.countries import country_names
    from .events import _actorless
    from .patterns import patterns

    ps = patterns()
    irregular = _irregular()
    alone, needs_actor = set(), set()
    for table in (ps.verbs, ps.nouns):
        for lemma, pats in table.items():
            forms = _inflections(lemma.lower(), irregular)
            (alone if any(_actorless(p) for p in pats) else needs_actor).update(forms)
    names = {n.lower() for n in country_names()} | {n.lower() for n in actors.known_names()}
    roles = {f for r in actors.role_words() for f in (r, r + "s", r + "es")}
    return _automaton(alone), _automaton(needs_actor - alone), _automaton(names | roles | set(PRONOUNS))


def _has(auto: ahocorasick.Automaton, low: str) -> bool:
    for end, length in auto.iter(low):
        start = end - length + 1
        if (start == 0 or not low[start - 1].isalnum()) and (end + 1 == len(low) or not low[end + 1].isalnum()):
            return True
    return False


def keep(sentence: str) -> bool:
    """Whether a sentence may hold an event: a trigger of violence, protest or coercion (coded even
    with no named doer: "a grenade was thrown"), or another trigger with a possible actor."""
    alone, needs_actor, actors = _lexicons()
    low = sentence.lower()
    return _has(alone, low) or (_has(needs_actor, low) and _has(actors, low))


def mask(text: str) -> tuple[str, float]:
    """(the text with every sentence that cannot hold an event blanked to spaces, the share of
    characters kept). Line breaks are kept so paragraphs stay paragraphs."""
    out, kept, pos = [], 0, 0
    for m in list(SENTENCE_END.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        sentence = text[pos:end]
        if keep(sentence):
            out.append(sentence)
            kept += len(sentence)
        else:
            out.append(re.sub(r"[^\n]", " ", sentence))
        if m:
            out.append(text[m.start():m.end()])
            pos = m.end()
    return "".join(out), (kept / len(text) if text else 1.0)
