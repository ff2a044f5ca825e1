"""The REST API under load: a real `flashpoint serve` subprocess on a free loopback port, hit by C
concurrent clients sending R requests in all, mixed as the dashboard and API users do.

    python benchmarks/loadtest.py [--clients 50] [--requests 2000] [--db DB] [--json OUT]

Without --db the demo database is built in a temporary folder (`flashpoint demo`). The mix (weights
in MIX): event listings with dyad / actor / category / since filters and cursor follow-ups, single
events by ids taken from listings, dyads, USA/VEN series by week or month, alerts, quotes, map cells,
articles with cursor follow-ups, and ~5% bad requests (impossible dates, unknown ids, SQL-injection
strings, out-of-range limits, unknown routes, a write to a read-only server) that must get a 4xx with
the API's JSON error shape.

Every response is checked: status, the JSON shape of its endpoint, and that it answers the request it
was sent for (filters honoured, the asked-for event, the dyad and period asked for, pages strictly
after their cursor, newest first). Then, as a cross-talk check, every URL requested more than once
must have had the same body each time, and up to --verify distinct URLs are fetched again one at a
time and compared with what came back under load (the database is read-only, so answers are fixed).

An error is: a 5xx, a connection error, a timeout, a 4xx (or a non-JSON body) on a request that should
have succeeded, a 2xx on a bad request, a 4xx without the error shape, a body that fails its checks,
or an answer that differs from the same URL's other answers. Reports requests, errors, p50/p95/p99
latency overall and per endpoint, throughput, and the server's peak RSS (VmHWM of its process); exits
1 when there was any error.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import quote, urlencode

import httpx

# ------------------------------------------------------------------------------------------- the mix
# Relative weights of what one client request is (they sum to 100, so they read as percentages).
MIX = {
    "events": 25,           # first page, with a mix of dyad/actor/category/since/until filters
    "events+cursor": 10,    # the next page of a listing seen earlier (its next_cursor)
    "event/{id}": 15,       # one event, by an id (merged id or mention id) taken from listings
    "dyads": 6,
    "series": 10,           # /api/dyads/USA/VEN/series?by=week|month (and VEN/USA, both directions)
    "alerts": 5,
    "quotes": 8,
    "map": 8,
    "articles": 8,          # first pages and cursor follow-ups
    "bad": 5,               # must get a 4xx with the error shape
}
DYADS = ["USA:VEN", "VEN:USA", "USA:COL", "VEN:COL", "RUS:VEN", "USAGOV:VEN", "VENGOV:USA"]
ACTORS = ["USA", "VEN", "COL", "VENGOV", "USAMIL"]
CATEGORIES = ["ASSAULT", "ACCUSE", "THREATEN", "MOBILIZE", "AGREE", "REQUEST", "19", "11", "04"]
DAYS = ["2025-03-01", "2025-06-01", "2025-08-15", "2025-09-01", "2025-10-01", "2025-10-10", "2025-10-20",
        "2025-11-01"]
LIMITS = [10, 20, 50, 100]
SPEAKERS = ["VEN", "USA", "maduro", "trump", "minister"]
SOURCES = ["Harbor Wire", "Andes Dispatch", "Continental Press", "Meridian News Service", "No Such Outlet"]
# Free-text filters that must come back as an ordinary (usually empty) answer, not an error.
INJECTION_TEXT = ["'; DROP TABLE events; --", "' OR '1'='1", "ASSAULT' UNION SELECT * FROM articles --",
                  "%' OR 1=1 --", "\\x00<script>alert(1)</script>"]

KEEPALIVE_S = 2.0         # client keep-alive expiry, below uvicorn's timeout_keep_alive (5 s)

STATUS_CODES = {400: "bad_input", 401: "unauthorized", 403: "read_only", 404: "not_found",
                405: "method_not_allowed", 413: "too_large", 422: "bad_input"}


def _q(text: str) -> str:
    return quote(text, safe="")


# (method, path, params, json body, expected status): each must get that 4xx with the error shape.
BAD = [
    ("GET", "/api/events", {"since": "2025-02-30"}, None, 400),
    ("GET", "/api/events", {"until": "yesterday"}, None, 400),
    ("GET", "/api/events", {"dyad": "USA' OR '1'='1"}, None, 400),
    ("GET", "/api/events", {"dyad": "USA:VEN; DROP TABLE events"}, None, 400),
    ("GET", "/api/events", {"cursor": "' OR 1=1 --"}, None, 400),
    ("GET", "/api/events", {"cursor": "bm90IGEgY3Vyc29y"}, None, 400),      # base64 of 'not a cursor'
    ("GET", "/api/events", {"limit": "0"}, None, 422),
    ("GET", "/api/events", {"limit": "9999"}, None, 422),
    ("GET", "/api/events", {"limit": "ten"}, None, 422),
    ("GET", "/api/events/" + _q("' OR '1'='1"), {}, None, 404),
    ("GET", "/api/events/" + _q("x'; DROP TABLE merged_events; --"), {}, None, 404),
    ("GET", "/api/events/no-such-event-{n}", {}, None, 404),
    ("GET", "/api/dyads/USA/VEN/series", {"by": "year"}, None, 400),
    ("GET", "/api/dyads/US/VEN/series", {}, None, 400),
    ("GET", "/api/dyads/USA/USA/series", {}, None, 400),
    ("GET", "/api/dyads/USA/VEN/series", {"since": "2025-13-01"}, None, 400),
    ("GET", "/api/dyads", {"limit": "-1"}, None, 422),
    ("GET", "/api/alerts", {"since": "2025-11-31"}, None, 400),
    ("GET", "/api/quotes", {"since": "not-a-date"}, None, 400),
    ("GET", "/api/quotes", {"until": "2025-1-1"}, None, 400),
    ("GET", "/api/map", {"cell": "0"}, None, 422),
    ("GET", "/api/map", {"dyad": "VEN"}, None, 400),
    ("GET", "/api/map", {"since": "1 OR 1=1"}, None, 400),
    ("GET", "/api/articles", {"until": "2025-1-1"}, None, 400),
    ("GET", "/api/articles", {"cursor": "MjAyNS0xMy0wMXx4"}, None, 400),    # base64 of '2025-13-01|x'
    ("GET", "/api/no-such-route", {}, None, 404),
    ("DELETE", "/api/events", {}, None, 405),
    ("POST", "/api/articles", {}, {"articles": []}, 403),                     # the server is read-only
]


# ------------------------------------------------------------------------------------- the requests
class CheckFailed(Exception):
    pass


def need(cond: Any, what: str) -> None:
    if not cond:
        raise CheckFailed(what)


@dataclass
class Req:
    endpoint: str
    method: str
    path: str
    params: dict = field(default_factory=dict)
    body: Optional[dict] = None
    expect: int = 200
    check: Optional[Callable[[Any], None]] = None
    after: Optional[Callable[[Any], None]] = None     # feeds ids / cursors back into the pools

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}" + (f"?{urlencode(sorted(self.params.items()))}" if self.params else "")


def _is_list_of_dicts(body: Any, keys: tuple[str, ...]) -> None:
    need(isinstance(body, list), "not a JSON list")
    for row in body:
        need(isinstance(row, dict), "a list item is not an object")
        missing = [k for k in keys if k not in row]
        need(not missing, f"an item lacks {missing}")


def _is_page(body: Any, limit: int, keys: tuple[str, ...]) -> list[dict]:
    need(isinstance(body, dict) and set(body) == {"items", "next_cursor"}, "not {items, next_cursor}")
    items = body["items"]
    _is_list_of_dicts(items, keys)
    need(len(items) <= limit, f"{len(items)} items for limit {limit}")
    nxt = body["next_cursor"]
    need(nxt is None or (isinstance(nxt, str) and len(items) == limit), "next_cursor on a short page")
    return items


def _newest_first(items: list[dict], day: str) -> None:
    """(day DESC NULLS LAST, id DESC), as the keyset pagination promises."""
    for a, b in zip(items, items[1:]):
        da, db = a[day], b[day]
        ok = ((da is not None and db is not None and (da, a["id"]) > (db, b["id"]))
              or (da is not None and db is None) or (da is None and db is None and a["id"] > b["id"]))
        need(ok, f"not newest first: {a['id']} then {b['id']}")


def _after_cursor(items: list[dict], cursor: str, day: str) -> None:
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    cday, cid = raw.split("|", 1)
    for it in items:
        d = it[day]
        if cday:
            ok = d is None or d < cday or (d == cday and it["id"] < cid)
        else:
            ok = d is None and it["id"] < cid
        need(ok, f"item {it['id']} ({d}) is not after the cursor ({cday}, {cid})")


EVENT_KEYS = ("id", "date", "category", "cameo", "cameo_name", "source_country", "source_code", "target_country",
              "target_code", "evidence", "n_mentions", "n_articles")
ARTICLE_KEYS = ("id", "url", "source", "title", "published", "n_events", "chars")


def _checked_page(body: Any, params: dict, keys: tuple[str, ...], day: str) -> list[dict]:
    """A page's items, checked: the page's shape, newest first by `day`, after the cursor asked for."""
    items = _is_page(body, int(params.get("limit", 50)), keys)
    _newest_first(items, day)
    if "cursor" in params:
        _after_cursor(items, params["cursor"], day)
    return items


def check_events(params: dict) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        items = _checked_page(body, params, EVENT_KEYS, "date")
        for it in items:
            if "dyad" in params:
                a, b = params["dyad"].split(":")
                src = it["source_code"] if it["source_code"] is not None else (it["source_country"] or "")
                tgt = it["target_code"] if it["target_code"] is not None else (it["target_country"] or "")
                need(src.startswith(a) and tgt.startswith(b), f"{it['id']} ({src}->{tgt}) is not dyad {a}:{b}")
            if "actor" in params:
                a = params["actor"]
                need((it["source_code"] or "").startswith(a) or (it["target_code"] or "").startswith(a),
                     f"{it['id']} has no actor {a}")
            if "category" in params:
                c = params["category"]
                need((it["category"] or "").upper() == c.upper() or (it["cameo"] or "").startswith(c),
                     f"{it['id']} ({it['category']}, {it['cameo']}) is not category {c}")
            if "since" in params:
                need(it["date"] is not None and it["date"] >= params["since"], f"{it['id']} before since")
            if "until" in params:
                need(it["date"] is not None and it["date"] <= params["until"], f"{it['id']} after until")
    return check


def check_event(ident: str) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        need(isinstance(body, dict), "not a JSON object")
        for k in EVENT_KEYS + ("mentions", "outlets"):
            need(k in body, f"lacks {k}")
        need(isinstance(body["mentions"], list) and body["mentions"], "no mentions")
        need(isinstance(body["outlets"], list) and all(isinstance(o, str) for o in body["outlets"]), "bad outlets")
        ids = {m.get("id") for m in body["mentions"]}
        need(body["id"] == ident or ident in ids, f"asked for {ident}, got {body['id']}")
    return check


def check_series(a: str, b: str, by: str, both: bool) -> Callable[[Any], None]:
    label = f"{a}{'–' if both else '→'}{b}"

    def check(body: Any) -> None:
        need(isinstance(body, dict) and {"dyad", "by", "series", "level", "alerts"} <= set(body), "not a series")
        need(body["dyad"] == label and body["by"] == by,
             f"asked for {label} by {by}, got {body['dyad']} by {body['by']}")
        _is_list_of_dicts(body["series"], ("period", "events", "mentions", "quad", "index", "volume"))
        need(isinstance(body["level"], dict) and "level" in body["level"], "bad level")
        _is_list_of_dicts(body["alerts"], ("dyad", "day", "score", "level"))
        pair = {(a, b), (b, a)} if both else {(a, b)}
        need(all((x["source"], x["target"]) in pair for x in body["alerts"]), "an alert of another dyad")
        if by == "month":
            need(all(r["period"].endswith("-01") for r in body["series"]), "a month period not on the 1st")
    return check


def check_alerts(since: str | None) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        _is_list_of_dicts(body, ("dyad", "source", "target", "day", "score", "level", "events"))
        need(all(since is None or x["day"] >= since for x in body), "an alert before since")
        keys = [(x["day"], x["score"]) for x in body]
        need(keys == sorted(keys, reverse=True), "alerts not newest first")
    return check


def check_dyads(limit: int) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        _is_list_of_dicts(body, ("source", "target", "events", "conflict", "articles", "first", "last"))
        need(len(body) <= limit, f"{len(body)} dyads for limit {limit}")
        need(all(x["source"] != x["target"] for x in body), "a dyad with itself")
        n = [x["events"] for x in body]
        need(n == sorted(n, reverse=True), "dyads not by events")
    return check


def check_quotes(params: dict) -> Callable[[Any], None]:
    limit = int(params.get("limit", 50))

    def check(body: Any) -> None:
        _is_list_of_dicts(body, ("published", "speaker_text", "speaker_code", "direct", "quote_text", "article_id"))
        need(len(body) <= limit, f"{len(body)} quotes for limit {limit}")
        for q in body:
            if params.get("direct") == "true":
                need(q["direct"] is True, "an indirect quote under direct=true")
            if "since" in params:
                need(q["published"] is not None and q["published"] >= params["since"], "a quote before since")
            if "speaker" in params:
                s = params["speaker"]
                need((q["speaker_code"] or "").startswith(s.upper()) or s.lower() in (q["speaker_text"] or "").lower(),
                     f"a quote not by {s}")
    return check


def check_map(body: Any) -> None:
    _is_list_of_dicts(body, ("lat", "lon", "name", "events", "conflict", "articles", "top_event"))
    need(len(body) <= 2000, "over 2000 cells")
    need(all(-90 <= c["lat"] <= 90 and -180 <= c["lon"] <= 180 and c["events"] >= 1 for c in body), "a bad cell")


def check_articles(params: dict) -> Callable[[Any], None]:
    def check(body: Any) -> None:
        items = _checked_page(body, params, ARTICLE_KEYS, "published")
        for it in items:
            if "source" in params:
                need(it["source"] == params["source"], f"{it['id']} not from {params['source']}")
            if "since" in params:
                need(it["published"] is not None and it["published"] >= params["since"], f"{it['id']} before since")
    return check


def check_error(status: int, body: Any) -> None:
    """The one error shape: {"error": {"status", "code", "message"}}, status matching the response's."""
    need(isinstance(body, dict) and set(body) == {"error"} and isinstance(body["error"], dict), "not the error shape")
    e = body["error"]
    need(set(e) == {"status", "code", "message"}, f"error keys {sorted(e)}")
    need(e["status"] == status, f"error.status {e['status']} on a {status}")
    need(e["code"] == STATUS_CODES.get(status, e["code"]), f"error.code {e['code']!r} on a {status}")
    need(isinstance(e["message"], str) and e["message"].strip(), "empty error message")


