"""The `feeds` table (migration 007): each watched feed's HTTP validators, schedule, failures and
counts; loading and committing it, and the backoff rule that sets a failed feed's next poll.

Times are timezone-aware UTC here and naive UTC in the database (DuckDB's TIMESTAMP has no zone).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone

from flashpoint.store import Store

MAX_DELAY = timedelta(hours=24)          # the cap on backoff (and on an honoured Retry-After)
# Feed items reach the store through a temporary JSON Lines file of this name (see watch._store);
# committing a feed's state gives its articles their real origins back.
TEMP_NAME = "flashpoint-watch-items.jsonl"


@dataclass
class FeedState:
    """One row of the `feeds` table; times are timezone-aware UTC."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: datetime | None = None
    next_poll: datetime | None = None
    failures: int = 0
    last_error: str | None = None
    items_seen: int = 0
    articles_new: int = 0


_COLUMNS = tuple(f.name for f in fields(FeedState))    # the table's columns, in this order

def _to_db(moment: datetime | None) -> datetime | None:
    """DuckDB TIMESTAMP is naive: store UTC without the zone."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment else None


def _from_db(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=timezone.utc) if moment else None


def load_states(store: Store, urls: Sequence[str]) -> dict[str, FeedState]:
    """Each URL's stored state (a fresh, due one for a feed never polled)."""
    rows = store.con.execute(f"SELECT {', '.join(_COLUMNS)} FROM feeds WHERE url IN (SELECT unnest(?))",
                             [list(urls)]).fetchall()
    known = {}
    for row in rows:
        state = FeedState(*row)
        state.last_polled, state.next_poll = _from_db(state.last_polled), _from_db(state.next_poll)
        known[state.url] = state
    return {url: known.get(url) or FeedState(url) for url in urls}


def commit_state(store: Store, state: FeedState, origins: Sequence[tuple[str, str | None, str]] = ()) -> None:
    """Save a feed's state in one transaction, with the (origin, fetched_at, id) of its articles.

    The feed's `articles_new` grows here, by the articles whose temporary origin this commit repairs,
    rather than when a poll stores them: an article stored by a poll that was killed before its
    commit is counted by the poll that finally commits it, so the count survives any crash."""
    store.con.execute("BEGIN TRANSACTION")
    try:
        added = _restore_origins(store, origins)
        row = {name: getattr(state, name) for name in _COLUMNS}
        row["articles_new"] += added
        row["last_polled"], row["next_poll"] = _to_db(state.last_polled), _to_db(state.next_poll)
        store.con.execute(f"INSERT OR REPLACE INTO feeds ({', '.join(_COLUMNS)}) "
                          f"VALUES ({', '.join('?' * len(row))})", list(row.values()))
        store.con.execute("COMMIT")
    except BaseException:
        store.con.execute("ROLLBACK")
        raise
    state.articles_new += added


def _restore_origins(store: Store, origins: Sequence[tuple[str, str | None, str]]) -> int:
    """Give articles still named after the temporary file (this poll's, or one that crashed before
    its commit) their feed origin and fetch time; return how many."""
    ids = [article_id for _, _, article_id in origins]
    temporary = {r[0] for r in store.con.execute(
        "SELECT id FROM articles WHERE id IN (SELECT unnest(?)) AND origin LIKE ?", [ids, f"%{TEMP_NAME}:%"]
    ).fetchall()} if ids else set()
    rows = {row[2]: list(row) for row in origins if row[2] in temporary}    # an id listed twice: once
    if rows:
        store.con.executemany("UPDATE articles SET origin = ?, fetched_at = ? WHERE id = ?", list(rows.values()))
    return len(rows)


def backoff(every: timedelta, failures: int, retry_after: timedelta | None = None) -> timedelta:
    """The wait after the `failures`-th failure in a row: min(every × 2^failures, 24 h), and no
    sooner than a Retry-After (itself capped at 24 h)."""
    seconds = min(every.total_seconds() * 2.0 ** min(failures, 64), MAX_DELAY.total_seconds())
    if retry_after is not None:
        seconds = max(seconds, min(retry_after.total_seconds(), MAX_DELAY.total_seconds()))
    return timedelta(seconds=seconds)
