"""Argument finding for event nouns: "the capture of Palmyra by Hezbollah", "Israeli strikes",
"Iran held talks with Oman", "its demand that Israel ease restrictions"."""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import Arguments, complement_targets, place_of
from .context import SentenceContext
from .grammar import MAX_ACTORS_PER_ROLE, Classification
from .resolve import actor
from .syntax import child, conjuncts, object_governor, prep_objects, subject


def _modifier_sources(ctx: SentenceContext, tok: Token) -> list[Token]:
    """ "an Israeli strike", "the Turkish offensive", "US drone attacks": a modifier (or a
    modifier's modifier) names the actor."""
    mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound")]
    mods += [m for c in mods for m in c.lefts if m.dep_ in ("amod", "compound")]
    return [c for c in mods if actor(ctx, c) is not None][:MAX_ACTORS_PER_ROLE]


def noun_sources(ctx: SentenceContext, tok: Token, verb: Token | None) -> list[Token]:
    """Who did what the noun names: its `by` agent, its possessor, a modifier, or the subject of
    the verb it is the object of ("Iran held talks with Oman")."""
    sources = prep_objects(ctx, tok, ctx.g.agent_preps)
    poss = child(tok, "poss")
    if not sources and poss is not None:
        sources = conjuncts(poss)
    if not sources:
        sources = _modifier_sources(ctx, tok)
    if not sources and verb is not None:
        subj, passive = subject(ctx, verb)
        if subj is not None and not passive:
            sources = conjuncts(subj)
    return sources


def _that_clause_targets(ctx: SentenceContext, tok: Token) -> list[Token]:
    """ "its demand that Israel ease ...": whoever the demand's clause is about."""
    for c in tok.children:
        if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children):
            csubj, cpassive = subject(ctx, c)
            if csubj is not None and not cpassive and actor(ctx, csubj) is not None:
                return conjuncts(csubj)
    return []


def _verb_side_targets(ctx: SentenceContext, verb: Token, cls: Classification) -> list[Token]:
    """The governing verb's recipient or its preposition: "gave Chad millions of dollars of aid"."""
    dative = child(verb, "dative")
    if dative is not None and dative.pos_ != "ADP":
        return conjuncts(dative)
    return prep_objects(ctx, verb, cls.target_preps or ("to", "with"))


def noun_targets(ctx: SentenceContext, tok: Token, cls: Classification, verb: Token | None) -> list[Token]:
    """Whom the act the noun names is aimed at."""
    targets = prep_objects(ctx, tok, set(cls.target_preps) | ctx.g.noun_object_preps)
    if not targets and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
        # "a roadside bombing killed a U.S. soldier": whom the event hit.
        obj = child(tok.head, "dobj")
        if obj is not None:
            targets = conjuncts(obj)
    if not targets and verb is not None:
        targets = _verb_side_targets(ctx, verb, cls)
    if not targets:
        targets = _that_clause_targets(ctx, tok)
    if not targets and verb is not None:
        # The parser may hang that clause on the verb instead: "reiterated its demand today
        # that Israel ease ...".
        vsubj, _ = subject(ctx, verb)
        targets = complement_targets(ctx, verb, vsubj, 1)
    return targets


def _of_agent(ctx: SentenceContext, tok: Token) -> list[Token]:
    """The parser often hangs "by" on the nearer noun: "the capture of Palmyra by Hezbollah"."""
    for t in prep_objects(ctx, tok, ("of",)):
        sources = prep_objects(ctx, t, ctx.g.agent_preps)
        if sources:
            return sources
    return []


def noun_frame(ctx: SentenceContext, tok: Token, cls: Classification) -> Arguments:
    """Source, target and place heads of an event noun."""
    verb = object_governor(tok, ctx.g)
    sources = noun_sources(ctx, tok, verb)
    targets = noun_targets(ctx, tok, cls, verb)
    if not sources:
        sources = _of_agent(ctx, tok)
    between = prep_objects(ctx, tok, ctx.g.mutual_preps)
    if not sources and len(between) >= 2:
        # "talks between A and B": both sides act; the symmetric rule pairs them up.
        sources, targets = between, []
    place: Token | None = None
    if cls.place_is_object:
        of = prep_objects(ctx, tok, ("of",))
        if of:
            place = of[0]
    if place is None:
        place = place_of(ctx, tok)
    return Arguments(sources, targets, place)
