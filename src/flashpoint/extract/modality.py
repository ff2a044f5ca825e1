"""Modality and attribution of an event trigger: did it happen, or was it only threatened, considered,
intended, denied, negated or hypothetical — and who says so.

Read off the dependency parse: the trigger's own negation and auxiliaries, then the chain of governing
verbs above it ("Trump said he was *considering* strikes", "X *threatened* to strike").
"""
from __future__ import annotations

CONSIDER = {"consider", "weigh", "mull", "contemplate", "explore", "study", "debate", "discuss", "eye",
            "review", "evaluate", "ponder"}
THREATEN = {"threaten", "warn"}
INTEND = {"plan", "intend", "prepare", "vow", "pledge", "promise", "want", "seek", "aim", "hope", "decide",
          "propose", "offer", "agree", "expect", "push", "authorize", "authorise", "approve",
          "ready", "willing", "prepared", "determined", "eager", "set", "swear"}
DENY = {"deny", "reject", "dismiss"}
FAIL = {"fail", "refuse", "decline"}      # "failed to reach agreement": it did not happen
SAY = {"say", "tell", "state", "claim", "allege", "report", "add", "announce", "insist", "confirm",
       "write", "declare", "assert", "suggest", "note", "argue"}
HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "can"}
FUTURE_AUX = {"will", "'ll", "shall"}
# How many governing links to climb: "said (1) he was considering (2) deploying (3) helicopters".
MAX_CLIMB = 4
CLIMB_DEPS = {"xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep", "advcl", "acomp", "obj", "relcl", "acl"}


def _reported(tok) -> bool:
    """Whether the clause is the content of a reporting verb ("said (that) ...")."""
    return tok.dep_ in ("ccomp", "conj") and tok.head.lemma_.lower() in SAY | {"announce", "vow", "pledge"}


def own_modality(tok) -> str | None:
    """Negation or a modal auxiliary on the trigger (or, for a noun, on the verb that governs it)."""
    heads = [tok] + ([tok.head] if tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("VERB", "AUX") else [])
    for h in heads:
        # a negation wins over the auxiliaries around it: "would not provide" is negated, not intended
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no" and h.i == tok.i) for c in h.children):
            return "negated"
        for c in h.children:
            if c.dep_ == "aux" and c.lower_ in ("would", "'d") and _reported(h):
                return "intended"       # future in the past: "they said they would boycott ..."
            if c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX:
                return "hypothetical"
            if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
                return "intended"
            if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
                return "hypothetical"
    return None


def refused(tok) -> bool:
    """Whether the trigger is a negated future or conditional ("will not send", "won't meet", "would
    not provide"): a refusal to act, not a report that the act did not happen."""
    heads = [tok] + ([tok.head] if tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("VERB", "AUX") else [])
    for h in heads:
        kids = list(h.children)
        if any(c.dep_ == "neg" for c in kids):
            return any(c.dep_ == "aux" and c.lower_ in REFUSAL_AUX for c in kids)
    return False


REFUSAL_AUX = FUTURE_AUX | {"would", "'d", "wo"}     # "wo" is the first half of "won't"


def modality(tok) -> tuple[str, object | None, object | None]:
    """(modality, governing token that set it or None, speaker token of a 'say' verb above it or None)."""
    found = own_modality(tok)
    governor = speaker = None
    cur = tok
    for _ in range(MAX_CLIMB):
        if cur.dep_ not in CLIMB_DEPS or cur.head.i == cur.i:
            break
        head = cur.head
        lemma = head.lemma_.lower()
        if found is None:
            if lemma in CONSIDER:
                found, governor = "considered", head
            elif lemma in THREATEN:
                found, governor = "threatened", head
            elif lemma in DENY and cur.dep_ in ("ccomp", "xcomp", "dobj", "pcomp", "acl"):
                found, governor = "denied", head
            elif lemma in FAIL and cur.dep_ == "xcomp":
                found, governor = "negated", head
            elif lemma in INTEND and cur.dep_ in ("xcomp", "ccomp", "dobj"):
                found, governor = "intended", head
            else:
                found = own_modality(head) if head.pos_ in ("VERB", "AUX") and cur.dep_ in ("xcomp", "advcl") else None
        elif lemma in DENY and cur.dep_ in ("ccomp", "xcomp", "dobj", "pcomp", "acl"):
            # a denial anywhere above wins: "denied a report that he had decided to strike"
            found, governor = "denied", head
        if lemma in SAY and speaker is None:
            speaker = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        cur = head
    return found or "asserted", governor, speaker
