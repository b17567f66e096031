"""Dataclasses shared by every stage: the contract between ingest, nlp, actors, events, when/where,
dedupe and store. Stages import this module and the stages before them, never the ones after."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "cameo": self.cameo,
            "actor_id": self.actor_id,
            "inferred": list(self.inferred),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        return cls(
            text=d.get("text") or "",
            name=d.get("name"),
            country=d.get("country"),
            sector=d.get("sector"),
            cameo=d.get("cameo"),
            actor_id=d.get("actor_id"),
            inferred=tuple(d.get("inferred") or ()),
        )


def actor_columns(side: str, actor: Actor | None) -> dict[str, Any]:
    """One side of an event as flat columns (`source_name`, `source_country`, ...) for tables,
    CSV and the store; the name falls back to the words when the actor has no canonical name."""
    return {
        f"{side}_text": actor.text if actor else None,
        f"{side}_name": (actor.name or actor.text) if actor else None,
        f"{side}_country": actor.country if actor else None,
        f"{side}_sector": actor.sector if actor else None,
        f"{side}_cameo": actor.cameo if actor else None,
        f"{side}_actor_id": actor.actor_id if actor else None,
    }


@dataclass(frozen=True, slots=True)
class CameoCode:
    """A CAMEO code with its root, Goldstein weight and QuadClass (1 verbal coop .. 4 material conflict)."""

    code: str
    root: str
    goldstein: float
    quad_class: int
    name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "root": self.root,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
        }


@dataclass(frozen=True, slots=True)
class PloverLabel:
    """PLOVER event type, mode and contexts. `type` is None for CAMEO statements PLOVER does not code."""

    type: str | None
    mode: str | None = None
    context: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode, "context": list(self.context)}


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "feature": self.feature,
        }


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
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_record(self) -> dict[str, Any]:
        """The contract's JSON object (keys in contract order, extensions after)."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "text": self.text,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo.to_dict(),
            "plover": self.plover.to_dict(),
            "date": self.when.date,
            "date_precision": self.when.precision,
            "location": self.location.to_dict() if self.location else None,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
            "published": self.published.isoformat() if self.published else None,
            "article_source": self.article_source,
            "url": self.url,
            "coded_by": self.coded_by,
        }

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> Event:
        """Inverse of `to_record` (used by the store and the Dask engine's Parquet shards)."""
        cam = r["cameo"]
        plo = r.get("plover") or {}
        loc = r.get("location")
        pub = r.get("published")
        return cls(
            event_id=r["event_id"],
            article_id=r["article_id"],
            sentence_index=int(r["sentence_index"]),
            text=r["text"],
            source=Actor.from_dict(r["source"]) if r.get("source") else None,
            target=Actor.from_dict(r["target"]) if r.get("target") else None,
            cameo=CameoCode(cam["code"], cam["root"], float(cam["goldstein"]), int(cam["quad_class"])),
            plover=PloverLabel(plo.get("type"), plo.get("mode"), tuple(plo.get("context") or ())),
            when=When(r.get("date"), r.get("date_precision") or "unknown"),
            location=Location(
                name=loc["name"],
                country=loc.get("country"),
                admin1=loc.get("admin1"),
                lat=loc.get("lat"),
                lon=loc.get("lon"),
                geonameid=loc.get("geonameid"),
                feature=loc.get("feature") or "city",
            )
            if loc
            else None,
            confidence=float(r.get("confidence", 0.5)),
            trigger=r.get("trigger", ""),
            published=date.fromisoformat(pub) if pub else None,
            article_source=r.get("article_source"),
            url=r.get("url"),
            coded_by=r.get("coded_by") or "lexicon",
        )


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
        """The domestic actor of the article's home country for this sector, e.g. COP or GOV,
        with inferred=('actor',) — None when the home country is unknown."""
        ...
