"""The plain data that flows between stages: Article, Skipped and the extraction records.

Every stage takes and returns these objects; nothing here knows about spaCy, DuckDB or the CLI.
The JSON form of the extraction records is the contract in docs/contract.md (and the official
scorer's EVAL.md): keep field names stable.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import Any

CONTRACT_VERSION = "0.1"

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form of an article's text that its id is computed from: NFC, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str) -> str:
    """A stable content hash: the same text (modulo whitespace and Unicode form) gives the same id."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:20]


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_day(value: str | None) -> bool:
    """Whether a TIMEX3 value names one calendar day ("2025-10-14"; not "2025-W42", "FUTURE_REF")."""
    return bool(value) and bool(_DAY.match(value))


def parse_published(value: Any) -> str | None:
    """Normalise a publication date to 'YYYY-MM-DD', or None when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    m = re.match(r"^(\d{4})(\d{2})(\d{2})(\d{6})?$", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        import dateutil.parser

        return dateutil.parser.parse(s, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError, TypeError, ImportError):
        return None


@dataclass(frozen=True)
class Article:
    """One news document, from whatever reader produced it."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None          # outlet or host name, when known
    published: str | None = None       # 'YYYY-MM-DD'
    language: str = "en"
    origin: str | None = None          # the file/URL (and record) it was read from
    external_id: str | None = None     # the id the corpus gave it, if any
    fetched_at: str | None = None      # set only for documents fetched over the network

    @classmethod
    def create(cls, text: str, **fields: Any) -> "Article":
        """Build an Article, computing its content-hash id and normalising `published`."""
        fields["published"] = parse_published(fields.get("published"))
        if fields.get("external_id") is not None:
            fields["external_id"] = str(fields["external_id"])
        return cls(id=article_id(text), text=text, **fields)

    @property
    def doc_id(self) -> str:
        """The id reported in extraction output: the corpus's own id when it gave one."""
        return self.external_id or self.id

    def with_(self, **changes: Any) -> "Article":
        return replace(self, **changes)


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with a reason a person can act on."""

    origin: str
    reason: str


@dataclass
class Actor:
    text: str
    start: int
    end: int
    country: str | None = None
    code: str | None = None
    sector: str | None = None
    entry: str | None = None           # knowledge-base entry it resolved to, when any


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    geonameid: str | None = None
    feature: str | None = None


@dataclass
class TimeExpr:
    text: str
    start: int
    end: int
    type: str = "DATE"
    value: str | None = None


@dataclass
class Quote:
    content: list[list[int]]
    direct: bool
    cue: list[int] | None
    speaker: Actor | None = None
    anonymous: bool = False             # "a US official, speaking on condition of anonymity"
    via: str | None = None              # the outlet or report it reached us through ("a New York Times report")


@dataclass
class Event:
    category: str | None                # PLOVER category (None for CAMEO codes PLOVER leaves out)
    cameo: str
    quad: int
    goldstein: float
    modality: str
    sentence: list[int]
    trigger: list[int]
    source: Actor | None = None
    target: Actor | None = None
    mode: str | None = None
    date: str | None = None
    date_precision: str | None = None   # "clause": a day named in its clause; "published": the article's date
    location: dict | None = None        # name, lat, lon, country, relation, precision ("clause" | "article")
    magnitude: dict = field(default_factory=lambda: {"killed": None, "injured": None, "size": None})
    confidence: float = 0.5
    pattern: str | None = None          # which pattern coded it: the "why" of the event
    attribution: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one document: the contract object."""

    id: str
    events: list[Event] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_json(self) -> dict:
        out = asdict(self)
        out["version"] = CONTRACT_VERSION
        return out
