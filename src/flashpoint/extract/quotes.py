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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

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


def _para_bounds(doc, idx: int) -> tuple[int, int]:
    """[start, end) of the paragraph (newline-delimited line) holding character `idx`; the newline
    positions are found once per document."""
    nl = doc.user_data.get("flashpoint.quotes.newlines")
    if nl is None:
        nl = doc.user_data["flashpoint.quotes.newlines"] = [m.start() for m in re.finditer("\n", doc_text(doc))]
    k = bisect_left(nl, idx)
    return (nl[k - 1] + 1 if k > 0 else 0), (nl[k] if k < len(nl) else len(doc_text(doc)))


class _Covered:
    """The character ranges held by direct quotes, merged and sorted, for lookups in log time."""

    def __init__(self, spans):
        self.starts, self.ends = [], []
        for s, e in sorted(spans):
            if self.ends and s <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], e)
            else:
                self.starts.append(s)
                self.ends.append(e)

    def holds(self, idx: int) -> bool:
        k = bisect_right(self.starts, idx) - 1
        return k >= 0 and idx < self.ends[k]

    def contains(self, s: int, e: int) -> bool:
        k = bisect_right(self.starts, s) - 1
        return k >= 0 and e <= self.ends[k]

    def overlap(self, s: int, e: int) -> int:
        n, k = 0, max(bisect_right(self.starts, s) - 1, 0)
        while k < len(self.starts) and self.starts[k] < e:
            n += max(0, min(e, self.ends[k]) - max(s, self.starts[k]))
            k += 1
        return n


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
# Marks that may close a quotation besides its own pair: copy edited by several hands mixes curly and
# straight marks (“We will win," he said. "It is done.”).
_ALSO_CLOSES = {"“": ("\"",), "\"": ("”",), "''": ("”",), "``": ("”", "\"")}


def _closing(para: str, mark: str, start: int) -> tuple[int, str]:
    """Where the quotation opened by `mark` closes in the paragraph: the first closing mark after it
    (-1 if none)."""
    best, which = -1, _PAIRS[mark]
    for close in (_PAIRS[mark],) + _ALSO_CLOSES[mark]:
        j = para.find(close, start)
        if j != -1 and (best == -1 or j < best):
            best, which = j, close
    return best, which


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
            j, close = _closing(para, m.group(), m.end())
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
    para_start = _para_bounds(doc, seg.start)[0]
    para_end = _para_bounds(doc, seg.end)[1]
    adjacent = _adjacent_cue(doc, seg, span, para_start, para_end)
    if adjacent is not None:
        return adjacent
    cands = [t for s in sents for t in s if t.lemma_.lower() in CUES and t.pos_ in ("VERB", "AUX")
             and not (seg.start <= t.idx < seg.end) and para_start <= t.idx < para_end and t.dep_ != "amod"]
    if cands:
        return min(cands, key=lambda t: min(abs(t.idx - seg.start), abs(t.idx - seg.end)))
    return _colon_cue(doc, seg)


# Finite verb forms, and the words that may stand between a speaker's name and the verb of a
# speech clause next to a quote ("Trump barked", "Hillary shot back,", "she then boomed,").
_FINITE = ("VBD", "VBZ", "VBP")
_CLAUSE_FILL = ("PROPN", "NOUN", "PRON", "DET", "ADJ", "ADV", "NUM", "PART", "PUNCT", "SPACE", "CCONJ")


def _adjacent_cue(doc, seg: _Segment, span, para_start: int, para_end: int):
    """The verb of a short speech clause right next to the quote, whatever the verb: “…,” Trump barked;
    “…?” asked the host; Hillary shot back, “…”; As X puts it, “…”. Only a finite verb with nothing
    but its subject (and adverbs, particles) between it and the quote mark counts. A clause that
    introduces the quote with a colon ("X fired back: “…,” he wrote") comes first."""
    before = doc_text(doc)[para_start:seg.start].rstrip()
    if before.endswith(":"):
        return _cue_before(doc, span, para_start) or _cue_after(doc, seg, span, para_end)
    return _cue_after(doc, seg, span, para_end) or (_cue_before(doc, span, para_start) if before.endswith(",")
                                                    else None)


def _according(tok) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to"


def _according_source(tok):
    """The source named by "according to X": the object of "to", else the first noun after it."""
    to = tok.nbor(1)
    src = next((c for c in to.children if c.dep_ == "pobj"), None)
    if src is None:
        nxt = next((t for t in tok.doc[to.i + 1:min(to.i + 5, len(tok.doc))] if _speaker_noun(t)), None)
        src = _np_head(nxt, to.i + 1, tok.sent.end) if nxt is not None else None
    return src


