"""Toponyms: find the place names in a parsed article and say where each one is.

Detection has four sources:

1. spaCy's GPE, LOC and FAC entities, trimmed to the name itself ("the Gaza Strip" -> "Gaza Strip",
   "Syria's" -> "Syria", "northern Syria" -> "Syria") and split where NER joined a list or a qualified
   name ("Bam, Iran" -> "Bam" and "Iran", the first resolved inside the second).
2. Entities NER labelled ORG or PERSON that are, as a whole, the name of a country, first-level division
   or other well-known place ("U.S." and "NSW" are often taken for organisations), unless the article
   uses the word in a person's name ("Chad Smith ... Chad").
3. A gazetteer matcher for runs of proper nouns NER left unlabelled, kept only when the run is the
   whole name of a country, division, sea, region, capital or sizeable city, and is not a word that is
   more often a given name or an ordinary word ("Austin", "Reading").
4. Dateline place names ("OKLAHOMA CITY (AP) --").

Small places found by 2 and 3 ("Cirencester" labelled PERSON, an unlabelled "Immokalee") are kept
only when they lie near a place the article names with confidence: local news names its surroundings.

Demonyms ("Venezuelan") are not places; they only tell the resolver which countries the article is
about. Names used for a disease ("West Nile virus", "Ebola") and institutions named for their building
("the White House said") are not places either.

All mentions of a document are resolved together by resolve.places.resolve_all. A building, street or
other facility the gazetteer does not know takes the coordinates of a place named inside it
("Colchester General Hospital" -> Colchester) where there is one, and is otherwise reported without
coordinates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Place
from ..nlp import doc_text
from ..resolve.countries import countries, country_names
from ..resolve.places import CITY, COUNTRY, WIDE, PlaceCandidate, candidates, km, prior, resolve_all

PLACE_LABELS = ("GPE", "LOC", "FAC")
# Words after a name that make it the name of a disease, not of a place.
DISEASE_WORDS = frozenset({"virus", "viruses", "fever", "disease", "flu", "influenza", "syndrome", "strain",
                           "encephalitis", "ebolavirus", "hemorrhagic", "haemorrhagic"})
# Names of diseases NER sometimes takes for places.
DISEASE_NAMES = frozenset({"ebola", "ebolavirus", "zika", "lassa", "nipah", "hendra", "chikungunya", "dengue",
                           "cholera", "meningitis", "syphilis", "polio", "poliomyelitis", "malaria", "salmonella",
                           "listeria", "anthrax", "measles", "rabies", "tuberculosis", "sars", "mers", "covid",
                           "covid-19", "coronavirus", "h1n1", "h5n1", "h7n9", "h5n2", "hiv", "aids"})
# Buildings and streets named for the institution in them, and organisations named for a place: the
# name stands for who acts, not for where ("the White House said", "NATO").
NOT_PLACES = frozenset({"white house", "kremlin", "pentagon", "capitol hill", "downing street", "elysee",
                        "elysee palace", "whitehall", "foggy bottom", "zhongnanhai", "blue house", "wall street",
                        "eu", "european union", "un", "united nations", "nato", "west wing", "oval office"})
_DATE_WORDS = frozenset("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday easter christmas""".split())
# Place names that are, in English text, more often a given name, a surname or an ordinary word. NER
# may still label them as places; the matcher proposes them only near other places of the article.
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
# Titles that make the next name a person's.
_TITLES = frozenset("""mr mr. mrs mrs. ms ms. miss dr dr. sir lord lady dame sen sen. senator rep rep. gov gov.
governor president minister prime premier mayor judge justice gen gen. general col col. capt capt. lt
sgt sgt. officer detective prof prof. professor rev rev. father bishop cardinal pope king queen prince
princess sheikh coach""".split())
# Last words that make an ORG entity a building or site rather than an organisation.
FACILITY_HEADS = frozenset("""street st st. avenue ave ave. road rd rd. boulevard lane drive highway square plaza
bridge church cathedral chapel mosque temple synagogue basilica library hospital clinic castle palace
tower park garden gardens stadium arena airport station terminal harbour harbor port lagoon beach lake
river estate prison jail centre center mall market cemetery school university college academy institute
hotel theatre theater hall museum zoo courthouse restaurant""".split())
# The matcher's bar for a city: its own name and this many people (alternate names: MATCH_ALT_POPULATION).
MATCH_POPULATION = 50_000
MATCH_ALT_POPULATION = 500_000
# A small place is kept when this close to a place the article names with confidence.
NEAR_KM = 60.0
NEAR_FEATURES = CITY | {"ADM2", "ISL", "AIRP", "HBR"}
MAX_RUN = 6
# Nouns that say the name beside them is a place ("the village of X", "X province").
PLACE_KINDS = frozenset("""village villages town city county district province region state island
municipality township suburb neighbourhood neighborhood hamlet commune prefecture governorate
oblast parish borough""".split())
MAX_TYPED = 3
MOTION_PREPS = frozenset({"to", "from"})
MOTION_VERBS = frozenset("""go come travel move drive fly walk head return flee run ride sail arrive
relocate transfer deport evacuate send bring take carry ship escape march commute migrate emigrate
journey trek cross expand extend spread""".split())
# Institutions named by a capitalised common noun that a town somewhere also bears.
_INSTITUTIONS = frozenset({"congress", "parliament", "senate", "church", "court", "council", "assembly",
                           "cabinet", "government", "state", "city", "union", "commonwealth", "crown"})