class Workload:
    """Draws the next request. Shared by all clients (one event loop, so no locks): ids and cursors
    seen in answers are fed back, so follow-ups use what the server really handed out."""

    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)
        self.event_ids: list[str] = []
        self._seen_ids: set[str] = set()
        self.event_cursors: list[dict] = []       # params of a next page
        self.article_cursors: list[dict] = []
        self.n = 0
        kinds, weights = zip(*MIX.items())
        self._kinds, self._weights = list(kinds), list(weights)

    # ------------------------------------------------------------------ pools
    def _add_id(self, ident: Any) -> None:
        if isinstance(ident, str) and ident not in self._seen_ids and len(self.event_ids) < 5000:
            self._seen_ids.add(ident)
            self.event_ids.append(ident)

    def _feed_events(self, params: dict) -> Callable[[Any], None]:
        def after(body: Any) -> None:
            for it in body["items"]:
                self._add_id(it["id"])
            if body["next_cursor"] and len(self.event_cursors) < 500:
                self.event_cursors.append({**params, "cursor": body["next_cursor"]})
        return after

    def _feed_articles(self, params: dict) -> Callable[[Any], None]:
        def after(body: Any) -> None:
            if body["next_cursor"] and len(self.article_cursors) < 500:
                self.article_cursors.append({**params, "cursor": body["next_cursor"]})
        return after

    def _feed_detail(self, body: Any) -> None:
        for m in body["mentions"]:
            self._add_id(m.get("id"))

    # ------------------------------------------------------------------ requests
    def _events_params(self) -> dict:
        r, p = self.rng, {}
        if r.random() < 0.45:
            p["dyad"] = r.choice(DYADS)
        elif r.random() < 0.2:
            p["actor"] = r.choice(ACTORS)
        if r.random() < 0.35:
            p["category"] = r.choice(CATEGORIES) if r.random() < 0.9 else r.choice(INJECTION_TEXT)
        if r.random() < 0.4:
            p["since"] = r.choice(DAYS[:-1])
            if r.random() < 0.3:
                p["until"] = r.choice([d for d in DAYS if d >= p["since"]])
        p["limit"] = r.choice(LIMITS)
        return p

    def events(self, params: dict | None = None) -> Req:
        p = params if params is not None else self._events_params()
        label = "events+cursor" if "cursor" in p else "events"
        return Req(label, "GET", "/api/events", p, check=check_events(p), after=self._feed_events(
            {k: v for k, v in p.items() if k != "cursor"}))

    def articles(self) -> Req:
        r = self.rng
        if self.article_cursors and r.random() < 0.4:
            p = r.choice(self.article_cursors)
        else:
            p = {"limit": r.choice([5, 10, 20, 50])}
            if r.random() < 0.3:
                p["source"] = r.choice(SOURCES)
            if r.random() < 0.3:
                p["since"] = r.choice(DAYS)
        return Req("articles", "GET", "/api/articles", p, check=check_articles(p),
                   after=self._feed_articles({k: v for k, v in p.items() if k != "cursor"}))

    def next(self) -> Req:
        self.n += 1
        r = self.rng
        kind = r.choices(self._kinds, self._weights)[0]
        if kind == "events+cursor":
            return self.events(r.choice(self.event_cursors)) if self.event_cursors else self.events()
        if kind == "events":
            return self.events()
        if kind == "event/{id}":
            if not self.event_ids:
                return self.events()
            ident = r.choice(self.event_ids)
            return Req(kind, "GET", f"/api/events/{_q(ident)}", check=check_event(ident), after=self._feed_detail)
        if kind == "dyads":
            limit = r.choice([5, 20, 50])
            return Req(kind, "GET", "/api/dyads", {"limit": limit}, check=check_dyads(limit))
        if kind == "series":
            a, b = r.choice([("USA", "VEN"), ("USA", "VEN"), ("VEN", "USA")])
            by = r.choice(["week", "month"])
            p: dict = {"by": by}
            both = r.random() < 0.2
            if both:
                p["both"] = "true"
            if r.random() < 0.3:
                p["since"] = r.choice(DAYS[:-1])
            return Req(kind, "GET", f"/api/dyads/{a}/{b}/series", p, check=check_series(a, b, by, both))
        if kind == "alerts":
            since = r.choice([None, None, "2025-09-01", "2025-10-01", "2025-10-15"])
            return Req(kind, "GET", "/api/alerts", {"since": since} if since else {}, check=check_alerts(since))
        if kind == "quotes":
            p = {"limit": r.choice([10, 20, 50, 100])}
            if r.random() < 0.4:
                p["speaker"] = r.choice(SPEAKERS) if r.random() < 0.9 else r.choice(INJECTION_TEXT)
            if r.random() < 0.3:
                p["since"] = r.choice(DAYS)
            if r.random() < 0.3:
                p["direct"] = "true"
            return Req(kind, "GET", "/api/quotes", p, check=check_quotes(p))
        if kind == "map":
            p = {"cell": r.choice([0.5, 0.5, 1.0, 2.0, 5.0])}
            if r.random() < 0.4:
                p["dyad"] = r.choice(["USA:VEN", "VEN:USA"])
            if r.random() < 0.3:
                p["since"] = r.choice(DAYS)
            return Req(kind, "GET", "/api/map", p, check=check_map)
        if kind == "articles":
            return self.articles()
        method, path, params, body, status = r.choice(BAD)
        return Req("bad", method, path.replace("{n}", str(self.n)), dict(params), body, expect=status)

    def warmup(self) -> list[Req]:
        """One request of each endpoint, sent before the clock starts (imports, caches, pools)."""
        p = {"limit": 100}
        return [self.events(p), self.articles(),
                Req("dyads", "GET", "/api/dyads", {"limit": 50}, check=check_dyads(50)),
                Req("series", "GET", "/api/dyads/USA/VEN/series", {"by": "week"},
                    check=check_series("USA", "VEN", "week", False)),
                Req("alerts", "GET", "/api/alerts", check=check_alerts(None)),
                Req("quotes", "GET", "/api/quotes", {"limit": 10}, check=check_quotes({"limit": 10})),
                Req("map", "GET", "/api/map", {"cell": 0.5}, check=check_map),
                Req("health", "GET", "/api/health")]


