"""Dataclasses shared by every stage: the contract between ingest, nlp, actors, events, when/where,
dedupe and store. Stages import this module and the stages before them, never the ones after."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Token

DATE_PRECISIONS = ("day", "month", "year", "unknown")


def stable_hash(*parts: object, length: int = 16) -> str:
    """Short hex digest of the parts joined by a separator no part can contain by accident."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from input; `origin` says where it came from (file:line)."""

    id: str
    title: str
    text: str
    published: date | None = None
    source: str | None = None
    url: str | None = None
    origin: str = ""
    # Set by text repair (issue 10): the dateline's place words as written ("lucknow", "BAGHDAD")
    # and the agency named beside it ("Reuters"); neither is part of `text`.
    dateline: str | None = None
    agency: str | None = None

    @property
    def content_hash(self) -> str:
        """Hash of the words only, so the same story read twice is recognised as one article."""
        return stable_hash(" ".join(self.title.split()), " ".join(self.text.split()), length=32)


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: the words in the text and what they refer to (country, sector, CAMEO code)."""

    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    cameo: str | None = None
    actor_id: str | None = None
    # Which parts were inferred rather than read from the words: "country" (the article's home
    # country given to a domestic actor such as "police") and "actor" (a source the text leaves
    # out, such as the police of an agentless arrest). Empty when everything was read.
    inferred: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CameoCode:
    """A CAMEO code with its root, Goldstein weight and QuadClass (1 verbal coop .. 4 material conflict)."""

    code: str
    root: str
    goldstein: float
    quad_class: int
    name: str = ""


@dataclass(frozen=True, slots=True)
class PloverLabel:
    """PLOVER event type, mode and contexts. `type` is None for CAMEO statements PLOVER does not code."""

    type: str | None
    mode: str | None = None
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class When:
    """A resolved date: `date` is YYYY-MM-DD, YYYY-MM or YYYY to match `precision`, or None."""

    date: str | None
    precision: str = "unknown"

    def __post_init__(self) -> None:
        if self.precision not in DATE_PRECISIONS:
            raise ValueError(f"bad date precision {self.precision!r}")


UNKNOWN_WHEN = When(None, "unknown")


@dataclass(frozen=True, slots=True)
class Location:
    """A geocoded place from the offline gazetteer."""

    name: str
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str = "city"  # city | country | region


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event mention: the record of ../contract.md plus provenance extensions."""

    event_id: str
    article_id: str
    sentence_index: int
    text: str
    source: Actor | None
    target: Actor | None
    cameo: CameoCode
    plover: PloverLabel
    when: When = UNKNOWN_WHEN
    location: Location | None = None
    confidence: float = 0.5
    trigger: str = ""
    published: date | None = None
    article_source: str | None = None
    url: str | None = None
    coded_by: str = "lexicon"  # which path coded the predicate: "lexicon" or "fallback"

    def to_record(self) -> dict[str, Any]:
        """The contract's JSON object (keys in contract order, extensions after); its shape is
        declared once, in eventcoder.record."""
        from .record import to_record

        return to_record(self)

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> Event:
        """Inverse of `to_record` (used by the Dask engine's client to read its Parquet shards)."""
        from .record import from_record

        return from_record(r)


@dataclass(frozen=True, slots=True)
class CodedPredicate:
    """Output of the events stage for one predicate: who did what to whom, before dates and places.

    Token indexes are into the article's spaCy Doc, so later stages (when/where) can read the
    sentence and the predicate's dependents without re-parsing.
    """

    sentence_index: int
    sent_start: int  # first token of the sentence (doc index)
    sent_end: int  # one past the last token
    trigger_i: int  # the predicate's head token (doc index)
    trigger: str  # the words that triggered the code, e.g. "spoke by phone"
    source: Actor | None
    target: Actor | None
    cameo_code: str
    plover_mode: str | None = None
    plover_context: tuple[str, ...] = ()
    confidence: float = 0.5
    place_i: int | None = None  # head token of an explicit place argument, if the events stage saw one
    coded_by: str = "lexicon"  # "lexicon" or "fallback" (the semantic fallback of issue 11)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything the coder produced for one article: what the store and exporters consume."""

    article: Article
    events: tuple[Event, ...]
    n_words: int = 0


class ActorLookup(Protocol):
    """What the events stage asks of the actors stage for one article (see actors.DocActors)."""

    def actor_for(self, token: Token) -> Actor | None:
        """The actor named by the noun phrase headed by `token` (coreference resolved), or None."""
        ...

    def home_actor(self, sector: str) -> Actor | None:
        """The domestic actor of the article's home country for a CAMEO sector (COP -> "IND
        police", GOV -> "IND government"), marked inferred=("actor",); None without a home."""
        ...
