"""Toponyms: find the place names in a parsed article and say where each one is.

Detection has three sources:

1. spaCy's GPE, LOC and FAC entities, trimmed to the name itself ("the Gaza Strip" -> "Gaza Strip",
   "Syria's" -> "Syria", "northern Syria" -> "Syria") and split where NER joined a list or a qualified
   name ("Bam, Iran" -> "Bam" and "Iran", the first resolved inside the second).
2. Entities NER labelled ORG or PERSON that are, as a whole, the name of a country, first-level division
   or other well-known place ("U.S." and "NSW" are often taken for organisations), unless the article
   also uses the name as part of a person's name.
3. A gazetteer matcher for runs of proper nouns NER left unlabelled, kept only when the run is the
   whole name of a country, division, sea, region, capital or sizeable city, and is not a word that is
   more often a given name or an ordinary word ("Austin", "Reading").

Demonyms ("Venezuelan") are not places; they only tell the resolver which countries the article is
about. Names used for a disease ("West Nile virus", "Ebola") are not places either.

All mentions of a document are resolved together by resolve.places.resolve_all; a mention the
gazetteer does not know is still reported, without coordinates.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Place
from ..resolve.countries import country_names
from ..resolve.places import COUNTRY, CITY, PlaceCandidate, candidates, key, prior, resolve_all

PLACE_LABELS = ("GPE", "LOC", "FAC")
# Words after a name that make it the name of a disease, not of a place.
DISEASE_WORDS = frozenset({"virus", "viruses", "fever", "disease", "flu", "influenza", "syndrome", "strain",
                           "encephalitis", "ebolavirus"})
# Lower-case words that may open an entity before the name itself ("northern Syria", "the city of").
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# Place names that are, in English text, more often a given name, a surname or an ordinary word. NER
# may still label them as places; the matcher never proposes them on its own.
AMBIGUOUS_NAMES = frozenset("""
Ajax Aloha Antelope Apex Aurora Austin Bar Bath Batman Bend Brandon Bryan Carson Chandler Charlotte Chester
Clay Clifton Commonwealth Concord Confederation Conway Cypress Davis Delta Elizabeth Enterprise Eugene
Florence Franklin Frederick Gap Gary George Gilbert Goes Hamilton Hayes Henderson Henrietta Highland Hope
Independence Irving Jackson Jupiter Kent Lawrence Leigh Liberty Lincoln Logan Madison Male Man Mango
Marion Mentor Mercedes Meridian Milton Mission Mobile Moore Murray Nancy Nelson Newton Nice Normal Norman
Of Orange Orion Paradise Parker Plantation Police Portage Quincy Reading Regina Reservoir Rogers Sale
Sandy Savannah Shelby Sherman Split Spring Springs Sterling Sunrise Surprise Sutton Taylor Temple Tours
Tracy Troy Tyler Union University Van Vernon Victoria Vista Warren Wayne Wilson Woodland
""".split())
# The matcher's bar for a city: its own name and this many people (alternate names: MATCH_ALT_POPULATION).
MATCH_POPULATION = 50_000
MATCH_ALT_POPULATION = 500_000
MAX_RUN = 6
_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "el", "al", "upon", "on", "and", "da", "do", "dos",
                         "das", "des", "du", "es", "ez", "-"})
_SPEECH = frozenset({"say", "tell", "add", "explain", "note", "write", "announce", "claim", "insist"})


@dataclass
class _Mention:
    start: int            # token indices [start, end)
    end: int
    lookup: str           # the string handed to the resolver ("Paris, Texas" for the "Paris" of it)
    source: str           # "ner", "entity" (an ORG/PERSON entity taken as a place) or "gazetteer"


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds of the name inside an entity: no leading article or lower-case modifier, no
    trailing possessive or punctuation."""
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct
                           or (doc[start].is_lower and end - start > 1)):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text != "." or doc[end - 1].lower_ in ("'s", "’s", "'")):
        end -= 1
    return start, end


def _names_disease(doc, end: int) -> bool:
    return end < len(doc) and doc[end].lower_ in DISEASE_WORDS


def _known(text: str) -> list[tuple[PlaceCandidate, int]]:
    return [(c, how) for c, how in candidates(text) if how < 2]


def _important(cands, *, strict: bool) -> bool:
    """Whether the best reading of a name is a place worth proposing without NER's word for it."""
    if not cands:
        return False
    c, how = max(cands, key=lambda t: prior(*t))
    if c.feature in COUNTRY or c.feature == "CONT":
        return True
    if c.feature not in CITY:
        return how == 0 and (not strict or c.feature in ("ADM1", "OCN", "SEA", "GULF", "STRT"))
    if strict:
        return c.feature == "PPLC" and c.population >= MATCH_ALT_POPULATION
    if c.feature == "PPLC":
        return how == 0 or c.population >= MATCH_ALT_POPULATION
    return c.population >= (MATCH_POPULATION if how == 0 else MATCH_ALT_POPULATION)


