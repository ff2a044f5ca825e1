"""Extraction: from an Article (and its spaCy Doc) to the contract object — events, places, dates and
quotes with character offsets. `extract_articles` is the one entry point the pipeline calls.
"""
from __future__ import annotations

import logging
import time
from collections import deque
from typing import Iterable, Iterator

from .. import nlp
from ..model import Actor, Article, Extraction
from .dates import find_dates
from .events import PRONOUNS, actor_of, code_sentence
from .magnitude import magnitudes, size_of
from .placement import article_focus, event_date, event_location
from .places import find_places
from .quotes import find_quotes

log = logging.getLogger(__name__)

# A sentence longer than this many tokens is a list or a flattened table, not prose: not coded.
MAX_SENTENCE_TOKENS = 150
# At most this many events from one sentence (the most confident are kept): a list of names must not
# explode into dozens of events.
MAX_EVENTS_PER_SENTENCE = 8
# Below this share of English function words among a document's words it is not English (the parser
# would read it as noise), measured only on documents of at least MIN_WORDS_FOR_LANGUAGE words.
# English news runs at 0.35-0.50 (short headlines and lists lower: 0.15 lost real snippets of the
# events-case set); Spanish or French text through the English model at under 0.08.
MIN_ENGLISH_STOPWORDS = 0.10
MIN_WORDS_FOR_LANGUAGE = 20

# Seconds of coding one document may take after parsing; past it the remaining sentences are not
# coded (logged), so a pathological document cannot stall its batch. A 2,000-word article codes in
# well under a second on the reference laptop.
DOC_BUDGET_SECONDS = 20.0

# The counts each category carries from its sentence.
COUNTED = {"ASSAULT": {"killed", "injured", "arrested", "displaced"}, "COERCE": {"arrested", "displaced"}}
# Categories whose size is the size of a force or crowd.
SIZED = {"MOBILIZE", "PROTEST", "COERCE", "SANCTION", "ASSAULT"}


