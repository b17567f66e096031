"""The coder: ingest -> nlp -> actors -> events -> when/where -> Event records.

`Coder` holds the loaded resources (spaCy pipeline, actor knowledge, gazetteer, lexicon) that one
`CoderConfig` describes and turns articles into `ArticleResult`s. Each article is coded on its own
terms: whatever goes wrong with one (a parse error, a failing stage) becomes one `InputError`
naming its file:line, and the others are coded as usual. Articles longer than the config's
`part_chars` are parsed in parts cut between paragraphs or sentences, so memory stays bounded.
`code_inputs` is the local engine (see `engine.run_coder` for the switch between engines).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Token

from . import ontology
from .actors import ActorResolver, DocActors
from .config import CoderConfig
from .engine import Outcome, merge_in_order, partitions, read_articles
from .errors import InputError
from .events import extract_events, grammar
from .events.classify import Classification, classify, load_lexicon
from .events.fallback import build_fallback
from .gazetteer import Gazetteer
from .model import ActorLookup, Article, ArticleResult, CodedPredicate, Event, Location, stable_hash
from .nlp import load_pipeline, original_text, parse_texts, split_text
from .when import resolve_when
from .where import event_place

if TYPE_CHECKING:
    from .api import ArticleLike, ErrorPolicy

# What to tell the user when an article cannot be coded for a reason the message does not name.
SKIPPED_HINT = "the article was skipped; check its text and date (report a bug if both look right)"


class Coder:
    """Loaded resources for coding; build once per process (or per Dask worker).

    `Coder(config)` or `Coder(model="md", lexicon_files=[...])`: keyword options are those of
    `CoderConfig`, applied over `config` when both are given."""

    def __init__(self, config: CoderConfig | None = None, /, **options: Any) -> None:
        if config is None:
            config = CoderConfig.from_options(**options)
        elif options:
            config = config.with_options(**options)
        self.config = config
        self.nlp = load_pipeline(config.model)
        self.stages = Stages(config)

    # --- the Python API (see eventcoder.api and docs/api.md) -----------------------------------

    def code(
        self,
        text: str,
        *,
        published: date | str | None = None,
        source: str | None = None,
        title: str = "",
        id: str | None = None,
        url: str | None = None,
    ) -> list[Event]:
        """The events of one text. `published` (a date or YYYY-MM-DD) anchors relative dates
        ("on Monday"); `source` is the outlet. Raises InputError when the text cannot be coded."""
        from .api import as_article

        fields: dict[str, Any] = {"text": text, "title": title, "source": source, "url": url}
        if id is not None:
            fields["id"] = id
        if published is not None:
            fields["published"] = published.isoformat() if isinstance(published, date) else published
        [outcome] = self.code_batch([as_article(fields, "<text>")])
        if isinstance(outcome, InputError):
            raise outcome
        return list(outcome.events)

    def code_many(
        self, articles: Iterable[ArticleLike], *, errors: ErrorPolicy = "raise"
    ) -> Iterator[ArticleResult | InputError]:
        """Results for many articles (Articles, dicts with the JSONL fields, or texts), in input
        order and in batches of `batch_size`. A bad article raises its InputError (`errors="raise"`),
        is left out (`"skip"`) or is yielded in its place (`"include"`)."""
        from .api import code_many

        return code_many(self, articles, errors)

    # --- batches of articles --------------------------------------------------------------------

    def code_outcomes(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        """One outcome per article, in input order: its result, or the error that skipped it."""
        for batch in partitions(articles, self.config.batch_size):
            yield from self.code_batch(batch)

    def code_articles(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """One result per article, in input order; raises the InputError of an article that cannot
        be coded (the engines use `code_outcomes`, which reports it and goes on)."""
        for outcome in self.code_outcomes(articles):
            if isinstance(outcome, InputError):
                raise outcome
            yield outcome

    def code_batch(self, articles: Sequence[Article]) -> list[Outcome]:
        """Code a batch: short articles parsed together with spaCy's batching, long ones in parts."""
        limit = self.config.part_chars
        short = [a for a in articles if len(a.text) <= limit]
        docs = dict(zip((id(a) for a in short), self._parse_together(short), strict=True))
        return [isolated(a, functools.partial(self._code_one, a, docs.get(id(a)))) for a in articles]

    def _code_one(self, article: Article, doc: Doc | None) -> ArticleResult:
        if len(article.text) > self.config.part_chars:
            return self.code_long(article)
        return self.code_doc(
            article, doc if doc is not None else next(parse_texts(self.nlp, [article.text], 1))
        )

    def _parse_together(self, articles: Sequence[Article]) -> list[Doc | None]:
        """Docs of the batch, or None for each when the batch fails (each is then parsed alone,
        so only the article at fault is skipped)."""
        if not articles:
            return []
        try:
            return list(parse_texts(self.nlp, [a.text for a in articles], len(articles)))
        except Exception:
            return [None] * len(articles)

    def code_long(self, article: Article) -> ArticleResult:
        """Code a long article in parts (one Doc at a time), continuing sentence numbers."""
        events: list[Event] = []
        n_words = offset = 0
        for doc in parse_texts(self.nlp, split_text(article.text, self.config.part_chars), 1):
            part = self.code_doc(article, doc, sentence_offset=offset)
            events.extend(part.events)
            n_words += part.n_words
            offset += sum(1 for _ in doc.sents)
        return ArticleResult(article=article, events=tuple(events), n_words=n_words)

    def code_doc(self, article: Article, doc: Doc, sentence_offset: int = 0) -> ArticleResult:
        """Code one parsed article (or one part of a long one, whose first sentence is number
        `sentence_offset` of the article)."""
        return self.stages.code_doc(article, doc, sentence_offset)


