"""Time expressions: where they are in a parsed article and what TIMEX3 value they have.

Spans come from spaCy's DATE/TIME entities, cleaned to TimeBank's conventions (ages and bare numbers
dropped, "the quarter ended Sept. 30" split in two, a trailing possessive or "later" cut off), plus a
rule-based matcher for what the model misses ("now", "recently", "the future", "daily", "every
week", "Friday night", "noon Thursday"). Values come from `timex.normalise`, given what the parse
says about each expression: the tense of the verb it hangs on (a bare "Friday" is last Friday in
"met Friday" and next Friday in "will meet Friday"), the day the sentence is about (for clock times)
and the quarter an earnings report is about ("a year earlier" is that quarter a year back).

"earlier this week" in an article of 2025-10-17 -> 2025-W42; "on Tuesday" -> 2025-10-14;
"October 14" -> 2025-10-14; "three days" -> P3D; "now" -> PRESENT_REF; "every week" -> SET P1W.
"""
from __future__ import annotations

import re
from datetime import date

from ..model import TimeExpr
from .timex import MONTHS, WEEKDAYS, Context, normalise, parse_ref, resolve

__all__ = ["find_dates", "resolve"]

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?|" + "|".join(
    m for m in MONTHS if len(m) > 3)
_WEEKDAY = "|".join(WEEKDAYS)
_PART = r"morning|afternoon|evening|night"
_CLOCKTIME = r"(?:noon|midnight|\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?(?:\s+[A-Z]{3}\b)?)"

# What spaCy misses, or cuts differently from TimeBank. Matched case-insensitively on the text.
PATTERNS = [re.compile(p, re.I) for p in (
    rf"\b(?:{_WEEKDAY})\s+(?:{_PART})s?\b",                                  # Friday night
    rf"\b{_CLOCKTIME},?\s+(?:{_WEEKDAY}|(?:{_MONTH})\s+\d{{1,2}}\b)",          # noon Thursday, 5 p.m. EST Nov. 9
    rf"\b(?:{_WEEKDAY}),?\s+(?:{_MONTH})\s+\d{{1,2}}\b(?:,\s+\d{{4}}\b)?",        # Friday, Oct. 13
    rf"\b(?:this|yesterday|tomorrow|late|early|mid|the)[ -]?(?:{_PART})\b(?!\s+(?:of|news|paper|show|edition))",
    r"\bnow\b(?![-'])",
    r"\b(?:currently|current)\b",
    r"\b(?:more\s+|most\s+|until\s+)?recently\b",
    r"\brecent\s+(?:years|months|weeks|days|quarters)(?:\s+and\s+(?:years|months|weeks|days))?\b",
    r"\bthe\s+(?:near\s+|distant\s+|foreseeable\s+)?future\b|\bfuture\s+quarters\b",
    r"\bthe\s+past\b(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty"
    r"|year|month|week|day|decade|quarter))",
    r"\b(?:daily|weekly|hourly|nightly)\b",
    rf"\b(?:every|each)\s+(?:other\s+)?(?:day|week|month|year|quarter|morning|night|evening|weekend|"
    rf"{_WEEKDAY}|{_MONTH})\b",
    r"\bthe\s+(?:near|short|long)\s+term\b",
    r"\bthese\s+days\b",
    r"\b(?:the\s+)?(?:year|month|week|quarter)[- ]end\b",
    rf"\b(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?",    # Sept. 30, 1989
    r"\bthe\s+weekend\b",
    r"\b(?:the\s+)?(?:latest|year[- ]earlier|year[- ]ago|comparable|corresponding|same|\d{4})\s+(?:period|quarter)"
    r"\b(?:\s+(?:last\s+year|a\s+year\s+(?:ago|earlier)))?",
    r"\b(?:last\s+|this\s+|next\s+)?(?:thanksgiving|christmas|easter|new\s+year's|halloween)(?:\s+day|\s+eve)?\b",
)]

# Words that lead a spaCy entity but not a TimeBank TIMEX3, and a cut-off for what follows one.
_LEAD = re.compile(r"^(?:(?:about|around|approximately|roughly|only|just|some|barely|as\s+(?:long|early|late|soon|"
                   r"recently)\s+as|between|by|until|since|from|in|on|at(?!\s+least)|during|for|within|before|after|of|"
                   r"through|to|an?\s+end\s+to\s+an?)\s+)+", re.I)
