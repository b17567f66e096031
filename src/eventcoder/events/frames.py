"""Frames: one coded predicate's reading (its code, argument heads, place and hedging factor),
and the rules between frames of one sentence: natural causes, outcomes of an act, participle
clauses that borrow the act's actors, reporting verbs that only pass a code on, statements."""

from __future__ import annotations

from dataclasses import dataclass, fields

from spacy.tokens import Token

from ..ontology import cameo_table
from .arguments import owner_targets, verb_frame
from .candidates import nominal
from .context import SentenceContext
from .grammar import Classification, Coded, Root, is_verbal, ontology_specific, root_of
from .implied import grievance_targets, implied_targets
from .nouns import event_phrase_sources, noun_frame
from .resolve import actor, coded_actor
from .syntax import clause_top, governing_verb, subject


@dataclass
class Frame:
    """One predicate's reading before actors are paired up."""

    token: Token
    cls: Classification
    sources: list[Token]
    targets: list[Token]
    place: Token | None
    factor: float
    at_home: bool = False  # the target is the country where the act happened (may be the source's)
    agentless: bool = False  # nobody is named as the doer: a passive with no agent, a bare noun
    joint: bool = False  # the sources act together, so a mutual act does not pair them up


def build_frame(ctx: SentenceContext, tok: Token, cls: Classification, factor: float) -> Frame:
    """The frame of a classified predicate whose scope left it standing."""
    if nominal(tok, ctx.g):
        args = noun_frame(ctx, tok, cls)
        agentless = not args.sources
    else:
        args = verb_frame(ctx, tok, cls.target_preps, cls.place_is_object)
        if args.passive and not args.sources:
            # "soldiers were killed in a clash with gunmen", "... in police firing"
            args.sources = event_phrase_sources(ctx, tok)
        agentless = args.passive and not args.sources
    sources, targets, place = args.sources, args.targets, args.place
    if place is not None and cls.place_is_object:
        # A captured town is where, not whom: it is a target only if it names an actor.
        targets = [t for t in targets if t.i != place.i or actor(ctx, t) is not None]
    root = root_of(cls.code)
    if root in ctx.g.grievance_roots:
        # "complained to the UN over Israeli air raids": the grievance names the target.
        targets = grievance_targets(ctx, tok) or targets
    if not is_verbal(cls.code) and not any(coded_actor(ctx, t) for t in targets):
        targets = owner_targets(ctx, targets) or targets
    at_home = False
    if not any(coded_actor(ctx, t) for t in targets):
        implied, from_place = implied_targets(ctx, tok, cls.code)
        if implied:
            at_home = from_place and root in ctx.g.own_country_roots
            targets = implied
    if cls.swap_roles:
        sources, targets = targets, sources
    return Frame(tok, cls, sources, targets, place, factor, at_home, agentless, args.joint)


def natural_cause(ctx: SentenceContext, f: Frame) -> bool:
    """Whether a violent act's doer is a natural hazard ("floods killed 20", "rains triggered
    landslides, killing 12"): nobody's act, so no event."""
    if root_of(f.cls.code) not in ctx.g.outcome_roots:
        return False
    verbs = [f.token]
    governing = governing_verb(f.token)
    if governing is not None:
        verbs.append(governing)
    for verb in verbs:
        if verb.pos_ != "VERB":
            continue
        subj, passive = subject(ctx, verb)
        if subj is None or passive:
            continue
        words = {subj.lemma_.lower(), *(c.lemma_.lower() for c in subj.children if c.dep_ == "compound")}
        if words & ctx.g.hazard_nouns:
            return True
    return False


def drop_outcomes(ctx: SentenceContext, frames: list[Frame]) -> list[Frame]:
    """Drops a violent participle clause that tells what a coded violent act did ("fired
    rockets at the town, killing five"): one attack, not two."""
    outcome = ctx.g.outcome_roots
    by_token = {f.token.i: f for f in frames}
    kept = []
    for f in frames:
        governing = governing_verb(f.token)
        act = by_token.get(governing.i) if governing is not None else None
        if (
            act is not None
            and root_of(f.cls.code) in outcome
            and root_of(act.cls.code) in outcome
            and ontology_specific(act.cls.code)
        ):
            continue
        kept.append(f)
    return kept


