"""The event coder: verb and noun patterns over spaCy's dependency parse -> coded Events.

For each trigger (a verb or noun whose lemma has a pattern in data/patterns.yaml) it finds the source
(subject, passive agent, possessor, or the subject of a light verb) and the target (object, passive
subject, or the object of one of the pattern's prepositions), expands coordination into one event per
pair, resolves both to actor codes, and reads the modality off the governing clause. Events that are
only the content of a speech act ("accused Y *of attacking*") are folded into that speech act.

CAMEO conventions it follows: a mutual act (talks, clashes; "X and Y met") is coded in both
directions; "US and British activists" are two actors; a refused cooperative act ("will not send
aid") is a rejection (12); asking someone else to act ("wants Y to stop") is an appeal (02); a speaker
who says another country attacked it, or claims so, accuses it (112, frame `frame:say-violence`), and
one who claims its own attack claims responsibility (015); protesters' violence is a riot (145) and
security forces' violence on protesters is repression (175).
"""
from __future__ import annotations

from ..model import Actor, Event
from ..ontology import cameo as cameo_code
from ..resolve.actors import bare_actor, is_person, resolve_phrase, resolve_token
from ..resolve.countries import country_names
from .modality import CONSIDER, INTEND, SAY, THREATEN, modality, refused
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
# A cooperative act refused ("will not support", "would not provide aid") is a rejection (CAMEO 12),
# keyed by the act's CAMEO root.
REJECT_OF_ROOT = {"02": "120", "03": "120", "04": "125", "05": "120", "06": "121", "07": "121", "08": "124"}
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
        elif c.dep_ == "appos" and c.pos_ == "PROPN" and tok.pos_ == "PROPN" \
                and any(g.dep_ in ("conj", "cc") for g in list(c.children) + list(tok.children)):
            # a list the parser read as an apposition: "France, Spain and Italy" (France <-appos- Spain
            # <-conj- Italy); a described name ("Kenzo Oshima, the UN coordinator") has no conjunct
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
        if len(subj) > 1 and all(x.pos_ == "PROPN" for x in subj):
            return [y for x in subj for y in _with_conj(x)]     # a list the parser split in two
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
            via = cur.dep_
            cur = cur.head
            if _passive(cur) and via == "xcomp":
                # a raising passive: "Obama is scheduled to attend", "troops were ordered to withdraw"
                raised = [c for c in cur.children if c.dep_ == "nsubjpass"]
                if raised:
                    return _with_conj(raised[0])
            continue
        if cur.dep_ == "relcl" and not _passive(cur):
            return [cur.head]
        break
    return []


# Acts whose moved object is the actor when the passive names no agent: force posture and withdrawal
# ("troops were sent to the border"), unlike a released prisoner or a seized town.
FORCE_MOVES = ("15", "0874", "0873")


