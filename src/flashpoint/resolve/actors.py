"""Actor resolution: from a noun phrase in a parsed sentence to a CAMEO-style actor code.

Knowledge comes from data/actors/: countries.tsv (names, short forms, demonyms, capitals as metonyms),
people.tsv (office holders with the dates of their office, so "Maduro" is VENGOV only from 2013),
organisations.tsv (IGOs, armed groups, national bodies named alone), roles.tsv (lemma -> sector).
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from ..model import Actor
from .countries import countries, country_names, fuzzy_country

# Longest name, in tokens, that the phrase matcher tries ("Democratic People 's Republic of Korea").
MAX_NAME_TOKENS = 8


@dataclass(frozen=True)
class KnownActor:
    name: str
    code: str
    country: str | None
    sector: str | None
    start: str | None = None
    end: str | None = None

    def active_on(self, day: str | None) -> bool:
        """Whether the entry applies on `day`; with no date every entry may apply."""
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def is_person(entry: str | None) -> bool:
    """Whether a knowledge-base entry name is a person (from people.tsv)."""
    return entry is not None and entry in _people()


@lru_cache(maxsize=1)
def _people() -> frozenset[str]:
    return frozenset(row[0] for row in _rows("people.tsv"))


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("flashpoint") / "data" / "actors" / name).read_text(encoding="utf-8")
    return [r for r in csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")),
                                  delimiter="\t")]


@lru_cache(maxsize=1)
def _known() -> dict[str, list[KnownActor]]:
    """Every name and alias of a person or organisation -> the entries it may denote."""
    out: dict[str, list[KnownActor]] = {}
    for name, aliases, code, start, end, _role in _rows("people.tsv"):
        entry = KnownActor(name, code, code[:3] if code[:3] != "IGO" else None, code[3:6] or None,
                           start or None, end or None)
        for key in [name, *filter(None, aliases.split("|"))]:
            out.setdefault(key, []).append(entry)
    for row in _rows("organisations.tsv"):
        name, aliases, code, country, sector = (row + [""] * 5)[:5]
        entry = KnownActor(name, code, country or None, sector or None)
        for key in [name, *filter(None, aliases.split("|"))]:
            out.setdefault(key, []).append(entry)
    return out


@lru_cache(maxsize=1)
def _roles() -> dict[str, str]:
    return {lemma: sector for lemma, sector in _rows("roles.tsv")}


def known_names() -> list[str]:
    """Every name the knowledge base holds (people, organisations, bodies), as written."""
    return list(_known())


def role_words() -> list[str]:
    """Every role word that gives a phrase its sector ("police", "rebels", "government")."""
    return list(_roles())


def span_text(tokens: list) -> str:
    """The text from the first to the last token as written (Doc.text rebuilds the whole document's
    string on every access, so slicing it per phrase is quadratic)."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return "".join(doc[i].text_with_ws for i in range(tokens[0].i, tokens[-1].i)) + tokens[-1].text


@lru_cache(maxsize=1)
def _lower_starts() -> frozenset[str]:
    """First words of names that begin in lower case ("al-Qaeda", "de Klerk")."""
    names = list(_known()) + list(country_names())
    return frozenset(n.split()[0].split("-")[0] for n in names if n[:1].islower())


def _ngrams(tokens: list):
    """(i, j, forms) for every run of up to MAX_NAME_TOKENS tokens that may start a name, longest
    first: the run's text as written ("People's", "al-Qaeda") and with its tokens joined by spaces."""
    lower = _lower_starts()
    starts = [i for i, t in enumerate(tokens) if t.text[:1].isupper() or t.text[:1].isdigit()
              or t.lower_.split("-")[0] in lower]
    for n in range(min(MAX_NAME_TOKENS, len(tokens)), 0, -1):
        for i in starts:
            if i + n > len(tokens):
                continue
            run = tokens[i:i + n]
            joined = " ".join(t.text for t in run)
            written = span_text(run) if n > 1 else joined
            yield i, i + n, (written, joined) if written != joined else (joined,)


def _fold(text: str) -> str:
    """Lower case without accents: "Nicolás" and "Nicolas" are one given name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _person_words() -> dict[str, frozenset[str]]:
    """Each person's name -> every word of their name and aliases, folded."""
    out: dict[str, set[str]] = {}
    for name, aliases, *_ in _rows("people.tsv"):
        out.setdefault(name, set()).update(_fold(w) for n in [name, *aliases.split("|")] for w in n.split())
    return {k: frozenset(v) for k, v in out.items()}


