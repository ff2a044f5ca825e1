"""TIMEX3 normalisation: one time expression's text -> (type, value), against the publication date.

`normalise(text, Context(...))` is rule based and never raises. Values follow TimeBank: days 1998-08-07,
ISO weeks 1998-W32, months 1998-08, quarters 1998-Q3, halves 1998-H2, seasons 1998-SU, decades 199,
parts of a day 1998-08-07TMO, clock times 1998-08-07T10:35, durations P3D / PT5H / PXY, sets P1W /
XXXX-WXX-4, and PRESENT_REF / PAST_REF / FUTURE_REF. Without a publication date a relative expression
gets the value None: never a guess.

The context is what dates.py reads from the parse: `tense`, "past" or "future", of the verb the
expression hangs on (is a bare "Friday" or "April" before or after publication?); `anchor`, the day the
sentence is about (for clock times); `focus`, the quarter an earnings report is about (what "a year
earlier" and "the quarter" refer to).
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
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI", "overnight": "NI"}
# unit -> (TIMEX3 letter, is a time unit (written after T), how many of the letter's unit)
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
VAGUE = {"few", "several", "some", "many", "numerous"}
FILLERS = {"more", "additional", "full", "straight", "consecutive", "long", "solid", "whole", "calendar",
           "trading", "business", "working", "school"}
SETS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P1Q",
        "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}
PRESENT = {"now", "currently", "current", "present", "nowadays", "moment"}
PAST = {"recently", "recent", "previously", "formerly", "former", "past", "lately", "once", "earlier"}
# holiday -> (month, day) or (month, weekday, nth of the month or -1 for the last, days after it)
HOLIDAYS = {"christmas": (12, 25), "new year": (1, 1), "halloween": (10, 31), "independence day": (7, 4),
            "thanksgiving": (11, 3, 4, 0), "labor day": (9, 0, 1, 0), "memorial day": (5, 0, -1, 0),
            "election day": (11, 0, 1, 1), "easter": ()}
# How far from publication a month named without a year may lie the way the tense points: a verb is
# often not the time of the date it governs ("declared a dividend payable Dec. 7"), and past reference
# is the more reliable of the two.
PAST_REACH, FUTURE_REACH = 305, 228

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_TOKEN = re.compile(r"\d{1,2}:\d\d|\d+/\d+|[ap]\.m\b\.?|'\d0s|q[1-4]\b|\d[\d,]*(?:st|nd|rd|th|s)?|o'clock|"
                    r"[a-z]+(?:'s)?")
_YEAR = re.compile(r"1\d{3}|20\d\d")
_CLOCK = re.compile(r"\d{1,2}:\d\d|\b[ap]\.?m\b|\bnoon\b|\bmidday\b|\bmidnight\b|o'clock|\w+ in the "
                    r"(?:morning|afternoon|evening)")
_CLOCK_WORDS = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\b\.?|o'clock)|\b\d{1,2}:\d\d\b|\b\w+ in the "
                          r"(?:morning|afternoon|evening)\b|\b(?:noon|midday|midnight|at|about|around|est|edt|"
                          r"gmt|cst|cdt|pst|pdt|local|time)\b")


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
    """Lower-case tokens: hyphens split ("third-quarter"), abbreviation dots and possessives dropped."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"(?<=[a-z])-|-(?=[a-z'])", " ", t)
    t = re.sub(r"([a-z])\.(?=\s|$)", r"\1", t)          # "aug." -> "aug", keeps "a.m."
    t = re.sub(r",(?=\s|$)", " ", t)
    return [w[:-2] if w.endswith("'s") else w for w in _TOKEN.findall(t)]


# ------------------------------------------------------------------------------------------ helpers
def _unit(w: str) -> str | None:
    w = PLURALS.get(w, w)
    if w in UNITS:
        return w
    return w[:-1] if w.endswith("s") and w[:-1] in UNITS else None


def _number(words: list[str], i: int) -> tuple[Fraction | str | None, int]:
    """The number phrase at words[i] -> (value, index after it); "X" for "several", None for none."""
    n = len(words)
    w, nxt = (words[i] if i < n else ""), (words[i + 1] if i + 1 < n else "")
    after_of = 1 if i + 2 < n and words[i + 2] == "of" else 0
    if w in ("a", "an", "one") and nxt == "half":
        return Fraction(1, 2), i + 2
    if w in ("a", "an"):
        if nxt == "couple":
            return Fraction(2), i + 2 + after_of
        if nxt == "dozen":
            return Fraction(12), i + 2
        return ("X", i + 2) if nxt in VAGUE else (Fraction(1), i + 1)
    if w == "couple":
        return Fraction(2), i + 2 if nxt == "of" else i + 1
    if w in VAGUE:
        return "X", i + 1
    if w == "half":
        return Fraction(1, 2), i + 2 if nxt in ("a", "an") else i + 1
    if w == "dozen":
        return Fraction(12), i + 1
    if re.fullmatch(r"\d[\d,]*", w):
        v, j = Fraction(int(w.replace(",", ""))), i + 1
        if re.fullmatch(r"\d+/[1-9]\d*", nxt):
            v, j = v + Fraction(*map(int, nxt.split("/"))), i + 2
        return v, j
    total, cur, j = 0, 0, i
    while j < n:
        x = words[j]
        if x in SMALL or x in TENS:
            cur += SMALL.get(x, TENS.get(x, 0))
        elif x == "hundred" and j > i:
            cur = max(cur, 1) * 100
        elif x == "thousand" and j > i:
            total, cur = total + max(cur, 1) * 1000, 0
        elif not (x == "and" and j > i and j + 1 < n and (words[j + 1] in SMALL or words[j + 1] in TENS)):
            break
        j += 1
    if j == i:
        return None, i
    if words[j:j + 3] in (["and", "a", "half"], ["and", "one", "half"]):
        return Fraction(total + cur) + Fraction(1, 2), j + 3
    return Fraction(total + cur), j


def _dur(n: Fraction | str, unit: str) -> str:
    """P3D, PT5H, PXY; a fraction goes to the next smaller unit: P2Y6M, PT5H30M, PT1M30S."""
    letter, is_time, mult = UNITS[unit]
    t = "T" if is_time else ""
    if n == "X":
        return f"P{t}X{letter}"
    n = n * mult
    if n.denominator == 1:
        return f"P{t}{n.numerator}{letter}"
    small, per, small_t = ("S", 60, "T") if is_time and letter == "M" else \
        {"Y": ("M", 12, ""), "Q": ("M", 3, ""), "M": ("D", 30, ""), "W": ("D", 7, ""), "D": ("H", 24, "T"),
         "H": ("M", 60, "T")}.get(letter, ("S", 1, "T"))
    whole, rest = int(n), int((n - int(n)) * per)
    head = f"{whole}{letter}" if whole else ""
    return f"P{head}T{rest}{small}" if small_t and not t else f"P{t}{head}{rest}{small}"


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    k += m - 1
    return y + k // 12, k % 12 + 1


def _quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _last_quarter(ref: date) -> tuple[int, int]:
    y, q = _quarter_of(ref)
    return (y, q - 1) if q > 1 else (y - 1, 4)


def _pick_year(ref: date, month: int, day: int | None, tense: str | None, words: list[str]) -> int:
    """The year of a month (and day) named without one: "last"/"next"/"this" decide; else the tense, when
    it points to an occurrence within reach; else the occurrence nearest publication."""
    key, now = (month, day or 0), (ref.month, ref.day if day else 0)
    if "last" in words or "past" in words:
        return ref.year if key < now else ref.year - 1
    if "next" in words or "coming" in words:
        return ref.year if key > now else ref.year + 1
    if "this" in words:
        return ref.year

    def gap(y: int) -> int:
        return (date(y, month, min(day or 15, 28)) - ref).days
    if tense == "past":
        y = ref.year if key <= now else ref.year - 1
        if -gap(y) <= PAST_REACH:
            return y
    if tense == "future":
        y = ref.year if key >= now else ref.year + 1
        if gap(y) <= FUTURE_REACH:
            return y
    return min((ref.year, ref.year - 1, ref.year + 1), key=lambda y: abs(gap(y)))


def _explicit_year(words: list[str]) -> int | None:
    """1996, or spoken: "nineteen ninety-six", "two thousand", "two thousand and one"."""
    for i, w in enumerate(words):
        if _YEAR.fullmatch(w):
            return int(w)
        if w == "nineteen" and i + 1 < len(words):
            v, j = _number(words, i + 1)
            if isinstance(v, Fraction) and v < 100:
                return 1900 + int(v)
        if words[i:i + 2] == ["two", "thousand"]:
            return int(_number(words, i)[0])
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
    v = _number(words, i + 1)[0] if nxt in SMALL or nxt in TENS else None
    return int(v) if isinstance(v, Fraction) and v.denominator == 1 and 1 <= v <= 31 else None


def _weekday(ref: date, wd: int, words: list[str], tense: str | None) -> date:
    back, fwd = (ref.weekday() - wd) % 7, (wd - ref.weekday()) % 7
    if "next" in words or "coming" in words:
        return ref + timedelta(days=fwd or 7)
    if "last" in words or "previous" in words or "past" in words:
        return ref - timedelta(days=back or 7)
    return ref + timedelta(days=fwd) if tense == "future" else ref - timedelta(days=back)


def _holiday_on(name: str, y: int) -> date:
    rule = HOLIDAYS[name]
    if not rule:
        return easter(y)
    if len(rule) == 2:
        return date(y, *rule)
    month, wd, nth, after = rule
    if nth < 0:
        last = date(y, month + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - wd) % 7)
    first = date(y, month, 1)
    return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (nth - 1) + after)


