"""Argument finding for verbs: the subject is the source (the `by` agent in a passive), the
target is searched for in the act's own prepositions, the objects, the default prepositions and
up to two levels inside them, then in the complement the act governs."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..model import Actor
from .context import SentenceContext
from .grammar import MAX_ACTORS_PER_ROLE, is_verbal
from .parties import same_actor
from .resolve import actor, actor_heads, coded_actor, not_actor
from .syntax import child, conjuncts, is_passive, own_subject, prep_objects, reflexive, subject

OWNER_MODIFIERS = frozenset({"amod", "compound"})


@dataclass
class Arguments:
    """The argument heads of one predicate, before they are turned into actors."""

    sources: list[Token]
    targets: list[Token]
    place: Token | None
    passive: bool = False  # a passive clause: with no source, nobody is named as the doer
    joint: bool = False  # the sources act together ("firing by the police and the army"), not on each other


def verb_frame(
    ctx: SentenceContext, tok: Token, target_preps: tuple[str, ...], place_is_object: bool, depth: int = 0
) -> Arguments:
    """Source, target and place heads of a verb."""
    subj, passive = subject(ctx, tok)
    passive = passive or is_passive(tok, ctx.g)
    if passive:
        sources = prep_objects(ctx, tok, ctx.g.agent_preps)
        obj = subj
    else:
        sources = conjuncts(subj) if subj is not None else []
        obj = child(tok, "dobj") or shared_object(tok)
    place = obj if place_is_object and obj is not None else None
    avoid = tuple(a for s in sources if (a := actor(ctx, s)) is not None)
    targets = find_targets(ctx, tok, obj, target_preps, avoid)
    addressed = (
        obj is not None
        and not passive
        and tok.lemma_.lower() in ctx.g.object_control
        and obj.pos_ in ("NOUN", "PROPN", "PRON")
        and not not_actor(ctx, obj)
        and any(c.dep_ in ("xcomp", "ccomp") and c.i > obj.i for c in tok.children)
    )
    if depth < 2 and not addressed and not any(actor(ctx, t) is not None for t in targets):
        # "demanded that the US cancel ...", "agreed to lift sanctions on Iran": the act's
        # counterpart is named in the complement the act governs. Not when the act names whom
        # it addresses ("urged all sides to protect civilians": all sides, not the civilians).
        targets = complement_targets(ctx, tok, subj, depth) or targets
    if depth == 0 and not any(actor(ctx, t) is not None for t in targets):
        # "'We will not accept ...,' the president told his Iraqi counterpart": whom it was told.
        targets = addressee(ctx, tok) or targets
    if place is None:
        place = place_of(ctx, tok)
    inherited = tok.dep_ == "conj" and own_subject(tok) is None
    if not passive and inherited and self_aimed(ctx, sources, targets):
        # "..., said Israel's move breached the accord and urged Israel to withdraw": the parser
        # hung "urged" on the reported verb; the act belongs to whoever reports.
        outer = reporter(ctx, tok)
        if outer is not None:
            sources = conjuncts(outer)
    return Arguments(sources, targets, place, passive)


def shared_object(tok: Token) -> Token | None:
    """ "Police arrested and charged five men": a verb with no object of its own shares the
    object of the verb coordinated after it (when that verb has no subject of its own)."""
    if any(c.dep_ in ("ccomp", "xcomp", "dative") for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ == "VERB" and own_subject(c) is None:
            return child(c, "dobj")
    return None


def addressee(ctx: SentenceContext, tok: Token) -> list[Token]:
    """Whom the reporting verb above the act tells it to: its indirect or direct object ("told
    his counterpart") or its "to" object ("said to reporters" names nobody: only actors count)."""
    cur = tok
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    speech = cur.head
    if cur.dep_ != "ccomp" or speech.lemma_.lower() not in ctx.g.speech_verbs:
        return []
    heads = [c for c in speech.children if c.dep_ in ("dative", "dobj") and c.pos_ != "ADP"]
    heads += prep_objects(ctx, speech, ("to",))
    return [t for h in heads for t in conjuncts(h) if actor(ctx, t) is not None]


def self_aimed(ctx: SentenceContext, sources: list[Token], targets: list[Token]) -> bool:
    """Whether a source and a target resolve to the same party."""
    for s in sources:
        a = actor(ctx, s)
        if a is None:
            continue
        for t in targets:
            b = actor(ctx, t)
            if b is not None and same_actor(a, b):
                return True
    return False


def reporter(ctx: SentenceContext, tok: Token) -> Token | None:
    """The subject of the reporting verb above a coordination ("X said A did ... and B")."""
    cur = tok
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ != "ccomp" or cur.head.pos_ not in ("VERB", "AUX"):
        return None
    if cur.head.lemma_.lower() not in ctx.g.speech_verbs:
        return None
    subj, passive = subject(ctx, cur.head)
    return None if passive else subj


def _own_targets(
    ctx: SentenceContext, tok: Token, obj: Token | None, target_preps: tuple[str, ...]
) -> list[Token]:
    """The objects of the act's own prepositions, also where the parser hung them on its object
    ("fired rockets at the town", "a barrage of drones at Kyiv")."""
    if not target_preps:
        return []
    own = prep_objects(ctx, tok, target_preps)
    if not own and obj is not None:
        objs = [obj, *obj.conjuncts]
        inner = [*objs, *(p for o in objs for p in prep_objects(ctx, o, ("of",)))]
        own = [t for o in inner for t in prep_objects(ctx, o, target_preps)]
    return own


def _direct_targets(tok: Token, obj: Token | None) -> list[Token]:
    """The indirect object, then the direct one: "gave Tanzania a grant" (the recipient first)."""
    direct: list[Token] = []
    dative = child(tok, "dative")
    if dative is not None and dative.pos_ != "ADP":
        direct = conjuncts(dative)
    if obj is not None:
        direct += conjuncts(obj)
    return direct


def _nested_targets(ctx: SentenceContext, holders: list[Token], avoid: tuple[Actor, ...]) -> list[Token]:
    """A coded counterpart up to two levels inside non-actor objects: "announced a suspension of
    air links with Serbia"."""
    for _ in range(2):
        nested: list[Token] = []
        for holder in holders[:MAX_ACTORS_PER_ROLE]:
            inner = inner_heads(ctx, holder)
            resolved = [t for t in inner if _counterpart(ctx, t, avoid) and coded_actor(ctx, t)]
            if resolved:
                return resolved
            nested += inner
        holders = nested
    return []


def _counterpart(ctx: SentenceContext, t: Token, avoid: tuple[Actor, ...]) -> bool:
    found = actor(ctx, t)
    return found is not None and not any(same_actor(found, a) for a in avoid)


def find_targets(
    ctx: SentenceContext,
    tok: Token,
    obj: Token | None,
    target_preps: tuple[str, ...],
    avoid: tuple[Actor, ...] = (),
) -> list[Token]:
    """Target heads, best first: the classification's prepositions, the direct or indirect
    object, the default prepositions, then one level down ("called for sanctions against
    Nigeria", "denounced Serbia's crackdown"). Unresolved heads are returned as a last resort.
    Heads naming one of the `avoid` actors (the source's own: "pledged Tehran's backing for
    the government") are passed over."""
    own = _own_targets(ctx, tok, obj, target_preps)
    other = prep_objects(ctx, tok, ctx.g.default_target_preps)
    direct = _direct_targets(tok, obj)
    weak: list[Token] = []
    for group in (own, direct, other):
        resolved = [t for t in group if _counterpart(ctx, t, avoid) and not reflexive(t)]
        coded = [t for t in resolved if coded_actor(ctx, t)]
        if coded:
            return coded
        weak = weak or resolved
    cls = ctx.cands.get(tok.i)
    if cls is not None and not is_verbal(cls.code):
        # A material act hits the owner of the thing it hits before any place named inside it:
        # "shot down a government helicopter over the Hama countryside".
        owners = owner_targets(ctx, own or direct or other)
        if owners:
            return owners
    holders = [*direct, *prep_objects(ctx, tok, ctx.g.target_holder_preps)]
    nested = _nested_targets(ctx, holders, avoid)
    if nested:
        return nested
    if weak:
        return weak
    # Unresolved heads as a last resort, but never the act's own ("its troops").
    return [t for t in (own or direct or other) if not reflexive(t)]


def inner_heads(ctx: SentenceContext, holder: Token) -> list[Token]:
    """Where a non-actor object names its counterpart: its target prepositions and its
    possessor, also through an apposition ("denounced as a crime Serbia's suppression")."""
    heads: list[Token] = []
    for h in (holder, *(c for c in holder.children if c.dep_ == "appos")):
        heads += prep_objects(ctx, h, ctx.g.inner_target_preps)
        heads += [c for c in h.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    return heads


def owner_targets(ctx: SentenceContext, heads: list[Token]) -> list[Token]:
    """Whose the things hit by a material act are: "raids on *militant* hideouts", "shot down a
    *government* helicopter", "captured part of a *guerrilla* stronghold". A common-noun modifier
    of a thing (not of an event or an abstraction: "Israeli raids" names the doer) that resolves
    to a coded actor."""
    things = [x for h in heads[:MAX_ACTORS_PER_ROLE] for x in (h, *prep_objects(ctx, h, ("of",)))]
    for thing in things:
        if thing.pos_ != "NOUN" or not_actor(ctx, thing) or actor(ctx, thing) is not None:
            continue  # "positions of the Palestinian security forces": named, the search finds it
        owners = [
            c
            for c in thing.children
            if c.dep_ in OWNER_MODIFIERS
            and c.i < thing.i
            and c.pos_ in ("NOUN", "ADJ")
            and coded_actor(ctx, c)
        ]
        if owners:
            return owners
    return []


def _purpose(c: Token) -> bool:
    """A purpose clause: "gathered to protest"."""
    return c.dep_ == "advcl" and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)


def complement_targets(ctx: SentenceContext, tok: Token, subj: Token | None, depth: int) -> list[Token]:
    """The counterpart named in the clause an act governs: its subject ("demanded that the US
    cancel"), or else its own target ("agreed to lift sanctions on Iran"); "in protest of" a cause."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            found = cause_targets(ctx, tok)
            if found:
                return found
            continue
        if (c.dep_ not in ("ccomp", "xcomp") and not _purpose(c)) or c.pos_ not in ("VERB", "AUX"):
            continue
        csubj, cpassive = subject(ctx, c)
        same = subj is not None and csubj is not None and csubj.i == subj.i
        if csubj is not None and not same and not cpassive and actor(ctx, csubj) is not None:
            return conjuncts(csubj)
        cls = ctx.cands.get(c.i)
        preps = cls.target_preps if cls is not None else ()
        inner = verb_frame(ctx, c, preps, False, depth + 1).targets
        inner = [t for t in inner if actor(ctx, t) is not None]
        if inner:
            return inner
    return []


def cause_targets(ctx: SentenceContext, tok: Token) -> list[Token]:
    """ "a general strike in protest of the arrest of activists": whom the cause names."""
    for cause in prep_objects(ctx, tok, ("in",)):
        if cause.lemma_.lower() in ctx.g.cause_nouns:
            found = actor_heads(ctx, prep_objects(ctx, cause, ctx.g.inner_target_preps))
            if found:
                return found
    return []


def place_of(ctx: SentenceContext, tok: Token, depth: int = 0) -> Token | None:
    """A named place (GPE, LOC, FAC) after `in`, `near`, `at`, ... on the predicate, or one step
    further inside an unnamed place ("met at a hotel in Algiers")."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ctx.g.place_preps:
            pobj = child(c, "pobj")
            if pobj is not None and pobj.ent_type_ in ctx.g.place_entity_types:
                return pobj
            if pobj is not None and depth == 0 and pobj.lemma_.lower() in ctx.g.venue_nouns:
                inner = place_of(ctx, pobj, 1)
                if inner is not None:
                    return inner
    return None