def _attach(ev, tok, sent, ctx, mags):
    ev.date, ev.date_precision = event_date(sent, ctx["dates"], ctx["published"])
    ev.location = event_location(ev, sent.doc, sent, ctx["places"], ctx["focus"])
    _place_target(ev, sent, ctx["places"])
    _place_source(ev, sent.doc, ctx["places"])
    if ev.category in COUNTED and mags:
        # an assault's dead and wounded, a crackdown's arrests, and the people either drove from home
        keep = {k: (dict(v) if isinstance(v, dict) else v) for k, v in mags.items()
                if k in COUNTED[ev.category] or k in ("qualifiers", "cumulative")}
        if any(k in COUNTED[ev.category] for k in keep):
            ev.magnitude.update(keep)
    if ev.category in SIZED and ev.magnitude.get("size") is None:
        # who acted or was acted on, in number: the object and subject of the trigger, or of the light
        # verb that carries a nominal trigger ("thousands staged demonstrations")
        holders = [tok] + ([tok.head] if tok.pos_ in ("NOUN", "PROPN") else [])
        args = [c for h in holders for c in h.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
        found = size_of(args)
        if found is not None and found[0] not in (mags.get("killed"), mags.get("injured")):
            ev.magnitude["size"] = found[0]
            if found[1]:
                ev.magnitude.setdefault("qualifiers", {})["size"] = found[1]


# Relations that put the event inside a place ("protesters blocked streets in Hong Kong"), as opposed
# to beside or toward it ("off Venezuela", "to the border").
INSIDE_RELATIONS = {None, "in", "at", "inside", "near", "outside", "around"}


# Categories whose target is whatever stands at the place: "struck a building near Nabatieh" is an
# attack on Lebanon, "fired tear gas in Caracas" coercion in Venezuela.
PLACED_TARGETS = {"ASSAULT", "COERCE"}
# ... and off its shore or in its waters: "struck a boat off the coast of Venezuela".
TARGET_RELATIONS = INSIDE_RELATIONS | {"off-coast", "coast", "waters", "off"}


def _place_target(ev, sent, places) -> None:
    """An attack on something named without a country, or on nothing named at all, is on the country
    of the place the clause puts it in or off (never a place the source came from: see
    event_location)."""
    tgt, loc = ev.target, ev.location
    if ev.category not in PLACED_TARGETS or loc is None or not loc.get("country") \
            or loc.get("precision") != "clause" or loc.get("relation") not in TARGET_RELATIONS:
        return
    if tgt is not None and (tgt.country is not None or tgt.code or tgt.text.lower() in PRONOUNS):
        return
    if tgt is not None:
        tgt.country = tgt.code = loc["country"]
        return
    place = next((p for p in places if sent.start_char <= p.start < sent.end_char and p.name == loc["name"]), None)
    if place is not None:
        ev.target = Actor(place.text, place.start, place.end, country=loc["country"], code=loc["country"])


# Dependencies that make a place someone's partner in an act rather than where it happened.
ARGUMENT_DEPS = {"dobj", "nsubj", "nsubjpass", "dative", "iobj"}


def _place_source(ev, doc, places) -> None:
    """A source named without a country ("demonstrators", "a roadside bomb") takes the country of the
    place the clause puts the event in, as a domestic actor: "a car bomb in Kirkuk killed ..." -> IRQ.
    Only the clause's own place counts (not the article's focus), never a place that is itself the
    target ("a delegation visited Bucharest") or another verb's argument ("Congress asked the president
    to help Iran": Congress is not Iranian), and a pronoun waits for its antecedent instead."""
    src, loc, tgt = ev.source, ev.location, ev.target
    if src is None or src.country is not None or src.code or loc is None or not loc.get("country"):
        return
    if loc.get("precision") != "clause" or loc.get("relation") not in INSIDE_RELATIONS \
            or src.text.lower() in PRONOUNS:
        return
    if loc["relation"] is None:
        place = next((p for p in places if p.name == loc["name"] and ev.sentence[0] <= p.start < ev.sentence[1]), None)
        if place is not None and tgt is not None and tgt.start <= place.start < tgt.end:
            return              # the place is what was acted on ("visited Bucharest"), not where
        span = doc.char_span(place.start, place.end, alignment_mode="expand") if place is not None else None
        if span is not None and span.root.dep_ in ARGUMENT_DEPS and span.root.head.pos_ in ("VERB", "AUX"):
            return              # another act's partner: "asked the president to help Iran"
    src.country = loc["country"]
    src.code = loc["country"] + (src.sector or "")


def _attribute(ev, quotes) -> None:
    """An event inside what someone said is reported by them: modality "reported" (unless the clause
    already says threatened, considered, …) and the attribution chain speaker ← outlet."""
    trig = ev.trigger[0]
    holders = [q for q in quotes if any(s <= trig < e for s, e in q.content)]
    # the innermost statement: "according to a report, an official said that X" is the official's
    q = min(holders, key=lambda q: sum(e - s for s, e in q.content), default=None)
    if q is None or q.speaker is None:
        return
    who = q.speaker.text + (f" ({q.speaker.code})" if q.speaker.code else "")
    if q.anonymous:
        who += " [anonymous]"
    ev.attribution = who + (f", via {q.via}" if q.via else "")
    # a speaker's own statement of intent, threat or demand is the act itself, not a report of one
    src = ev.source
    own_words = ev.quad in (1, 3) and src is not None and (
        src.text.lower() in ("we", "i", "they", "he", "she")                 # "X said they will …"
        or src.start < q.content[0][0]                                       # the speakers themselves
        or (src.country is not None and src.country == q.speaker.country))
    if ev.modality == "asserted" and not own_words:
        ev.modality = "reported"


def looks_english(doc) -> bool:
    words = [t for t in doc if t.is_alpha]
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return True
    return sum(t.is_stop for t in words) / len(words) >= MIN_ENGLISH_STOPWORDS


def extract_doc(doc, article: Article) -> Extraction:
    """The contract object for one parsed article (events only for English prose)."""
    published = article.published
    if not looks_english(doc):
        log.info("%s does not read as English; no events coded", article.origin or article.doc_id)
        return Extraction(id=article.doc_id)
    dates = find_dates(doc, published)
    places = find_places(doc)
    ctx = {"dates": dates, "places": places, "published": published, "focus": article_focus(places)}
    ex = Extraction(id=article.doc_id, places=places, dates=dates,
                    quotes=find_quotes(doc, lambda t: actor_of(t, published)))
    deadline = time.monotonic() + DOC_BUDGET_SECONDS
    for sent in doc.sents:
        if time.monotonic() > deadline:
            log.warning("%s: coding stopped after %.0f s at character %d (document time budget)",
                        article.origin or article.doc_id, DOC_BUDGET_SECONDS, sent.start_char)
            break
        if len(sent) > MAX_SENTENCE_TOKENS:
            continue
        coded = code_sentence(sent, published)
        if not coded:
            continue
        if len(coded) > MAX_EVENTS_PER_SENTENCE:
            coded = sorted(coded, key=lambda te: -te[1].confidence)[:MAX_EVENTS_PER_SENTENCE]
            coded.sort(key=lambda te: te[1].trigger[0])
        mags = magnitudes(sent)
        for tok, ev in coded:
            _attach(ev, tok, sent, ctx, mags)
            _attribute(ev, ex.quotes)
            ex.events.append(ev)
    return ex


# Articles per task sent to a worker process, and tasks in flight per process: small enough to keep
# both cores busy to the end of a corpus, large enough that the pickling of articles and extractions
# (a few KB each) is noise. spaCy's own n_process ships whole parsed Docs back to this process, which
# on 2 cores made two processes no faster than one (benchmarks/run.py).
CHUNK = 8
IN_FLIGHT = 4


def _extract_chunk(payload: tuple[list[Article], bool]) -> list[tuple[Article, Extraction]]:
    articles, prefilter = payload
    return list(extract_articles(articles, prefilter=prefilter))


def _in_processes(articles: Iterable[Article], n_process: int, batch_size: int,
                  prefilter: bool) -> Iterator[tuple[Article, Extraction]]:
    """Parse and code in `n_process` worker processes, in order, with a bounded window of chunks in
    flight (memory stays bounded for any corpus size). Workers are forked after the model is loaded
    here, so they share it instead of loading their own."""
    import itertools
    import multiprocessing

    nlp.load()
    ctx = multiprocessing.get_context("fork")
    it = iter(articles)
    chunks = iter(lambda: list(itertools.islice(it, CHUNK)), [])
    with ctx.Pool(n_process) as pool:
        pending: deque = deque()
        for chunk in itertools.islice(chunks, n_process * IN_FLIGHT):
            pending.append(pool.apply_async(_extract_chunk, ((chunk, prefilter),)))
        while pending:
            done = pending.popleft().get()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.apply_async(_extract_chunk, ((nxt, prefilter),)))
            yield from done


