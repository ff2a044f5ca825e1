"""Quotes: direct quotations in straight or curly quotes with their cue verb and speaker, and indirect
speech ("X said (that) ...", "according to X, ..."). Speakers are resolved to actor codes.
"""
from __future__ import annotations

import re

from ..model import Actor, Quote
from ..resolve.actors import bare_actor, phrase_tokens
from .modality import SAY

# A direct quote: “…” or "…", at least this many characters inside.
MIN_QUOTE_CHARS = 12
_DIRECT = re.compile(r"“([^”]{%d,}?)”|\"([^\"]{%d,}?)\"" % (MIN_QUOTE_CHARS, MIN_QUOTE_CHARS), re.S)
CUES = SAY | {"warn", "ask", "urge", "accuse", "deny", "tell", "reply", "respond", "write", "post", "stress"}


def _speaker(verb, resolve) -> Actor | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    return resolve(subj) or bare_actor(subj)


def _cue_near(doc, start: int, end: int):
    """A cue verb in the sentence(s) touching the quote, outside the quoted text; nearest first."""
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return None
    sents = {first[0].sent, first[-1].sent}
    cands = [t for s in sents for t in s if t.lemma_.lower() in CUES and t.pos_ == "VERB"
             and not (start <= t.idx < end)]
    return min(cands, key=lambda t: min(abs(t.idx - start), abs(t.idx - end)), default=None)


def find_quotes(doc, resolve) -> list[Quote]:
    """`resolve(token) -> Actor | None` resolves a speaker (the caller knows the article's date)."""
    out: list[Quote] = []
    covered: list[tuple[int, int]] = []
    for m in _DIRECT.finditer(doc.text):
        g = 1 if m.group(1) is not None else 2
        s, e = m.start(g), m.end(g)
        if len(m.group(g).split()) < 3:
            continue
        cue = _cue_near(doc, m.start(), m.end())
        speaker = _speaker(cue, resolve) if cue is not None else None
        out.append(Quote(content=[[s, e]], direct=True, cue=[cue.idx, cue.idx + len(cue)] if cue else None,
                         speaker=speaker))
        covered.append((m.start(), m.end()))
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in CUES:
            continue
        if any(a <= tok.idx < b for a, b in covered):
            continue
        comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if comp is None:
            continue
        toks = [t for t in comp.subtree if t.dep_ != "mark" or t.head.i != comp.i]
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
        if any(a <= s < b or a < e <= b for a, b in covered):
            continue
        out.append(Quote(content=[[s, e]], direct=False, cue=[tok.idx, tok.idx + len(tok)],
                         speaker=_speaker(tok, resolve)))
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and tok.nbor(1).lower_ == "to":
            src = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
            sent = tok.sent
            if src is None:
                continue
            span_toks = [t for t in sent if t.i not in {x.i for x in phrase_tokens(src)} and t.i not in (tok.i, tok.i + 1)
                         and not t.is_punct]
            if not span_toks:
                continue
            s, e = span_toks[0].idx, span_toks[-1].idx + len(span_toks[-1])
            out.append(Quote(content=[[s, e]], direct=False, cue=[tok.idx, tok.nbor(1).idx + 2],
                             speaker=resolve(src) or bare_actor(src)))
    return sorted(out, key=lambda q: q.content[0][0])