_TAIL = re.compile(r"(?:'s|\u2019s|[,.;:]|\s+later|\s+alone)$", re.I)
_SPLIT = re.compile(r"\s+(?:ended|ending|through|to|until|thru)\s+|\s+and\s+(?=(?:" + _MONTH + "|" + _WEEKDAY +
                    r"|\d)\b)", re.I)
_AGE = re.compile(r"\d+[- ]?(?:years?|months?)[- ]old|\byears?[- ]old\b|^(?!1\d{3}$|20\d\d$)\d+$|\d{5,}|\bages?\b|"
                  r"\baged\b", re.I)
_TIMEWORD = re.compile(
    rf"\b(?:{_MONTH}|{_WEEKDAY}|{_PART}|overnight|tonight|today|tomorrow|yesterday|now|current(?:ly)?|"
    r"recent(?:ly)?|future|past|previous(?:ly)?|earlier|later|ago|soon|daily|weekly|hourly|"
    r"(?:second|minute|hour|day|week|weekend|fortnight|month|quarter|year|decade|century|centuries|millenni)\w*|"
    r"spring|summer|fall|autumn|winter|christmas|easter|thanksgiving|new year|noon|midnight|midday|"
    r"period|half|term|time|moment|\d{4}s?|'\d0s|\d{1,2}:\d\d|[ap]\.m|\w+ties|nineteen)\b", re.I)
_DROP = re.compile(r"^(?:annual|annually|quarterly|seasonally|monthly|yearly|the\s+day|that\s+day|this\s+day|"
                   r"a\s+day|the\s+time|time|days|night|the\s+night(?:\s+of)?|evening|morning|seconds|minutes|"
                   r"the\s+comparable|the\s+first\s+days)$", re.I)
_QUARTER = re.compile(r"\b(?:first|second|third|fourth|[1-4](?:st|nd|rd|th))\b[\s-]+(?:fiscal[\s-]+)?quarter|"
                      r"\bQ[1-4]\b", re.I)
_RATE = re.compile(r"^(?:a|an|per)\s+(?:day|week|month|year|hour)$", re.I)

PAST_PREP = {"since", "ended", "ago"}
FUTURE_PREP = {"until", "by", "till", "through", "next", "starting", "beginning", "effective", "payable", "record",
               "ending"}
REPORTING = {"say", "tell", "report", "announce", "add", "state", "claim", "note", "confirm", "disclose"}
FUTURE_HEADS = {"plan", "expect", "schedule", "hope", "want", "intend", "aim", "prepare", "seek", "agree",
                "propose", "set", "due", "likely", "ready", "try"}


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    """Narrow [s, e) to TimeBank's extent: no leading preposition or hedge, no trailing possessive."""
    while True:
        span = text[s:e]
        m = _LEAD.match(span)
        if m and m.end() < len(span):
            s += m.end()
            continue
        m = _TAIL.search(span)
        if m and m.start() > 0 and not re.search(r"\b(?:a\.m|p\.m|[a-z]{3,4})\.$", span, re.I):
            e = s + m.start()
            continue
        if span[:1].isspace() or span[-1:].isspace():
            s, e = s + len(span) - len(span.lstrip()), s + len(span.rstrip())
            continue
        return s, e


_LEFT = re.compile(r"\b(?:this|last|next|that|the)\s+$", re.I)
_UNITLIKE = re.compile(r"(?:year|month|week|quarter|decade|century|spring|summer|fall|autumn|winter)\b", re.I)


def _extend(text: str, s: int, e: int) -> tuple[int, int]:
    """Take in the determiner spaCy left out: "this" of "this year's election"."""
    m = _LEFT.search(text, max(0, s - 6), s)
    if m and _UNITLIKE.match(text, s) and not re.search(r"\b(?:this|last|next|that|the)\b", text[s:e], re.I):
        return m.start(), e
    return s, e


def _pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A span split where spaCy joined two expressions: "the quarter ended Sept. 30", "Sept. 14 to
    Thursday", "today through Nov. 17"."""
    out, at = [], s
    for m in _SPLIT.finditer(text, s, e):
        left, right = text[at:m.start()], text[m.end():e]
        if _TIMEWORD.search(left) and _TIMEWORD.search(right) and not re.fullmatch(r"[\w\s]*\d", left):
            out.append((at, m.start()))
            at = m.end()
    out.append((at, e))
    return out


