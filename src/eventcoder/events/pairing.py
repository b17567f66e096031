"""Pairing a frame's sources and targets into coded predicates, with the confidence rules of
events/confidence.py."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice

from ..model import Actor, CodedPredicate
from .agentless import inferred_source
from .confidence import (
    BARE_MIN_CONFIDENCE,
    INFERRED_SOURCE_FACTOR,
    NO_TARGET_FACTOR,
    TEXT_ONLY_SOURCE_FACTOR,
    clamp,
    unsourced,
)
from .context import SentenceContext
from .frames import Frame
from .grammar import MAX_ACTORS_PER_ROLE, is_verbal, root_of
from .implied import where_country
from .parties import has_code, is_text_only, same_actor, same_text_only
from .resolve import actor, role_actors

Pair = tuple[Actor | None, Actor | None]


def localised(ctx: SentenceContext, f: Frame, target: Actor, sources: list[Actor]) -> Actor:
    """An unnamed party with a sector but no country ("militants", "protesters") given the
    country where the act happened, or for repression at home the acting source's country."""
    sector = target.sector
    if target.country or target.cameo or not sector or sector in ctx.g.stateless_sectors:
        return target
    country = next(
        (a.country for p in where_country(ctx, f.token) if (a := actor(ctx, p)) is not None),
        None,
    )
    if country is None and root_of(f.cls.code) in ctx.g.home_by_source_roots:
        country = next((s.country for s in sources if s.country), None)
    if country is None and sector in ctx.g.state_sectors and root_of(f.cls.code) in ctx.g.outcome_roots:
        # "rebels shot down a government helicopter": insurgents fight their own country's state.
        country = next(
            (s.country for s in sources if s.country and s.sector in ctx.g.insurgent_sectors), None
        )
    if country is None:
        return target
    return replace(target, country=country, cameo=f"{country}{sector}")


def pairs(ctx: SentenceContext, f: Frame, sources: list[Actor], targets: list[Actor]) -> list[Pair]:
    """Source-target pairs: each source with each target that is not itself; a mutual act with
    two or more sources and no target pairs the sources both ways ("A and B met")."""
    if not targets and len(sources) >= 2 and ctx.g.is_symmetric(f.cls.code) and not f.joint:
        return [(s, t) for s in sources for t in sources if not same_actor(s, t)]
    out: list[Pair] = []
    srcs: list[Actor | None] = [*sources] or [None]
    for s in srcs:
        # A source is never its own target ("the SDF said they ...", "Iraq said it ..."),
        # except a protest at home: "Iraqi Kurds demonstrated in Kirkuk" is aimed at Iraq.
        tgts: list[Actor | None] = [
            t
            for t in targets
            if s is None or ((not same_actor(s, t) or f.at_home) and not same_text_only(s, t))
        ]
        out.extend((s, t) for t in tgts or [None])
    return out


def _predicate(ctx: SentenceContext, f: Frame, pair: Pair, confidence: float) -> CodedPredicate:
    source, target = pair
    return CodedPredicate(
        sentence_index=ctx.index,
        sent_start=ctx.sent.start,
        sent_end=ctx.sent.end,
        trigger_i=f.token.i,
        trigger=f.cls.trigger or f.token.text,
        source=source,
        target=target,
        cameo_code=f.cls.code,
        plover_mode=f.cls.mode,
        plover_context=tuple(f.cls.context),
        confidence=clamp(f.cls.confidence * confidence),
        place_i=f.place.i if f.place is not None else None,
        coded_by=f.cls.coded_by,
    )


def coded(ctx: SentenceContext, f: Frame) -> Iterator[CodedPredicate]:
    """The coded predicates of one frame, one per source-target pair."""
    sources, pronoun = role_actors(ctx, f.sources, as_source=True)
    targets, _ = role_actors(ctx, f.targets, as_source=False)
    # Only a party the text names counts against the bare-act floor, not one placed by us.
    named = {t.text for t in targets if has_code(t)}
    home = None if sources else inferred_source(ctx, f)
    if home is not None:
        sources, factor = [home], f.factor * INFERRED_SOURCE_FACTOR
    else:
        factor = f.factor if sources else unsourced(f.factor, is_verbal(f.cls.code), pronoun)
    targets = [localised(ctx, f, t, sources) for t in targets]
    for source, target in islice(pairs(ctx, f, sources, targets), MAX_ACTORS_PER_ROLE * MAX_ACTORS_PER_ROLE):
        conf = factor if target is not None else factor * NO_TARGET_FACTOR
        unnamed = target is None or target.text not in named
        bare = unnamed and (source is None or f.cls.code in ctx.g.subordinate_codes)
        if bare and f.cls.confidence * conf < BARE_MIN_CONFIDENCE:
            # A lone statement with no addressee ("officials said there was no sign ...") is as
            # empty as an act with nobody named.
            continue
        if source is not None and is_text_only(source):
            conf *= TEXT_ONLY_SOURCE_FACTOR
        yield _predicate(ctx, f, (source, target), conf)


def unique(preds: Iterable[CodedPredicate]) -> list[CodedPredicate]:
    """Each (trigger, code, source, target) once."""
    out: list[CodedPredicate] = []
    seen: set[tuple[int, str, str, str]] = set()
    for pred in preds:
        key = (pred.trigger_i, pred.cameo_code, _text(pred.source), _text(pred.target))
        if key not in seen:
            seen.add(key)
            out.append(pred)
    return out


def _text(a: Actor | None) -> str:
    return a.text if a is not None else ""