def _minus_year(value: str) -> str:
    return f"{int(value[:4]) - 1}{value[4:]}"


# -------------------------------------------------------------------------------------------- rules
# Each rule takes the words, the joined text and the context, and returns (type, value) or None when
# the expression is not its kind; the first that answers wins.
def _clock(w: list[str], text: str, ctx: Context):
    """10:35 a.m., 6 p.m. Tuesday, noon, midnight Friday, 4 in the morning."""
    if not _CLOCK.search(text):
        return None
    day = None
    rest = _CLOCK_WORDS.sub(" ", text).split()
    if rest and len(rest) < len(w):                         # "noon Thursday", "5 p.m. EST, Nov. 6"
        value = normalise(" ".join(rest), ctx)[1]
        if value and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            day = date.fromisoformat(value)
    m = re.search(r"\b(\d{1,2})(?::(\d\d))?\s*(a\.?m|p\.?m)", text) or re.search(r"\b(\d{1,2}):(\d\d)\b()", text)
    if m:
        h, mi = int(m[1]), int(m[2] or 0)
        h += 12 if m[3].startswith("p") and h < 12 else -12 if m[3].startswith("a") and h == 12 else 0
        if h > 23 or mi > 59:
            return "TIME", None
        hm = f"{h:02d}:{mi:02d}"
    elif "noon" in w or "midday" in w:
        hm = "12:00"
    elif "midnight" in w:
        hm = "24:00"
    else:
        m = re.search(r"\b(\w+) (?:o'clock|in the (morning|afternoon|evening))", text)
        v = _number(m[1].split(), 0)[0] if m else None
        if not (isinstance(v, Fraction) and 1 <= v <= 12):
            return None
        hm = f"{int(v) + (12 if m[2] in ('afternoon', 'evening') and v < 12 else 0):02d}:00"
    day = day or ctx.anchor or ctx.ref
    return "TIME", f"{day.isoformat()}T{hm}" if day else None