def _infinitive(tok) -> bool:
    """Whether the clause is a to-infinitive ("pressured by Congress *to help* Iran")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


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
        patients = [x for c in tok.children if c.dep_ == "nsubjpass" for x in _with_conj(c)]
        if tok.dep_ == "relcl":         # "the men *who* were arrested": the men
            patients = [tok.head if p.tag_ in ("WDT", "WP") else p for p in patients]
        return patients
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
        return [tok.head]               # a reduced relative: "the prisoners *released* by Israel"
    return [x for c in tok.children if c.dep_ in OBJ for x in _with_conj(c)]


def _prep_objects(tok, preps: frozenset[str], skip: set[int]) -> list:
    """Objects of the wanted prepositions on the trigger, on its object, or one prepositional phrase
    further in ("took to the skies *off* the coast of Venezuela")."""
    obj_deps = OBJ + ("nsubjpass",) if _passive(tok) else OBJ      # "evidence against X was presented"
    found, frontier = [], [tok] + [c for c in tok.children if c.dep_ in obj_deps and c.i not in skip]
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
            if t.dep_ in ("dobj", "pobj", "dative", "obj") and t.pos_ in ("NOUN", "PROPN") \
                    and _clause_depth(t, clause) <= MAX_CONTENT_DEPTH:
                out.append([t])
            elif t.dep_ == "nsubj" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                           for c in t.head.children):
                out.append([t])     # "threatened to … unless Israel rescinded …"
    return out


# How far below the content clause's verb an argument may sit: its object (1), the object of its
# preposition (2), or of a preposition on that ("break relations with Russia": 3). Deeper nouns belong
# to other phrases ("the conditions of an agreement forced on the state by ...").
MAX_CONTENT_DEPTH = 3


def _clause_depth(t, clause) -> int:
    n, cur = 0, t
    while cur.i != clause.i and cur.head.i != cur.i and n <= MAX_CONTENT_DEPTH:
        if cur.dep_ not in ("prep", "pcomp", "agent"):
            n += 1          # prepositions do not count: "with Russia" is one step from "relations"
        cur = cur.head
    return n


_PARTICLE_FORMS = {"on": {"on", "upon"}}
# Nouns that measure what is really the object: "handed over 700 kg of medicine".
QUANTITY_NOUNS = {"kg", "kilogram", "ton", "tonne", "pound", "barrel", "shipment", "batch", "load",
                  "consignment", "package", "amount", "quantity", "number", "lot", "truckload", "convoy",
                  "hundred", "thousand", "dozen", "score", "million", "group", "contingent", "column", "part",
                  "portion", "share", "half"}


def _verb_match(tok, pats: tuple[Pattern, ...]) -> tuple[Pattern, list, list] | None:
    # the verb's own arguments, the same for every pattern of its lemma
    base_objs, base_subjs = _objects(tok), _subjects(tok)
    things = _measured(base_objs)       # "700 kg *of medicine*"
    agents = _measured(base_subjs)      # "hundreds *of troops*"
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
        if p.objects and not any(o.lemma_.lower() in p.objects or o.text in p.objects
                                 or ("@person" in p.objects and o.ent_type_ == "PERSON") for o in things):
            continue
        if p.subjects and not any(s.lemma_.lower() in p.subjects or s.text in p.subjects
                                  for s in (agents if subjs is base_subjs else _measured(subjs))):
            continue
        if p.needs_clause and not _addressed_clause(tok):
            continue
        if not subjs and _passive(tok) and p.cameo[:2] in VIOLENT_ROOTS:
            subjs = _means_owner(tok)   # "were killed in Israeli shelling", "was fired from Gaza"
        if not subjs and _passive(tok) and (p.no_target or (p.objects and p.cameo.startswith(FORCE_MOVES))):
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
        return p, subjs, [dative, objs, owners, preps, clause] + _content_args(tok, p) + _domestic(tok, p)
    return None


# Roots of violent acts, and the nouns for the means of one: who owns the means did the act.
VIOLENT_ROOTS = {"18", "19", "20"}
MEANS_NOUNS = {"shelling", "strike", "airstrike", "attack", "raid", "bombardment", "fire", "artillery", "bombing",
               "shell", "rocket", "missile", "drone", "assault", "offensive", "operation", "gunfire", "shooting",
               "ambush", "barrage", "salvo", "mortar", "tank", "jet", "aircraft", "warplane", "helicopter"}


def _means_owner(tok) -> list:
    """The doer of a passive violent act named with no agent, read off its means or origin: "were
    killed *in Israeli shelling*" (the owner of the attack noun), "a rocket was fired *from Lebanon*"
    (a country the act came from)."""
    for prep in (c for c in tok.children if c.dep_ == "prep"):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            if prep.lower_ == "from" and pobj.ent_type_ in ("GPE", "LOC"):
                return [pobj]
            if prep.lower_ in ("in", "by", "during", "with") and pobj.lemma_.lower() in MEANS_NOUNS:
                owners = [c for c in pobj.children if c.dep_ in ("poss", "amod", "compound", "nmod")
                          and c.ent_type_ in ("NORP", "GPE", "ORG")]
                if owners:
                    return owners
    return []


def _measured(toks: list) -> list:
    """The tokens and, for a quantity ("700 kg of medicine", "hundreds of troops"), what it counts."""
    return toks + [g for o in toks if o.lemma_.lower() in QUANTITY_NOUNS
                   for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]


def _addressed_clause(tok) -> bool:
    """Whether the verb asks someone else to act: an object and a clause ("pressed Iran to stop"), or a
    clause with its own subject ("wants Iran to stop"); not the subject's own plan ("wants to stop")."""
    clauses = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and _infinitive(c))]
    if not clauses:
        return False
    if any(c.dep_ in OBJ or c.dep_ == "nsubjpass" for c in tok.children):
        return True             # "pressed Iran to stop", "Iran was pressed to stop"
    return any(g.dep_ in SUBJ and g.lower_ not in PRONOUNS for c in clauses for g in c.children)


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
              and (c.lower_ in PRONOUNS or _names_actor(c, day, strict=c.dep_ == "amod"))]
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
    # "X claimed responsibility for the attack": the claimant owns it
    if tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in ("responsibility", "credit") \
            and head.head.head.lemma_.lower() in CLAIM_VERBS:
        return _subjects(head.head.head)
    # "forces were engaged in ethnic cleansing", "took part in the attack"
    if tok.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in ("engage", "participate", "take", "join"):
        verb = head.head
        return _subjects(verb) or [c for c in verb.children if c.dep_ == "nsubjpass"]
    return []


