"""A batch is written one list per column (store/writes.py: columnar_insert): every value must come
back as it went in, whatever mix of types and NULLs a column holds within the batch."""
from __future__ import annotations

import duckdb
import pytest

from flashpoint.model import Actor, Article, Event, Extraction, Place, Quote, TimeExpr
from flashpoint.store import MEMORY, open_store

TEXT_A = "Coastguards in Dornach seized a trawler on Monday. “We will not allow this,” the minister said."
TEXT_B = "Talks between Valmora and Karsk resumed in Geneva, envoys said on 3 March 2025."


def _event(lat, killed, qualifiers=None) -> Event:
    return Event(category="COERCE", cameo="171", quad=4, goldstein=-9.2, modality="asserted", sentence=[0, 50],
                 trigger=[22, 28], source=Actor("Coastguards", 0, 11, country="DOR", code="DORCOP", sector="COP"),
                 location={"name": "Dornach", "lat": lat, "lon": 12, "precision": "clause"},
                 magnitude={"killed": killed, "injured": None, "size": None, **({"qualifiers": qualifiers}
                                                                                 if qualifiers else {})},
                 date="2025-03-03", confidence=0.75, pattern="verb:seize->171")


def test_a_batch_round_trips_with_mixed_types_and_nulls():
    a = Article.create(TEXT_A, title="Trawler seized", published="2025-03-03", source="Herald")
    b = Article.create(TEXT_B, published=None)
    ex_a = Extraction(a.id, events=[_event(47.5, 2, {"killed": "min"}), _event(47, None)],
                      places=[Place("Dornach", 15, 22, name="Dornach", lat=47.5, lon=12, country="DOR")],
                      dates=[TimeExpr("Monday", 43, 49, value="2025-03-03")],
                      quotes=[Quote([[51, 77]], True, [79, 83], speaker=Actor("the minister", 80, 92), anonymous=False)])
    ex_b = Extraction(b.id, places=[Place("Geneva", 43, 49)])        # a place with no coordinates at all
    big = [2**64 - 1, 2**63, 0, 12345]                                  # MinHash values fill all 64 bits
    with open_store(MEMORY) as s:
        s.write_batch([(a, big, None, ex_a), (b, [1], None, ex_b)])
        arts = {r["id"]: r for r in s.query("SELECT id, title, CAST(published AS VARCHAR) AS published, minhash, "
                                            "n_events, text FROM articles")}
        events = s.query("SELECT seq, lat, lon, killed, qualifiers, goldstein, confidence, source_code, "
                         "CAST(event_date AS VARCHAR) AS day FROM events ORDER BY seq")
        places = s.query("SELECT text, lat, lon, country FROM places ORDER BY article_id = ?, seq", [b.id])
        quotes = s.query("SELECT direct, cue_start, speaker_text, anonymous, content FROM quotes")
    assert arts[a.id]["minhash"] == big and arts[b.id]["minhash"] == [1]
    assert (arts[a.id]["title"], arts[a.id]["published"], arts[a.id]["n_events"]) == ("Trawler seized", "2025-03-03", 2)
    assert (arts[b.id]["title"], arts[b.id]["published"], arts[b.id]["text"]) == (None, None, TEXT_B)
    assert [(e["lat"], e["lon"], e["killed"]) for e in events] == [(47.5, 12.0, 2), (47.0, 12.0, None)]
    assert events[0]["qualifiers"] == '{"killed": "min"}' and events[1]["qualifiers"] is None
    assert all(e["goldstein"] == -9.2 and e["confidence"] == 0.75 and e["source_code"] == "DORCOP"
               and e["day"] == "2025-03-03" for e in events)
    assert places == [{"text": "Dornach", "lat": 47.5, "lon": 12.0, "country": "DOR"},
                      {"text": "Geneva", "lat": None, "lon": None, "country": None}]
    assert quotes == [{"direct": True, "cue_start": 79, "speaker_text": "the minister", "anonymous": False,
                       "content": "[[51, 77]]"}]


def test_a_batch_is_all_or_nothing():
    a = Article.create(TEXT_A)
    with open_store(MEMORY) as s:
        s.write_batch([(a, [1], None, None)])
        with pytest.raises(duckdb.ConstraintException):     # a is stored already: the batch fails whole
            s.write_batch([(Article.create(TEXT_B), [1], None, None), (a, [1], None, None)])
        assert s.counts()["articles"] == 1