# ------------------------------------------------------------------------------------------ running
@dataclass
class Outcome:
    endpoint: str
    key: str
    status: int | None
    ms: float
    error: str | None = None          # the kind of error, None when the response was right
    detail: str = ""
    digest: str | None = None


def canonical(path: str, body: Any) -> str:
    """A digest of an answer; map cells tied on their count have no fixed order, so they are sorted."""
    if path == "/api/map" and isinstance(body, list):
        body = sorted(body, key=lambda c: json.dumps(c, sort_keys=True))
    return hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()


def judge(req: Req, status: int, payload: bytes, content_type: str) -> tuple[str | None, str, str | None, Any]:
    """(error kind or None, detail, digest, parsed body) for one response."""
    try:
        body = json.loads(payload) if "json" in content_type else None
    except ValueError:
        body = None
    if status >= 500:
        return "5xx", f"{status}: {payload[:200]!r}", None, body
    if body is None:
        kind = "non-JSON 4xx" if status >= 400 else "bad body"
        return kind, f"{status} {content_type}: {payload[:120]!r}", None, body
    digest = canonical(req.path, body)
    if 400 <= status < 500:
        try:
            check_error(status, body)
        except CheckFailed as exc:
            return "error shape", f"{status}: {exc}: {payload[:160]!r}", digest, body
        if req.expect < 400:
            return "unexpected 4xx", f"{status}: {body['error']['message'][:160]}", digest, body
        if status != req.expect:
            return "wrong status", f"{status}, expected {req.expect}: {body['error']['message'][:120]}", digest, body
        return None, "", digest, body
    if req.expect >= 400:
        return "expected 4xx", f"{status}, expected {req.expect}", digest, body
    if status != req.expect:
        return "wrong status", f"{status}, expected {req.expect}", digest, body
    if req.check is not None:
        try:
            req.check(body)
        except CheckFailed as exc:
            return "bad body", str(exc), digest, body
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            return "bad body", f"{type(exc).__name__}: {exc}", digest, body
    return None, "", digest, body