CLAIM_VERBS = {"claim", "take", "accept", "admit", "bear"}


def _names_actor(tok, day: str | None, strict: bool = False) -> bool:
    """Whether the token names an actor; `strict` (an adjective) wants a country or a known body:
    "Israeli strikes" are Israel's, "military support" is not the military's."""
    a = resolve_token(tok, day)
    return bool(a and (a.code or (a.sector and not strict)))


def _noun_match(tok, pats: tuple[Pattern, ...], light_verbs: frozenset[str],
                day: str | None) -> tuple[Pattern, list, list] | None:
    p = pats[0]
    sources = _noun_sources(tok, light_verbs, day)
    if not sources and not _actorless(p):
        return None
    targets = _prep_objects(tok, p.target_preps, set())
    governed = tok.dep_ in OBJ and tok.head.pos_ == "VERB"
    if governed and not targets:    # "sent aid *to* Venezuela": the verb holds the prep
        skip = {t.i for s in sources for t in s.subtree} | {t.i for t in tok.subtree}
        targets += _prep_objects(tok.head, p.target_preps | {"to", "toward", "towards", "against", "on"}, skip)
    groups = [targets]
    if governed:        # "gave Ecuador permission", "sent Ukraine aid": the verb's dative noun
        groups.append([c for c in tok.head.children if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN")])
    if p.cameo[:2] in DOMESTIC_ROOTS:
        # "staged a protest in Beijing": a domestic act is aimed at the country it happens in
        groups += _domestic(tok, p) + (_domestic(tok.head, p) if governed else [])
    # "rebels engaged peacekeepers *in a firefight*": the verb's object is the other side
    if tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ == "VERB" \
            and not _passive(tok.head.head):
        verb = tok.head.head
        groups.append([o for o in _objects(verb) if o.i != tok.i])
        if not sources:
            sources = _subjects(verb)
    return p, sources, groups


# Role nouns that name one person: "the prime minister said *he* ..." refers to the minister.
PERSON_ROLES = {"president", "minister", "premier", "chancellor", "leader", "spokesman", "spokeswoman",
                "spokesperson", "secretary", "senator", "ambassador", "envoy", "diplomat", "general",
                "commander", "king", "queen", "prince", "emir", "sheikh", "governor", "mayor", "chief",
                "official", "officer", "lawmaker", "legislator", "head", "director", "adviser", "advisor"}


def _fits(a: Actor | None, t, person: bool) -> bool:
    if not (a and a.code):
        return False
    return not person or t.ent_type_ == "PERSON" or is_person(a.entry) \
        or (t.tag_ in ("NN", "NNP") and t.lemma_.lower() in PERSON_ROLES)


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
    if tok.pos_ in ("NOUN", "PROPN") and _nominal_path(tok, triggers):
        return False        # "criticised Y *for the attack*", "claimed responsibility for the attack"
    cur = tok
    nouns = patterns().nouns
    for _ in range(4):
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep", "advcl", "acl"):
            return False
        cur = cur.head
        p = triggers.get(cur.i)
        if p is None and cur.pos_ == "NOUN" and cur.lemma_.lower() in nouns:
            p = nouns[cur.lemma_.lower()][0]        # "a threat *to boycott*", even with no owner named
        if p is not None and cameo_code(p.cameo).quad in SPEECH_QUADS:
            return True
    return False


def _nominal_path(tok, triggers) -> bool:
    """Whether a noun hangs from a trigger only through nouns and prepositions (no clause): what a
    speech act is about is presupposed to have happened ("blamed X for the bombing")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in ("pobj", "prep", "dobj", "obj") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.i in triggers:
            return True
        if cur.pos_ == "VERB":
            return False
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
        elif mod == "negated" and info.code[:2] in REJECT_OF_ROOT and refused(tok):
            # "will not send aid", "would not meet him": refusing cooperation is a rejection (CAMEO 12)
            info, mod, name = cameo_code(REJECT_OF_ROOT[info.code[:2]]), "asserted", f"{p.name}+refused"
        src_actors = [x for s in sources for x in _split_modifiers(s, actor_of(s, day)) if x is not None]
        if not src_actors and not sources:
            src_actors = [None]
        elif not src_actors:
            src_actors = [bare_actor(sources[0])]
        tgt_actors = _pick_targets(targets, day, tok)
        if p.needs_object and any(c.dep_ == "xcomp" for c in tok.children) \
                and not any(t is not None and (t.code or t.sector) for t in tgt_actors):
            continue            # "helped to plan the attack": a hand in an act, no one is helped
        _share_country(src_actors, tgt_actors)
        actorless_ok = _actorless(p) and mod == "asserted"
        pairs = [(a, b) for a in src_actors for b in tgt_actors]
        if p.source_prep and tgt_actors == [None] and len(src_actors) > 1:
            # symmetric act of coordinated subjects: "the US, Russia and Switzerland met"
            pairs = [(a, b) for a in src_actors for b in src_actors if a is not b]
        elif p.symmetric:
            # a mutual act codes both directions: "X held talks with Y" is also Y talking with X
            pairs += [(b, a) for a, b in pairs if a is not None and b is not None and (a.code or a.sector)
                      and (b.code or b.sector) and (b, a) not in pairs]
        for src, tgt in pairs:
            ev_info = _crowd_code(info, src, tgt)
            named = bool((src and (src.code or src.sector)) or (tgt and (tgt.code or tgt.sector)))
            if (named or actorless_ok) and not _same_mention(src, tgt):
                conf = CONF_BOTH if (src and src.code and tgt and tgt.code) else CONF_ONE if named else CONF_ACTORLESS
                events.append((tok, _event(ev_info, mod, sent, tok, src, tgt, conf, name,
                                           _speaker_text(speaker, day))))
    events = _drop_shadowed(events)
    return events + _obligation_events(sent, day) + _accusation_events(events, sent, day)


# Crowds: their violence is a riot (CAMEO 145), and force used on them is repression (175).
CROWD_WORDS = {"protester", "protesters", "protestor", "protestors", "demonstrator", "demonstrators",
               "rioter", "rioters", "mob", "mobs", "crowd", "crowds", "marcher", "marchers"}
RIOT_CODE, REPRESSION_CODE = "145", "175"
FORCE_SECTORS = {"MIL", "COP", "GOV", "SPY"}


def _is_crowd(a: Actor | None) -> bool:
    return a is not None and any(w.strip(".,;:'\"") in CROWD_WORDS for w in a.text.lower().split())


def _crowd_code(info, src: Actor | None, tgt: Actor | None):
    """The code of a violent act by or on a crowd: protesters who wreck or fight riot (145); security
    forces who fight or assault protesters use violent repression (175). The pattern name stays."""
    # only unarmed or unspecified violence: a crowd that fires missiles is fighting (195)
    street = info.code[:2] in ("17", "18") or info.code == "190"
    if street and _is_crowd(src) and not _is_crowd(tgt):
        return cameo_code(RIOT_CODE)
    if street and info.code[:2] != "17" and _is_crowd(tgt) and src is not None and src.sector in FORCE_SECTORS:
        return cameo_code(REPRESSION_CODE)
    return info


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


# Verbs by which a speaker puts an act on someone: "Israel said rockets were fired at it from Gaza".
CLAIM_SAY = SAY | {"allege", "charge", "insist", "maintain", "assert", "contend"}
# Verbs that put an act on someone by themselves; with a plain "say" the speaker must be the victim
# ("Israel said rockets were fired at it").
CLAIM_ONLY = {"claim", "allege", "charge", "insist", "maintain", "assert", "contend"}
ACCUSE_CODE = "112"
CLAIM_CODE = "015"        # acknowledge or claim responsibility


def _accusation_events(events: list, sent, day: str | None) -> list[tuple[object, Event]]:
    """A speaker who says another country's actor committed violence accuses it: "Washington said
    Moscow had bombed the town" is also an ACCUSE event (CAMEO 112) from the speaker to the perpetrator
    (frame `frame:say-violence->112`). The reported act keeps its own event."""
    out, seen = [], set()
    info = cameo_code(ACCUSE_CODE)
    for tok, ev in events:
        perp = ev.source
        if ev.cameo[:2] not in VIOLENT_ROOTS or perp is None or not perp.code or ev.modality not in (
                "asserted", "reported"):
            continue
        cur, verb = tok, None
        for _ in range(3):          # the reporting verb this clause hangs from
            if cur.dep_ not in ("ccomp", "conj", "xcomp") or cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.pos_ == "VERB" and cur.lemma_.lower() in CLAIM_SAY:
                verb = cur
                break
        if verb is None:
            continue
        speaker = next((a for a in (actor_of(x, day) for x in _subjects(verb)) if a and a.code), None)
        if speaker is None or (verb.i, perp.code) in seen:
            continue
        if _same_country(speaker, perp):
            if verb.lemma_.lower() == "claim" and ev.target is not None and ev.target.code:
                # "the group claimed it had bombed the base": claiming one's own attack (CAMEO 015)
                seen.add((verb.i, perp.code))
                out.append((verb, _event(cameo_code(CLAIM_CODE), "asserted", sent, verb, speaker, ev.target,
                                         CONF_ONE, f"frame:claim-violence->{CLAIM_CODE}")))
            continue
        victim = ev.target is not None and bool(ev.target.code) and _same_country(speaker, ev.target)
        if verb.lemma_.lower() not in CLAIM_ONLY and not victim:
            continue            # a plain report of fighting elsewhere is not an accusation
        seen.add((verb.i, perp.code))
        out.append((verb, _event(info, "asserted", sent, verb, speaker, perp, CONF_ONE, f"frame:say-violence->{ACCUSE_CODE}")))
    return out


def _same_country(a: Actor, b: Actor) -> bool:
    ka, kb = a.country or (a.code or "")[:3], b.country or (b.code or "")[:3]
    return ka == kb


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


def _nested(a: Actor, t, b: Actor, u) -> bool:
    """Whether one actor's phrase (token `t`, `u`) lies inside the other's and both are of one country."""
    inside = u.left_edge.i <= t.i <= u.right_edge.i or t.left_edge.i <= u.i <= t.right_edge.i
    return inside and a.country is not None and a.country == b.country


def _split_modifiers(tok, actor: Actor | None) -> list:
    """One actor per country when the head noun's modifier is a list of countries: "US and British
    activists" are two actors, USA and GBR, each with the head's sector."""
    if actor is None or tok is None or tok.lower_ in PRONOUNS:
        return [actor]
    names = country_names()
    for m in tok.children:
        if m.dep_ not in ("nmod", "compound", "amod") or m.i > tok.i:
            continue
        group = [m] + [g for g in m.subtree if g.dep_ == "conj" and g.i < tok.i]
        isos = list(dict.fromkeys(filter(None, (names.get(g.text) or names.get(g.text.capitalize())
                                                for g in group))))
        if len(isos) >= 2:
            return [Actor(actor.text, actor.start, actor.end, iso, iso + (actor.sector or ""), actor.sector)
                    for iso in isos]
    return [actor]


def _pick_targets(groups: list[list], day: str | None, trigger) -> list:
    """Targets from the first group (objects, then prepositional objects, then the content clause)
    that holds an actor; a phrase that names no actor may still place one ("targets inside
    Venezuela"). With no actor anywhere, the trigger's own object stands as an uncoded target
    ("a vessel"); a prepositional phrase never does ("on Friday")."""
    for group in groups:
        found = [(x, t) for t in group
                 for x in _split_modifiers(t, actor_of(t, day) or resolve_phrase(list(t.subtree), day)) if x]
        if any(a.code or a.sector for a, _t in found):
            seen, unique, kept = set(), [], []
            for a, t in found:              # "targets in Venezuela" and "Venezuela" are one target
                k = a.code or (a.text, a.start)
                if any(_nested(a, t, b, u) for b, u in kept):
                    continue                # "a police station in Kenya" and "Kenya": one target
                if k not in seen:
                    seen.add(k)
                    unique.append(a)
                    kept.append((a, t))
            return unique
    own = next((t for g in groups for t in g
                if t.head.i == trigger.i and t.dep_ in ("dobj", "obj", "nsubjpass", "dative")), None)
    return [bare_actor(own)] if own is not None else [None]


def _speaker_text(speaker, day: str | None) -> str | None:
    if speaker is None:
        return None
    a = actor_of(speaker, day)
    return f"{a.text} ({a.code})" if a and a.code else bare_actor(speaker).text