# Prepositions after which a name that NER took for a person or organisation is read as a place.
LOCATIVE_PREPS = frozenset({"in", "at", "into", "near", "outside", "inside", "across", "throughout", "around",
                            "towards", "toward", "through", "via"})
# Place names inside organisations' names: at most this many words, and a city this big.
MAX_ORG_PLACE = 3
ORG_CITY_POPULATION = 250_000
_ABBREVIATED_COUNTRIES = frozenset({"US", "UK", "UAE", "DRC", "USA"})
# Words that make an organisation a newspaper, broadcaster, team, company or school: "the New York
# Times", "Real Madrid", "Michigan State University" name no place the story is about.
_ORG_NOT_FOR_PLACE = frozenset("""times post daily herald star news journal tribune gazette telegraph mail
chronicle observer guardian independent examiner inquirer courier record register sun mirror express
review today weekly press agency radio television tv broadcasting channel network
fc afc united city rangers rovers athletic wanderers county club team real sporting
university college school academy institute state
inc inc. ltd ltd. plc corp corp. corporation company co co. group holdings airlines airways""".split())
_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "el", "al", "upon", "on", "and", "da", "do", "dos",
                         "das", "des", "du", "es", "ez", "-"})
_SPEECH = frozenset({"say", "tell", "add", "explain", "note", "write", "announce", "claim", "insist"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_DATELINE_END = re.compile(r"^(?:,|\(|--?|—|–|:)$")


@dataclass
class _Mention:
    start: int            # token indices [start, end)
    end: int
    lookup: str           # the string handed to the resolver ("Paris, Texas" for the "Paris" of it)
    weak: bool = False    # kept only if near a place the article names with confidence
    facility: bool = False
    typed: bool = False   # named with its kind ("the village of X", "X province"): a place even if unknown


# ------------------------------------------------------------------------------------------- helpers
def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds of the name inside an entity: no leading article or lower-case modifier, no
    trailing possessive or punctuation."""
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct
                           or (doc[start].is_lower and end - start > 1)):
        start += 1
    while end > start and ((doc[end - 1].is_punct and doc[end - 1].text != ".")
                           or doc[end - 1].lower_ in ("'s", "’s", "'")):
        end -= 1
    return start, end


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    return frozenset(d for c in countries().values() for d in c.demonyms)


def _not_a_place(doc, start: int, end: int) -> bool:
    """Spans NER labels as places that are not: lower-case words, demonyms ("Angolan"), diseases,
    institutions named for their building, dates."""
    span = doc[start:end]
    text = span.text
    if not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in span):
        return True
    k = text.casefold().replace(".", "")
    if k in NOT_PLACES or k in DISEASE_NAMES or text in _demonyms():
        return True
    if end < len(doc) and doc[end].lower_ in DISEASE_WORDS:
        return True
    return any(t.lower_ in _DATE_WORDS for t in span)


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
        return how == 0 and c.population >= MATCH_ALT_POPULATION
    if c.feature == "PPLC":
        return how == 0 or c.population >= MATCH_ALT_POPULATION
    return c.population >= (MATCH_POPULATION if how == 0 else MATCH_ALT_POPULATION)


def _person_words(doc) -> tuple[set[str], set[str]]:
    """(every capitalised word of every PERSON entity, those of PERSON entities of two or more words)."""
    every, multi = set(), set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            words = {t.text for t in ent if t.text[:1].isupper()}
            every |= words
            if len(ent) > 1:
                multi |= words
    return every, multi


def _personal(doc, start: int, end: int, multi: set[str]) -> bool:
    """Whether a one-word name is used as a person's here: part of a longer person's name in the article,
    after a title, or the subject of "said"."""
    if end - start != 1:
        return False
    tok = doc[start]
    if tok.text in multi:
        return True
    if _titled(doc, start):
        return True
    return tok.dep_ == "nsubj" and tok.head.lemma_ in _SPEECH


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


def _is_name_token(tok) -> bool:
    return tok.tag_ in ("NNP", "NNPS") and (tok.text[:1].isupper() or tok.text[:1].isdigit()) and not tok.is_punct


# ------------------------------------------------------------------------------------------- detection
def _entity_mentions(doc, multi: set[str]) -> list[_Mention]:
    out: list[_Mention] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in PLACE_LABELS and label not in ("ORG", "PERSON"):
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if start >= end or _not_a_place(doc, start, end):
            continue
        if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].text[:1].isupper() \
                and _known(doc[start:end + 2].text):
            end += 2                                    # "Guinea" + "-Bissau"
        text = doc[start:end].text
        if label in ("ORG", "PERSON"):
            if doc[end - 1].lower_ in FACILITY_HEADS and label == "ORG" and end - start > 1:
                out.append(_Mention(start, end, text, facility=True))      # "Colchester General Hospital"
                continue
            found = False
            for s, e in _joined(doc, start, end):      # "Kyiv to Canberra" taken for one organisation
                m = _org_or_person_as_place(doc, s, e, label, multi)
                if m is not None:
                    out.append(m)
                    found = True
            if not found and label == "ORG":
                inner = _name_inside_org(doc, start, end)      # "the U.S. Army", "Taco Bell Canada"
                if inner is not None:
                    out.append(_Mention(inner[0], inner[1], doc[inner[0]:inner[1]].text))
            continue
        if label == "GPE" and end - start == 1 and text in multi and (
                text in AMBIGUOUS_NAMES or not _important(_known(text), strict=False)):
            continue                                    # "Henderson" in a story about Jordan Henderson
        parts = _split_entity(doc, start, end) if "," in text and not _known(text) else [(start, end)]
        for j, (s, e) in enumerate(parts):
            s, e = _trim(doc, s, e)
            if s >= e:
                continue
            lookup = doc[s:e].text
            if j + 1 < len(parts):
                lookup = f"{lookup}, {doc[parts[j + 1][0]:parts[j + 1][1]].text}"
            out.append(_Mention(s, e, lookup, facility=label == "FAC"))
    return out


def _joined(doc, start: int, end: int) -> list[tuple[int, int]]:
    """An entity cut at the prepositions and conjunctions inside it, when there are any."""
    cuts = [i for i in range(start + 1, end - 1) if doc[i].tag_ in ("IN", "CC", "TO") and doc[i].is_lower]
    if not cuts:
        return [(start, end)]
    bounds = [start, *cuts, end]
    return [(a + (i > 0), b) for i, (a, b) in enumerate(zip(bounds, bounds[1:])) if b > a + (i > 0)]


def _name_inside_org(doc, start: int, end: int) -> tuple[int, int] | None:
    """The country, first-level division or major city an organisation is named for, when its name
    opens or closes the organisation's ("the U.S. Food and Drug Administration", "Queensland Police",
    "Taco Bell Canada"): the place it belongs to is a place the article names."""
    if end - start < 2 or any(t.lower_ in _ORG_NOT_FOR_PLACE for t in doc[start:end]):
        return None
    for e in range(min(end - 1, start + MAX_ORG_PLACE), start, -1):          # longest opening run first
        if _org_place(doc, start, e, city=end - start > 2):                   # not "Paris Hilton"
            return start, e
    for s in range(max(start + 1, end - MAX_ORG_PLACE), end):                # then a closing one
        if doc[s - 1].lower_ not in _CONNECTORS and _org_place(doc, s, end, city=end - start > 2):
            return s, end
    return None


def _org_place(doc, start: int, end: int, *, city: bool) -> bool:
    span = doc[start:end]
    if not (span[0].text[:1].isupper() and span[-1].text[:1].isupper()) or _not_a_place(doc, start, end):
        return False
    text = span.text
    if text in AMBIGUOUS_NAMES or (text.isupper() and len(text) <= 3 and text not in _ABBREVIATED_COUNTRIES):
        return False
    for c, how in _known(text):
        if how == 0 and (c.feature in COUNTRY or c.feature in ("ADM1", "CONT")
                         or (city and c.feature in CITY and c.population >= ORG_CITY_POPULATION)):
            return True
    return False


def _org_or_person_as_place(doc, start: int, end: int, label: str, multi: set[str]) -> _Mention | None:
    """An ORG or PERSON entity that is, as a whole, a place's name and not someone's here."""
    text = doc[start:end].text
    if _personal(doc, start, end, multi):
        return None
    known = _known(text)
    if not known and label == "PERSON" and end - start <= 2 and not text.isupper() and _locative(doc, start, end) \
            and not any(t.text in multi for t in doc[start:end]) and not _titled(doc, start):
        return _Mention(start, end, text, typed=True)   # "in Madinaty", "near Kogelo": a place nobody lists
    if not known or (text.isupper() and len(text) <= 5 and all(c.feature in CITY for c, _ in known)):
        return None                                     # "OAS", "UGA": an acronym, not a town's name
    strong = text not in AMBIGUOUS_NAMES and (_important(known, strict=label == "PERSON")
                                              or (_locative(doc, start, end) and any(how == 0 for _, how in known)))
    return _Mention(start, end, text, weak=not strong)


def _titled(doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ in _TITLES


def _locative(doc, start: int, end: int) -> bool:
    """Whether a name is the object of a preposition of place ("in Cirencester", "into Anfield")."""
    root = doc[start:end].root
    if doc[start:end].text.casefold() in _INSTITUTIONS or (end < len(doc) and doc[end].lower_ in ("'s", "’s")):
        return False                                    # "in Congress", "at Zara's headquarters"
    prep = root.head
    if root.dep_ != "pobj" or prep.i != start - 1:
        return False
    if prep.lower_ in LOCATIVE_PREPS:
        return True
    # "travelling to Cirencester", "moved from Misrata", but not "close to McGregor", "samples from Lu"
    return prep.lower_ in MOTION_PREPS and prep.head.pos_ == "VERB" and prep.head.lemma_ in MOTION_VERBS


def _gazetteer_mentions(doc, taken: set[int], multi: set[str]) -> list[_Mention]:
    """Runs of proper nouns outside every entity that are the whole name of a place."""
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
        if not _not_a_place(doc, i, j) and not _personal(doc, i, j, multi):
            known = _known(text)
            if known:
                strong = text not in AMBIGUOUS_NAMES and _important(known, strict=False)
                out.append(_Mention(i, j, text, weak=not strong))
        i = j
    return out


def _typed_mentions(doc, taken: set[int]) -> list[_Mention]:
    """Names that the text itself calls a place: "the village of Ciocile", "the town of Kasba Bonli",
    "Torkula village", "the Artibonite region". They are kept even where the gazetteer does not know
    them, and whatever NER made of them."""
    out: list[_Mention] = []
    n = len(doc)
    for tok in doc:
        if tok.lower_ not in PLACE_KINDS or not tok.is_lower:
            continue
        i = tok.i
        if i + 2 < n and doc[i + 1].lower_ == "of" and i > 0 and doc[i - 1].lower_ in _DETERMINERS:
            s = i + 2                                   # "the village of X"
            e = s
            while e < n and e - s < MAX_TYPED and e not in taken and _is_name_word(doc[e]):
                e += 1
            if e > s and (e == n or not _is_name_word(doc[e])):
                _add_typed(doc, s, e, out)
        e = i                                           # "X village"
        s = e
        while s > 0 and e - s < MAX_TYPED and (s - 1) not in taken and _is_name_word(doc[s - 1]):
            s -= 1
        if s < e and (s == 0 or not _is_name_word(doc[s - 1])) and (s == 0 or doc[s - 1].lower_ not in ("'s", "’s")):
            _add_typed(doc, s, e, out)
    return out


def _is_name_word(tok) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha and tok.tag_ in ("NNP", "NNPS") and tok.lower_ not in _DATE_WORDS


def _add_typed(doc, s: int, e: int, out: list[_Mention]) -> None:
    if e - s == 1 and (doc[s].i == doc[s].sent.start or doc[s].lower_ in _INSTITUTIONS):
        return                                          # "Village …" opening a sentence, "State province"
    if _not_a_place(doc, s, e) or any(t.ent_type_ == "LANGUAGE" for t in doc[s:e]):
        return                                          # "the English city of …"
    out.append(_Mention(s, e, doc[s:e].text, typed=True))


def _dateline_mentions(doc, taken: set[int]) -> list[_Mention]:
    """"OKLAHOMA CITY (AP) --", "LOS ANGELES, Calif. --": an all-capitals place opening a story or a
    sentence, followed by the dateline's punctuation."""
    out: list[_Mention] = []
    for sent in doc.sents:
        i = sent.start
        while i < sent.end and (doc[i].is_space or doc[i].is_punct):
            i += 1
        j = i
        while j < sent.end and j - i < MAX_RUN and doc[j].is_upper and doc[j].is_alpha and len(doc[j]) > 1:
            j += 1
        if j == i or j >= len(doc) or not _DATELINE_END.match(doc[j].text) or any(k in taken for k in range(i, j)):
            continue
        text = doc[i:j].text
        if _known(text):
            out.append(_Mention(i, j, text))
    return out


def _qualify(doc, mentions: list[_Mention]) -> None:
    """"Paris, Texas" written as two mentions: the first is resolved inside the second."""
    for a, b in zip(mentions, mentions[1:]):
        if b.start == a.end + 1 and doc[a.end].text == "," and "," not in a.lookup:
            a.lookup = f"{a.lookup}, {doc[b.start:b.end].text}"


def _one_sense(doc, mentions: list[_Mention], multi: set[str]) -> list[_Mention]:
    """A one-word name the article uses for a person somewhere ("said Noma", "Mr Nelson") names that
    person everywhere in it, unless it is a place too well known to be anyone's name there."""
    people = {doc[m.start].text for m in mentions if m.end - m.start == 1 and not m.typed
              and _personal(doc, m.start, m.end, multi)}
    if not people:
        return mentions
    people = {t for t in people if t in AMBIGUOUS_NAMES or not _important(_known(t), strict=False)}
    return [m for m in mentions if m.typed or m.end - m.start != 1 or doc[m.start].text not in people]


def _demonym_countries(doc) -> dict[str, float]:
    names = country_names()
    out: dict[str, float] = {}
    for ent in doc.ents:
        if ent.label_ == "NORP":
            iso = names.get(ent.text)
            if iso:
                out[iso] = out.get(iso, 0.0) + 0.5
    return out


def _near_firm(m: _Mention, points: list[tuple[float, float]], focus: set[str]) -> bool:
    """Whether a weak mention names a place near one the article names with confidence, or a division,
    island or region of a country the article is about."""
    for c, how in _known(m.lookup):
        if how == 0 and (any(km((c.lat, c.lon), p) <= NEAR_KM for p in points)
                         or (c.country in focus and c.feature not in CITY)):
            return True
    return False


def _embedded(doc, m: _Mention, points: list[tuple[float, float]]) -> PlaceCandidate | None:
    """The place named inside a facility's name: its longest leading run of words that is a city or
    division near a place the article names with confidence ("Colchester General Hospital" in a story
    about Essex, "Manila Cathedral")."""
    for e in range(m.end - 1, m.start, -1):
        near = [c for c, how in _known(doc[m.start:e].text) if how == 0 and c.feature not in WIDE
                and any(km((c.lat, c.lon), p) <= NEAR_KM for p in points)]
        if near:
            return max(near, key=prior)
    return None


# ------------------------------------------------------------------------------------------- entry point
def find_places(doc) -> list[Place]:
    """The toponyms of a parsed document, in text order, resolved where the gazetteer knows them."""
    persons, multi = _person_words(doc)
    mentions = _entity_mentions(doc, multi)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    mentions += _dateline_mentions(doc, taken)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    mentions += _gazetteer_mentions(doc, taken, multi)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    mentions += _typed_mentions(doc, taken)
    mentions.sort(key=lambda m: m.start)
    mentions = _one_sense(doc, mentions, multi)
    _qualify(doc, mentions)
    seed = _demonym_countries(doc)
    points: list[tuple[float, float]] = []
    if any(m.weak or m.facility for m in mentions):
        strong = [m for m in mentions if not m.weak]
        firm = resolve_all([m.lookup for m in strong], context_countries=seed)
        points = [(c.lat, c.lon) for c in firm if c is not None and c.feature in NEAR_FEATURES]
        focus = {c.country for c in firm if c is not None and c.country}
        mentions = [m for m in mentions if not m.weak or _near_firm(m, points, focus)]
    resolved = resolve_all([m.lookup for m in mentions], context_countries=seed)
    out: list[Place] = []
    for m, c in zip(mentions, resolved):
        span = doc[m.start:m.end]
        if c is not None and c.feature in CITY and len(span.text) <= 3 and span.text.isupper():
            c = None                                    # "WA", "SA": an abbreviation, not the town of Wa
        if c is not None:
            out.append(Place(span.text, span.start_char, span.end_char, name=c.name, lat=c.lat, lon=c.lon,
                             country=c.country, geonameid=c.geonameid, feature=c.feature))
            continue
        inner = _embedded(doc, m, points) if m.facility else None
        if inner is not None:
            out.append(Place(span.text, span.start_char, span.end_char, name=span.text, lat=inner.lat,
                             lon=inner.lon, country=inner.country))
        elif m.typed or not any(t.text in persons for t in span):  # not "Yulia": someone NER took for a place
            out.append(Place(span.text, span.start_char, span.end_char, name=span.text))
    return _without_disease_names(doc, out)


def _without_disease_names(doc, places: list[Place]) -> list[Place]:
    """Drop names the article also uses for a disease ("Ebola" beside "Ebola virus", "Marburg" beside
    "Marburg fever"), unless the place is a country, a division, a big city or is qualified by one."""
    diseases = {doc[i - 1].text for i in range(1, len(doc)) if doc[i].lower_ in DISEASE_WORDS}
    if not diseases:
        return places
    qualified = {a.start for a, b in zip(places, places[1:]) if b.start - a.end <= 2
                 and doc_text(doc)[a.end:b.start].strip() == ","}        # "Reston, Virginia": the town
    return [p for p in places if p.text.split()[-1] not in diseases or p.start in qualified
            or (p.lat is not None and (p.feature not in CITY or _important(_known(p.text), strict=True)))]
