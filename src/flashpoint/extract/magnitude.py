"""Magnitudes: how many were killed or injured, and how big the force or crowd, read from numbers
attached to the event's words ("killing three people", "two B-52 bombers", "at least 27 people").
Years, money, percentages and designators ("B-52", "the 160th regiment") are never counts.
"""
from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
              "dozen": 12, "dozens": 12, "scores": 20, "hundred": 100, "hundreds": 100, "thousand": 1000,
              "thousands": 1000, "million": 1_000_000, "millions": 1_000_000})
SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
MULTIPLES = {"tens": 10, "hundreds": 100, "dozens": 12, "scores": 20}
KILL = {"kill", "die", "dead", "death", "slay", "murder", "execute", "fatality"}
INJURE = {"injure", "wound", "hurt", "injury", "casualty"}
ARREST = {"arrest", "detain", "jail", "imprison", "abduct", "kidnap", "capture", "detention"}
DISPLACE = {"displace", "flee", "uproot", "evacuate"}
# Which magnitude a trigger word's count gives.
GROUPS = [(KILL, "killed"), (INJURE, "injured"), (ARREST, "arrested"), (DISPLACE, "displaced")]
CUMULATIVE = {"so far", "since", "in total", "total", "to date", "altogether", "overall"}
# A number above this is not a plausible count of people or equipment in one event.
MAX_PLAUSIBLE = 50_000_000


def number(tok) -> int | None:
    """The value of a numeric token, with a following scale word ("10 million", "tens of thousands")."""
    text = tok.lower_.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        if tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ in SCALE:
            return int(float(text) * SCALE[tok.nbor(1).lower_])
        prev = tok.nbor(-1).text if tok.i > 0 else ""
        if "." in text or prev in ("$", "£", "€", "No", "no", "#"):
            return None
        nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
        if nxt in ("%", "percent", "per"):
            return None
        value = int(text)
        if value > MAX_PLAUSIBLE:
            log.info("dropped an implausible count %s in %r", value, tok.sent.text[:80])
            return None
        return value
    # "tens of thousands", "hundreds of thousands", "dozens of"
    if text in ("tens", "hundreds", "dozens", "scores") and tok.i + 2 < len(tok.doc) and tok.nbor(1).lower_ == "of":
        scale = SCALE.get(tok.nbor(2).lower_.rstrip("s"))
        if scale:
            return {"tens": 10, "hundreds": 100, "dozens": 12, "scores": 20}[text] * scale
    return WORDS.get(text)


def _count_of(noun) -> int | None:
    """The count a noun phrase states: "two bombers", "more than 100 Palestinians", "thousands of
    Kurds", "arresting 12"."""
    if noun.like_num or noun.lower_ in WORDS or noun.lower_ == "tens":
        if noun.ent_type_ not in ("DATE", "MONEY", "PERCENT", "TIME", "ORDINAL") and "-" not in noun.text:
            n = number(noun)
            if n is not None:
                # "tens of thousands" parses as thousands <- quantmod tens
                mult = next((MULTIPLES[c.lower_] for c in noun.children
                             if c.dep_ == "quantmod" and c.lower_ in MULTIPLES), 1)
                return n * mult if n in SCALE.values() else n
    for c in noun.children:
        if c.dep_ in ("nummod", "quantmod") or (c.like_num and c.dep_ in ("amod", "compound")):
            if c.ent_type_ in ("DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "") and "-" not in c.text:
                n = number(c)
                if n is not None:
                    return n
    return None


# Words before a count that make it a bound or an estimate: "at least 156" is a minimum, "up to 100" a
# maximum, "about 20" approximate. Longest phrases first.
QUALIFIERS = (("more than", "min"), ("at least", "min"), ("no fewer than", "min"), ("over", "min"),
              ("upwards of", "min"), ("up to", "max"), ("at most", "max"), ("fewer than", "max"),
              ("less than", "max"), ("nearly", "max"), ("almost", "max"), ("about", "approx"),
              ("around", "approx"), ("some", "approx"), ("approximately", "approx"), ("roughly", "approx"),
              ("an estimated", "approx"), ("estimated", "approx"))


def qualifier_of(noun) -> str | None:
    """'min', 'max' or 'approx' when the count on `noun` is qualified, else None."""
    left = " ".join(t.lower_ for t in noun.subtree if t.i <= noun.i)
    return next((kind for phrase, kind in QUALIFIERS if left.startswith(phrase + " ")
                 or f" {phrase} " in f" {left} "), None)


def _cumulative(sent) -> bool:
    text = sent.text.lower()
    return any(f" {w} " in f" {text} " for w in CUMULATIVE) or any(
        t.dep_ == "aux" and t.lemma_ == "have" and t.head.lemma_ in KILL for t in sent)


def magnitudes(sent) -> dict:
    """killed / injured / arrested / displaced counts stated in the sentence, and whether they read as a
    running total."""
    out: dict = {}
    for tok in sent:
        lemma = tok.lemma_.lower()
        group = next((name for words, name in GROUPS if lemma in words), None)
        if group is None or group in out:
            continue
        # the victims: the object of "kill", the passive subject of "were killed", the subject of "died"
        # or "fled"
        roles = ("dobj", "nsubjpass") if tok.pos_ == "VERB" and lemma not in ("die", "dead", "flee") else ("nsubj",)
        nouns = [c for c in tok.children if c.dep_ in roles]
        if tok.dep_ in ("amod", "acl") and tok.head.pos_ in ("NOUN", "PROPN"):
            nouns.append(tok.head)
        if tok.pos_ == "NOUN":
            nouns.append(tok)
        for n in nouns:
            count = _count_of(n)
            if count is not None:
                out[group] = count
                q = qualifier_of(n)
                if q:
                    out.setdefault("qualifiers", {})[group] = q
                break
    if out:
        out["cumulative"] = _cumulative(sent)
    return out


def size_of(arguments) -> tuple[int, str | None] | None:
    """The size of the force or crowd, with its qualifier: a count on the trigger's object or subject."""
    for arg in arguments:
        if arg is None:
            continue
        n = _count_of(arg)
        if n is not None:
            return n, qualifier_of(arg)
    return None