def _cue_after(doc, seg: _Segment, span, para_end: int):
    inner = doc_text(doc)[seg.start:seg.end].rstrip("”\"' ")
    if not (inner and inner[-1] in ",?!" and span[-1].i + 1 < len(doc)):
        return None
    words = []
    for t in doc[span[-1].i + 1:min(span[-1].i + 10, len(doc))]:
        if not words and _according(t):
            return t                # “…,” according to the report.
        if t.idx >= para_end or t.text in (".", ";", "“", "\"") or t.is_sent_start and words:
            break
        if t.pos_ == "VERB" and t.tag_ in _FINITE:
            return None if any(w.tag_ in ("WP", "WDT") for w in words) else t
        if t.pos_ not in _CLAUSE_FILL or t.text == ",":
            break
        words.append(t)
    return None


# Words a speech verb may be separated from its quote by: an object, a short phrase of time, place or
# manner ("proclaimed at a press conference, “…”", "told the Post in a written statement: “…”").
_PHRASE_FILL = ("ADP", "DET", "NOUN", "PROPN", "ADJ", "NUM", "ADV", "PART", "SPACE")
MAX_PHRASE_GAP = 8


def _cue_before(doc, span, para_start: int):
    if span[0].i == 0:
        return None
    i = span[0].i - 1
    while i >= 0 and (doc[i].is_space or doc[i].text in (",", ":")):
        i -= 1
    lo = doc[i].sent.start if i >= 0 else 0
    for _ in range(MAX_PHRASE_GAP):
        if i < lo or doc[i].idx < para_start:
            break
        t = doc[i]
        if t.pos_ == "VERB" and (t.tag_ in _FINITE or t.tag_ == "VBN" and t.dep_ in ("ROOT", "conj")) \
                and t.lemma_.lower() != "be":
            return t
        if not (t.pos_ in _PHRASE_FILL or t.dep_ in ("prt", "amod") or (t.pos_ == "PRON" and t.dep_ in ("dobj", "pobj"))):
            break
        i -= 1
    return None


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
    if span is None or not len(span):
        return None
    # the sentence that ends in the colon: a speech verb in it, else its main verb, else its last verb
    intro = [t for t in span if t.i >= span[-1].sent.start]
    verbs = [t for t in intro if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() != "be" and t.dep_ != "amod"]
    return (next((t for t in reversed(verbs) if t.lemma_.lower() in CUES), None)
            or next((t for t in verbs if t.dep_ == "ROOT"), None)
            or (verbs[-1] if verbs else None))


def _partial(doc, seg: _Segment) -> bool:
    """A quoted fragment inside the writer's own sentence ("claimed fraud is “a big problem”") rather
    than a quotation standing on its own or introduced by "X said," / "X said:"."""
    span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
    if span is None:
        return False
    para_start = _para_bounds(doc, seg.start)[0]
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
            # “X fired back: “…,” he wrote, “…”” — the clause between is an aside in a quote already cued
            aside = (seg.cue is not None and prev.cue is not None and prev.cue.idx < prev.start
                     and prev.end <= seg.cue.idx < seg.start and len(gap) <= 40 and "." not in gap
                     and doc_text(doc)[prev.end - 2:prev.end - 1] == ",")
            cue_between = cue_between or aside
            same = seg.cue is None or aside or (prev.cue is not None and seg.cue.i == prev.cue.i)
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
# A participle or second verb with one of these relations says who speaks through the verb it hangs from.
_CLIMB = ("advcl", "xcomp", "conj", "pcomp")
# Cues whose object is who was spoken to, never who spoke ("told reporters", "telling the crowd").
ADDRESSEE = {"tell", "ask", "urge", "inform", "assure", "remind", "warn", "thank", "email", "text", "reply"}


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
        if subj is None and cur.i == verb.i and not (cur.tag_ == "VBG" and cur.dep_ in _CLIMB):
            # inverted: "…,” said the chief; "Said Ellis: “…”" (a pronoun only after the quote: "asking her");
            # never the addressee of "told reporters", "telling the crowd"
            kinds = ("PROPN", "NOUN", "PRON") if after_quote else ("PROPN", "NOUN")
            deps = _SPEAKER_DEPS if cur.lemma_.lower() not in ADDRESSEE else ("nsubj", "nsubjpass", "attr")
            subj = next((c for c in cur.rights if c.dep_ in deps and c.pos_ in kinds
                         and c.ent_type_ not in ("DATE", "TIME")), None)
        if subj is not None:
            return _actor(subj, resolve)
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head.i != cur.head.i:
            cur = cur.head.head         # "explained the move by saying", "before saying"
            continue
        if cur.dep_ not in _CLIMB or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _right_speaker(cue):
    """The noun right after a cue that directly follows a quote: “…,” said *the chief*."""
    return next((c for c in cue.rights if c.dep_ in ("nsubj", "nsubjpass") + _SPEAKER_DEPS
                 and c.pos_ in ("PROPN", "NOUN") and c.ent_type_ not in ("DATE", "TIME")), None)