def _sets(w: list[str], text: str, ctx: Context):
    """daily, every week, twice a year, every other month, each Thursday, each July, Tuesday nights."""
    hit = next((SETS[x] for x in w if x in SETS), None)
    if hit:
        return "SET", hit
    times = re.search(r"\b(?:once|twice|\w+ times) (?:a|an|per|every|each) (\w+)$", text)
    if times and _unit(times[1]):
        return "SET", _dur(Fraction(1), _unit(times[1]))
    part = next((PARTS[x.rstrip("s")] for x in w if x.rstrip("s") in PARTS), "")
    m = re.search(r"\b(?:every|each|per)\s+(other\s+)?(.+)$", text)
    first = m[2].split()[0] if m else next((x for x in w if x.endswith("s") and x[:-1] in WEEKDAYS), None)
    if first is None and part and len(w) == 2 and w[0] in WEEKDAYS and w[1].endswith("s"):
        first = w[0]                                         # "Tuesday nights"
    if first is None:
        return None
    if first.rstrip("s") in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS[first.rstrip('s')] + 1}" + (f"T{part}" if part else "")
    if first in MONTHS:
        return "SET", f"XXXX-{MONTHS[first]:02d}"
    if first in SEASONS:
        return "SET", f"XXXX-{SEASONS[first]}"
    rest = m[2].split()
    n, j = _number(rest, 0)
    n, j = (Fraction(1), 0) if n is None else (n, j)
    unit = _unit(rest[j]) if j < len(rest) else None
    if unit is None:
        return None
    return "SET", _dur(n * 2 if m[1] and isinstance(n, Fraction) else n, unit)


