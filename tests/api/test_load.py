"""The API under concurrent load (a small run of benchmarks/loadtest.py against the live server), and
concurrent writes through POST /api/articles, which share the one DuckDB connection and must take turns."""
from __future__ import annotations

import asyncio
import importlib.util
import shutil
import sys
from pathlib import Path

import httpx

from flashpoint.api import create_app

from .conftest import LiveServer

LOADTEST = Path(__file__).resolve().parents[2] / "benchmarks" / "loadtest.py"


def _loadtest():
    name = "flashpoint_loadtest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, LOADTEST)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module          # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_concurrent_clients_get_right_answers(live):
    lt = _loadtest()
    result = asyncio.run(lt.run_load(live.url, clients=20, requests=300, seed=7, verify=100))
    summary = lt.summarize(result)
    assert summary["requests"] == 300
    assert summary["errors"] == 0, lt.report(summary)
    # every kind of request was in the mix, each with the status it should have
    lat = summary["latency_ms"]
    for endpoint in lt.MIX:
        assert lat.get(endpoint, {}).get("n", 0) > 0, f"no {endpoint} requests in the mix"
    assert all(s.startswith("2") for ep, row in lat.items() if ep not in ("overall", "bad") for s in row["status"])
    assert all(s.startswith("4") for s in lat["bad"]["status"])
    # no cross-talk: a URL's answers under load agree with each other and with the same request alone
    cc = summary["cross_check"]
    assert cc["refetched"] > 0 and cc["differ_under_load"] == 0 and cc["differ_from_alone"] == 0


def test_checks_catch_wrong_answers():
    """The load test's checks are not vacuous: an answer for another request fails them."""
    lt = _loadtest()
    req = lt.Workload(1).events({"dyad": "USA:VEN", "limit": 10})
    other = {"items": [{k: None for k in lt.EVENT_KEYS} | {"id": "x", "date": "2025-10-01", "source_code": "VEN",
                                                             "target_code": "USA"}], "next_cursor": None}
    assert lt.judge(req, 200, b'{"items": [], "next_cursor": null}', "application/json")[0] is None
    assert lt.judge(req, 200, httpx.Response(200, json=other).content, "application/json")[0] == "bad body"
    assert lt.judge(req, 400, b'{"error": {"status": 400, "code": "bad_input", "message": "m"}}',
                    "application/json")[0] == "unexpected 4xx"
    bad = lt.Req("bad", "GET", "/api/events", {"since": "2025-02-30"}, expect=400)
    assert lt.judge(bad, 400, b'{"detail": "no"}', "application/json")[0] == "error shape"
    assert lt.judge(bad, 200, b'{"items": [], "next_cursor": null}', "application/json")[0] == "expected 4xx"
    assert lt.judge(bad, 500, b'{}', "application/json")[0] == "5xx"


SENTENCES = ["US forces struck a boat in the Caribbean on Tuesday, killing three people, officials said.",
             "Venezuela condemned the United States over the strike and accused Washington of aggression.",
             "Maduro ordered troops to the coast and deployed soldiers along the border with Colombia."]


def test_concurrent_ingests_take_turns(demo_db, tmp_path):
    """Concurrent POST /api/articles used to share the one connection at once: all but one got a 500
    ('connection is busy with another call'). Now they take turns, and reads go on meanwhile."""
    db = tmp_path / "rw.duckdb"
    shutil.copy(demo_db, db)
    token = "t" * 32
    auth = {"Authorization": f"Bearer {token}"}

    def batch(k: int) -> dict:
        return {"articles": [{"id": f"load-{k}-{i}", "published": "2025-11-20", "source": f"Wire {k}",
                              "text": f"{s} Report {k}-{i} was filed from desk {10 * k + i}."}
                             for i, s in enumerate(SENTENCES)]}

    async def hammer(url: str):
        async with httpx.AsyncClient(base_url=url, timeout=60) as c:
            before = (await c.get("/api/health")).json()["counts"]["articles"]
            posts = [c.post("/api/articles", json=batch(k), headers=auth) for k in range(4)]
            posts.append(c.post("/api/articles", json=batch(0), headers=auth))    # the same batch twice
            reads = [c.get("/api/events", params={"limit": 5}) for _ in range(10)]
            answers = await asyncio.gather(*posts, *reads)
            after = (await c.get("/api/health")).json()["counts"]["articles"]
            return before, answers, after

    with LiveServer(create_app(str(db), token=token)) as server:
        before, answers, after = asyncio.run(hammer(server.url))
    posted, read = answers[:5], answers[5:]
    assert [r.status_code for r in posted] == [201] * 5, [r.text for r in posted]
    assert sorted(r.json()["new"] for r in posted) == [0, 3, 3, 3, 3]       # one of the twin batches: duplicates
    assert after == before + 12
    assert all(r.status_code == 200 and len(r.json()["items"]) == 5 for r in read)
