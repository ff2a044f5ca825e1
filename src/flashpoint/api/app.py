"""The REST API and the dashboard's server. Routes validate, call the same library functions as the
command line, and return JSON; every error, whatever raised it, leaves as one shape:

    {"error": {"status": 404, "code": "not_found", "message": "what happened and what to do"}}

Read-only unless a token is configured: then POST /api/articles ingests, with the token compared in
constant time. No CORS headers are sent (the dashboard is served from the same origin).
"""
from __future__ import annotations

import hmac
import json
import logging
import tempfile
import threading
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Optional

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..analyse import dyads as dyad_lib
from ..errors import FlashpointError, InputError, StoreLockedError
from ..store import Store, open_store
from ..store.queries import check_day, list_quotes, parse_dyad
from . import queries

log = logging.getLogger(__name__)

# Request bodies larger than these are refused before they are read (413): an article is rarely over
# 200 KB of text; a batch of articles for POST /articles is capped at 10 MB.
MAX_EXTRACT_BYTES = 1_000_000
MAX_INGEST_BYTES = 10_000_000
MAX_ARTICLES_PER_POST = 1000
TOKEN_ENV = "FLASHPOINT_API_TOKEN"

STATUS_CODES = {400: "bad_input", 401: "unauthorized", 403: "read_only", 404: "not_found",
                405: "method_not_allowed", 413: "too_large", 422: "bad_input", 503: "unavailable",
                500: "internal"}


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def error_body(status: int, message: str) -> dict:
    return {"error": {"status": status, "code": STATUS_CODES.get(status, "error"), "message": message}}


class ExtractIn(BaseModel):
    text: str = Field(..., max_length=MAX_EXTRACT_BYTES, description="The article's text.")
    id: Optional[str] = Field(None, max_length=200)
    published: Optional[str] = Field(None, max_length=40, description="YYYY-MM-DD")
    title: Optional[str] = Field(None, max_length=2000)


class ArticleIn(ExtractIn):
    url: Optional[str] = Field(None, max_length=4000)
    source: Optional[str] = Field(None, max_length=400)


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(..., max_length=MAX_ARTICLES_PER_POST)


def create_app(db: str, *, token: str | None = None) -> FastAPI:
    """The app over the store at `db`: read-only unless `token` is given (then the store is opened for
    writing and POST /api/articles takes `Authorization: Bearer TOKEN`)."""
    store = open_store(db, read_only=token is None)
    app = FastAPI(title="flashpoint", version=__version__,
                  description="Evidence-linked political event data: events, dyads, escalation alerts.")
    app.state.store, app.state.token = store, token
    # POST /api/articles writes through the one shared connection, which refuses a second concurrent
    # call ("connection is busy") and holds one transaction at a time: ingests take turns
    app.state.write_lock = threading.Lock()
    _errors(app)
    _limits(app)

    def cursor_store() -> Store:
        # one DuckDB cursor per request: requests run on a thread pool and a cursor is the thread-safe
        # way to share the one open database
        return Store(path=store.path, con=store.con.cursor(), read_only=store.read_only)

    _routes(app, cursor_store)
    _dashboard(app)
    app.router.on_shutdown.append(store.close)
    return app