def _refs(w: list[str], text: str, ctx: Context):
    """now, currently -> PRESENT_REF; recently, the past -> PAST_REF; the future, soon -> FUTURE_REF."""
    if re.search(r"\bfuture\b|\bsoon\b|\b(?:near|short|long) term\b|\ba later date\b|\bcoming quarters\b", text):
        return "DATE", "FUTURE_REF"
    if re.search(r"\b(?:recent|past) years\b|\bthe (?:last|past) few months\b|\brecent \w+ and \w+\b", text):
        return "DATE", "PAST_REF"
    if text in ("these days", "nowadays"):
        return "DATE", "PRESENT_REF"
    if any(_unit(x) or x in MONTHS or x in WEEKDAYS or x in SEASONS or x[:1].isdigit() for x in w):
        return None
    if set(w) & PRESENT or text in ("yet", "already", "so far", "to date"):
        return "DATE", "PRESENT_REF"
    if set(w) & PAST or "then" in w or text in ("the time", "that time"):
        return "DATE", "PAST_REF"
    return None


def _ago(w: list[str], text: str, ctx: Context):
    """"two days ago" -> that day; "six weeks ago" -> that week; "41 years ago" -> that year; "a year
    earlier" -> the focus quarter a year back; "three days later" -> P3D."""
    if len(w) < 2 or w[-1] not in ("ago", "earlier", "before", "later", "after", "hence"):
        return None
    word, i = w[-1], len(w) - 2
    if w[i] == "so" and i >= 2 and w[i - 1] == "or":        # "a week or so ago"
        i -= 2
    unit = _unit(w[i])
    if not unit:
        return None
    start = i
    while start > 0 and (w[start - 1] in SMALL or w[start - 1] in TENS or w[start - 1] in VAGUE or
                         w[start - 1] in ("a", "an", "and", "hundred", "thousand") or
                         re.fullmatch(r"[\d,]+", w[start - 1])):
        start -= 1
    n, j = _number(w, start) if start < i else (None, i)
    if n is None or j != i:
        n = "X" if w[i] != unit else Fraction(1)
    if word in ("later", "after", "hence") or word == "earlier" and unit not in ("year", "decade"):
        return "DURATION", _dur(n, unit)
    if n == "X":
        if unit == "year" and "few" in w:
            return "DATE", f"{str(ctx.ref.year - 3)[:3]}X" if ctx.ref else None
        return "DATE", "PAST_REF"
    if ctx.focus and unit == "year" and n == 1 and word in ("ago", "earlier"):
        return "DATE", _minus_year(ctx.focus)
    ref = ctx.ref
    if not ref:
        return "DATE", None
    k = -int(n * UNITS[unit][2])
    if UNITS[unit][0] == "Y":
        return "DATE", str(ref.year + k)
    if unit == "month":
        return "DATE", "%d-%02d" % _shift_month(ref.year, ref.month, k)
    if UNITS[unit][0] == "W":
        return "DATE", _week(ref + timedelta(weeks=k))
    if unit == "day":
        return "DATE", (ref + timedelta(days=k)).isoformat()
    if unit == "quarter":
        y, q = divmod(ref.year * 4 + (ref.month - 1) // 3 + k, 4)
        return "DATE", f"{y}-Q{q + 1}"
    return "TIME", None


def _duration(w: list[str], text: str, ctx: Context):
    """"three days", "the past three years", "the next few days", "two-year", "5 1/2 hours", "years"."""
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
                             w[start - 1] in ("a", "an", "and", "of", "to", "half", "hundred", "thousand",
                                              "dozen", "couple") or re.fullmatch(r"[\d,]+|\d+/\d+", w[start - 1])):
            start -= 1
        n, j = None, start
        for k in range(start, end):                          # the number phrase that ends at the unit
            n, j = _number(w, k)
            if n is not None and (j == end or "to" in w[j:end]):
                break
        if x == "second" and i + 1 < len(w) or n is not None and _YEAR.fullmatch(w[j - 1]):
            continue                                         # "the second quarter", "the 1988 quarter"
        if n is not None and j == end:
            if w[i + 1:i + 4] == ["and", "a", "half"] and isinstance(n, Fraction):
                n += Fraction(1, 2)
            return "DURATION", _dur(n, unit)
        if n is not None and "to" in w[j:end]:
            return "DURATION", _dur("X", unit)               # "the next 12 to 18 months"
        if x != unit and not re.search(r"\b(?:early|late|mid)\b", text):
            return "DURATION", _dur("X", unit)               # "years", "for weeks", "the coming months"
    return None


