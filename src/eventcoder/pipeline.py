"""The coder: ingest -> nlp -> actors -> events -> when/where -> Event records.

`Coder` holds the loaded resources (spaCy pipeline, actor knowledge, gazetteer) and turns parsed
articles into `ArticleResult`s. `code_inputs` is the single entry point the CLI, the store and the
Dask engine use, so every path codes articles the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from spacy.tokens import Doc, Token

from . import ontology
from .actors import ActorResolver
from .errors import InputError
from .events import extract_events
from .events.classify import Classification, classify, load_lexicon
from .events.fallback import build_fallback
from .gazetteer import Gazetteer
from .ingest import iter_articles
from .model import Article, ArticleResult, CodedPredicate, Event, stable_hash
from .nlp import load_pipeline, parse_articles
from .when import resolve_when
from .where import event_place


@dataclass(frozen=True)
class CoderOptions:
    """What changes how articles are coded. Plain data so it can be shipped to Dask workers."""

    model: str = "sm"
    actor_files: tuple[str, ...] = ()
    batch_size: int = 32
    lexicon_files: tuple[str, ...] = ()
    fallback: bool = True  # the semantic fallback for predicates the lexicon misses (events/fallback.py)


@dataclass
class Coder:
    """Loaded resources for coding; build once per process (or per Dask worker)."""

    options: CoderOptions = field(default_factory=CoderOptions)

    def __post_init__(self) -> None:
        self.nlp = load_pipeline(self.options.model)
        self.resolver = ActorResolver.load(extra_files=[Path(p) for p in self.options.actor_files])
        self.gazetteer = Gazetteer.load()
        self.lexicon = load_lexicon([Path(p) for p in self.options.lexicon_files])
        self.fallback = build_fallback(self.lexicon) if self.options.fallback else None
        self._fallback_tokens: set[int] = set()  # tokens of the current doc the fallback coded
        self._place_names: dict[str, bool] = {}

    def code_articles(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Parse and code articles in batches, one result per article, in input order."""
        for article, doc in parse_articles(self.nlp, articles, self.options.batch_size):
            yield self.code_doc(article, doc)

    def code_doc(self, article: Article, doc: Doc) -> ArticleResult:
        """Code one parsed article."""
        doc_actors = self.resolver.annotate(doc, article.published)
        self._fallback_tokens = set()
        predicates = extract_events(doc, doc_actors, classifier=self._classify)
        predicates = [
            replace(p, coded_by="fallback") if p.trigger_i in self._fallback_tokens else p for p in predicates
        ]
        events = tuple(self._to_event(article, doc, p) for p in predicates)
        n_words = sum(1 for t in doc if not (t.is_punct or t.is_space))
        return ArticleResult(article=article, events=events, n_words=n_words)

    def _classify(self, token: Token) -> Classification | None:
        cls = classify(token, self.lexicon, is_place=self._is_place, fallback=self.fallback)
        if cls is not None and cls.coded_by == "fallback":
            self._fallback_tokens.add(token.i)
        return cls

    def _is_place(self, name: str) -> bool:
        """A name the gazetteer knows and the actor knowledge does not give to a person or group:
        the small model often tags towns as PERSON/ORG, and the gazetteer's alternate names are
        loose ("Hamas" is also an alternate name of a German town)."""
        known = self._place_names.get(name)
        if known is None:
            known = bool(self.gazetteer.candidates(name)) and not any(
                r.kind in ("person", "org") for r in self.resolver.lookup(name)
            )
            self._place_names[name] = known
        return known

    def _to_event(self, article: Article, doc: Doc, pred: CodedPredicate) -> Event:
        sent = doc[pred.sent_start : pred.sent_end]
        trigger = doc[pred.trigger_i]
        when = resolve_when(sent, article.published, trigger)
        countries = [a.country for a in (pred.source, pred.target) if a is not None and a.country]
        place = event_place(sent, trigger, self.gazetteer, countries, place_i=pred.place_i)
        return Event(
            event_id=event_id(article.id, pred),
            article_id=article.id,
            sentence_index=pred.sentence_index,
            text=sent.text.strip(),
            source=pred.source,
            target=pred.target,
            cameo=ontology.cameo(pred.cameo_code),
            plover=ontology.plover(pred.cameo_code, pred.plover_mode, pred.plover_context),
            when=when,
            location=place,
            confidence=pred.confidence,
            trigger=pred.trigger,
            published=article.published,
            article_source=article.source,
            url=article.url,
            coded_by=pred.coded_by,
        )


def event_id(article_id: str, pred: CodedPredicate) -> str:
    """Stable id: article, sentence, predicate position and code, and the two actors' words."""
    src = pred.source.text if pred.source else ""
    tgt = pred.target.text if pred.target else ""
    return stable_hash(article_id, pred.sentence_index, pred.trigger_i, pred.cameo_code, src, tgt)


def code_inputs(
    inputs: Sequence[str],
    options: CoderOptions | None = None,
    *,
    published: date | None = None,
    source: str | None = None,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Read inputs and code them in this process, yielding bad input as `InputError` values so a
    batch goes on past one bad line. `skip` drops articles before parsing (the store passes "is
    this content already stored?", so a re-run does not code stored articles again)."""
    coder = Coder(options or CoderOptions())
    errors: list[InputError] = []

    def good_articles() -> Iterator[Article]:
        for item in iter_articles(inputs, published=published, source=source):
            if isinstance(item, InputError):
                errors.append(item)
            elif skip is None or not skip(item):
                yield item

    for result in coder.code_articles(good_articles()):
        # Errors are reported as soon as the reader has passed them, in input order.
        while errors:
            yield errors.pop(0)
        yield result
    yield from errors
