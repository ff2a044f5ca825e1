"""Time expressions: spaCy DATE/TIME entities resolved to TIMEX3 values against the publication date.

"earlier this week" in an article of 2025-10-17 -> 2025-W42; "on Tuesday" -> the latest Tuesday on or
before publication; "October 14" -> 2025-10-14; "three days" -> P3D.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from ..model import TimeExpr

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday"])}
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "hour": "H", "minute": "M"}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBER_WORDS.update({"a": 1, "an": 1, "several": None, "few": None})

_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _month_day(words: list[str], ref: date | None) -> str | None:
    text = " ".join(words)
    year = _YEAR.search(text)
    for i, w in enumerate(words):
        m = MONTHS.get(w.rstrip("."))
        if not m:
            continue
        day = None
        for x in words[max(0, i - 1):i + 2]:
            d = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", x)
            if d and 1 <= int(d[1]) <= 31:
                day = int(d[1])
                break
        y = int(year[1]) if year else (ref.year if ref else None)
        if y is None:
            return None
        if day:
            try:
                return date(y, m, day).isoformat()
            except ValueError:
                return None
        return f"{y}-{m:02d}"
    return None


def _relative(words: list[str], ref: date) -> str | None:
    text = " ".join(words)
    if text in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return ref.isoformat()
    if text in ("yesterday", "last night"):
        return (ref - timedelta(days=1)).isoformat()
    if text == "tomorrow":
        return (ref + timedelta(days=1)).isoformat()
    for w in words:
        if w in WEEKDAYS:
            back = (ref.weekday() - WEEKDAYS[w]) % 7
            if "next" in words:
                return (ref + timedelta(days=(WEEKDAYS[w] - ref.weekday()) % 7 or 7)).isoformat()
            if "last" in words and back == 0:
                back = 7
            return (ref - timedelta(days=back)).isoformat()
    shift = -1 if "last" in words or "previous" in words else 1 if "next" in words else 0
    if "week" in words and (shift or "this" in words):
        return _week(ref + timedelta(weeks=shift))
    if "month" in words and (shift or "this" in words):
        m = ref.month - 1 + shift
        return f"{ref.year + m // 12}-{m % 12 + 1:02d}"
    if "year" in words and (shift or "this" in words):
        return str(ref.year + shift)
    return None


def _duration(words: list[str]) -> str | None:
    for i, w in enumerate(words):
        unit = UNITS.get(w.rstrip("s"))
        if unit and i > 0:
            prev = words[i - 1]
            n = int(prev) if prev.isdigit() else NUMBER_WORDS.get(prev)
            if n:
                return f"P{n}{unit}"
            return f"P{'X'}{unit}"
    return None


def resolve(text: str, published: str | None) -> tuple[str, str | None]:
    """(TIMEX3 type, value) of a time expression; value None when it cannot be pinned."""
    words = [w.lower().strip(",") for w in text.split()]
    ref = date.fromisoformat(published) if published else None
    iso = _ISO.search(text)
    if iso:
        return "DATE", iso[0]
    if any(w in ("now", "currently", "present") for w in words):
        return "DATE", "PRESENT_REF"
    if any(w.rstrip("s") in UNITS for w in words) and not any(w in ("this", "last", "next", "previous")
                                                             for w in words):
        dur = _duration(words)
        if dur:
            return "DURATION", dur
    value = _month_day(words, ref)
    if value:
        return "DATE", value
    if ref is not None:
        value = _relative(words, ref)
        if value:
            return "DATE", value
    year = _YEAR.fullmatch(words[-1]) if words else None
    if year:
        return "DATE", year[0]
    return "DATE", None


def find_dates(doc, published: str | None) -> list[TimeExpr]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        typ, value = resolve(ent.text, published)
        out.append(TimeExpr(text=ent.text, start=ent.start_char, end=ent.end_char,
                            type="TIME" if ent.label_ == "TIME" and typ == "DATE" else typ, value=value))
    return out