def _someone_else(tok, cands: list[KnownActor]) -> bool:
    """Whether the known surname at `tok` ends another person's name: the entity runs on from a given
    name that none of the known people bear ("Gen. Maria Ortega" is not Daniel Ortega)."""
    if tok.i == 0 or tok.ent_type_ != "PERSON" or tok.ent_iob_ != "I":
        return False
    prev = tok.doc[tok.i - 1]
    if prev.ent_type_ != "PERSON" or not prev.is_alpha or _fold(prev.text) in _roles():
        return False
    words = _person_words()
    return all(c.name in words and _fold(prev.text) not in words[c.name] for c in cands)


def _match_known(tokens: list, day: str | None) -> tuple[int, int, KnownActor] | None:
    known = _known()
    for i, j, forms in _ngrams(tokens):
        cands = next((known[f] for f in forms if f in known), None)
        if not cands or _someone_else(tokens[i], cands):
            continue
        active = [c for c in cands if c.active_on(day)]
        if active:
            # undated text: the most recent holder of the name
            return i, j, max(active, key=lambda c: c.start or "")
        person = max(cands, key=lambda c: c.start or "")
        if person.country:
            # out of office on that date: still of their country, no longer its government
            return i, j, KnownActor(person.name, person.country, person.country, None)
    return None


# Entity types under which a misspelt word may still be a country or its people.
FUZZY_ENTS = {"GPE", "NORP", "LOC"}


def _match_country(tokens: list) -> tuple[int, int, str] | None:
    names = country_names()
    for i, j, forms in _ngrams(tokens):
        iso = next((names[f] for f in forms if f in names), None)
        if iso:
            return i, j, iso
    for i, t in enumerate(tokens):      # a misspelling the parser still reads as a place or people
        if t.ent_type_ in FUZZY_ENTS and t.text not in _known() and not _is_place(t.text):
            iso = fuzzy_country(t.text)
            if iso:
                return i, i + 1, iso
    return None


def _is_place(name: str) -> bool:
    """Whether the gazetteer knows `name` as a place ("Indiana" is not a misspelt "Indian")."""
    from .places import resolve as resolve_place

    return resolve_place(name) is not None


# A one-word name the parser took for a person or an organisation is still a place when the gazetteer
# knows it as a capital (a capital standing for its government is CAMEO's convention), or, when it is
# acted on rather than acting, as a city at least this big; and nobody in the knowledge base bears it
# ("Russian missiles struck Kiev": the small model tags Kiev PERSON).
BIG_CITY = 1_000_000


def _place_country(tokens: list) -> str | None:
    """The country of a place named in the phrase ("the northern city of Kirkuk" -> IRQ), through the
    gazetteer; for names the parser marked as places, and for a capital or big city it mistook for a
    person or an organisation."""
    from .places import resolve as resolve_place

    for t in tokens:
        if t.ent_type_ in ("GPE", "LOC", "FAC") and t.ent_iob_ == "B":
            ent = entity_span(t)
            cand = resolve_place(ent.text)
            if cand is not None and cand.country:
                return cand.country
        elif t.ent_type_ in ("PERSON", "ORG") and t.ent_iob_ == "B" and len(entity_span(t)) == 1 \
                and t.text not in _known() and t.text[:1].isupper() and not t.is_upper:
            cand = resolve_place(t.text)
            acted_on = t.dep_ not in ("nsubj", "nsubjpass")     # "struck Kiev"; "Sydney said" may be a woman
            if cand is not None and cand.country and (cand.feature == "PPLC"
                                                      or (acted_on and cand.population >= BIG_CITY)):
                return cand.country
    return None


