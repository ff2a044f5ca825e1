"""The event coder: verb and noun patterns over spaCy's dependency parse -> coded Events.

For each trigger (a verb or noun whose lemma has a pattern in data/patterns.yaml) it finds the source
(subject, passive agent, possessor, or the subject of a light verb) and the target (object, passive
subject, or the object of one of the pattern's prepositions), expands coordination into one event per
pair, resolves both to actor codes, and reads the modality off the governing clause. Events that are
only the content of a speech act ("accused Y *of attacking*") are folded into that speech act.
"""
from __future__ import annotations

from ..model import Actor, Event
from ..ontology import cameo as cameo_code
from ..resolve.actors import bare_actor, is_person, resolve_phrase, resolve_token
from .modality import CONSIDER, INTEND, SAY, THREATEN, modality
from .patterns import Pattern, patterns

PRONOUNS = {"he", "she", "him", "her", "they", "them", "it", "we", "i", "his", "its", "their", "our"}
SUBJ = ("nsubj", "csubj")
# Sectors that belong to a state: a bare "troops" or "officials" takes the country of the story's actor.
STATE_SECTORS = {"GOV", "MIL", "COP", "SPY"}
OBJ = ("dobj", "obj")
# Triggers whose clause content is what they assert: an event inside it is not coded separately.
SPEECH_QUADS = {1, 3}
# A cooperative act only promised ("will support", "is ready to send aid") is CAMEO's 03
# "express intent to ..." (PLOVER AGREE); a violent or coercive one only promised or vowed is a threat
# (13x). Keyed by CAMEO root.
INTENT_OF_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
THREAT_OF_ROOT = {"14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}
# Roots whose acts are events in the world even when nobody is named as doing them ("649 people were
# arrested", "grenade attacks left seven dead"): protest, coercion, assault, fighting, mass violence.
ACTORLESS_ROOTS = {"14", "17", "18", "19", "20"}
CONF_ACTORLESS = 0.4
# Confidence of an event by how well its arguments resolved (fixed starting values; the coder's
# evaluation work calibrates them).
CONF_BOTH, CONF_ONE = 0.8, 0.6


def _with_conj(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(_with_conj(c))
    return out


# Clauses climbed to find a verb's subject: "Norway is willing to send material to help defend X" puts
# four clause links between "defend" and "Norway".
MAX_SUBJECT_CLIMB = 5


def _subjects(tok) -> list:
    """Source candidates of a verb: nsubj, passive agent, or inherited through conj/xcomp/relcl."""
    cur = tok
    for _ in range(MAX_SUBJECT_CLIMB):
        subj = [c for c in cur.children if c.dep_ in SUBJ]
        if subj:
            s = subj[0]
            if s.tag_ in ("WDT", "WP") and cur.dep_ == "relcl":
                s = cur.head
            if s.lower_ in ("they", "we"):
                speakers = _reporting_subjects(cur)
                if len(speakers) > 1:
                    return speakers     # "Obama and Putin said they will ..."
            return _with_conj(s)
        agent = [g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agent:
            return _with_conj(agent[0])
        if cur.dep_ in ("conj", "xcomp", "advcl", "acomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ == "relcl":
            return [cur.head]
        break
    return []


def _reporting_subjects(tok) -> list:
    """The coordinated subjects of the reporting verb a clause hangs from, if any."""
    cur = tok
    for _ in range(3):
        if cur.dep_ not in ("ccomp", "xcomp") or cur.head.i == cur.i:
            return []
        cur = cur.head
        subj = [c for c in cur.children if c.dep_ in SUBJ]
        if subj:
            return _with_conj(subj[0])
    return []


def _passive(tok) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _objects(tok) -> list:
    if _passive(tok):
        return [x for c in tok.children if c.dep_ == "nsubjpass" for x in _with_conj(c)]
    return [x for c in tok.children if c.dep_ in OBJ for x in _with_conj(c)]


def _prep_objects(tok, preps: frozenset[str], skip: set[int]) -> list:
    """Objects of the wanted prepositions on the trigger, on its object, or one prepositional phrase
    further in ("took to the skies *off* the coast of Venezuela")."""
    found, frontier = [], [tok] + [c for c in tok.children if c.dep_ in OBJ]
    for _ in range(3):
        nxt = []
        for node in frontier:
            for c in node.children:
                if c.i in skip:
                    continue
                if c.dep_ in ("prep", "prt", "agent", "dative") or (c.dep_ == "advmod" and c.lower_ in preps):
                    pobj = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    if c.lower_ in preps and pobj:
                        found.append(pobj[0])
                    nxt.extend(pobj)
                    if c.dep_ == "prt" or not pobj:
                        nxt.append(c)       # "pulled out *of* Mali": the preposition hangs off the particle
        frontier = nxt
    return found


# Prepositions that may introduce a target when a pattern names none ("halted aid *to* Serbia").
DEFAULT_TARGET_PREPS = frozenset({"to", "against", "on", "with", "toward", "towards", "from", "at", "into"})


# Roots of acts a government does at home, whose target is where it does them when nothing else is
# named ("lifted the curfew in Montenegro", "demonstrated in Kirkuk"): concessions, protest, coercion.
DOMESTIC_ROOTS = {"08", "14", "17"}


def _domestic(tok, p: Pattern) -> list[list]:
    if p.cameo[:2] not in DOMESTIC_ROOTS:
        return []
    return [_prep_objects(tok, frozenset({"in", "across", "throughout"}), set())]


def _content_args(tok, p: Pattern | None = None) -> list:
    """Objects inside a verb's content clause: "threatened to break relations *with Russia*",
    "offered to negotiate with *the president of Armenia*"; for a protest, its purpose too ("to
    demand reforms by *Suharto's government*")."""
    out = []
    deps = ("xcomp", "ccomp", "advcl") if p is not None and p.cameo[:2] == "14" else ("xcomp", "ccomp")
    for clause in (c for c in tok.children if c.dep_ in deps):
        for t in clause.subtree:
            if t.dep_ in ("dobj", "pobj", "dative", "obj") and t.pos_ in ("NOUN", "PROPN"):
                out.append(t)
            elif t.dep_ == "nsubj" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                           for c in t.head.children):
                out.append(t)       # "threatened to … unless Israel rescinded …"
    return out


_PARTICLE_FORMS = {"on": {"on", "upon"}}
# Nouns that measure what is really the object: "handed over 700 kg of medicine".
QUANTITY_NOUNS = {"kg", "kilogram", "ton", "tonne", "pound", "barrel", "shipment", "batch", "load",
                  "consignment", "package", "amount", "quantity", "number", "lot", "truckload", "convoy"}


def _verb_match(tok, pats: tuple[Pattern, ...]) -> tuple[Pattern, list, list] | None:
    # the verb's own arguments, the same for every pattern of its lemma
    base_objs, base_subjs = _objects(tok), _subjects(tok)
    things = base_objs + [g for o in base_objs if o.lemma_.lower() in QUANTITY_NOUNS
                          for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"]       # "700 kg *of medicine*"
    # "gave Ukraine weapons" (a dative noun) or "gave weapons to Ukraine" (a dative "to")
    dative = [c for c in tok.children if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN")]
    dative += [g for c in tok.children if c.dep_ == "dative" and c.pos_ == "ADP"
               for g in c.children if g.dep_ == "pobj"]
    for p in pats:
        if p.particle and not any(c.dep_ in ("prt", "prep") and c.lower_ in _PARTICLE_FORMS.get(p.particle, {p.particle})
                                  for c in tok.children):
            continue
        objs, subjs = base_objs, base_subjs
        if p.stative and _passive(tok):       # "Israel is opposed to ...": the subject acts
            subjs, objs = objs, []
        if p.objects and not any(o.lemma_.lower() in p.objects or o.text in p.objects for o in things):
            continue
        if p.subjects and not any(s.lemma_.lower() in p.subjects or s.text in p.subjects for s in subjs):
            continue
        if not subjs and _passive(tok) and (p.objects or p.no_target):
            subjs = objs          # "Troops were moved to the border": the force is the actor
        if p.giver_prep:       # "received weapons from the government": the giver is the source
            givers = _prep_objects(tok, frozenset({p.giver_prep}), set())
            if givers:
                return p, givers, [subjs]
        skip = {t.i for s in subjs for t in s.subtree}
        preps = _prep_objects(tok, p.target_preps or DEFAULT_TARGET_PREPS, skip)
        if p.no_target:
            return p, subjs, [dative, preps] + _domestic(tok, p)
        if p.objects or p.subjects:
            # the object is what is sent or seized; it is the target only when it names a foreign
            # actor of its own ("summoned Niger's ambassador")
            return p, subjs, [dative, preps, [o for o in objs if _foreign(o, subjs)]] + _domestic(tok, p)
        # "demanded that China drop its barriers": the addressee is the content clause's subject
        clause = [g for c in tok.children if c.dep_ in ("ccomp", "xcomp")
                  for g in c.children if g.dep_ in SUBJ and g.lower_ not in PRONOUNS]
        # "denounced Serbia's suppression": the owner of what the act is about
        owners = [c for o in objs for c in o.children if c.dep_ == "poss"]
        return p, subjs, [dative, objs, owners, preps, clause, _content_args(tok, p)] + _domestic(tok, p)
    return None


def _foreign(obj, subjects) -> bool:
    """Whether `obj` names an actor of a country other than the subjects' own."""
    a = resolve_token(obj, None)
    if not (a and a.country) or obj.lower_ in PRONOUNS:
        return False
    own = {x.country for x in (resolve_token(s, None) for s in subjects) if x}
    return a.country not in own


def _noun_sources(tok, light_verbs: frozenset[str], day: str | None) -> list:
    """Who owns a nominal event: a possessor or modifier that names an actor ("US strikes",
    "Israel's attack", "their withdrawal"), else the subject of a light or governing verb ("launched an
    attack", "is considering strikes")."""
    owners = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")
              and (c.lower_ in PRONOUNS or _names_actor(c, day))]
    if owners:
        return owners
    # "strikes by US forces", "threats from Washington"
    agents = [g for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")
              for g in c.children if g.dep_ == "pobj" and _names_actor(g, day)]
    if agents:
        return agents
    head = tok.head
    governs = light_verbs | CONSIDER | INTEND | THREATEN
    if tok.dep_ in OBJ and head.pos_ == "VERB" and governs.intersection(lemma_forms(head)):
        return _subjects(head)
    # "forces were engaged in ethnic cleansing", "took part in the attack"
    if tok.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in ("engage", "participate", "take", "join"):
        verb = head.head
        return _subjects(verb) or [c for c in verb.children if c.dep_ == "nsubjpass"]
    return []


def _names_actor(tok, day: str | None) -> bool:
    a = resolve_token(tok, day)
    return bool(a and (a.code or a.sector))


def _noun_match(tok, pats: tuple[Pattern, ...], light_verbs: frozenset[str],
                day: str | None) -> tuple[Pattern, list, list] | None:
    p = pats[0]
    sources = _noun_sources(tok, light_verbs, day)
    if not sources and not _actorless(p):
        return None
    targets = _prep_objects(tok, p.target_preps, set())
    if tok.dep_ in OBJ and tok.head.pos_ == "VERB":     # "sent aid *to* Venezuela": the verb holds the prep
        skip = {t.i for s in sources for t in s.subtree} | {t.i for t in tok.subtree}
        targets += _prep_objects(tok.head, p.target_preps | {"to", "toward", "towards", "against", "on"}, skip)
    return p, sources, [targets]


def _fits(a: Actor | None, t, person: bool) -> bool:
    return bool(a and a.code) and (not person or t.ent_type_ == "PERSON" or is_person(a.entry))


def _recent_actor(tok, day: str | None) -> Actor | None:
    """The actor a pronoun or a bare "troops" most likely refers to: the subject of a governing verb
    ("Trump said *he* ..."), else the latest coded subject of the two sentences before. A deliberately
    simple rule; the quotes work replaces it with proper speaker tracking."""
    person = tok.lower_ in ("he", "she", "him", "her", "his")
    cur = tok.head
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in SUBJ and c.lower_ not in PRONOUNS and c.i != tok.i:
                a = resolve_token(c, day)
                if _fits(a, c, person):
                    return a
        if cur.head.i == cur.i:
            break
        cur = cur.head
    sents = list(tok.doc.sents)
    idx = next(i for i, s in enumerate(sents) if s.start <= tok.i < s.end)
    for sent in reversed(sents[max(0, idx - 2):idx]):
        for t in reversed(sent):
            if t.dep_ in SUBJ and t.lower_ not in PRONOUNS:
                a = resolve_token(t, day)
                if _fits(a, t, person):
                    return a
    return None


def actor_of(tok, day: str | None) -> Actor | None:
    """The actor a token denotes, with pronouns and bare state forces resolved from context."""
    if tok.lower_ in PRONOUNS:
        a = _recent_actor(tok, day)
        if a is not None:
            return Actor(tok.text, tok.idx, tok.idx + len(tok), a.country, a.code, a.sector, a.entry)
        return None
    a = resolve_token(tok, day)
    named = any(t.pos_ == "PROPN" for t in tok.subtree if t.i <= tok.i)
    if a is not None and a.country is None and a.code is None and a.sector in STATE_SECTORS and not named:
        ctx = _recent_actor(tok, day)
        if ctx is not None and ctx.country:
            a.country, a.code = ctx.country, ctx.country + a.sector
    return a


def _code(p: Pattern, tok, exclude: set[int]) -> str:
    lemmas = {t.lemma_.lower() for t in tok.subtree if t.i not in exclude} | {t.text for t in tok.subtree}
    for words, code in p.variants:
        if words & lemmas:
            return code
    return p.cameo


def _inside_speech(tok, triggers: dict[int, Pattern]) -> bool:
    """Whether the trigger is only the content of a speech act ("accused Y *of attacking*"). A noun
    that is the speech act's own object is presupposed to have happened ("condemned *the strikes*")."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in OBJ and tok.head.i in triggers:
        return False
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep", "advcl"):
            return False
        cur = cur.head
        p = triggers.get(cur.i)
        if p is not None and cameo_code(p.cameo).quad in SPEECH_QUADS:
            return True
    return False


# Past forms the lemmatizer gets wrong ("raped" -> "rap", "staged" -> "stag", "retook" -> "retook").
IRREGULAR = {"retook": "retake", "retaken": "retake", "overran": "overrun", "undertook": "undertake"}


def lemma_forms(tok) -> tuple[str, ...]:
    """The token's lemma, and for a regular past form whose lemma may have lost its final -e, that
    form too ("raped" -> rap, rape)."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    if low in IRREGULAR:
        return (IRREGULAR[low],)
    if tok.tag_ in ("VBD", "VBN") and low.endswith("ed") and lemma == low[:-2] and not lemma.endswith("e"):
        return (lemma, lemma + "e")
    return (lemma,)


# Nouns that name an undertaking and take their event from a modifier ("a bombing campaign", "a
# mediation effort"); any other noun a trigger modifies is a thing ("a patrol boat").
FRAME_NOUNS = {"campaign", "effort", "operation", "mission", "drive", "bid", "attempt", "initiative",
               "process", "programme", "program", "wave", "spree", "blitz", "round", "offensive", "push"}


def _triggers(sent, pset, day: str | None) -> dict[int, tuple[Pattern, list, list]]:
    out = {}
    for tok in sent:
        lemma = next((f for f in lemma_forms(tok) if f in pset.verbs or f in pset.nouns), tok.lemma_.lower())
        # a clause head with a subject is a verb even when the tagger says noun ("army retook Khartoum")
        verbal = tok.pos_ == "VERB" or (tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children))
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and not verbal \
                and tok.head.lemma_.lower() not in FRAME_NOUNS:
            continue            # "a patrol boat", "attack helicopters": a kind of thing, not an event
        if tok.pos_ == "NOUN" and lemma not in pset.nouns and lemma in FRAME_NOUNS:
            # "a mediation effort", "a bombing campaign": the head carries its modifier's event
            mod = next((c for c in tok.children if c.dep_ == "compound" and c.lemma_.lower() in pset.nouns), None)
            if mod is not None:
                lemma = mod.lemma_.lower()
        if verbal and lemma in pset.verbs:
            m = _verb_match(tok, pset.verbs[lemma])
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in pset.nouns:
            m = _noun_match(tok, pset.nouns[lemma], pset.light_verbs, day)
        else:
            continue
        if m is not None:
            out[tok.i] = m
    # A verb and a nominal trigger it acts on: a pattern that names the noun among its objects wins
    # ("lifted the curfew", "called off the strike", "concluded an agreement"); otherwise a light verb
    # codes through its noun ("launched an attack") and any other verb leaves the noun to its own rules.
    for i in [i for i, (p, _, _) in out.items() if p.kind == "verb"]:
        tok = sent.doc[i]
        p = out[i][0]
        for o in (o for o in _objects(tok) if o.i in out and out[o.i][0].kind == "noun"):
            if o.lemma_.lower() in p.objects:
                del out[o.i]
            elif pset.light_verbs.intersection(lemma_forms(tok)) and i in out:
                del out[i]
    return out


def code_sentence(sent, day: str | None) -> list[tuple[object, Event]]:
    """Events of one sentence, as (trigger token, Event) pairs; dates, places and magnitudes are
    attached by the caller."""
    pset = patterns()
    found = _triggers(sent, pset, day)
    kinds = {i: m[0] for i, m in found.items()}
    events = []
    for i, (p, sources, targets) in found.items():
        tok = sent.doc[i]
        if _inside_speech(tok, kinds):
            continue
        mod, _governor, speaker = modality(tok)
        exclude = {t.i for s in sources for t in s.subtree}
        info = cameo_code(_code(p, tok, exclude))
        name = p.name
        recoded = _intent_code(info.code, mod)
        if recoded:
            info, mod, name = cameo_code(recoded), "asserted", f"{p.name}+intent"
        src_actors = [a for a in (actor_of(s, day) for s in sources) if a is not None]
        if not src_actors and not sources:
            src_actors = [None]
        elif not src_actors:
            src_actors = [bare_actor(sources[0])]
        tgt_actors = _pick_targets(targets, day, tok)
        _share_country(src_actors, tgt_actors)
        actorless_ok = _actorless(p) and mod == "asserted"
        pairs = [(a, b) for a in src_actors for b in tgt_actors]
        if p.source_prep and tgt_actors == [None] and len(src_actors) > 1:
            # symmetric act of coordinated subjects: "the US, Russia and Switzerland met"
            pairs = [(a, b) for a in src_actors for b in src_actors if a is not b]
        for src, tgt in pairs:
            named = bool((src and (src.code or src.sector)) or (tgt and (tgt.code or tgt.sector)))
            if (named or actorless_ok) and not _same_mention(src, tgt):
                conf = CONF_BOTH if (src and src.code and tgt and tgt.code) else CONF_ONE if named else CONF_ACTORLESS
                events.append((tok, _event(info, mod, sent, tok, src, tgt, conf, name,
                                           _speaker_text(speaker, day))))
    return _drop_shadowed(events) + _obligation_events(sent, day)


def _event(info, mod: str, sent, tok, src: Actor | None, tgt: Actor | None, conf: float, pattern: str,
           attribution: str | None = None) -> Event:
    """An Event of CAMEO code `info` triggered by `tok` in `sent`."""
    return Event(category=info.plover, cameo=info.code, quad=info.quad, goldstein=info.goldstein,
                 modality=mod, mode=info.mode, sentence=[sent.start_char, sent.end_char],
                 trigger=[tok.idx, tok.idx + len(tok)], source=src, target=tgt, confidence=conf,
                 pattern=pattern, attribution=attribution)


def _same_mention(a: Actor | None, b: Actor | None) -> bool:
    return bool(a and b and a.start == b.start and a.end == b.end)


def _actorless(p: Pattern) -> bool:
    return p.actorless if p.actorless is not None else p.cameo[:2] in ACTORLESS_ROOTS


def _drop_shadowed(events: list[tuple[object, Event]]) -> list[tuple[object, Event]]:
    """An actorless event adds nothing when the sentence already codes the same kind of act with actors
    ("US forces struck a boat in a strike")."""
    named_roots = {e.cameo[:2] for _t, e in events if e.confidence > CONF_ACTORLESS}
    return [(t, e) for t, e in events if e.confidence > CONF_ACTORLESS or e.cameo[:2] not in named_roots]


OBLIGATION_AUX = {"must", "should"}
OBLIGATION_CODE = "100"   # CAMEO "make a demand": X says Y must/should do Z


def _obligation_events(sent, day: str | None) -> list[tuple[object, Event]]:
    """A reported obligation is a demand: "Washington said Caracas must release the prisoners" codes
    a REQUEST from the speaker to the clause's subject (frame `frame:must->100`)."""
    out = []
    info = cameo_code(OBLIGATION_CODE)
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in SAY | {"declare", "reiterate", "conclude", "insist"}:
            continue
        for clause in (c for c in tok.children if c.dep_ == "ccomp"):
            if not any(a.dep_ == "aux" and a.lower_ in OBLIGATION_AUX for a in clause.children):
                continue
            addressees = [g for g in clause.children if g.dep_ in SUBJ]
            src = next((a for a in (actor_of(x, day) for x in _subjects(tok)) if a), None)
            tgt = actor_of(addressees[0], day) if addressees else None
            if not (src and src.code and tgt and tgt.code) or src.code == tgt.code and src.start == tgt.start:
                continue
            out.append((tok, _event(info, "asserted", sent, tok, src, tgt, CONF_BOTH,
                                    f"frame:must->{OBLIGATION_CODE}")))
    return out


# Sectors that, named without a country, belong to the country of the other side of the event
# ("the Sudanese government accused rebels" -> SDNREB).
DOMESTIC_SECTORS = {"REB", "OPP"}


def _share_country(sources: list, targets: list) -> None:
    for side, other in ((sources, targets), (targets, sources)):
        countries = {a.country for a in other if a is not None and a.country}
        if len(countries) != 1:
            continue
        country = countries.pop()
        for a in side:
            if a is not None and a.country is None and a.code is None and a.sector in DOMESTIC_SECTORS:
                a.country, a.code = country, country + a.sector


def _intent_code(code: str, mod: str) -> str | None:
    """The CAMEO code of announcing an act instead of doing it, or None to keep the act's own code."""
    root = code[:2]
    if mod == "intended" and root in INTENT_OF_ROOT:
        return INTENT_OF_ROOT[root]
    if mod in ("intended", "threatened") and root in THREAT_OF_ROOT:
        return "1312" if code.startswith("163") else THREAT_OF_ROOT[root]
    return None


def _pick_targets(groups: list[list], day: str | None, trigger) -> list:
    """Targets from the first group (objects, then prepositional objects, then the content clause)
    that holds an actor; a phrase that names no actor may still place one ("targets inside
    Venezuela"). With no actor anywhere, the trigger's own object stands as an uncoded target
    ("a vessel"); a prepositional phrase never does ("on Friday")."""
    for group in groups:
        found = [a for a in (actor_of(t, day) or resolve_phrase(list(t.subtree), day) for t in group) if a]
        if any(a.code or a.sector for a in found):
            seen, unique = set(), []
            for a in found:                 # "targets in Venezuela" and "Venezuela" are one target
                k = a.code or (a.text, a.start)
                if k not in seen:
                    seen.add(k)
                    unique.append(a)
            return unique
    own = next((t for g in groups for t in g
                if t.head.i == trigger.i and t.dep_ in ("dobj", "obj", "nsubjpass", "dative")), None)
    return [bare_actor(own)] if own is not None else [None]


def _speaker_text(speaker, day: str | None) -> str | None:
    if speaker is None:
        return None
    a = actor_of(speaker, day)
    return f"{a.text} ({a.code})" if a and a.code else bare_actor(speaker).text