def _national(ctx: SentenceContext, heads: list[Token]) -> bool:
    return any((a := actor(ctx, t)) is not None and a.country for t in heads)


def borrow_from_governing_act(ctx: SentenceContext, frames: list[Frame]) -> None:
    """A participle clause that tells what an act did (", killing or wounding 50") hits the
    act's target and, when it names no doer, is done by the act's source."""
    by_token = {f.token.i: f for f in frames}
    for f in frames:
        tok = clause_top(f.token)
        head = tok.head
        if tok.dep_ != "advcl" or f.token.tag_ != "VBG" or head.pos_ != "VERB" or _national(ctx, f.targets):
            continue
        governing = by_token.get(head.i)
        if governing is not None:
            sources, targets = governing.sources, governing.targets
        else:
            # "launched rocket fire against X, killing 50": the act the lexicon left uncoded.
            args = verb_frame(ctx, head, (), False, 2)
            sources, targets = args.sources, args.targets
        if _national(ctx, targets):
            f.targets = list(targets)
            if not any(actor(ctx, s) is not None for s in f.sources):
                f.sources = list(sources)


# Clause positions of a purpose: ", demanding ...", "to press for ...", "a strike demanding ...".
_PURPOSE_DEPS = frozenset({"advcl", "xcomp", "acl"})


def _protest_served(f: Frame, by_token: dict[int, Frame]) -> Frame | None:
    """The protest whose purpose clause `f` is, if any."""
    tok = clause_top(f.token)
    if tok.dep_ not in _PURPOSE_DEPS or tok.head.i == tok.i:
        return None
    protest = by_token.get(tok.head.i)
    return protest if protest is not None and root_of(protest.cls.code) == Root.PROTEST else None


def _purposed(cls: Classification, code: str) -> Coded:
    values = {f.name: getattr(cls, f.name) for f in fields(Coded) if hasattr(cls, f.name)}
    return Coded(**{**values, "code": code})


def fold_protest_purposes(ctx: SentenceContext, frames: list[Frame]) -> list[Frame]:
    """ "Thousands marched in the capital, demanding that the president resign": the demand is
    what the protest is for, not a second act. It is dropped, and a protest with a plain code
    (141-145) takes the "for X" code the demand names (1411); see `protest_purpose_digits`."""
    g = ctx.g
    by_token = {f.token.i: f for f in frames}
    kept = []
    for f in frames:
        protest = _protest_served(f, by_token) if root_of(f.cls.code) in g.protest_purpose_roots else None
        if protest is None:
            kept.append(f)
            continue
        digit = g.purpose_digit(f.cls.code)
        code = protest.cls.code
        if digit is not None and len(code) == 3 and code + digit in cameo_table():
            protest.cls = _purposed(protest.cls, code + digit)
    return kept


def conduit(ctx: SentenceContext, f: Frame, frames: list[Frame]) -> bool:
    """Whether `f` is a reporting verb whose code is that of an act reported inside it, or the
    bare code of a more specific one of its root ("said he was hopeful that ...": 013, not 010)."""
    tok = f.token
    if tok.lemma_.lower() not in ctx.g.speech_verbs:
        return False
    lo, hi = tok.left_edge.i, tok.right_edge.i
    return any(o.token.i != tok.i and lo <= o.token.i <= hi and _passes_on(f, o) for o in frames)


def _passes_on(reporting: Frame, reported: Frame) -> bool:
    mine, theirs = reporting.cls.code, reported.cls.code
    if theirs == mine:
        return True
    return root_of(theirs) == root_of(mine) and ontology_specific(theirs) and not ontology_specific(mine)


def sentence_frames(ctx: SentenceContext, frames: list[Frame]) -> list[Frame]:
    """The rules between a sentence's frames, in order: natural causes and outcomes out, protests'
    purposes folded in, participle clauses borrow, statements only when nothing else codes, conduits out."""
    frames = [f for f in frames if not natural_cause(ctx, f)]
    frames = drop_outcomes(ctx, frames)
    frames = fold_protest_purposes(ctx, frames)
    borrow_from_governing_act(ctx, frames)
    subordinate = ctx.g.subordinate_codes
    if any(f.cls.code not in subordinate for f in frames):
        frames = [f for f in frames if f.cls.code not in subordinate]
    return [f for f in frames if not conduit(ctx, f, frames)]