def entity_span(tok):
    """The named-entity span `tok` belongs to, read off its IOB tags (doc.ents rebuilds every span of
    the document on each access: too slow to call per token)."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def phrase_tokens(head) -> list:
    """The tokens of the noun phrase headed by `head`: its left modifiers, itself, and a following
    'of'-phrase ("the government of Venezuela"), never a relative clause or apposition."""
    keep = {"compound", "amod", "poss", "det", "nmod", "nummod", "case", "flat", "npadvmod", "quantmod"}
    toks = [t for t in head.subtree if t.i <= head.i and (t.i == head.i or t.dep_ in keep or t.head.i <= head.i)]
    toks = [t for t in toks if t.i >= head.left_edge.i]
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            toks.extend(child.subtree)
        elif child.dep_ in ("compound", "flat"):
            toks.extend(child.subtree)
    if head.ent_iob_ != "O":
        toks.extend(entity_span(head))
    uniq = sorted({t.i: t for t in toks}.values(), key=lambda t: t.i)
    return uniq


def _sector(tokens: list, head) -> str | None:
    """The sector named by the phrase's head noun or a compound of it ("government forces"), never by an
    adjective ("military support" is not an actor)."""
    roles = _roles()
    if head is not None:
        cands = [head] + [t for t in tokens if t.dep_ in ("compound", "poss") and t.head.i == head.i]
    else:
        cands = [t for t in tokens if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "amod"]
    return next((roles[t.lemma_.lower()] for t in reversed(cands) if t.lemma_.lower() in roles), None)


def resolve_phrase(tokens: list, day: str | None, head=None) -> Actor | None:
    """An Actor for the phrase, or None when nothing in it names or describes an actor. Results are
    cached on the Doc: the coder and the quote finder ask about the same phrases many times."""
    if not tokens:
        return None
    cache = tokens[0].doc.user_data.setdefault("flashpoint.actors", {})
    key = (tokens[0].i, tokens[-1].i, len(tokens), day, head.i if head is not None else -1)
    if key not in cache:
        cache[key] = _resolve_phrase(tokens, day, head)
    found = cache[key]
    return replace(found) if found is not None else None


# Second halves of hyphenated modifiers that tie a phrase to someone without making it theirs:
# "Al-Qaeda-linked militants", "a UK-based group", "Iranian-backed rebels", "Israeli-occupied land".
AFFILIATION_SUFFIXES = {"linked", "backed", "based", "affiliated", "allied", "aligned", "inspired", "sponsored",
                        "funded", "supported", "trained", "armed", "held", "controlled", "occupied", "run",
                        "leaning", "friendly", "registered", "owned", "connected", "influenced"}
# Prefixes that make a name a cause rather than an owner: "pro-Russia rebels", "anti-US protesters".
STANCE_PREFIXES = {"pro", "anti"}


def _unaffiliated(tokens: list) -> list:
    """The phrase's tokens without the names inside affiliation or stance modifiers ("UK" in "a
    UK-based group", "Russia" in "pro-Russia rebels"), which say who the actor sides with or where it
    sits, not whose it is."""
    if not any(t.text == "-" for t in tokens):
        return tokens
    drop: set[int] = set()
    for k, t in enumerate(tokens):
        if t.text != "-":
            continue
        if k + 1 < len(tokens) and tokens[k + 1].lower_ in AFFILIATION_SUFFIXES and k > 0:
            before = tokens[k - 1]
            drop |= {x.i for x in before.subtree if x.i < t.i}
        if k > 0 and tokens[k - 1].lower_ in STANCE_PREFIXES:
            for x in tokens[k + 1:k + 4]:
                if not (x.text[:1].isupper() or x.i == t.i + 1):
                    break
                drop.add(x.i)
    return [t for t in tokens if t.i not in drop] if drop else tokens


def _resolve_phrase(tokens: list, day: str | None, head) -> Actor | None:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = span_text(tokens)
    sector = _sector(tokens, head)
    named = _unaffiliated(tokens)
    if not named:
        return Actor(text, start, end, country=None, code=None, sector=sector) if sector else None
    known = _match_known(named, day)
    country = _match_country(named)
    if known and country and _covers(country, named, head) and not _covers(known, named, head):
        known = None                      # "NATO-member Norway" is Norway
    if known:
        k = known[2]
        return Actor(text, start, end, country=k.country, code=k.code, sector=k.sector or sector, entry=k.name)
    if country:
        iso = country[2]
        return Actor(text, start, end, country=iso, code=iso + (sector or ""), sector=sector,
                     entry=countries()[iso].name)
    iso = _place_country(named)           # a place the gazetteer knows: its country, no entry
    if iso:
        return Actor(text, start, end, country=iso, code=iso + (sector or ""), sector=sector)
    if sector:
        return Actor(text, start, end, country=None, code=None, sector=sector)
    return None


def _covers(match: tuple, tokens: list, head) -> bool:
    """Whether a (start, end, …) match over `tokens` includes the phrase's head."""
    return head is not None and tokens[match[0]].i <= head.i <= tokens[match[1] - 1].i


class _NoCountry:
    demonyms: tuple = ()


_NO_COUNTRY = _NoCountry()

# Prepositions that place an actor without a country: "security forces in Guinea", "police from Ohio".
PLACING_PREPS = {"in", "from", "inside"}