class Stages:
    """The stages after the parse (actors -> events -> when/where), with the knowledge one config
    names; used by `Coder` and by the spaCy components (eventcoder.components)."""

    def __init__(self, config: CoderConfig) -> None:
        self.config = config
        self.resolver = ActorResolver.load(extra_files=[Path(p) for p in config.actor_files])
        self.gazetteer = Gazetteer.load()
        self.lexicon = load_lexicon([Path(p) for p in config.lexicon_files])
        self.fallback = build_fallback(self.lexicon) if config.fallback else None
        self._place_names: dict[str, bool] = {}

    def code_doc(self, article: Article, doc: Doc, sentence_offset: int = 0) -> ArticleResult:
        """Code one parsed article (or one part of a long one, whose first sentence is number
        `sentence_offset` of the article)."""
        doc_actors = self.actors(doc, article)
        predicates = self.predicates(doc, doc_actors)
        events = self.events(article, doc, predicates, sentence_offset, doc_actors.home_country)
        n_words = sum(1 for t in doc if not (t.is_punct or t.is_space))
        return ArticleResult(article=article, events=events, n_words=n_words)

    def actors(self, doc: Doc, article: Article) -> DocActors:
        """The actors stage: who the noun phrases of `doc` refer to (the article gives the date
        roles are read on, and its dateline and outlet for the home country)."""
        return self.resolver.annotate(doc, article.published, article=article)

    def predicates(self, doc: Doc, doc_actors: ActorLookup) -> list[CodedPredicate]:
        """The events stage: who did what to whom, before dates and places."""
        return list(extract_events(doc, doc_actors, classifier=self._classify))

    def events(
        self,
        article: Article,
        doc: Doc,
        predicates: Iterable[CodedPredicate],
        sentence_offset: int = 0,
        home_country: str | None = None,
    ) -> tuple[Event, ...]:
        """The when/where stage: each predicate as a dated, placed Event of `article`
        (`home_country`, the article's, settles place names several countries share)."""
        text = original_text(doc)  # once per Doc: a Doc's text is rebuilt token by token on each call
        return tuple(self._to_event(article, doc, text, p, sentence_offset, home_country) for p in predicates)

    def _classify(self, token: Token) -> Classification | None:
        return classify(token, self.lexicon, is_place=self._is_place, fallback=self.fallback)

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

    def _to_event(
        self,
        article: Article,
        doc: Doc,
        text: str,
        pred: CodedPredicate,
        sentence_offset: int,
        home: str | None,
    ) -> Event:
        sent = doc[pred.sent_start : pred.sent_end]
        trigger = doc[pred.trigger_i]
        when = resolve_when(sent, article.published, trigger)
        countries = [a.country for a in (pred.source, pred.target) if a is not None and a.country]
        place = event_place(sent, trigger, self.gazetteer, countries, place_i=pred.place_i, home_country=home)
        index = pred.sentence_index + sentence_offset
        code = located_code(pred, place)
        return Event(
            event_id=event_id(article.id, pred, index),
            article_id=article.id,
            sentence_index=index,
            # The article's own words: a caseless text was parsed from a truecased copy.
            text=text[sent.start_char : sent.end_char].strip(),
            source=pred.source,
            target=pred.target,
            cameo=ontology.cameo(code),
            plover=ontology.plover(code, pred.plover_mode, pred.plover_context),
            when=when,
            location=place,
            confidence=pred.confidence,
            trigger=pred.trigger,
            published=article.published,
            article_source=article.source,
            url=article.url,
            coded_by=pred.coded_by,
        )


def located_code(pred: CodedPredicate, place: Location | None) -> str:
    """The predicate's code, a meeting named as held in a country that is neither side's ("the
    presidents of Armenia and Azerbaijan met in Geneva") made CAMEO's meeting at a third location
    (event_grammar.yaml third_place_codes). Only a place the sentence names counts, both sides'
    countries known."""
    g = grammar()
    if pred.cameo_code not in g.third_place_codes or not g.third_place_code:
        return pred.cameo_code
    if place is None or pred.place_i is None or not place.country:
        return pred.cameo_code
    sides = [a.country if a is not None else None for a in (pred.source, pred.target)]
    if all(sides) and place.country not in sides:
        return g.third_place_code[0]
    return pred.cameo_code


def isolated(article: Article, code: Callable[[], ArticleResult]) -> Outcome:
    """Run `code` for one article; whatever it raises becomes one InputError naming the article's
    file:line, so one bad article never stops the others."""
    try:
        return code()
    except InputError as exc:
        return exc
    except Exception as exc:
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        where = article.origin or f"article {article.id}"
        return InputError(where, f"cannot code this article ({type(exc).__name__}: {detail}); {SKIPPED_HINT}")


def event_id(article_id: str, pred: CodedPredicate, sentence_index: int | None = None) -> str:
    """Stable id: article, sentence, predicate position and code, and the two actors' words."""
    src = pred.source.text if pred.source else ""
    tgt = pred.target.text if pred.target else ""
    index = pred.sentence_index if sentence_index is None else sentence_index
    return stable_hash(article_id, index, pred.trigger_i, pred.cameo_code, src, tgt)


def code_inputs(
    inputs: Sequence[str],
    config: CoderConfig | None = None,
    *,
    published: date | None = None,
    source: str | None = None,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[Outcome]:
    """The local engine: read inputs and code them in this process, in input order, yielding bad
    input and articles that cannot be coded as `InputError` values so a run goes on past them.
    `skip` drops articles before parsing (the store passes "is this content already stored?")."""
    coder = Coder(config or CoderConfig())
    for part in partitions(read_articles(inputs, published, source, skip), coder.config.batch_size):
        yield from merge_in_order(part, coder.code_batch([a for a in part if isinstance(a, Article)]))