def _errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError):
        return JSONResponse(error_body(exc.status, exc.message), status_code=exc.status)

    @app.exception_handler(FlashpointError)
    async def library_error(_: Request, exc: FlashpointError):
        status = 503 if isinstance(exc, StoreLockedError) else 400 if isinstance(exc, InputError) else 500
        return JSONResponse(error_body(status, str(exc)), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            parts.append(f"{where}: {e.get('msg')}")
        return JSONResponse(error_body(422, "; ".join(parts) or "invalid request"), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        msg = {404: "no such resource; see /docs for the API", 405: "method not allowed on this path"}
        return JSONResponse(error_body(exc.status_code, msg.get(exc.status_code, str(exc.detail))),
                            status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def crash(_: Request, exc: Exception):
        log.exception("unhandled error")
        return JSONResponse(error_body(500, "internal error; the server log has the details"), status_code=500)


def _limits(app: FastAPI) -> None:
    @app.middleware("http")
    async def body_limit(request: Request, call_next):
        limit = MAX_INGEST_BYTES if request.url.path == "/api/articles" else MAX_EXTRACT_BYTES
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return JSONResponse(error_body(413, f"request body over {limit} bytes; send less"), status_code=413)
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def _day(name: str, value: str | None) -> str | None:
    check_day(name, value)
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise InputError(f"{name} {value!r} is not a real date; use YYYY-MM-DD") from None
    return value


def _dyad_param(value: str | None) -> tuple[str, str] | None:
    return parse_dyad(value) if value else None


def _routes(app: FastAPI, get_store) -> None:  # noqa: C901 - one function per route below
    S = Depends(get_store)
    Since = Query(None, description="YYYY-MM-DD")
    Until = Query(None, description="YYYY-MM-DD")
    Limit = Query(50, ge=1, le=queries.MAX_PAGE)

    @app.get("/api/health", tags=["meta"])
    def health(store: Store = S) -> dict:
        return {"status": "ok", "version": __version__, "read_only": store.read_only, "counts": store.counts()}

    @app.get("/api/articles", tags=["articles"])
    def articles(since: Optional[str] = Since, until: Optional[str] = Until, source: Optional[str] = None,
                 limit: int = Limit, cursor: Optional[str] = None, store: Store = S) -> dict:
        return queries.list_articles(store, since=_day("since", since), until=_day("until", until),
                                     source=source, limit=limit, cursor=cursor)

    @app.get("/api/events", tags=["events"])
    def events(dyad: Optional[str] = Query(None, description="SOURCE:TARGET, e.g. USA:VEN"),
               actor: Optional[str] = None, category: Optional[str] = None,
               since: Optional[str] = Since, until: Optional[str] = Until,
               q: Optional[str] = Query(None, description="words that must all appear in the evidence "
                                                          "of one of the event's mentions (any case)"),
               limit: int = Limit, cursor: Optional[str] = None, store: Store = S) -> dict:
        return queries.list_merged(store, dyad=_dyad_param(dyad), actor=actor, category=category,
                                   since=_day("since", since), until=_day("until", until), q=q, limit=limit,
                                   cursor=cursor)

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: str, store: Store = S) -> dict:
        found = queries.event_detail(store, event_id)
        if found is None:
            raise ApiError(404, f"no event {event_id!r}; list events with GET /api/events")
        return found

    @app.get("/api/dyads", tags=["dyads"])
    def dyads(limit: int = Limit, store: Store = S) -> list[dict]:
        return queries.list_dyads(store, limit)

    @app.get("/api/dyads/{a}/{b}/series", tags=["dyads"])
    def series(a: str, b: str, since: Optional[str] = Since, until: Optional[str] = Until,
               by: str = Query("week", description="day, week or month"), both: bool = False,
               store: Store = S) -> dict:
        d = dyad_lib.make_dyad(a, b, directed=not both)
        since_d, until_d = dyad_lib.parse_day("since", since), dyad_lib.parse_day("until", until)
        rows = dyad_lib.series(store, d, since=since_d, until=until_d, by=by)
        found = dyad_lib.alerts(store, dyad=dyad_lib.Dyad(d.a, d.b), until=until_d)
        if both:
            found += dyad_lib.alerts(store, dyad=dyad_lib.Dyad(d.b, d.a), until=until_d)
        return {"dyad": d.label, "by": by, "series": rows, "level": dyad_lib.level(store, d, until_d),
                "alerts": [a for a in found if since_d is None or a["day"] >= since_d]}

    @app.get("/api/alerts", tags=["dyads"])
    def alerts(since: Optional[str] = Since, store: Store = S) -> list[dict]:
        return dyad_lib.alerts(store, since=dyad_lib.parse_day("since", since))

    @app.get("/api/quotes", tags=["quotes"])
    def quotes(speaker: Optional[str] = None, since: Optional[str] = Since, until: Optional[str] = Until,
               direct: bool = False, limit: int = Limit, store: Store = S) -> list[dict]:
        return list_quotes(store, speaker=speaker, since=_day("since", since), until=_day("until", until),
                           direct_only=direct, limit=limit)

    @app.get("/api/map", tags=["dyads"])
    def map_(dyad: Optional[str] = Query(None, description="SOURCE:TARGET"), since: Optional[str] = Since,
             until: Optional[str] = Until, cell: float = Query(0.5, ge=0.01, le=10), store: Store = S) -> list[dict]:
        return queries.map_points(store, dyad=_dyad_param(dyad), since=_day("since", since),
                                  until=_day("until", until), cell=cell)

    @app.post("/api/extract", tags=["extract"])
    def extract(doc: ExtractIn) -> dict:
        from ..extract import extract_articles
        from ..model import Article

        article = Article.create(doc.text, published=_day("published", doc.published), title=doc.title,
                                 external_id=doc.id)
        [(_, ex)] = list(extract_articles([article]))
        return ex.to_json()

    @app.post("/api/articles", tags=["articles"], status_code=201)
    def ingest(body: ArticlesIn, authorization: Optional[str] = Header(None)) -> dict:
        _authorize(app, authorization)
        with app.state.write_lock:
            return _ingest(app.state.store, body.articles)


def _authorize(app: FastAPI, header: str | None) -> None:
    token = app.state.token
    if token is None:
        raise ApiError(403, f"this server is read-only; start it with {TOKEN_ENV} set to accept articles")
    given = (header or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(401, "missing or wrong token: send 'Authorization: Bearer TOKEN'")


def _ingest(store: Store, articles: list[ArticleIn]) -> dict:
    from ..pipeline import ingest

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posted.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for a in articles:
                f.write(json.dumps({k: v for k, v in a.model_dump().items() if v is not None}) + "\n")
        summary = ingest([str(path)], store)
    return {"read": summary.read, "new": summary.new, "duplicate": summary.duplicate,
            "near_duplicate": summary.near_duplicate, "events": summary.events,
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in summary.skipped]}


def _dashboard(app: FastAPI) -> None:
    web = resources.files("flashpoint") / "web"

    @app.get("/", include_in_schema=False)
    def index():
        return RedirectResponse("/ui/index.html")

    @app.get("/ui/{name:path}", include_in_schema=False)
    def static(name: str):
        root = Path(str(web)).resolve()
        path = (root / name).resolve()
        if root not in path.parents or not path.is_file():
            raise ApiError(404, f"no dashboard file {name!r}")
        return FileResponse(path, headers={
            "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                       "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            "Cache-Control": "no-cache"})
