"""The REST API over HTTP on loopback, as a client uses it: the demo database behind a real server."""
from __future__ import annotations

import json

import httpx
import pytest

from flashpoint.api import create_app
from flashpoint.api.app import MAX_EXTRACT_BYTES

from .conftest import LiveServer

INJECTIONS = ["' OR 1=1 --", "USA'; DROP TABLE events; --", "\" OR \"\"=\"", "%' UNION SELECT * FROM articles --",
              "\\x00", "USA:VEN' --"]


def error_of(r: httpx.Response) -> dict:
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}, body
    assert body["error"]["status"] == r.status_code and body["error"]["message"]
    return body["error"]


def test_health_counts_the_store(api):
    body = api.get("/api/health").json()
    assert body["status"] == "ok" and body["read_only"] is True and body["counts"]["merged_events"] > 0


def test_events_page_with_a_cursor_newest_first(api):
    first = api.get("/api/events", params={"dyad": "USA:VEN", "limit": 5}).json()
    second = api.get("/api/events", params={"dyad": "USA:VEN", "limit": 5, "cursor": first["next_cursor"]}).json()
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert len(first["items"]) == 5 and len(set(ids)) == len(ids)
    dates = [e["date"] for e in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)
    assert all(e["source_country"] == "USA" and e["target_country"] == "VEN" for e in first["items"])


def test_events_found_by_words_in_any_mention_evidence(api):
    found = api.get("/api/events", params={"dyad": "USA:VEN", "q": "B-52", "limit": 50}).json()["items"]
    assert found
    for item in found:
        mentions = api.get(f"/api/events/{item['id']}").json()["mentions"]
        assert any("b-52" in m["evidence"].lower() for m in mentions)
    # every word must appear; case does not matter; a word no evidence holds finds nothing
    both = api.get("/api/events", params={"q": "b-52 BOMBERS", "limit": 50}).json()["items"]
    assert {e["id"] for e in both} <= {e["id"] for e in api.get("/api/events", params={"q": "b-52", "limit": 50}).json()["items"]}
    assert api.get("/api/events", params={"q": "zyzzyvaquux"}).json()["items"] == []
    r = api.get("/api/events", params={"q": "x" * 201})
    assert r.status_code == 400 and "at most 200" in error_of(r)["message"]


def test_an_event_comes_with_every_mention_and_its_evidence_spans(api):
    alert = next(a for a in api.get("/api/alerts").json() if a["dyad"] == "USA→VEN")
    top = alert["events"][0]
    event = api.get(f"/api/events/{top['id']}").json()
    assert event["n_mentions"] == len(event["mentions"]) >= 1
    assert len(event["outlets"]) == event["n_sources"]
    for m in event["mentions"]:
        trigger = m["evidence"][m["trigger_start"]:m["trigger_end"]]
        assert trigger and trigger.strip() == trigger
    # a mention's own id leads to the same merged event
    again = api.get(f"/api/events/{event['mentions'][-1]['id']}").json()
    assert again["id"] == event["id"]


def test_dyad_series_alerts_and_map(api):
    body = api.get("/api/dyads/USA/VEN/series", params={"by": "month"}).json()
    assert body["dyad"] == "USA→VEN" and body["series"][0]["period"].endswith("-01")
    assert any(a["level_name"] == "assault" for a in body["alerts"])
    assert body["level"]["level"] >= 3
    points = api.get("/api/map", params={"dyad": "USA:VEN"}).json()
    assert points and all({"lat", "lon", "events", "top_event"} <= set(p) for p in points)
    assert sum(p["events"] for p in points) <= len(api.get("/api/events", params={"dyad": "USA:VEN",
                                                                                    "limit": 500}).json()["items"])
    dyads = api.get("/api/dyads").json()
    assert {"source": "USA", "target": "VEN"}.items() <= dyads[0].items() or any(
        d["source"] == "USA" and d["target"] == "VEN" for d in dyads)


def test_quotes_and_articles(api):
    quotes = api.get("/api/quotes", params={"speaker": "VEN", "limit": 5}).json()
    assert quotes and all((q["speaker_code"] or "").startswith("VEN") or "ven" in (q["speaker_text"] or "").lower()
                          for q in quotes)
    arts = api.get("/api/articles", params={"limit": 3}).json()
    assert len(arts["items"]) == 3 and "text" not in arts["items"][0] and arts["next_cursor"]