def _candidates(doc) -> list[tuple[int, int]]:
    text = doc.text
    spans = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        for s, e in _pieces(text, ent.start_char, ent.end_char):
            spans.append(_strip(text, s, e))
    for pat in PATTERNS:
        for m in pat.finditer(text):
            spans.append(_strip(text, m.start(), m.end()))
    spans = [_extend(text, s, e) for s, e in spans]
    kept: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0] - x[1], x[0])):   # longest first
        span = text[s:e]
        if e <= s or _AGE.search(span) or _DROP.match(span) or not _TIMEWORD.search(span):
            continue
        if any(s < ke and ks < e for ks, ke in kept):
            continue
        kept.append((s, e))
    return sorted(kept)


def _tense(span) -> str | None:
    """"past" or "future" from the word before the expression ("since", "until") or the verb it hangs
    on ("met Friday", "will meet Friday", "plans to meet Friday"); None when unclear."""
    if span is None:
        return None
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in PAST_PREP:
        return "past"
    if before in FUTURE_PREP or before in ("early", "soon") and span.start > 1 and doc[span.start - 2].lower_ == "as":
        return "future"
    tok = span.root
    if tok.dep_ == "poss":                     # "Wednesday's ruling": something that has happened
        return "past"
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.lemma_ in FUTURE_HEADS:
            break
        if tok.head is tok:
            return None
        tok = tok.head
    else:
        return None
    return _verb_tense(tok)


def _verb_tense(tok, depth: int = 0) -> str | None:
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if tok.pos_ not in ("VERB", "AUX"):        # "due", "ready", "likely"
        return "future"
    if aux & {"had", "has", "have", "'ve", "was", "were"}:
        return "past"
    if aux & {"will", "'ll", "shall", "wo", "would", "'d", "may", "might"}:
        return "future"
    if "to" in aux:                             # an infinitive takes its time from the verb above it
        head = tok.head
        if head is tok or head.lemma_ in FUTURE_HEADS and not {c.lower_ for c in head.children} & {"had", "has"}:
            return "future"
        return _verb_tense(head, depth + 1) if head.pos_ in ("VERB", "AUX") and depth < 4 else "future"
    if tok.tag_ in ("VBD", "VBN"):
        return "past"
    if tok.tag_ == "VBG":
        return "future" if aux & {"is", "are", "'s", "'re", "am"} else None
    if tok.tag_ in ("VBZ", "VBP"):
        return "past" if tok.lemma_ in REPORTING else "future"
    return None


def _day(value: str | None) -> date | None:
    if value and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return date.fromisoformat(value)
    return None


def find_dates(doc, published: str | None) -> list[TimeExpr]:
    """The time expressions of a parsed article, in text order, with TIMEX3 types and values."""
    ref = parse_ref(published)
    text = doc.text
    found = []
    for s, e in _candidates(doc):
        span = doc.char_span(s, e, alignment_mode="expand")
        found.append((s, e, span))
    # days of each sentence, for clock times; the quarter under discussion, for "a year earlier"
    out: list[TimeExpr] = []
    focus = last_day = None
    for s, e, span in found:
        t = text[s:e]
        ctx = Context(ref=ref, tense=_tense(span), focus=focus)
        typ, value = normalise(t, ctx)
        if typ == "TIME" and span is not None:           # a clock time is on the day its sentence names
            ctx.anchor = _sentence_day(found, span, ref) or (last_day if ref else None)
            if ctx.anchor:
                typ, value = normalise(t, ctx)
        if _RATE.match(t) and span is not None and span.start > 0 and \
                doc[span.start - 1].pos_ in ("NUM", "NOUN", "PROPN", "SYM", "ADJ"):
            typ, value = "SET", value                                            # "$33 million a year"
        if value and re.fullmatch(r"\d{4}-Q[1-4]", value) and _QUARTER.search(t) and ref and \
                (int(value[:4]), int(value[-1])) < (ref.year, (ref.month - 1) // 3 + 1):
            focus = value                       # a quarter already over: the one an earnings report is about
        last_day = _day(value) or last_day
        out.append(TimeExpr(text=t, start=s, end=e, type=typ, value=value))
    return out


def _sentence_day(found, span, ref) -> date | None:
    """The day another expression of the same sentence names ("at 10:35 a.m. Friday")."""
    sent = span.sent
    best = None
    for s, e, other in found:
        if other is None or other is span or other.sent != sent or other.start == span.start:
            continue
        d = _day(normalise(span.doc.text[s:e], Context(ref=ref, tense=_tense(other)))[1])
        if d and (best is None or abs(other.start - span.start) < best[0]):
            best = (abs(other.start - span.start), d)
    return best[1] if best else None