def _person_words(doc) -> set[str]:
    """Every word of every multi-word PERSON entity, and every one-word PERSON entity."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            out.update(t.text for t in ent if t.text[:1].isupper())
    return out


def _split_entity(doc, start: int, end: int) -> list[tuple[int, int]]:
    """A span NER made of a comma-separated list or qualified name, cut at the commas."""
    parts, s = [], start
    for i in range(start, end):
        if doc[i].text == ",":
            if i > s:
                parts.append((s, i))
            s = i + 1
    if end > s:
        parts.append((s, end))
    return parts


def _entity_mentions(doc, persons: set[str]) -> list[_Mention]:
    out: list[_Mention] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in PLACE_LABELS and label not in ("ORG", "PERSON"):
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if start >= end or _names_disease(doc, ent.end):
            continue
        text = doc[start:end].text
        if label in ("ORG", "PERSON"):
            # the whole entity must be a well-known place's name, and not a part of someone's name here
            if text in AMBIGUOUS_NAMES or (end - start == 1 and label == "PERSON" and text in _multiword_person(doc, ent)):
                continue
            if not _important(_known(text), strict=label == "PERSON"):
                continue
            out.append(_Mention(start, end, text, "entity"))
            continue
        if label == "GPE" and end - start == 1 and text in persons and not _important(_known(text), strict=True):
            continue                                    # "Modi" tagged as a place in a story naming Narendra Modi
        parts = _split_entity(doc, start, end) if "," in text and not _known(text) else [(start, end)]
        for j, (s, e) in enumerate(parts):
            s, e = _trim(doc, s, e)
            if s >= e:
                continue
            lookup = doc[s:e].text
            if j + 1 < len(parts):
                lookup = f"{lookup}, {doc[parts[j + 1][0]:parts[j + 1][1]].text}"
            out.append(_Mention(s, e, lookup, "ner"))
    return out


def _multiword_person(doc, ent) -> set[str]:
    """Words of PERSON entities other than this one that have more than one word."""
    return {t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 and e.start != ent.start for t in e}


def _is_name_token(tok) -> bool:
    return tok.tag_ in ("NNP", "NNPS") and (tok.text[:1].isupper() or tok.text[:1].isdigit()) and not tok.is_punct


def _gazetteer_mentions(doc, taken: set[int], persons: set[str]) -> list[_Mention]:
    """Runs of proper nouns outside every entity that are the whole name of an important place."""
    out: list[_Mention] = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if i in taken or tok.ent_type_ or not _is_name_token(tok):
            i += 1
            continue
        j = i + 1
        while j < n and j - i < MAX_RUN and j not in taken and not doc[j].ent_type_ and (
                _is_name_token(doc[j]) or (doc[j].lower_ in _CONNECTORS and j + 1 < n and _is_name_token(doc[j + 1]))):
            j += 1
        while j > i + 1 and doc[j - 1].lower_ in _CONNECTORS:
            j -= 1
        text = doc[i:j].text
        if (text not in AMBIGUOUS_NAMES and not (j - i == 1 and text in persons) and not _names_disease(doc, j)
                and not (j - i == 1 and tok.dep_ == "nsubj" and tok.head.lemma_ in _SPEECH)
                and _important(_known(text), strict=False)):
            out.append(_Mention(i, j, text, "gazetteer"))
        i = j
    return out


def _qualify(doc, mentions: list[_Mention]) -> None:
    """"Paris, Texas" written as two mentions: the first is resolved inside the second."""
    for a, b in zip(mentions, mentions[1:]):
        if b.start == a.end + 1 and doc[a.end].text == "," and "," not in a.lookup:
            a.lookup = f"{a.lookup}, {doc[b.start:b.end].text}"


def _demonym_countries(doc) -> dict[str, float]:
    names = country_names()
    out: dict[str, float] = {}
    for ent in doc.ents:
        if ent.label_ == "NORP":
            iso = names.get(ent.text)
            if iso:
                out[iso] = out.get(iso, 0.0) + 0.5
    return out


def find_places(doc) -> list[Place]:
    """The toponyms of a parsed document, in text order, resolved where the gazetteer knows them."""
    persons = _person_words(doc)
    mentions = _entity_mentions(doc, persons)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    mentions += _gazetteer_mentions(doc, taken, persons)
    mentions.sort(key=lambda m: m.start)
    _qualify(doc, mentions)
    resolved = resolve_all([m.lookup for m in mentions], context_countries=_demonym_countries(doc))
    out: list[Place] = []
    for m, c in zip(mentions, resolved):
        span = doc[m.start:m.end]
        if c is None:
            out.append(Place(span.text, span.start_char, span.end_char, name=span.text))
            continue
        out.append(Place(span.text, span.start_char, span.end_char, name=c.name, lat=c.lat, lon=c.lon,
                         country=c.country, geonameid=c.geonameid, feature=c.feature))
    return _without_disease_names(doc, out)


def _without_disease_names(doc, places: list[Place]) -> list[Place]:
    """Drop unresolved names the article also uses for a disease ("Ebola" beside "Ebola virus")."""
    diseases = {doc[i - 1].text for i in range(1, len(doc)) if doc[i].lower_ in DISEASE_WORDS}
    if not diseases:
        return places
    return [p for p in places if p.lat is not None or p.text.split()[-1] not in diseases]
