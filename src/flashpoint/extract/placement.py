"""Where and when an event happened: the place and date of its own clause, else the article's focus
and publication date, each with a precision flag, and the spatial relation that ties the event to its
place ("off the coast of Venezuela", "the border with Colombia", "north of Kyiv")."""
from __future__ import annotations

from collections import Counter

from ..model import is_day
from ..resolve.countries import countries

# Nouns that say how an event relates to the place named after them ("the coast of X").
RELATION_NOUNS = {"coast": "coast", "coastline": "coast", "shore": "coast", "waters": "waters",
                  "border": "border", "frontier": "border", "outskirts": "outskirts", "north": "north",
                  "south": "south", "east": "east", "west": "west", "northeast": "northeast",
                  "northwest": "northwest", "southeast": "southeast", "southwest": "southwest",
                  "center": "center", "centre": "center", "capital": "capital"}
# Prepositions that are relations themselves ("near Caracas", "off Venezuela").
RELATION_PREPS = {"near", "off", "along", "outside", "inside", "across", "over", "around", "toward",
                  "towards", "into", "in", "at"}


def event_date(sent, dates, published: str | None) -> tuple[str | None, str | None]:
    """(date, precision): a day named in the clause ('clause'), else the publication date ('published')."""
    day = next((d.value for d in dates if sent.start_char <= d.start < sent.end_char and is_day(d.value)), None)
    if day:
        return day, "clause"
    return (published, "published") if published else (None, None)


def article_focus(places) -> str | None:
    """The country an article is about: the one its resolved places fall in most often."""
    counts = Counter(p.country for p in places if p.country)
    return counts.most_common(1)[0][0] if counts else None


def relation(doc, place) -> str | None:
    """How the clause ties an event to `place`: 'coast', 'border', 'near', 'north', 'in', …"""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root
    prep = head.head if head.dep_ == "pobj" else None
    if prep is None:
        return None
    if prep.lower_ == "of" and prep.head.lemma_.lower() in RELATION_NOUNS:
        noun = prep.head
        rel = RELATION_NOUNS[noun.lemma_.lower()]
        before = doc[noun.left_edge.i - 1] if noun.left_edge.i > 0 else None     # "off the coast of X"
        return f"off-{rel}" if before is not None and before.lower_ == "off" and rel == "coast" else rel
    if prep.lower_ == "with" and prep.head.lemma_.lower() in ("border", "frontier"):
        return "border"
    return prep.lower_ if prep.lower_ in RELATION_PREPS else None


def granularity(feature: str | None) -> str:
    """How much ground a place covers: "point" (a town, a port, a base), "country", or "area" (a
    province, a sea, a region: wider than a point, less than or across countries)."""
    if feature and feature.startswith("PCL"):
        return "country"
    if feature and (feature.startswith("PPL") or feature not in AREA_FEATURES):
        return "point"
    return "area"


# GeoNames feature codes of places wider than a town.
AREA_FEATURES = {"ADM1", "ADM2", "ADM3", "RGN", "SEA", "OCN", "CONT", "GULF", "BAY", "STRT", "ISLS", "MTS", "DSRT"}


def event_location(ev, doc, sent, places, focus: str | None) -> dict | None:
    """The clause's place (not the source's own name), else the article's focus country."""
    src = ev.source
    here = [p for p in places if sent.start_char <= p.start < sent.end_char and p.lat is not None
            and not (src is not None and src.start <= p.start < src.end)]     # "bombers from Louisiana"
    tgt = ev.target
    # the target's own place first ("off the coast of Venezuela"), then one the clause relates the
    # event to, then any other
    place = next((p for p in here if tgt is not None and tgt.start <= p.start < tgt.end), None) \
        or next((p for p in here if relation(doc, p) not in (None, "in", "at")), None) \
        or (here[0] if here else None)
    if place is not None:
        return {"name": place.name, "lat": place.lat, "lon": place.lon, "country": place.country,
                "relation": relation(doc, place), "precision": "clause", "granularity": granularity(place.feature)}
    if focus and focus in countries():
        c = countries()[focus]
        return {"name": c.name, "lat": c.lat, "lon": c.lon, "country": focus, "relation": None,
                "precision": "article", "granularity": "country"}
    return None