async def send(client: httpx.AsyncClient, req: Req, timeout: float | None = None) -> tuple[Outcome, Any]:
    t0 = time.perf_counter()
    limit = client.timeout.read if timeout is None else timeout
    try:
        async with asyncio.timeout(limit):          # the whole request, however its time is spent
            resp = await client.request(req.method, req.path, params=req.params or None, json=req.body,
                                        timeout=limit)
            payload = await resp.aread()
    except (httpx.TimeoutException, TimeoutError) as exc:
        return Outcome(req.endpoint, req.key, None, (time.perf_counter() - t0) * 1000, "timeout",
                       type(exc).__name__), None
    except httpx.HTTPError as exc:
        return Outcome(req.endpoint, req.key, None, (time.perf_counter() - t0) * 1000, "connection",
                       f"{type(exc).__name__}: {exc}"), None
    ms = (time.perf_counter() - t0) * 1000
    err, detail, digest, body = judge(req, resp.status_code, payload, resp.headers.get("content-type", ""))
    return Outcome(req.endpoint, req.key, resp.status_code, ms, err, detail, digest), (body if err is None else None)


@dataclass
class LoadResult:
    outcomes: list[Outcome]
    seconds: float
    clients: int
    verify: dict = field(default_factory=dict)


async def run_load(base_url: str, *, clients: int = 50, requests: int = 2000, seed: int = 1,
                   timeout: float = 30.0, verify: int = 200) -> LoadResult:
    """`requests` requests from `clients` concurrent clients (one connection each at most), then the
    cross-talk checks. Warm-up requests (one per endpoint) are sent first and not counted."""
    work = Workload(seed)
    # Idle connections are dropped after KEEPALIVE_S, before uvicorn's own 5 s keep-alive timeout closes
    # them: with both at 5 s (httpx's and uvicorn's defaults) a request sent on a pooled connection at
    # the moment the server closes it fails with ReadError, which is the client's race, not the API's.
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=KEEPALIVE_S)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:
        for req in work.warmup():
            out, body = await send(client, req, timeout=max(timeout, 60.0))
            if out.error:
                raise RuntimeError(f"warm-up {req.key} failed: {out.error} {out.detail}")
            if req.after and body is not None:
                req.after(body)

        outcomes: list[Outcome] = []
        sent = 0

        async def one_client() -> None:
            nonlocal sent
            while sent < requests:
                sent += 1
                req = work.next()
                out, body = await send(client, req)
                outcomes.append(out)
                if req.after and body is not None:
                    req.after(body)

        t0 = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        seconds = time.perf_counter() - t0
        result = LoadResult(outcomes, seconds, clients)
        result.verify = await cross_check(client, outcomes, verify, seed)
    return result


