"""Gathering a dyad's one-page brief from the store: its series, level, alerts, top events and what
its two sides said. `report.render` turns the result into Markdown or HTML."""
from __future__ import annotations

from datetime import date, datetime, timezone

from ..resolve.countries import countries
from ..store import Store
from . import dyads

QUOTES = 8


def brief(store: Store, dyad: dyads.Dyad, *, since: date | None = None, until: date | None = None,
          by: str = "week") -> dict:
    """Everything the brief shows, as plain data (the shape `report.render` reads)."""
    rows = dyads.series(store, dyad, since=since, until=until, by=by)
    first, last = (rows[0]["period"], rows[-1]["period"]) if rows else (since, until)
    since = since or first
    until = until or dyads.coverage(store)[1] or last
    alerts = [a for a in dyads.alerts(store, dyad=dyad, until=until) if since is None or a["day"] >= since]
    if not dyad.directed:
        back = dyads.Dyad(dyad.b, dyad.a)
        alerts += [a for a in dyads.alerts(store, dyad=back, until=until) if since is None or a["day"] >= since]
    events = dyads.dyad_events(store, dyad, since, until) if since and until else []
    names = countries()
    return {
        "title": f"{_name(names, dyad.a)} {'→' if dyad.directed else 'and'} {_name(names, dyad.b)}",
        "dyad": {"a": dyad.a, "b": dyad.b, "a_name": _name(names, dyad.a), "b_name": _name(names, dyad.b),
                 "directed": dyad.directed},
        "since": since, "until": until, "by": by, "series": rows,
        "alerts": sorted(alerts, key=lambda a: a["day"], reverse=True),
        "level": dyads.level(store, dyad, until),
        "top_events": dyads.top_events(events, 8),
        "quotes": quotes(store, dyad, since, until),
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _name(names: dict, iso: str) -> str:
    return names[iso].name if iso in names else iso


QUOTES_SQL = """
SELECT DISTINCT q.speaker_text, q.speaker_code, q.quote_text, a.source, a.published, q.article_id, q.seq
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE a.id IN (SELECT e.article_id FROM events e JOIN merged_events m ON m.id = e.merged_id
               WHERE {dyad} AND m.first_date BETWEEN ? AND ?)
  AND left(coalesce(q.speaker_code, ''), 3) IN (?, ?) AND length(q.quote_text) >= 30
ORDER BY a.published DESC, q.article_id, q.seq
LIMIT ?
"""


def quotes(store: Store, dyad: dyads.Dyad, since: date | None, until: date | None) -> list[dict]:
    """What either side's people said in the articles that reported the dyad's events."""
    if since is None or until is None:
        return []
    cond, params = dyad.where()
    rows = store.con.execute(QUOTES_SQL.format(dyad=cond),
                             params + [since, until, dyad.a, dyad.b, QUOTES]).fetchall()
    return [{"speaker": r[0], "speaker_code": r[1], "text": r[2], "outlet": r[3], "date": r[4]} for r in rows]