def _quarters(w: list[str], text: str, ctx: Context):
    """"the third quarter", "third-quarter", "the year-ago quarter", "the latest period", "the first half"."""
    if not re.search(r"\b(?:quarter|half|period)\b|\bq[1-4]\b", text):
        return None
    ref = ctx.ref
    year = _explicit_year(w)
    back = bool(re.search(r"\b(?:last|previous|prior) year\b|\byear (?:ago|earlier)\b", text))
    if year is None and ref:
        year = ref.year - 1 if back else ref.year + 1 if "next year" in text else \
            ref.year if "this year" in text else None
    m = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\b(?: fiscal)? quarter|\bq([1-4])\b", text)
    if m:
        q = int(m[2]) if m[2] else (ORDINALS.get(m[1]) or int(m[1][0]))
        if year is None and ref:   # an earnings quarter more than a quarter ahead of publication is last year's
            year = ref.year - (1 if (q - 1) * 3 + 1 > ref.month + 3 else 0)
        return "DATE", f"{year}-Q{q}" if year else None
    h = re.search(r"\b(first|second|last|latter) half\b|\bfirst (?:two|2) quarters\b", text)
    if h:
        half = 1 if (h[1] or "first") == "first" else 2
        if year is None and ref:
            year = ref.year if half == 1 or ref.month > 6 else ref.year - 1
        return "DATE", f"{year}-H{half}" if year else None
    if not re.search(r"\b(?:the|this|that|latest|current|last|previous|comparable|corresponding|same|year|"
                     r"\d{4})\b.*\b(?:quarter|period)\b", text) or \
            any(_unit(x) not in (None, "quarter", "year") for x in w):
        return None
    if ctx.focus and not {"current", "latest", "last", "previous"} & set(w):
        y, q = int(ctx.focus[:4]), int(ctx.focus[-1])
    elif ref is None:
        return "DATE", None
    else:
        y, q = _quarter_of(ref) if "current" in w or "this" in w else _last_quarter(ref)
    y = y - 1 if back else year if year is not None else y
    return "DATE", f"{y}-Q{q}"


def _decades(w: list[str], text: str, ctx: Context):
    """the 1990s -> 199, the '80s -> 198, the nineties -> 199, the 20th century -> 19."""
    m = re.search(r"\b(1\d|20)(\d)0s\b|'(\d)0s\b", text)
    if m:
        return "DATE", f"{m[1] or '19'}{m[2] or m[3]}"
    spoken = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
              "eighties": 8, "nineties": 9}
    hit = next((spoken[x] for x in w if x in spoken), None)
    if hit is not None:
        return "DATE", f"19{hit}"
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th) century\b", text)
    if m:
        return "DATE", f"{int(m[1]) - 1:02d}"
    m = re.search(r"\b(this|the last|the past|last) (decade|century)\b", text)
    if m and ctx.ref:
        if m[1] == "this":
            return "DATE", str(ctx.ref.year)[:3 if m[2] == "decade" else 2]
        return "DURATION", _dur(Fraction(1), m[2])
    return None


def _months(w: list[str], text: str, ctx: Context):
    """October 14, 14 October 2024, Aug. 7, March 2013, last October, June last year, mid-November."""
    idx = next((i for i, x in enumerate(w) if x in MONTHS), None)
    if idx is None:
        return None
    month, day, year = MONTHS[w[idx]], _day_of(w, idx), _explicit_year(w)
    day = day if day and 1 <= day <= 31 else None
    if year is None:
        if not ctx.ref:
            return "DATE", None
        year = ctx.ref.year - 1 if "last year" in text else ctx.ref.year + 1 if "next year" in text else \
            _pick_year(ctx.ref, month, day, ctx.tense, w)
    if not day:
        return "DATE", f"{year}-{month:02d}"
    d = date(year, month, day)                               # ValueError for February 30: no value
    return "DATE", _week(d) if "week of" in text else d.isoformat()


def _seasons(w: list[str], text: str, ctx: Context):
    """this summer, last fall, the winter of 1994."""
    s = next((SEASONS[x] for x in w if x in SEASONS), None)
    if s is None:
        return None
    year, ref = _explicit_year(w), ctx.ref
    if year is None:
        if not ref:
            return "DATE", None
        start = SEASON_START[s]
        if "last" in w or "past" in w and "this" not in w:
            year = ref.year if start < ref.month - 2 else ref.year - 1
        elif "next" in w:
            year = ref.year if start > ref.month else ref.year + 1
        elif "this" in w or ctx.tense is None:
            year = ref.year
        else:
            year = _pick_year(ref, start, None, ctx.tense, w)
    return "DATE", f"{year}-{s}"