async def cross_check(client: httpx.AsyncClient, outcomes: list[Outcome], verify: int, seed: int) -> dict:
    """Cross-talk: every URL's answers under load must agree with each other, and (for up to `verify`
    URLs, those requested once first) with a fresh answer fetched alone. Disagreements become errors
    on the outcomes concerned."""
    by_key: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.digest is not None and o.error in (None, "bad body"):
            by_key[o.key].append(o)
    inconsistent = 0
    for key, outs in by_key.items():
        if len({o.digest for o in outs}) > 1:
            common = Counter(o.digest for o in outs).most_common(1)[0][0]
            for o in outs:
                if o.digest != common and o.error is None:
                    o.error, o.detail = "inconsistent", f"{key}: answers differ under load"
                    inconsistent += 1
    keys = sorted(by_key, key=lambda k: (len(by_key[k]), k))
    rng = random.Random(seed)
    once = [k for k in keys if len(by_key[k]) == 1]
    more = [k for k in keys if len(by_key[k]) > 1]
    rng.shuffle(once)
    rng.shuffle(more)
    sample = (once + more)[:verify]
    differ = 0
    for key in sample:
        method, _, url = key.partition(" ")
        path = url.split("?", 1)[0]
        try:
            resp = await client.request(method, url, json={"articles": []} if method == "POST" else None)
            body = resp.json()
        except (httpx.HTTPError, ValueError) as exc:
            for o in by_key[key]:
                o.error, o.detail = o.error or "inconsistent", f"{key}: refetch failed: {exc}"
            differ += 1
            continue
        fresh = canonical(path, body)
        for o in by_key[key]:
            if o.digest != fresh and o.error is None:
                o.error, o.detail = "inconsistent", f"{key}: differs from the same request sent alone"
                differ += 1
    return {"distinct_urls": len(by_key), "refetched": len(sample), "differ_under_load": inconsistent,
            "differ_from_alone": differ}


