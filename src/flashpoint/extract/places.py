"""Toponyms: spaCy GPE/LOC/FAC entities plus the country-name matcher for what NER misses, resolved to
coordinates from the bundled country table (capitals at the capital, countries at their centroid).
Finer gazetteer resolution (cities, regions, seas) is the geoparser's work (docs/roadmap in README).
"""
from __future__ import annotations

from ..model import Place
from ..resolve.countries import countries, country_names

LABELS = ("GPE", "LOC", "FAC", "NORP")


def _resolve(text: str) -> Place | None:
    name = text[4:] if text.lower().startswith("the ") else text
    iso = country_names().get(name)
    if iso is None:
        return None
    c = countries()[iso]
    if name == c.capital:
        return Place(text, 0, 0, name=c.capital, lat=c.capital_lat, lon=c.capital_lon, country=iso, feature="PPLC")
    return Place(text, 0, 0, name=c.name, lat=c.lat, lon=c.lon, country=iso, feature="PCLI")


def find_places(doc) -> list[Place]:
    out: list[Place] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        hit = _resolve(ent.text)
        if ent.label_ == "NORP":          # demonyms locate nothing by themselves
            continue
        p = hit or Place(ent.text, 0, 0, name=ent.text)
        p.text, p.start, p.end = ent.text, ent.start_char, ent.end_char
        out.append(p)
        taken.update(range(ent.start, ent.end))
    names = country_names()
    for tok in doc:
        if tok.i in taken or not tok.text[:1].isupper() or tok.ent_type_ in ("PERSON", "ORG", "NORP"):
            continue
        iso = names.get(tok.text)
        if iso and tok.text not in countries()[iso].demonyms:
            p = _resolve(tok.text)
            p.text, p.start, p.end = tok.text, tok.idx, tok.idx + len(tok)
            out.append(p)
    return sorted(out, key=lambda p: p.start)