def _holiday(w: list[str], text: str, ctx: Context):
    """Christmas, Thanksgiving Day, Easter 2024, last New Year's."""
    name = next((h for h in HOLIDAYS if h in text), None)
    if name is None:
        return None
    year = _explicit_year(w)
    if year is not None:
        return "DATE", _holiday_on(name, year).isoformat()
    ref = ctx.ref
    if not ref:
        return "DATE", None
    days = [_holiday_on(name, y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    if "last" in w or ctx.tense != "future" and "next" not in w:
        return "DATE", max(d for d in days if d <= ref).isoformat()
    return "DATE", min(d for d in days if d >= ref).isoformat()


def _days(w: list[str], text: str, ctx: Context):
    """Weekdays and today / yesterday / tomorrow / tonight, with a part of the day: "Friday night"."""
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
    else:
        d = ref if rel or "this" in w else ctx.anchor or ref
    return ("TIME", f"{d.isoformat()}T{part}") if part else ("DATE", d.isoformat())


def _relative(w: list[str], text: str, ctx: Context):
    """this/last/next week, month, year, quarter, weekend; earlier this year; year-end; the fiscal year."""
    unit = next((x for x in ("weekend", "week", "month", "year", "quarter") if x in w), None)
    if unit is None or _explicit_year(w):
        return None
    ref = ctx.ref
    shift = -1 if re.search(r"\b(?:last|previous|past|prior)\b", text) else \
        1 if re.search(r"\b(?:next|coming|following)\b", text) else 0
    if unit == "weekend":
        if not ref:
            return "DATE", None
        if ctx.tense != "future" or shift < 0:
            sat = ref - timedelta(days=(ref.weekday() - 5) % 7) + timedelta(weeks=max(shift, 0))
        else:
            sat = ref + timedelta(days=(5 - ref.weekday()) % 7)
        return "DATE", f"{_week(sat)}-WE"
    if not shift and not re.search(r"\b(?:this|current|end|full|same)\b", text):
        if unit == "year" and ("fiscal" in w or text in ("the year", "year")):
            return "DURATION", "P1Y"
        if unit in ("week", "month") and text in (unit, f"the {unit}", f"a {unit}"):
            return "DURATION", f"P1{unit[0].upper()}"
        return None
    if not ref:
        return "DATE", None
    if unit == "year" and "end" in w and not shift and "this" not in w:
        return "DATE", str(ref.year)
    if unit == "year" and re.search(r"\bthe (?:last|past)\b", text):
        return "DATE", str(ref.year - 1)
    if unit == "week":
        return "DATE", _week(ref + timedelta(weeks=shift))
    if unit == "month":
        return "DATE", "%d-%02d" % _shift_month(ref.year, ref.month, shift)
    if unit == "quarter":
        y, q = divmod(ref.year * 4 + (ref.month - 1) // 3 + shift, 4)
        return "DATE", f"{y}-Q{q + 1}"
    return "DATE", str(ref.year + shift)


def _years(w: list[str], text: str, ctx: Context):
    """1998, fiscal 1988, mid-1996, nineteen ninety-six, 2013-03."""
    year = _explicit_year(w)
    if year is not None:
        return "DATE", str(year)
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    return ("DATE", f"{m[1]}-{m[2]}") if m and 1 <= int(m[2]) <= 12 else None


RULES = (_clock, _sets, _refs, _ago, _duration, _quarters, _decades, _months, _seasons, _holiday, _days,
         _relative, _years)


def normalise(text: str, ctx: Context) -> tuple[str, str | None]:
    """(TIMEX3 type, value) of a time expression; value None when it cannot be pinned."""
    try:
        iso = _ISO.search(text)
        if iso:
            return "DATE", date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        w = words_of(text)
        joined = " ".join(w)
        for rule in RULES:
            out = rule(w, joined, ctx) if w else None
            if out is not None:
                return out
    except (ValueError, OverflowError):      # beyond the calendar: "February 30", "10,000,000 days ago"
        pass
    return "DATE", None


def resolve(text: str, published: str | None, *, tense: str | None = None, anchor: date | None = None,
            focus: str | None = None) -> tuple[str, str | None]:
    """(TIMEX3 type, value) of a time expression against the publication date ('YYYY-MM-DD' or None)."""
    return normalise(text, Context(ref=parse_ref(published), tense=tense, anchor=anchor, focus=focus))