# ------------------------------------------------------------------------------------------ the server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_demo(folder: Path) -> Path:
    db = folder / "demo.duckdb"
    res = subprocess.run([sys.executable, "-m", "flashpoint.cli", "demo", "--db", str(db)], capture_output=True,
                         text=True, timeout=300)
    if res.returncode != 0:
        raise SystemExit(f"flashpoint demo failed:\n{res.stderr[-2000:]}")
    return db


class Server:
    """`flashpoint serve --db DB` as a subprocess on a free loopback port, up once /api/health answers."""

    def __init__(self, db: Path, log: Path):
        self.db, self.log_path = db, log
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def start(self, wait: float = 60.0) -> "Server":
        # read-only whatever the caller's environment says: answers must not change during the run
        env = {k: v for k, v in os.environ.items() if k != "FLASHPOINT_API_TOKEN"}
        for _ in range(3):                       # a free port can be taken between the check and the bind
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            log = self.log_path.open("ab")
            self.proc = subprocess.Popen([sys.executable, "-m", "flashpoint.cli", "serve", "--db", str(self.db),
                                          "--host", "127.0.0.1", "--port", str(port)],
                                         stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         env=env)
            log.close()
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    r = httpx.get(self.url + "/api/health", timeout=2)
                    if r.status_code == 200 and r.json().get("status") == "ok":
                        return self
                except (httpx.HTTPError, ValueError):
                    pass
                time.sleep(0.1)
            if self.proc.poll() is None:
                self.stop()
                break
        raise SystemExit(f"flashpoint serve did not come up; its log:\n{self.log_tail()}")

    def memory(self) -> dict[str, float]:
        """VmHWM (peak resident set) and VmRSS of the server process, in MiB."""
        out = {}
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                name, _, value = line.partition(":")
                if name in ("VmHWM", "VmRSS"):
                    out[name] = int(value.split()[0]) / 1024
        except (OSError, ValueError, AttributeError):
            pass
        return out

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""