# Parts of speech that can head a speaker's noun phrase, and the relations that join a word to the head
# of its phrase ("Col. Steven H. *Warren*", "The Post's Dana *Milbank*").
_NP_POS = ("PROPN", "NOUN", "PRON")
_NP_INNER = ("compound", "flat", "amod", "det", "poss", "nmod", "nummod", "case", "punct")


def _in_spans(tok, spans) -> bool:
    return any(s <= tok.idx < e for s, e in spans)


def _np_head(tok, lo: int, hi: int):
    """The head of the noun phrase `tok` is part of, looking only at tokens lo <= i < hi."""
    cur = tok
    for _ in range(8):
        if cur.dep_ not in _NP_INNER or cur.head.i == cur.i or not lo <= cur.head.i < hi:
            break
        cur = cur.head
    return cur


def _speaker_noun(tok) -> bool:
    return (tok.pos_ in _NP_POS and tok.tag_ not in ("WP", "WDT", "EX") and tok.ent_type_ not in ("DATE", "TIME")
            and tok.is_alpha)


def _thing(doc, actor: Actor) -> bool:
    """A speaker phrase headed by a common noun that names no person."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span is not None and span.root.pos_ == "NOUN" and span.root.ent_type_ not in ("PERSON", "ORG", "NORP")


def _positional_speaker(cue, spans):
    """Who speaks, by position alone, for when the parse gives no usable subject: the noun phrase
    between the quote and its cue (“…,” Gene Sperling, an adviser, said), right after a cue that
    follows the quote (“…,” said Robin Maynard), or right before a cue that introduces it, past an
    apposition in commas (Col. X, a military spokesman, said, “…”)."""
    doc, sent = cue.doc, cue.sent
    quote_end = max((e for s, e in spans if e <= cue.idx), default=None)
    if quote_end is not None:
        between = [t for t in sent if quote_end <= t.idx < cue.idx]
        words = [t for t in between if not t.is_punct and not t.is_space]
        if not words:       # inverted: “…,” said the chief
            for t in doc[cue.i + 1:min(cue.i + 5, sent.end)]:
                if t.is_punct:
                    break
                if _speaker_noun(t):
                    return _np_head(t, cue.i + 1, sent.end)
            return None
        if len(words) <= 12:
            first = next((t for t in words if _speaker_noun(t)), None)
            if first is not None and not any(t.pos_ in ("VERB", "AUX") for t in words if t.i < first.i):
                return _np_head(first, first.i, cue.i)
        return None
    # the cue introduces the quote: the phrase right before it
    i, lo = cue.i - 1, sent.start
    while i >= lo and (doc[i].pos_ in ("ADV", "AUX", "PART") or doc[i].is_space):
        i -= 1
    if i < lo or _in_spans(doc[i], spans):
        return None
    if _speaker_noun(doc[i]):
        return _np_head(doc[i], lo, cue.i)
    if doc[i].text != ",":
        return None
    for _ in range(4):          # X, a spokesman for Y, said
        i -= 1
        while i >= lo and doc[i].text != ",":
            i -= 1
        if i - 1 < lo or _in_spans(doc[i - 1], spans):
            return None
        t = doc[i - 1]
        if t.pos_ in ("PROPN", "PRON") and _speaker_noun(t):
            return _np_head(t, lo, i)
    return None


def _actor(tok, resolve) -> Actor:
    a = resolve(tok) or bare_actor(tok)
    # a closing quote mark the parser hung on the speaker's name is not part of it
    lead = len(a.text) - len(a.text.lstrip("”“\"' ,"))
    if 0 < lead < len(a.text) and a.start + len(a.text) == a.end:
        a = replace(a, text=a.text[lead:], start=a.start + lead)
    return a


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


# What may separate a name label from the text before it: a headline dash, an ellipsis, a sentence end.
_LABEL_BREAK = {"-", "—", "–", "--", "...", "…", ".", "\n"}


def _label(doc, seg: _Segment):
    """“Headline - Jane Doe and John Roe: “…”” or “… Donald Trump: “…””: a bare name (or names) with a
    colon right before the quote is its speaker; the colon is the cue. Returns (colon, speaker)."""
    text = doc_text(doc)
    pre = seg.start
    while pre > 0 and text[pre - 1] in " \t\xa0":
        pre -= 1
    if pre == 0 or text[pre - 1] != ":":
        return None
    span = doc.char_span(pre - 1, seg.end, alignment_mode="expand")
    if span is None or span[0].text != ":" or span[0].i == 0:
        return None
    colon, names, i = span[0], [], span[0].i - 1
    while i >= 0 and len(names) <= 6:
        t = doc[i]
        if t.is_space or t.text in _LABEL_BREAK:
            break
        if not (t.pos_ == "PROPN" or t.lower_ == "and" or t.text in (",", "’s", "'s")):
            return None
        names.append(t)
        i -= 1
    names = names[::-1]
    if not names or names[0].pos_ != "PROPN" or names[-1].pos_ != "PROPN" or len(names) > 6:
        return None
    if i >= 0 and not doc[i].is_space and doc[i].text not in _LABEL_BREAK:
        return None
    start, end = names[0].idx, names[-1].idx + len(names[-1])
    return colon, Actor(text[start:end], start, end)


def _resolved_label(label, resolve):
    """The label's actor code, where the resolver knows the name, on the label's own span."""
    colon, actor = label
    tok = colon.nbor(-1)
    found = resolve(tok) if actor.text.count(" and ") == 0 else None
    if found is not None and found.code:
        actor = replace(found, text=actor.text, start=actor.start, end=actor.end)
    return colon, actor


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
        label = _label(doc, seg)
        if label is not None:
            label = _resolved_label(label, resolve)
            cue, speaker = label
        elif cue is not None and _according(cue):
            src = _according_source(cue)
            speaker = _actor(src, resolve) if src is not None else None
        elif cue is not None and 0 <= cue.idx - seg.spans[0][1] <= 2 and _right_speaker(cue) is not None:
            speaker = _actor(_right_speaker(cue), resolve)   # “…,” said Rep. X — whatever the parser says
        elif cue is not None:
            speaker = _speaker(cue, resolve, after_quote=cue.idx >= seg.spans[0][1])
        else:
            speaker = dash or _previous_speaker(doc, seg, resolve)
        if label is not None or (cue is not None and _according(cue)):
            pass
        elif cue is not None and (speaker is None or any(s <= speaker.start < e for s, e in seg.spans)):
            # no subject in the parse, or the "subject" is words of the quote itself
            tok = _positional_speaker(cue, seg.spans)
            speaker = _actor(tok, resolve) if tok is not None else None
        elif cue is not None and speaker.code is None and _thing(doc, speaker):
            # a thing ("the move", "a statement") where the clause next to the quote names a person
            tok = _positional_speaker(cue, seg.spans)
            if tok is not None and tok.pos_ in ("PROPN", "PRON") and tok.lower_ not in ("it", "that", "this"):
                speaker = _actor(tok, resolve)
        out.append(Quote(content=seg.spans, direct=True, cue=[cue.idx, cue.idx + len(cue)] if cue is not None else None,
                         speaker=speaker))
    return out


# Tokens that end what a reported-speech clause says when the parser runs it on past them: a dash or
# semicolon opening the writer's own aside.
_CLAUSE_BREAK = {"—", "–", "--", ";"}


def _clip(toks: list, cue) -> list:
    """The content tokens of an indirect quote, kept to the cue's paragraph and cut at the first
    dash or semicolon after the content begins (on the side away from the cue)."""
    para_lo, para_hi = _para_bounds(cue.doc, cue.idx)
    toks = [t for t in toks if para_lo <= t.idx < para_hi and not t.is_space]
    if not toks:
        return toks
    if toks[0].i > cue.i:           # content after its cue: cut at the first break
        for k, t in enumerate(toks[1:], 1):
            if t.text in _CLAUSE_BREAK:
                return toks[:k]
    else:                           # content before its cue: keep from the last break
        for k in range(len(toks) - 1, 0, -1):
            if toks[k].text in _CLAUSE_BREAK and toks[k].i < cue.i:
                return toks[k + 1:]
    while toks and toks[-1].is_punct and toks[-1].text not in ("”", "\"", "''", ")"):
        toks = toks[:-1]
    return toks


def _indirect(doc, resolve, covered: list[tuple[int, int]]) -> list[Quote]:
    out = []
    cov = _Covered(covered)
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in ATTRIBUTION or cov.holds(tok.idx):
            continue                # inside a quotation
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
        toks = _clip(sorted(toks, key=lambda t: t.i), tok)
        if not toks:
            continue
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
        if e - s < 3 or 2 * cov.overlap(s, e) > e - s:
            continue                # mostly a direct quotation already found
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