def extract_articles(articles: Iterable[Article], *, batch_size: int = nlp.BATCH_SIZE,
                     n_process: int = 1, prefilter: bool = False) -> Iterator[tuple[Article, Extraction]]:
    """Parse and extract articles in order, streaming. With `prefilter`, sentences that cannot hold
    an event are blanked before parsing (extract/prefilter.py): faster, offsets unchanged. With
    `n_process` > 1, chunks of articles are parsed AND coded in worker processes (see _in_processes)."""
    if n_process > 1:
        yield from _in_processes(articles, n_process, batch_size, prefilter)
        return
    buffered: deque[Article] = deque()
    if prefilter:
        from .prefilter import mask

    def texts():
        for a in articles:
            buffered.append(a)
            text = mask(a.text)[0] if prefilter else a.text
            if len(text) > nlp.MAX_CHARS:
                # the parser refuses longer texts (spaCy E088), which would end the whole batch: code the
                # first MAX_CHARS characters (offsets into them stay valid) and say so
                log.warning("%s is %d characters long; only the first %d are coded", a.origin or a.doc_id,
                            len(text), nlp.MAX_CHARS)
                text = text[:nlp.MAX_CHARS]
            yield text

    for doc in nlp.parse(texts(), batch_size=batch_size, n_process=n_process):
        article = buffered.popleft()
        try:
            ex = extract_doc(doc, article)
        except Exception as exc:  # noqa: BLE001 - one bad document must not cost the batch
            log.warning("extraction failed on %s (%s: %s); stored with no events — please report it "
                        "with this document", article.origin or article.doc_id, type(exc).__name__, exc)
            ex = Extraction(id=article.doc_id)
        yield article, ex