# ------------------------------------------------------------------------------------------ reporting
def percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return float("nan")
    k = max(0, min(len(sorted_ms) - 1, int(-(-p * len(sorted_ms) // 100)) - 1))   # nearest rank
    return sorted_ms[k]


def _lat(ms: list[float]) -> dict:
    s = sorted(ms)
    return {"n": len(s), "p50": round(percentile(s, 50), 1), "p95": round(percentile(s, 95), 1),
            "p99": round(percentile(s, 99), 1), "max": round(s[-1], 1) if s else None}


def summarize(result: LoadResult) -> dict:
    outs = result.outcomes
    errors = [o for o in outs if o.error]
    per: dict[str, dict] = {}
    for ep in [*MIX, *sorted({o.endpoint for o in outs} - set(MIX))]:
        mine = [o for o in outs if o.endpoint == ep]
        if mine:
            per[ep] = {**_lat([o.ms for o in mine]), "errors": sum(1 for o in mine if o.error),
                       "status": dict(sorted(Counter(str(o.status) for o in mine).items()))}
    samples = []
    for o in errors:
        if len(samples) < 10:
            samples.append({"endpoint": o.endpoint, "request": o.key, "status": o.status, "error": o.error,
                            "detail": o.detail})
    return {"requests": len(outs), "errors": len(errors), "error_kinds": dict(Counter(o.error for o in errors)),
            "clients": result.clients, "seconds": round(result.seconds, 2),
            "throughput_rps": round(len(outs) / result.seconds, 1) if result.seconds else None,
            "latency_ms": {"overall": _lat([o.ms for o in outs]), **per},
            "cross_check": result.verify, "error_samples": samples}


def table(summary: dict) -> str:
    lines = [f"{'endpoint':<14}{'n':>6}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}  statuses"]
    lat = summary["latency_ms"]
    for ep, row in [*((k, v) for k, v in lat.items() if k != "overall"), ("overall", lat["overall"])]:
        status = ", ".join(f"{k}×{v}" for k, v in row.get("status", {}).items())
        errs = row.get("errors", summary["errors"])
        if ep == "overall":
            lines.append("-" * len(lines[0]))
        lines.append(f"{ep:<14}{row['n']:>6}{errs:>8}{row['p50']:>9.1f}{row['p95']:>9.1f}{row['p99']:>9.1f}"
                     f"{row['max']:>9.1f}  {status}")
    return "\n".join(lines)


def report(summary: dict) -> str:
    cc = summary["cross_check"]
    srv = summary.get("server", {})
    lines = [table(summary), "",
             f"requests {summary['requests']}   errors {summary['errors']}"
             + (f" {summary['error_kinds']}" if summary["errors"] else "")
             + f"   clients {summary['clients']}   {summary['seconds']} s   {summary['throughput_rps']} req/s"]
    if srv:
        lines.append(f"server peak RSS (VmHWM) {srv.get('peak_rss_mib', float('nan')):.1f} MiB"
                     f"   (RSS {srv.get('rss_before_mib', float('nan')):.1f} MiB before the load, "
                     f"{srv.get('rss_after_mib', float('nan')):.1f} MiB after)"
                     f"   server log errors {srv.get('log_errors', 0)}")
    lines.append(f"cross-talk check: {cc.get('distinct_urls')} distinct URLs, answers differing under load "
                 f"{cc.get('differ_under_load')}; {cc.get('refetched')} refetched alone, differing "
                 f"{cc.get('differ_from_alone')}")
    for s in summary["error_samples"]:
        lines.append(f"  {s['error']}: {s['request']} -> {s['status']}: {s['detail']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    ap.add_argument("--requests", type=int, default=2000, help="requests in all (default 2000)")
    ap.add_argument("--db", help="the database to serve (default: the demo database, built in a temp dir)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures to this JSON file")
    ap.add_argument("--seed", type=int, default=1, help="the request mix's random seed (default 1)")
    ap.add_argument("--timeout", type=float, default=30.0,
                    help="seconds (in all) before a request counts as timed out (default 30)")
    ap.add_argument("--verify", type=int, default=200, help="distinct URLs refetched alone afterwards (default 200)")
    args = ap.parse_args(argv)
    if args.clients < 1 or args.requests < 1:
        ap.error("--clients and --requests must be at least 1")

    with tempfile.TemporaryDirectory(prefix="flashpoint-load-") as tmp:
        t0 = time.perf_counter()
        if args.db:
            db = Path(args.db)
            if not db.exists():
                ap.error(f"no database at {db}")
        else:
            print("building the demo database ...", file=sys.stderr)
            db = build_demo(Path(tmp))
        server = Server(db, Path(tmp) / "server.log").start()
        print(f"serving {db} at {server.url} (pid {server.proc.pid}); {args.clients} clients x "
              f"{args.requests} requests ...", file=sys.stderr)
        before = server.memory()
        try:
            result = asyncio.run(run_load(server.url, clients=args.clients, requests=args.requests, seed=args.seed,
                                          timeout=args.timeout, verify=args.verify))
            mem = server.memory()
            alive = server.proc.poll() is None
        except RuntimeError as exc:
            print(f"loadtest: {exc}\nserver log:\n{server.log_tail()}", file=sys.stderr)
            return 1
        finally:
            server.stop()
        log = server.log_tail(200_000)
    summary = summarize(result)
    log_errors = sum(1 for line in log.splitlines() if line.startswith(("ERROR", "Traceback")))
    summary["server"] = {"pid": server.proc.pid, "peak_rss_mib": round(mem.get("VmHWM", float("nan")), 1),
                         "rss_before_mib": round(before.get("VmRSS", float("nan")), 1),
                         "rss_after_mib": round(mem.get("VmRSS", float("nan")), 1), "log_errors": log_errors,
                         "alive_after": alive}
    summary["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform(),
                          "python": platform.python_version()}
    summary["db"] = str(db) if args.db else "demo (built in a temp dir)"
    summary["total_seconds"] = round(time.perf_counter() - t0, 1)
    print(report(summary))
    print(f"({summary['total_seconds']} s in all, on {os.cpu_count()} CPUs)")
    if log_errors:
        print("server log:\n" + "\n".join(log.splitlines()[-40:]))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8")
    return 1 if summary["errors"] or log_errors or not alive else 0


if __name__ == "__main__":
    sys.exit(main())
