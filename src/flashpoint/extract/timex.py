"""TIMEX3 normalisation: one time expression's text -> (type, value), against the publication date.

`normalise(text, Context(ref=..., tense=..., anchor=..., focus=...))` is rule based and never raises on
any string. Conventions are TimeBank's: days 1998-08-07, weeks 1998-W32 (ISO), months 1998-08, quarters
1998-Q3, halves 1998-H2, seasons 1998-SU, decades 199, parts of a day 1998-08-07TMO, clock times
1998-08-07T10:35, durations P3D / PT5H / PXY, sets P1W / XXXX-WXX-4, and PRESENT_REF / PAST_REF /
FUTURE_REF. A relative expression with no reference date gets the value None, never a guess.

The context is what dates.py reads from the parse: `tense` ("past" / "future") of the verb the
expression hangs on, which decides whether a bare "Friday" or "April" lies before or after publication;
`anchor`, the day the sentence is about, for clock times; `focus`, the quarter an earnings report is
about, which "a year earlier" and "the quarter" refer to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from dateutil.easter import easter

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9})
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
         "overnight": "NI"}
# unit -> (TIMEX unit letter, is a time unit (after T), multiplier)
UNITS = {"second": ("S", True, 1), "minute": ("M", True, 1), "hour": ("H", True, 1), "day": ("D", False, 1),
         "week": ("W", False, 1), "fortnight": ("W", False, 2), "month": ("M", False, 1),
         "quarter": ("Q", False, 1), "year": ("Y", False, 1), "decade": ("Y", False, 10),
         "century": ("Y", False, 100), "millennium": ("Y", False, 1000)}
PLURALS = {"centuries": "century", "millennia": "millennium"}
SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
VAGUE = {"few", "several", "some", "many", "couple", "numerous"}
SETS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P1Q",
        "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}
PRESENT = {"now", "currently", "current", "present", "nowadays", "moment"}
PAST = {"recently", "recent", "previously", "formerly", "former", "past", "lately", "once", "earlier"}
HOLIDAYS = {"christmas": (12, 25), "halloween": (10, 31), "valentine's": (2, 14)}

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_TOKEN = re.compile(r"\d{1,2}:\d\d|\d+/\d+|[ap]\.m\b\.?|'\d0s|q[1-4]\b|\d[\d,]*(?:st|nd|rd|th|s)?|o'clock|"
                    r"[a-z]+(?:'s)?")


@dataclass
class Context:
    ref: date | None = None      # publication date
    tense: str | None = None     # "past" or "future": the tense of the verb the expression hangs on
    anchor: date | None = None   # the day the sentence is about (for clock times)
    focus: str | None = None     # the quarter under discussion, "1989-Q3"


def parse_ref(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except (TypeError, ValueError):
        return None


def words_of(text: str) -> list[str]:
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"(?<=[a-z])-|-(?=[a-z'])", " ", t)
    t = re.sub(r"([a-z])\.(?=\s|$)", r"\1", t)          # "aug." -> "aug", keeps "a.m."
    out = []
    for w in _TOKEN.findall(t):
        if w.endswith("'s"):
            w = w[:-2]
        out.append(PLURALS.get(w, w))
    return out


def _unit(w: str) -> str | None:
    w = PLURALS.get(w, w)
    if w in UNITS:
        return w
    return w[:-1] if w.endswith("s") and w[:-1] in UNITS else None


def _number(words: list[str], i: int) -> tuple[Fraction | str | None, int]:
    """A number phrase at words[i] -> (value, index after it); value "X" for "several", None for none."""
    n = len(words)
    if i >= n:
        return None, i
    w = words[i]
    if w in ("a", "an", "one") and i + 1 < n and words[i + 1] == "half":
        return Fraction(1, 2), i + 2
    if w in ("a", "an"):
        if i + 1 < n and words[i + 1] == "couple":
            return Fraction(2), i + 3 if i + 2 < n and words[i + 2] == "of" else i + 2
        if i + 1 < n and words[i + 1] == "dozen":
            return Fraction(12), i + 2
        if i + 1 < n and words[i + 1] in VAGUE:
            return "X", i + 2
        return Fraction(1), i + 1
    if w in VAGUE:
        return "X", i + 2 if w == "couple" and i + 1 < n and words[i + 1] == "of" else i + 1
    if w == "half":
        return Fraction(1, 2), i + 2 if i + 1 < n and words[i + 1] in ("a", "an") else i + 1
    if w == "dozen":
        return Fraction(12), i + 1
    m = re.fullmatch(r"\d[\d,]*", w)
    if m:
        v = Fraction(int(w.replace(",", "")))
        j = i + 1
        if j < n and re.fullmatch(r"\d+/\d+", words[j]):
            a, b = words[j].split("/")
            v += Fraction(int(a), int(b)) if int(b) else 0
            j += 1
        return v, j
    total, cur, j, seen = 0, 0, i, False
    while j < n:
        x = words[j]
        if x in SMALL:
            cur += SMALL[x]
        elif x in TENS:
            cur += TENS[x]
        elif x == "hundred" and seen:
            cur = max(cur, 1) * 100
        elif x == "thousand" and seen:
            total, cur = total + max(cur, 1) * 1000, 0
        elif x == "and" and seen and j + 1 < n and words[j + 1] in SMALL | TENS:
            pass
        else:
            break
        seen, j = True, j + 1
    if not seen:
        return None, i
    v = Fraction(total + cur)
    if j + 2 < n and words[j] == "and" and words[j + 1] in ("a", "one") and words[j + 2] == "half":
        v, j = v + Fraction(1, 2), j + 3
    return v, j


def _dur(n: Fraction | str, unit: str) -> str:
    letter, is_time, mult = UNITS[unit]
    t = "T" if is_time else ""
    if n == "X":
        return f"P{t}X{letter}"
    n = n * mult
    if n.denominator == 1:
        return f"P{t}{n.numerator}{letter}"
    smaller = {"Y": ("M", 12, ""), "M": ("D", 30, ""), "W": ("D", 7, ""), "D": ("H", 24, "T"),
               "H": ("M", 60, "T"), "S": ("S", 1, "T")}
    if is_time and letter == "M":
        small = ("S", 60, "T")
    else:
        small = smaller.get(letter, ("D", 1, ""))
    whole, rest = int(n), (n - int(n)) * small[1]
    head = f"{whole}{letter}" if whole else ""
    if small[2] and not t:
        return f"P{head}T{int(rest)}{small[0]}"
    return f"P{t}{head}{int(rest)}{small[0]}"


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    k += m - 1
    return y + k // 12, k % 12 + 1


def _pick_year(ref: date, month: int, day: int | None, tense: str | None, words: list[str]) -> int:
    """The year of a month (and day) given without one: before publication for the past, after it for
    the future, the nearest otherwise; "last"/"next" force the direction."""
    key = (month, day or 0)
    now = (ref.month, ref.day if day else 0)
    if "last" in words or "past" in words:
        return ref.year if key < (ref.month, 0 if not day else ref.day) else ref.year - 1
    if "next" in words or "coming" in words:
        return ref.year if key > now else ref.year + 1
    if "this" in words:
        return ref.year
    if tense == "past":
        return ref.year if key <= now else ref.year - 1
    if tense == "future":
        return ref.year if key >= now else ref.year + 1
    best = min((ref.year - 1, ref.year, ref.year + 1),
               key=lambda y: abs((y * 12 + month) - (ref.year * 12 + ref.month)))
    return best


def _explicit_year(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if re.fullmatch(r"1[0-9]\d\d|20\d\d", w):
            return int(w)
        if w == "nineteen" or (w == "two" and i + 1 < len(words) and words[i + 1] == "thousand"):
            y = _spoken_year(words[i:])
            if y:
                return y
    return None


def _spoken_year(words: list[str]) -> int | None:
    """"nineteen ninety-six" -> 1996; "two thousand" -> 2000; "two thousand and one" -> 2001."""
    if words[:1] == ["nineteen"] and len(words) > 1:
        v, j = _number(words, 1)
        if isinstance(v, Fraction) and 0 <= v < 100 and j > 1:
            return 1900 + int(v)
    if words[:2] == ["two", "thousand"]:
        v, _ = _number(words, 0)
        return int(v) if isinstance(v, Fraction) else None
    return None


def _day_of(words: list[str], i: int) -> int | None:
    """The day of the month next to the month name at words[i]: "Aug. 7", "7 August", "March eighth"."""
    for x in words[i + 1:i + 3] + words[max(0, i - 2):i]:
        m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", x)
        if m:
            return int(m[1])
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if nxt in ORDINALS:
        return ORDINALS[nxt]
    if nxt in SMALL or nxt in TENS:
        v, _ = _number(words, i + 1)
        return int(v) if isinstance(v, Fraction) and v.denominator == 1 and 1 <= v <= 31 else None
    return None


def _weekday(ref: date, wd: int, words: list[str], tense: str | None) -> date:
    back = (ref.weekday() - wd) % 7
    fwd = (wd - ref.weekday()) % 7
    if "next" in words or "coming" in words:
        return ref + timedelta(days=fwd or 7)
    if "last" in words or "previous" in words or "past" in words:
        return ref - timedelta(days=back or 7)
    if tense == "future":
        return ref + timedelta(days=fwd)
    return ref - timedelta(days=back)


def _quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _last_quarter(ref: date) -> tuple[int, int]:
    y, q = _quarter_of(ref)
    return (y, q - 1) if q > 1 else (y - 1, 4)


def _minus_year(value: str) -> str:
    return f"{int(value[:4]) - 1}{value[4:]}"


# ----------------------------------------------------------------------------------------------- rules
def _sets(w: list[str], ctx: Context):
    """daily, every week, each Thursday, each July, Tuesday nights."""
    hit = next((SETS[x] for x in w if x in SETS), None)
    if hit:
        return "SET", hit
    part = next((PARTS[x] for x in w if x in PARTS), "")
    text = " ".join(w)
    m = re.search(r"\b(?:every|each|per)\s+(other\s+)?(.+)$", text)
    plural_day = next((x for x in w if x.endswith("s") and x[:-1] in WEEKDAYS), None)
    if not m:
        if plural_day or (part and len(w) == 2 and w[1].endswith("s") and w[0] in WEEKDAYS):
            wd = WEEKDAYS[(plural_day or w[0]).rstrip("s")]
            return "SET", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else "")
        return None
    rest = m[2].split()
    first = rest[0].rstrip("s") if rest[0].rstrip("s") in WEEKDAYS else rest[0]
    if first in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS[first] + 1}" + (f"T{part}" if part else "")
    if first in MONTHS:
        return "SET", f"XXXX-{MONTHS[first]:02d}"
    if first in SEASONS:
        return "SET", f"XXXX-{SEASONS[first]}"
    n, j = _number(rest, 0)
    if n is None:
        n, j = Fraction(1), 0
    unit = _unit(rest[j]) if j < len(rest) else None
    if unit is None:
        return None
    return "SET", _dur(n * 2 if m[1] and isinstance(n, Fraction) else n, unit)


def _clock(w: list[str], ctx: Context, day: date | None):
    text = " ".join(w)
    m = re.search(r"\b(\d{1,2})(?::(\d\d))?\s*(a\.?m|p\.?m)", text) or \
        re.search(r"\b(\d{1,2}):(\d\d)\b()", text)
    hm = None
    if m:
        h, mi = int(m[1]), int(m[2] or 0)
        if m[3].startswith("p") and h < 12:
            h += 12
        if m[3].startswith("a") and h == 12:
            h = 0
        hm = f"{h:02d}:{mi:02d}" if h < 24 and mi < 60 else None
        if hm is None:
            return "TIME", None
    elif "noon" in w or "midday" in w:
        hm = "12:00"
    elif "midnight" in w:
        hm = "24:00"
    else:
        m = re.search(r"\b(\w+) (?:o'clock|in the (morning|afternoon|evening))", text)
        v = _number(m[1].split(), 0)[0] if m else None
        if isinstance(v, Fraction) and 1 <= v <= 12:
            h = int(v) + (12 if m[2] in ("afternoon", "evening") and v < 12 else 0)
            hm = f"{h:02d}:00"
    if hm is None:
        return None
    day = day or ctx.anchor or ctx.ref
    return "TIME", f"{day.isoformat()}T{hm}" if day else None


def _refs(w: list[str], text: str):
    """now / currently -> PRESENT_REF; recently / the past -> PAST_REF; the future / soon -> FUTURE_REF."""
    if re.search(r"\bfuture\b|\bsoon\b|\b(?:near|short|long) term\b|\ba later date\b|\bcoming quarters\b", text):
        return "DATE", "FUTURE_REF"
    if re.search(r"\b(?:recent|past) years\b|\bthe (?:last|past) few months\b|\brecent \w+ and \w+\b", text):
        return "DATE", "PAST_REF"
    if any(_unit(x) or x in MONTHS or x in WEEKDAYS or x in SEASONS or re.match(r"\d", x) for x in w):
        return None
    if set(w) & PRESENT or text in ("these days", "yet", "already", "so far", "to date"):
        return "DATE", "PRESENT_REF"
    if set(w) & PAST or "then" in w or text in ("the time", "that time"):
        return "DATE", "PAST_REF"
    return None


def _ago(w: list[str], ctx: Context):
    """"two days ago" -> the day; "six weeks ago" -> the week; "41 years ago" -> the year;
    "a year earlier" -> the focus quarter a year back; "three days later" -> P3D."""
    end = len(w) - 1
    if end < 1 or w[end] not in ("ago", "earlier", "before", "later", "after", "hence"):
        return None
    word, i = w[end], end - 1
    if w[i] == "so" and i >= 2 and w[i - 1] == "or":
        i -= 2
    unit = _unit(w[i])
    if not unit:
        return None
    start = i
    while start > 0 and (w[start - 1] in SMALL or w[start - 1] in TENS or w[start - 1] in VAGUE or
                         w[start - 1] in ("a", "an", "and", "hundred", "thousand") or re.fullmatch(r"[\d,]+", w[start - 1])):
        start -= 1
    n, j = _number(w, start) if start < i else (None, i)
    if n is None or j != i:
        n = "X" if w[i] != unit else Fraction(1)
    if word in ("later", "after", "hence") or word == "earlier" and unit not in ("year", "decade"):
        return "DURATION", _dur(n, unit)
    if n == "X":
        if unit == "year" and "few" in w and ctx.ref:
            return "DATE", f"{str(ctx.ref.year - 3)[:3]}X"
        return "DATE", "PAST_REF"
    if ctx.focus and unit == "year" and n == 1 and word in ("ago", "earlier"):
        return "DATE", _minus_year(ctx.focus)
    if not ctx.ref:
        return "DATE", None
    k = -int(n * UNITS[unit][2])
    ref = ctx.ref
    if UNITS[unit][0] == "Y":
        return "DATE", str(ref.year + k)
    if unit == "month":
        y, m = _shift_month(ref.year, ref.month, k)
        return "DATE", f"{y}-{m:02d}"
    if UNITS[unit][0] == "W":
        return "DATE", _week(ref + timedelta(weeks=k))
    if unit == "day":
        return "DATE", (ref + timedelta(days=k)).isoformat()
    if unit == "quarter":
        y, q = divmod(ref.year * 4 + (ref.month - 1) // 3 + k, 4)
        return "DATE", f"{y}-Q{q + 1}"
    return "TIME", None


FILLERS = {"more", "additional", "full", "straight", "consecutive", "long", "solid", "whole", "calendar"}


def _duration(w: list[str], ctx: Context):
    """"three days", "the past three years", "the next few days", "two-year", "5 1/2 hours", "years"."""
    text = " ".join(w)
    if re.search(r"\bfirst (?:two|2) quarters\b", text):
        return None
    for i, x in enumerate(w):
        unit = _unit(x)
        if not unit:
            continue
        end = i
        while end > 0 and w[end - 1] in FILLERS:
            end -= 1
        start = end
        while start > 0 and (w[start - 1] in SMALL or w[start - 1] in TENS or w[start - 1] in VAGUE or
                             w[start - 1] in ("a", "an", "and", "of", "half", "hundred", "thousand", "dozen") or
                             re.fullmatch(r"[\d,]+|\d+/\d+", w[start - 1])):
            start -= 1
        while start < end and w[start] in ("and", "of"):
            start += 1
        n, j = _number(w, start) if start < end else (None, start)
        if n is not None and j == end:
            if w[i + 1:i + 4] == ["and", "a", "half"] and isinstance(n, Fraction):
                n += Fraction(1, 2)
            return "DURATION", _dur(n, unit)
        if n is not None and "to" in w[j:end]:
            return "DURATION", _dur("X", unit)          # "the next 12 to 18 months"
        if x != unit and not re.search(r"\b(?:early|late|mid)\b", text):
            return "DURATION", _dur("X", unit)          # "years", "for weeks", "the coming months"
    return None


def _quarters(w: list[str], ctx: Context):
    text = " ".join(w)
    if "quarter" not in w and "half" not in w and "period" not in w and not re.search(r"\bq[1-4]\b", text):
        return None
    year = _explicit_year(w)
    if year is None and ctx.ref and re.search(r"\b(?:last|previous|year ago|year earlier)\b", text):
        year = ctx.ref.year - 1
    elif year is None and ctx.ref and re.search(r"\bnext year\b", text):
        year = ctx.ref.year + 1
    elif year is None and ctx.ref and re.search(r"\bthis year\b|\bcurrent\b", text):
        year = ctx.ref.year
    m = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\b(?: fiscal)? quarter|\bq([1-4])\b", text)
    h = re.search(r"\b(first|second|last|latter) half\b|\bfirst (?:two|2) quarters\b", text)
    if m:
        q = int(m[2]) if m[2] else (ORDINALS.get(m[1]) or int(m[1][0]))
        if year is None:
            if ctx.focus:
                year = int(ctx.focus[:4])
            elif ctx.ref:
                # an earnings quarter ahead of publication by more than a quarter is last year's
                year = ctx.ref.year - (1 if (q - 1) * 3 + 1 > ctx.ref.month + 3 else 0)
        return "DATE", f"{year}-Q{q}" if year else None
    if h and "quarter" not in (h[0] if h[1] else "") :
        half = 1 if (h[1] or "first") == "first" else 2
        if year is None and ctx.ref:
            year = ctx.ref.year if half == 1 or ctx.ref.month > 6 else ctx.ref.year - 1
        return "DATE", f"{year}-H{half}" if year else None
    if re.search(r"\b(?:the|this|latest|current|that|year ago|year earlier|comparable|corresponding|"
                 r"same|\d{4})\b.*\b(?:quarter|period)\b", text) and not any(_unit(x) for x in w if x not in
                                                                              ("quarter", "year")):
        if ctx.focus:
            value = ctx.focus
        elif ctx.ref:
            y, q = _last_quarter(ctx.ref) if "current" not in w and "this" not in w else _quarter_of(ctx.ref)
            value = f"{y}-Q{q}"
        else:
            return "DATE", None
        if re.search(r"\b(?:year ago|year earlier|last year|previous year|prior year)\b", text) or \
                (year and int(value[:4]) == year + 1):
            value = _minus_year(value)
        return "DATE", value
    return None


def _decades(w: list[str], ctx: Context):
    text = " ".join(w)
    m = re.search(r"\b(1\d|20)(\d)0s\b|'(\d)0s\b", text)
    spoken = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
              "eighties": 8, "nineties": 9}
    if m:
        century = m[1] or "19"
        return "DATE", f"{century}{m[2] or m[3]}"
    hit = next((spoken[x] for x in w if x in spoken), None)
    if hit is not None:
        return "DATE", f"19{hit}"
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th) century\b", text)
    if m:
        return "DATE", f"{int(m[1]) - 1:02d}"
    if re.search(r"\b(?:this|the last|the past|last) (?:decade|century)\b", text) and ctx.ref:
        unit = "decade" if "decade" in w else "century"
        if "this" in w:
            return "DATE", str(ctx.ref.year)[:3 if unit == "decade" else 2]
        return "DURATION", _dur(Fraction(1), unit)
    return None


def _months(w: list[str], ctx: Context):
    idx = next((i for i, x in enumerate(w) if x in MONTHS and not (x == "may" and len(w) > 1
                                                                  and not re.search(r"\d", " ".join(w)))), None)
    if idx is None:
        return None
    month = MONTHS[w[idx]]
    day = _day_of(w, idx)
    if day is not None and not 1 <= day <= 31:
        day = None
    year = _explicit_year(w)
    text = " ".join(w)
    if year is None:
        if not ctx.ref:
            return "DATE", None
        if re.search(r"\blast year\b", text):
            year = ctx.ref.year - 1
        elif re.search(r"\bnext year\b", text):
            year = ctx.ref.year + 1
        else:
            year = _pick_year(ctx.ref, month, day, ctx.tense, w)
    if day:
        try:
            return "DATE", date(year, month, day).isoformat()
        except ValueError:
            return "DATE", None
    if re.search(r"\bend of\b", text):
        return "DATE", f"{year}-{month:02d}"
    return "DATE", f"{year}-{month:02d}"


def _seasons(w: list[str], ctx: Context):
    s = next((SEASONS[x] for x in w if x in SEASONS), None)
    if s is None:
        return None
    year = _explicit_year(w)
    if year is None:
        if not ctx.ref:
            return "DATE", None
        start, now = SEASON_START[s], ctx.ref.month
        if "last" in w or "past" in w and "this" not in w:
            year = ctx.ref.year if start < now - 2 else ctx.ref.year - 1
        elif "next" in w:
            year = ctx.ref.year if start > now else ctx.ref.year + 1
        elif "this" in w or ctx.tense is None:
            year = ctx.ref.year
        else:
            year = _pick_year(ctx.ref, start, None, ctx.tense, w)
    return "DATE", f"{year}-{s}"


def _holiday(w: list[str], ctx: Context):
    text = " ".join(w)
    name = next((h for h in ("thanksgiving", "easter", "christmas", "new year", "halloween", "election day",
                             "independence day", "labor day", "memorial day") if h in text), None)
    if name is None:
        return None
    year = _explicit_year(w)

    def on(y):
        if name in HOLIDAYS:
            return date(y, *HOLIDAYS[name])
        if name == "new year":
            return date(y, 1, 1)
        if name == "independence day":
            return date(y, 7, 4)
        if name == "easter":
            return easter(y)
        month, wd, nth = {"thanksgiving": (11, 3, 4), "labor day": (9, 0, 1), "election day": (11, 0, 1),
                          "memorial day": (5, 0, -1)}[name]
        if nth == -1:
            d = date(y, month, 31)
            return d - timedelta(days=(d.weekday() - wd) % 7)
        d = date(y, month, 1) + timedelta(days=(wd - date(y, month, 1).weekday()) % 7 + 7 * (nth - 1))
        return d + timedelta(days=1) if name == "election day" else d
    if year is None:
        if not ctx.ref:
            return "DATE", None
        cands = [on(y) for y in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1)]
        past = [d for d in cands if d <= ctx.ref]
        fut = [d for d in cands if d >= ctx.ref]
        if "last" in w or ctx.tense != "future" and "next" not in w:
            return "DATE", max(past).isoformat()
        return "DATE", min(fut).isoformat()
    return "DATE", on(year).isoformat()


def _days(w: list[str], ctx: Context):
    """Weekdays, today/yesterday/tomorrow/tonight, with a part of the day."""
    text = " ".join(w)
    part = next((PARTS[x] for x in w if x in PARTS), None)
    wd = next((WEEKDAYS[x] for x in w if x in WEEKDAYS), None)
    rel = next((x for x in ("today", "yesterday", "tomorrow", "tonight") if x in w), None)
    if wd is None and rel is None and not re.search(r"\b(?:this|last|the|that|early|late|mid) ?"
                                                    r"(?:morning|afternoon|evening|night)\b|^overnight$", text):
        return None
    ref = ctx.ref
    if ref is None:
        return ("TIME" if part else "DATE"), None
    if wd is not None:
        d = _weekday(ref, wd, w, ctx.tense)
    elif rel == "yesterday" or "last night" in text:
        d = ref - timedelta(days=1)
    elif rel == "tomorrow":
        d = ref + timedelta(days=1)
    elif rel in ("today", "tonight") or "this" in w:
        d = ref
    else:
        d = ctx.anchor or ref
    if part:
        return "TIME", f"{d.isoformat()}T{part}"
    return "DATE", d.isoformat()


def _relative(w: list[str], ctx: Context):
    """this/last/next/coming/previous week, month, year, weekend; earlier this year; year-end."""
    text = " ".join(w)
    unit = next((x for x in ("weekend", "week", "month", "year", "quarter") if x in w), None)
    if unit is None:
        return None
    ref = ctx.ref
    shift = -1 if re.search(r"\b(?:last|previous|past|prior)\b", text) else \
        1 if re.search(r"\b(?:next|coming|following)\b", text) else 0
    deictic = shift or re.search(r"\b(?:this|current|end|full|same)\b", text)
    if unit == "weekend":
        if not ref:
            return "DATE", None
        sat = ref - timedelta(days=(ref.weekday() - 5) % 7) if ctx.tense != "future" or shift < 0 else \
            ref + timedelta(days=(5 - ref.weekday()) % 7)
        return "DATE", f"{_week(sat + timedelta(weeks=shift if shift > 0 and ctx.tense != 'future' else 0))}-WE"
    if unit == "year" and "end" in w and not shift and "this" not in w:
        return "DATE", str(ref.year) if ref else None
    if not deictic:
        if unit == "year" and ("fiscal" in w or text in ("the year", "year")):
            return "DURATION", "P1Y"
        if unit == "week" and text in ("the week", "week", "a week"):
            return "DURATION", "P1W"
        if unit == "month" and text in ("the month", "month", "a month"):
            return "DURATION", "P1M"
        return None
    if not ref:
        return "DATE", None
    if "the last" in text and unit == "year" or "the past" in text and unit == "year":
        return "DATE", str(ref.year - 1)
    if unit == "week":
        return "DATE", _week(ref + timedelta(weeks=shift))
    if unit == "month":
        y, m = _shift_month(ref.year, ref.month, shift)
        return "DATE", f"{y}-{m:02d}"
    if unit == "quarter":
        y, q = _quarter_of(ref)
        y, q = divmod(y * 4 + q - 1 + shift, 4)
        return "DATE", f"{y}-Q{q + 1}"
    return "DATE", str(ref.year + shift)


def _years(w: list[str], ctx: Context):
    year = _explicit_year(w)
    if year is not None:
        return "DATE", str(year)
    m = re.fullmatch(r"(\d{4})-(\d{2})", " ".join(w))
    if m and 1 <= int(m[2]) <= 12:
        return "DATE", f"{m[1]}-{m[2]}"
    return None


RULES = (_clock, _sets, _refs, _ago, _duration, _quarters, _decades, _months, _seasons, _holiday, _days,
         _relative, _years)


def normalise(text: str, ctx: Context) -> tuple[str, str | None]:
    """(TIMEX3 type, value) of a time expression; value None when it cannot be pinned."""
    iso = _ISO.search(text)
    if iso:
        try:
            return "DATE", date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return "DATE", None
    w = words_of(text)
    if not w:
        return "DATE", None
    joined = " ".join(w)
    for rule in RULES:
        if rule is _clock:
            if not _CLOCK.search(joined):
                continue
            rest = [x for x in w if not _CLOCK_WORD.fullmatch(x)]
            day = None
            if rest and len(rest) < len(w):
                value = normalise(" ".join(rest), ctx)[1]
                if value and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
                    day = date.fromisoformat(value)
            out = _clock(w, ctx, day)
        elif rule is _refs:
            out = _refs(w, joined)
        else:
            out = rule(w, ctx)
        if out is not None:
            return out
    return "DATE", None


_CLOCK = re.compile(r"\d{1,2}:\d\d|\b[ap]\.?m\b|\bnoon\b|\bmidday\b|\bmidnight\b|o'clock|\w+ in the "
                    r"(?:morning|afternoon|evening)")
_CLOCK_WORD = re.compile(r"\d{1,2}(:\d\d)?|[ap]\.?m\.?|noon|midday|midnight|o'clock|at|about|around|est|edt|gmt|"
                         r"cst|cdt|pst|pdt|local|time")


def resolve(text: str, published: str | None, *, tense: str | None = None, anchor: date | None = None,
            focus: str | None = None) -> tuple[str, str | None]:
    """(TIMEX3 type, value) of a time expression against the publication date ('YYYY-MM-DD' or None)."""
    return normalise(text, Context(ref=parse_ref(published), tense=tense, anchor=anchor, focus=focus))
