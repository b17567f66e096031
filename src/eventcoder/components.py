"""eventcoder's stages as spaCy pipeline components, for people who run their own spaCy pipeline.

    import spacy
    nlp = spacy.load("en_core_web_sm")          # any English pipeline with a parser and NER
    nlp.add_pipe("eventcoder")                  # or the stages one by one, in this order:
    # for name in ("eventcoder_actors", "eventcoder_events", "eventcoder_when_where"): nlp.add_pipe(name)
    doc = nlp("Police arrested two men in Nairobi on Monday.")
    doc._.events                                # tuple of eventcoder.Event

The factories are registered with `Language.factory` when this module is imported, and through
the `spacy_factories` entry points of the package, so `add_pipe` finds them without an import.
Each takes the options of `CoderConfig` that concern the stages (lexicon_files, actor_files,
fallback) as its spaCy config. The article a Doc belongs to (its id, publication date, outlet) is
read from `doc._.article` when set (an `eventcoder.Article`), so relative dates can be resolved:

    doc = nlp.make_doc(text); doc._.article = eventcoder.Article(id="a1", title="", text=text,
                                                                published=date(2024, 5, 2))
    for _, proc in nlp.pipeline: doc = proc(doc)

Results live on Doc extensions: `doc._.actors` (the actors stage's lookup), `doc._.predicates`
(CodedPredicates: who did what to whom) and `doc._.events` (Events with dates and places).
"""

from __future__ import annotations

import functools
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .config import CoderConfig
from .model import Article, stable_hash

EXTENSIONS = ("article", "actors", "predicates", "events")
STAGE_NAMES = ("eventcoder_actors", "eventcoder_events", "eventcoder_when_where")
DEFAULT_CONFIG: dict[str, Any] = {"lexicon_files": [], "actor_files": [], "fallback": True}

for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@functools.lru_cache(maxsize=8)
def _stages(config: CoderConfig) -> Any:
    # One set of loaded knowledge per config in a process, shared by the components that name it.
    from .pipeline import Stages

    return Stages(config)


def _config(lexicon_files: list[str], actor_files: list[str], fallback: bool) -> CoderConfig:
    return CoderConfig(lexicon_files=tuple(lexicon_files), actor_files=tuple(actor_files), fallback=fallback)


def doc_article(doc: Doc) -> Article:
    """The article a Doc belongs to: `doc._.article`, else one made from the Doc's text."""
    article = doc._.article
    if isinstance(article, Article):
        return article
    return Article(id=stable_hash(doc.text), title="", text=doc.text, origin="<doc>")


class _Stage:
    """Base of the components: the loaded stages of one config."""

    def __init__(self, config: CoderConfig) -> None:
        self.config = config
        self.stages = _stages(config)


class ActorsComponent(_Stage):
    """Sets `doc._.actors`: who each noun phrase refers to (coreference resolved)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = self.stages.actors(doc, doc_article(doc))
        return doc


class EventsComponent(_Stage):
    """Sets `doc._.predicates` from `doc._.actors` (run after eventcoder_actors)."""

    def __call__(self, doc: Doc) -> Doc:
        actors = doc._.actors
        if actors is None:
            raise ValueError("eventcoder_events needs eventcoder_actors before it in the pipeline")
        doc._.predicates = tuple(self.stages.predicates(doc, actors))
        return doc


class WhenWhereComponent(_Stage):
    """Sets `doc._.events` from `doc._.predicates`: dates and places resolved (run last)."""

    def __call__(self, doc: Doc) -> Doc:
        predicates = doc._.predicates
        if predicates is None:
            raise ValueError("eventcoder_when_where needs eventcoder_events before it in the pipeline")
        home = doc._.actors.home_country if doc._.actors is not None else None
        doc._.events = self.stages.events(doc_article(doc), doc, predicates, home_country=home)
        return doc


class EventcoderComponent(_Stage):
    """All three stages in one component: sets `doc._.actors`, `doc._.predicates`, `doc._.events`."""

    def __call__(self, doc: Doc) -> Doc:
        article = doc_article(doc)
        doc._.actors = self.stages.actors(doc, article)
        doc._.predicates = tuple(self.stages.predicates(doc, doc._.actors))
        doc._.events = self.stages.events(
            article, doc, doc._.predicates, home_country=doc._.actors.home_country
        )
        return doc


def _factory(name: str, component: type[_Stage]) -> Any:
    """Register a spaCy factory for one component class; its settings are the stage fields of
    CoderConfig (DEFAULT_CONFIG)."""

    def make(
        nlp: Language, name: str, lexicon_files: list[str], actor_files: list[str], fallback: bool
    ) -> Any:
        return component(_config(lexicon_files, actor_files, fallback))

    make.__doc__ = component.__doc__
    return Language.factory(name, default_config=DEFAULT_CONFIG, func=make)


# The factories (also announced as `spacy_factories` entry points in pyproject.toml).
make_eventcoder = _factory("eventcoder", EventcoderComponent)
make_actors = _factory("eventcoder_actors", ActorsComponent)
make_events = _factory("eventcoder_events", EventsComponent)
make_when_where = _factory("eventcoder_when_where", WhenWhereComponent)