def test_extract_returns_the_contract_and_stores_nothing(api):
    before = api.get("/api/health").json()["counts"]["articles"]
    r = api.post("/api/extract", json={"id": "x1", "text": "US forces struck a boat off the coast of Venezuela on "
                                                            "Tuesday, killing three people.", "published": "2025-10-14"})
    doc = r.json()
    assert r.status_code == 200 and doc["id"] == "x1"
    assert {"events", "places", "dates", "quotes"} <= set(doc)
    ev = doc["events"][0]
    assert ev["category"] == "ASSAULT" and ev["source"]["country"] == "USA" and ev["target"]["country"] == "VEN"
    assert api.get("/api/health").json()["counts"]["articles"] == before


@pytest.mark.parametrize("method, path, kwargs, status", [
    ("get", "/api/events/no-such-event", {}, 404),
    ("get", "/api/no-such-route", {}, 404),
    ("get", "/api/events", {"params": {"since": "2025-02-30"}}, 400),
    ("get", "/api/events", {"params": {"cursor": "not-a-cursor"}}, 400),
    ("get", "/api/events", {"params": {"limit": 0}}, 422),
    ("get", "/api/dyads/USA/USA/series", {}, 400),
    ("get", "/api/dyads/USA/VEN/series", {"params": {"by": "year"}}, 400),
    ("delete", "/api/events", {}, 405),
    ("post", "/api/extract", {"json": {"nothing": 1}}, 422),
    ("post", "/api/extract", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ("post", "/api/articles", {"json": {"articles": [{"text": "x"}]}}, 403),
])
def test_every_error_has_one_shape(api, method, path, kwargs, status):
    r = getattr(api, method)(path, **kwargs)
    assert r.status_code == status
    error_of(r)


def test_oversized_bodies_are_refused_before_they_are_read(api):
    r = api.post("/api/extract", content=b"x" * (MAX_EXTRACT_BYTES + 1), headers={"content-type": "application/json"})
    assert r.status_code == 413 and error_of(r)["code"] == "too_large"


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_every_filter_are_data_not_sql(api, value):
    counts = api.get("/api/health").json()["counts"]
    for path, param in [("/api/events", "dyad"), ("/api/events", "actor"), ("/api/events", "category"),
                        ("/api/events", "since"), ("/api/events", "q"), ("/api/articles", "source"), ("/api/quotes", "speaker"),
                        ("/api/map", "dyad"), ("/api/alerts", "since")]:
        r = api.get(path, params={param: value})
        assert r.status_code in (200, 400), (path, param, r.status_code, r.text)
        if r.status_code == 400:
            error_of(r)
    r = api.get(f"/api/events/{value}")
    assert r.status_code == 404
    assert api.get("/api/health").json()["counts"] == counts


def test_no_cors_headers_by_default(api):
    r = api.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in {k.lower() for k in r.headers}


def test_dashboard_is_served_with_a_strict_policy(api):
    r = api.get("/", follow_redirects=True)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert api.get("/ui/../pyproject.toml").status_code == 404
    assert api.get("/openapi.json").json()["info"]["title"] == "flashpoint"


def test_posting_articles_needs_the_token_and_ingests(tmp_path):
    token = "t" * 32
    db = str(tmp_path / "w.duckdb")
    with LiveServer(create_app(db, token=token)) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        body = {"articles": [{"id": "p1", "published": "2025-10-14", "source": "Test Wire",
                              "text": "US forces struck a boat off the coast of Venezuela on Tuesday, killing three people."}]}
        assert c.post("/api/articles", json=body).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "Bearer " + "t" * 31 + "u"}).status_code == 401
        r = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 201 and r.json()["new"] == 1 and r.json()["events"] >= 1
        again = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {token}"}).json()
        assert again["new"] == 0 and again["duplicate"] == 1
        events = c.get("/api/events", params={"dyad": "USA:VEN"}).json()["items"]
        assert events and events[0]["category"] == "ASSAULT"
        assert json.loads(c.get("/api/health").text)["read_only"] is False
