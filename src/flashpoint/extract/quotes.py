"""Quotes: direct quotations in straight or curly quotes with their cue and speaker, and indirect speech
("X said (that) ...", "according to X, ..."). Speakers are resolved to actor codes by the caller's
`resolve`.

Direct quotes are found paragraph by paragraph (a quote left open at a paragraph's end runs to that
end, as news style does for quotes spanning paragraphs); segments of one quotation split by its cue
("“We attacked a submarine,” he said, “and …”") or continued in the next paragraph are merged into one
quote with several content spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Actor, Quote
from ..nlp import doc_text
from ..resolve.actors import bare_actor, phrase_tokens
from .modality import SAY

CUES = SAY | {"warn", "ask", "urge", "accuse", "deny", "tell", "reply", "respond", "write", "post", "stress",
              "explain", "recall", "continue", "insist", "admit", "predict", "quip", "joke", "shout",
              "tweet", "complain", "remark", "observe", "acknowledge", "caution", "concede", "contend",
                           "demand", "wonder", "scream", "yell", "plead", "promise", "vow", "pledge", "boast",
                           "testify", "agree", "chant", "sing", "announce", "inform", "assure", "argue"}
# Verbs that attribute a statement, belief or stance to someone, with what they said, thought or
# wanted as their object or complement ("called for repeal", "cited his remarks", "polls show a lead").
ATTRIBUTION = CUES | {"call", "show", "find", "cite", "want", "plan", "attack", "note", "support", "report",
                      "describe", "criticize", "criticise", "question", "mention", "point", "blast", "refuse",
                      "discuss", "believe", "think", "suggest", "propose", "reveal", "indicate", "emphasize",
                      "highlight", "estimate", "expect", "hope", "know", "accuse", "condemn", "praise",
                      "dismiss", "reject", "decline", "defend", "blame", "slam", "mock", "endorse", "oppose",
                      "welcome", "call", "question", "challenge", "dispute", "recommend", "demand", "seek"}
# Cues that attribute only a clause ("added that …"), never an object ("added a clause").
CLAUSE_ONLY = {"continue", "add", "confirm", "report", "know", "find", "hope", "expect", "want", "plan",
               "ask", "tell"}
# Longest direct quote, in characters: an unbalanced mark must not swallow the rest of the article.
MAX_QUOTE_CHARS = 3000
# A quote without a cue is kept only if it reads as speech: at least this many words and a verb
# (shorter uncued quoted strings are titles, names and scare quotes).
MIN_UNCUED_WORDS = 4
# Segments closer than this (characters of text between them other than the cue clause) are one quote.
MAX_MERGE_GAP = 80


@dataclass
class _Segment:
    start: int                  # at the opening mark
    end: int                    # after the closing mark (or the paragraph's end)
    cue: object = None
    dash: object = None         # speaker named on a dash line after the quote
    spans: list = field(default_factory=list)


# Opening mark -> the closing mark it pairs with: curly, straight, and the typewriter pairs some
# wires use (''…'' and ``…'').
_PAIRS = {"“": "”", "\"": "\"", "''": "''", "``": "''"}
_MARK = re.compile(r"“|\"|''|``")


# A transcript turn: a paragraph that opens with a speaker label ("WALLACE: …", "\"PENCE: …").
_TURN = re.compile(r"^[ \t]*[\"“]?([A-Z][A-Z.'\- ]{1,30}[A-Z]):[ \t]+(?=\S)")


def _turns(doc, resolve) -> list[Quote]:
    """Interview transcripts: each labelled paragraph is what its speaker said."""
    out, pos = [], 0
    for para in doc_text(doc).split("\n"):
        m = _TURN.match(para)
        if m:
            s, e = pos + m.end(), pos + len(para.rstrip(" \"”"))
            label = doc.char_span(pos + m.start(1), pos + m.end(1), alignment_mode="expand")
            speaker = Actor(m.group(1), pos + m.start(1), pos + m.end(1))
            if label is not None:
                speaker = resolve(label.root) or speaker
            if e > s:
                out.append(Quote(content=[[s, e]], direct=False, cue=[pos + m.end(1), pos + m.end(1) + 1],
                                 speaker=speaker))
        pos += len(para) + 1
    return out


def _segments(text: str) -> list[_Segment]:
    """Quoted stretches, paragraph by paragraph, marks included."""
    out: list[_Segment] = []
    pos = 0
    for para in text.split("\n"):
        i, n = 0, len(para)
        if _TURN.match(para):       # a transcript turn is not a quotation
            pos += n + 1
            continue
        while True:
            m = _MARK.search(para, i)
            if m is None:
                break
            close = _PAIRS[m.group()]
            j = para.find(close, m.end())
            end = (j + len(close)) if j != -1 else n      # left open: runs to the paragraph's end
            if end - m.start() <= MAX_QUOTE_CHARS and para[m.end():end].strip(" ”\"'"):
                out.append(_Segment(pos + m.start(), pos + end))
            i = max(end, m.end())
        pos += n + 1
    return out


def _cue_for(doc, seg: _Segment):
    """The cue verb of a quote: in the sentence(s) it touches, outside the quote, nearest first;
    else a preceding sentence that ends in a colon ("McCrummen reports:")."""
    span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
    if span is None:
        return None
    sents = {s.start: s for s in (span[0].sent, span[-1].sent)}
    if span[-1].i + 1 < len(doc):
        nxt = doc[span[-1].i + 1].sent          # “…?” he asks. — the parser ends the sentence at the mark
        if nxt.start == span[-1].i + 1 and len(nxt) <= 12:
            sents[nxt.start] = nxt
    sents = sents.values()
    # an attribution never crosses a paragraph boundary
    para_start = doc_text(doc).rfind("\n", 0, seg.start) + 1
    para_end = doc_text(doc).find("\n", seg.end)
    para_end = len(doc_text(doc)) if para_end == -1 else para_end
    cands = [t for s in sents for t in s if t.lemma_.lower() in CUES and t.pos_ in ("VERB", "AUX")
             and not (seg.start <= t.idx < seg.end) and para_start <= t.idx < para_end]
    if cands:
        return min(cands, key=lambda t: min(abs(t.idx - seg.start), abs(t.idx - seg.end)))
    return _colon_cue(doc, seg)


def _colon_cue(doc, seg: _Segment):
    """“X continued:” / “The New York Times reports:” right before the quote, in its paragraph or
    ending the paragraph before: the verb of that line."""
    pre_end = seg.start
    while pre_end > 0 and doc_text(doc)[pre_end - 1] in " \t\n\xa0":
        pre_end -= 1
    if pre_end == 0 or doc_text(doc)[pre_end - 1] != ":":
        return None
    line_start = doc_text(doc).rfind("\n", 0, pre_end) + 1
    span = doc.char_span(line_start, pre_end, alignment_mode="contract")
    if span is None:
        return None
    return next((t for t in reversed(span) if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() != "be"), None)


def _partial(doc, seg: _Segment) -> bool:
    """A quoted fragment inside the writer's own sentence ("claimed fraud is “a big problem”") rather
    than a quotation standing on its own or introduced by "X said," / "X said:"."""
    span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
    if span is None:
        return False
    para_start = doc_text(doc).rfind("\n", 0, seg.start) + 1
    before = doc_text(doc)[max(span[0].sent.start_char, para_start):seg.start].strip()
    return bool(before) and before[-1] not in ":,—–-(\"“" and any(ch.isalpha() for ch in before)


def _reads_as_speech(doc, seg: _Segment) -> bool:
    span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if t.is_alpha]
    title_case = words and sum(t.text[0].isupper() for t in words) > 0.6 * len(words)
    return len(words) >= MIN_UNCUED_WORDS and any(t.pos_ in ("VERB", "AUX") for t in span) and not title_case


def _merge(doc, segs: list[_Segment]) -> list[_Segment]:
    """Join a segment to the previous one when nothing but whitespace or the previous segment's own
    cue clause lies between them, and it has no other cue of its own."""
    merged: list[_Segment] = []
    for seg in segs:
        seg.spans = [[seg.start, seg.end]]
        prev = merged[-1] if merged else None
        if prev is not None:
            gap = doc_text(doc)[prev.end:seg.start]
            cue_between = prev.cue is not None and prev.end <= prev.cue.idx < seg.start
            same = seg.cue is None or (prev.cue is not None and seg.cue.i == prev.cue.i)
            same = same and seg.dash is None and prev.dash is None
            # the gap is only the cue's own sentence ("…,” she said of the election, in which …. “…”)
            cue_sentence = cue_between and prev.cue.sent.end_char >= seg.start - 2
            if same and (not gap.strip() or (cue_between and (len(gap) <= MAX_MERGE_GAP or cue_sentence))):
                prev.spans.append([seg.start, seg.end])
                prev.end = seg.end
                continue
        merged.append(seg)
    return merged


# Dependencies that hold the speaker when the parser did not make it the subject ("…,” said the chief).
_SPEAKER_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "npadvmod", "appos", "dep")


def _speaker(verb, resolve, *, after_quote: bool = True) -> Actor | None:
    """The subject of the cue; for a participle or a second verb ("…,” adding, “…”) the subject of the
    verb it hangs from; for "Clinton asking, “…”" the noun the participle modifies; for an inverted cue
    after the quote ("…,” said the chief) the noun after it; "who said" is its antecedent."""
    cur = verb
    for _ in range(3):
        if cur.dep_ == "acl" and cur.head.pos_ in ("PROPN", "NOUN"):
            return _actor(cur.head, resolve)
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.tag_ in ("WP", "WDT") and cur.dep_ == "relcl":
            subj = cur.head
        if subj is None and cur.i == verb.i:
            # inverted: "…,” said the chief; "Said Ellis: “…”" (a pronoun only after the quote: "asking her")
            kinds = ("PROPN", "NOUN", "PRON") if after_quote else ("PROPN", "NOUN")
            subj = next((c for c in cur.rights if c.dep_ in _SPEAKER_DEPS and c.pos_ in kinds
                         and c.ent_type_ not in ("DATE", "TIME")), None)
        if subj is not None:
            return _actor(subj, resolve)
        if cur.dep_ not in ("advcl", "xcomp", "conj", "pcomp") or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _right_speaker(cue):
    """The noun right after a cue that directly follows a quote: “…,” said *the chief*."""
    return next((c for c in cue.rights if c.dep_ in ("nsubj", "nsubjpass") + _SPEAKER_DEPS
                 and c.pos_ in ("PROPN", "NOUN") and c.ent_type_ not in ("DATE", "TIME")), None)


def _actor(tok, resolve) -> Actor:
    return resolve(tok) or bare_actor(tok)


def _previous_speaker(doc, seg: "_Segment", resolve) -> Actor | None:
    """A quote standing alone after a sentence about someone ("X, a law professor, has followed the
    case. “…”") is theirs: the person who is the subject of the sentence before."""
    span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
    if span is None or span[0].sent.start == 0:
        return None
    prev = doc[span[0].sent.start - 1].sent
    subj = next((t for t in prev if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
    if subj is not None and (subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she")):
        return _actor(subj, resolve)
    return None


_DASH_NAME = re.compile(r"\s*[―—–]\s*")


def _dash_speaker(doc, seg: _Segment, resolve) -> Actor | None:
    """“…” ― Carla Sanchez: a name after a dash at the end of a quote is its speaker."""
    m = _DASH_NAME.match(doc_text(doc), seg.end)
    if not m:
        return None
    line_end = doc_text(doc).find("\n", m.end())
    line_end = len(doc_text(doc)) if line_end == -1 else line_end
    if not 0 < line_end - m.end() <= 80:
        return None
    span = doc.char_span(m.end(), line_end, alignment_mode="contract")
    if span is None or not len(span) or not span[0].text[:1].isupper():
        return None
    text = doc_text(doc)[span.start_char:span.end_char].strip()
    return resolve(span.root) or Actor(text, span.start_char, span.start_char + len(text))


def _direct(doc, resolve) -> list[Quote]:
    segs = _segments(doc_text(doc))
    for seg in segs:
        seg.cue = _cue_for(doc, seg)
        seg.dash = _dash_speaker(doc, seg, resolve) if seg.cue is None else None
    out = []
    for seg in _merge(doc, [s for s in segs if not _partial(doc, s)]):
        dash = seg.dash
        if seg.cue is None and dash is None and not _reads_as_speech(doc, seg):
            continue
        cue = seg.cue
        if cue is not None and 0 <= cue.idx - seg.spans[0][1] <= 2 and _right_speaker(cue) is not None:
            speaker = _actor(_right_speaker(cue), resolve)   # “…,” said Rep. X — whatever the parser says
        elif cue is not None:
            speaker = _speaker(cue, resolve, after_quote=cue.idx >= seg.spans[0][1])
        else:
            speaker = dash or _previous_speaker(doc, seg, resolve)
        out.append(Quote(content=seg.spans, direct=True, cue=[cue.idx, cue.idx + len(cue)] if cue is not None else None,
                         speaker=speaker))
    return out


def _indirect(doc, resolve, covered: list[tuple[int, int]]) -> list[Quote]:
    out = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in ATTRIBUTION or any(a <= tok.idx < b for a, b in covered):
            continue
        if tok.tag_ == "VB" and not any(c.dep_ == "nsubj" for c in tok.children):
            continue                # "to tell", "will continue": no attribution of its own
        comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "dobj")
                 or (c.dep_ == "prep" and c.lower_ in ("for", "to", "on") and tok.lemma_.lower() in ("call", "point"))]
        if tok.lemma_.lower() in CLAUSE_ONLY:
            comps = [c for c in comps if c.dep_ in ("ccomp", "xcomp")]
        if not comps:
            continue
        toks = [t for c in comps for t in c.subtree if not (t.dep_ == "mark" and t.head.i == c.i)]
        if not toks:
            continue
        toks.sort(key=lambda t: t.i)
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
        if e - s < 3 or any(a <= s and e <= b for a, b in covered):
            continue
        out.append(Quote(content=[[s, e]], direct=False, cue=[tok.idx, tok.idx + len(tok)],
                         speaker=_speaker(tok, resolve)))
    for tok in doc:
        if not (tok.lower_ == "according" and tok.i + 1 < len(doc) and tok.nbor(1).lower_ == "to"):
            continue
        src = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
        if src is None:
            continue
        skip = {x.i for x in phrase_tokens(src)} | {tok.i, tok.i + 1}
        span_toks = [t for t in tok.sent if t.i not in skip and not t.is_punct]
        if span_toks:
            s, e = span_toks[0].idx, span_toks[-1].idx + len(span_toks[-1])
            out.append(Quote(content=[[s, e]], direct=False, cue=[tok.idx, tok.nbor(1).idx + 2],
                             speaker=resolve(src) or bare_actor(src)))
    return out


# Phrases that mark a source as unnamed.
_ANON_CONTEXT = re.compile(r"condition of anonymity|not authori[sz]ed to (?:speak|discuss)|declined to be (?:named|identified)"
                           r"|asked not to be (?:named|identified)|who requested anonymity", re.I)
_ANON_SPEAKER = re.compile(r"^(?:an?|one|two|three|several|some|other|senior|two senior|the)?\s*(?:[\w.-]+\s+){0,4}?"
                           r"(?:officials?|sources?|diplomats?|aides?|advisers?|people|persons?|insiders?|officers?)$", re.I)
# How a report is credited to an outlet or document: "according to a New York Times report", "told Reuters".
_VIA = re.compile(r"according to (?:an? |the )?([^,;.]{3,60}(?:report|reports|newspaper|agency|statement|"
                  r"documents?|Times|Post|Journal|Reuters|AP|AFP|Bloomberg|CNN|BBC))\b"
                  r"|told (?:the )?((?:[A-Z][\w.&'-]*\s?){1,5})", re.I)


def _annotate(doc, q: Quote) -> None:
    """Anonymous sources and the outlet a statement reached us through."""
    start = q.content[0][0]
    span = doc.char_span(start, q.content[-1][1], alignment_mode="expand")
    if span is None:
        return
    sents = [span[0].sent] + ([doc[span[0].sent.start - 1].sent] if span[0].sent.start > 0 else [])
    context = " ".join(s.text for s in sents)
    speaker = q.speaker.text if q.speaker else ""
    named = q.speaker is not None and (q.speaker.entry is not None and q.speaker.code is not None
                                       and any(ch.isupper() for ch in speaker[1:]))
    q.anonymous = bool(_ANON_CONTEXT.search(context)) or (bool(speaker) and not named
                                                          and bool(_ANON_SPEAKER.match(speaker.strip())))
    m = _VIA.search(span[0].sent.text)
    if m:
        via = (m.group(1) or m.group(2) or "").strip()
        if via and via.lower() not in speaker.lower():
            q.via = via


def find_quotes(doc, resolve) -> list[Quote]:
    """`resolve(token) -> Actor | None` resolves a speaker (the caller knows the article's date)."""
    direct = _direct(doc, resolve) + _turns(doc, resolve)
    covered = [(s, e) for q in direct for s, e in q.content]
    out = sorted(direct + _indirect(doc, resolve, covered), key=lambda q: q.content[0][0])
    for q in out:
        _annotate(doc, q)
    return out