def resolve_token(head, day: str | None) -> Actor | None:
    """Resolve the noun phrase headed by `head`. An actor named only by its role takes the country of
    a place attached to it ("opposition groups in Zimbabwe" -> ZWEOPP), and so does a people named by
    its demonym ("the Albanians of southern Serbia" -> SRB, as CAMEO codes ethnic groups); a person
    the knowledge base does not hold takes the code of their apposition ("Kenzo Oshima, the UN relief
    coordinator" -> IGOUNO)."""
    actor = resolve_phrase(phrase_tokens(head), day, head)
    if actor is None or actor.entry is None:
        appos = next((c for c in head.children if c.dep_ == "appos"), None)
        if appos is not None:
            described = resolve_phrase(phrase_tokens(appos), day, appos)
            if described is not None and described.code:
                return Actor(actor.text if actor else head.text, actor.start if actor else head.idx,
                             actor.end if actor else head.idx + len(head), described.country,
                             described.code, described.sector, described.entry)
    if actor is None:
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        iso = _attached_country(head, demonym=False)
        if iso is None:
            return None
        bare = bare_actor(head)
        return Actor(bare.text, bare.start, bare.end, country=iso, code=iso)
    demonym = actor.country is not None and head.text in countries().get(actor.country, _NO_COUNTRY).demonyms
    if (actor.country is None and actor.code is None) or demonym:
        iso = _attached_country(head, demonym)
        if iso:
            actor.country, actor.code = iso, iso + (actor.sector or "")
    return actor


def _attached_country(head, demonym: bool) -> str | None:
    """The country of a place or people attached after the head: "security forces in Guinea", "workers
    affiliated with the Serbian union", "militants loyal to Iraq's al-Qaeda leader"; for a people named
    by its demonym only where it lives ("the Albanians of southern Serbia")."""
    for child in head.rights:
        if child.dep_ == "prep" and (child.lower_ in PLACING_PREPS or (child.lower_ == "of" and demonym)):
            sub = list(child.subtree)
        elif not demonym and (child.dep_ == "amod" and child.pos_ == "ADJ" or child.dep_ == "acl"
                              and child.tag_ in ("VBN", "VBG") and not any(c.dep_.startswith("nsubj")
                                                                         or c.dep_ == "aux" for c in child.children)):
            # "loyal to ...", a reduced relative ("affiliated with ..."), not a clause: only the noun
            # phrases its prepositions govern, not everything the clause goes on to say
            sub = [t for p in child.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"
                   for t in phrase_tokens(o)]
        else:
            continue
        place = _match_country(sub)
        iso = place[2] if place else _place_country(sub)
        if iso:
            return iso
    return None


def lookup(name: str, day: str | None = None) -> list[dict]:
    """Every knowledge-base reading of `name` and whether it applies on `day` (YYYY-MM-DD), with the
    reason, in the order the resolver prefers them."""
    entries = sorted(_known().get(name, []), key=lambda k: (not k.active_on(day), _desc(k.start)))
    rows = []
    for k in entries:
        term = f"{k.start or '…'} to {k.end or 'now'}" if (k.start or k.end) else "no term"
        applies = k.active_on(day)
        why = ("undated: the most recent holder" if day is None and (k.start or k.end) else
               "office holder on that date" if applies and (k.start or k.end) else
               "organisation or body (no term)" if applies else f"not in office on {day}")
        rows.append({"name": name, "entry": k.name, "code": k.code, "country": k.country, "sector": k.sector,
                     "term": term, "applies": applies, "why": why})
    if rows and not any(r["applies"] for r in rows) and rows[0]["country"]:
        rows.append({"name": name, "entry": rows[0]["entry"], "code": rows[0]["country"],
                     "country": rows[0]["country"], "sector": None, "term": "no term", "applies": True,
                     "why": "out of office: coded by country only"})
    iso = country_names().get(name)
    if iso:
        c = countries()[iso]
        kind = ("capital (metonym for the government)" if name == c.capital else
                "demonym" if name in c.demonyms else "country name")
        rows.append({"name": name, "entry": c.name, "code": iso, "country": iso, "sector": None,
                     "term": "no term", "applies": True, "why": kind})
    role = _roles().get(name.lower())
    if role:
        rows.append({"name": name, "entry": None, "code": None, "country": None, "sector": role,
                     "term": "no term", "applies": True, "why": "role word: gives the sector of a phrase"})
    return rows


def _desc(day: str | None) -> str:
    """A sort key putting later dates first."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in (day or ""))


def bare_actor(head) -> Actor:
    """An unresolved argument: its text and span, with no code."""
    toks = phrase_tokens(head)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return Actor(span_text(toks), start, end)
