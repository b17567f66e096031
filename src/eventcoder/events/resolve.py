"""From argument heads to actors: the actors stage's lookup, looking through phrases that are not
actors themselves ("rebels led by HTS", "Turkey's foreign minister", "a group of leaders")."""

from __future__ import annotations

from spacy.tokens import Token

from ..model import Actor
from . import coref
from .context import SentenceContext
from .grammar import ACTOR_ENTITIES, MAX_ACTORS_PER_ROLE, NAMED_MODIFIERS, RELATIVE_TAGS
from .syntax import child, noun_phrase_text, prep_objects, reflexive

_MAX_DEPTH = 2  # "a group of doctors from two aid groups": how far inside a phrase to look


def actor(ctx: SentenceContext, tok: Token) -> Actor | None:
    """The actor for a noun phrase head, looking through "rebels led by HTS", appositions,
    possessives, "attempts by Jordan" and "a group of X" when the head itself is not one."""
    cache = ctx.actor_cache
    if tok.i in cache:
        return cache[tok.i]
    cache[tok.i] = None  # guards the pronoun fallback against cycles
    found = None if notion(tok) else _resolve(ctx, tok, 0)
    cache[tok.i] = found
    return found


def notion(tok: Token) -> bool:
    """ "a divided Syria", "a nuclear Iran": a proper name with an indefinite article names a
    state of affairs, not the party."""
    return tok.pos_ == "PROPN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)


def _led_by(ctx: SentenceContext, tok: Token) -> Actor | None:
    """ "rebels led by HTS": the agent of a participle that says who runs the group."""
    for c in tok.children:
        if c.dep_ == "acl" and c.lemma_.lower() in ctx.g.agent_participles:
            for agent in prep_objects(ctx, c, ctx.g.agent_preps):
                found = ctx.actors.actor_for(agent)
                if found is not None:
                    return found
    return None


def _inner_pobj(ctx: SentenceContext, tok: Token, prep: Token) -> bool:
    """Whether a preposition on `tok` leads to the actor behind it ("by Jordan", "from Amnesty",
    "a group of leaders")."""
    g, low = ctx.g, prep.lower_
    return low in g.agent_preps or low in g.member_preps or (low in ("of", "for") and group_word(ctx, tok))


def group_word(ctx: SentenceContext, tok: Token) -> bool:
    """A word that counts or gathers people, the actor being in its "of" phrase: "a group of",
    "thousands of", and a figure ("1,800 of 2,200 teachers")."""
    return tok.lemma_.lower() in ctx.g.group_nouns or (tok.pos_ == "NUM" and tok.like_num)


def _resolve(ctx: SentenceContext, tok: Token, depth: int) -> Actor | None:
    lookup = ctx.actors.actor_for
    found = _led_by(ctx, tok) or lookup(tok)
    if found is not None or depth > _MAX_DEPTH:
        return found
    # Named modifiers first ("its European Community partners"), then possessives.
    for c in tok.children:
        if c.dep_ == "appos" or (c.dep_ in NAMED_MODIFIERS and c.ent_type_ in ACTOR_ENTITIES):
            found = lookup(c)
            if found is not None:
                return found
    for c in tok.children:
        if c.dep_ == "poss":
            found = lookup(c) or (coref.antecedent(ctx, c) if c.pos_ == "PRON" else None)
        elif c.dep_ == "prep" and _inner_pobj(ctx, tok, c):
            pobj = child(c, "pobj")
            found = _resolve(ctx, pobj, depth + 1) if pobj is not None else None
        if found is not None:
            return found
    return None


def past_group(ctx: SentenceContext, tok: Token) -> Token:
    """ "tens of thousands of students" -> students: the group word is not the actor."""
    for _ in range(3):
        if not group_word(ctx, tok) or ctx.actors.actor_for(tok) is not None:
            return tok
        of = prep_objects(ctx, tok, ("of",))
        if not of:
            return tok
        tok = of[0]
    return tok


def not_actor(ctx: SentenceContext, noun: Token) -> bool:
    """Whether a common noun names an event or an abstraction rather than people."""
    lemma = noun.lemma_.lower()
    return lemma in ctx.g.event_nouns or lemma in ctx.g.non_actor_nouns


def split_modifiers(ctx: SentenceContext, tok: Token) -> list[Token] | None:
    """ "Hungarian and Romanian officials": one actor per coordinated modifier, if each resolves."""
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i and c.conjuncts:
            mods = [c, *c.conjuncts]
            if all(ctx.actors.actor_for(m) is not None for m in mods):
                return mods
    return None


def coded_actor(ctx: SentenceContext, tok: Token) -> bool:
    """Whether a head resolves to an actor with a country, sector or code, not a bare name."""
    found = actor(ctx, tok)
    return found is not None and bool(found.country or found.sector or found.cameo)


def actor_heads(ctx: SentenceContext, heads: list[Token]) -> list[Token]:
    """The heads that name an actor, or else the actor inside them ("Sweden's decision",
    "the arrest of activists by police")."""
    resolved = [t for t in heads if actor(ctx, t) is not None and not reflexive(t)]
    if resolved:
        return resolved
    for holder in heads[:MAX_ACTORS_PER_ROLE]:
        inner = prep_objects(ctx, holder, ctx.g.inner_target_preps)
        inner += [c for c in holder.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        resolved = [t for t in inner if actor(ctx, t) is not None]
        if resolved:
            return resolved
    return []


def _head_actors(ctx: SentenceContext, head: Token, as_source: bool) -> tuple[list[Actor], bool]:
    """The actors one argument head names, and whether it was a pronoun left unresolved."""
    if not as_source and head.tag_ == "PRP" and head.lower_.endswith(("self", "selves")):
        return [], False  # "blew themselves up": the act's own actor, not a counterpart
    head = past_group(ctx, head)
    mods = split_modifiers(ctx, head)
    if mods is not None:
        return [a for m in mods if (a := ctx.actors.actor_for(m)) is not None], False
    found = actor(ctx, head)
    if found is not None:
        return [found], False
    if head.pos_ == "PRON" or head.tag_ in RELATIVE_TAGS:
        earlier = coref.antecedent(ctx, head)
        return ([earlier], False) if earlier is not None else ([], as_source)
    if head.pos_ in ("NOUN", "PROPN") and (as_source or head.pos_ == "PROPN" or head.ent_type_):
        if head.pos_ == "NOUN" and not_actor(ctx, head):
            return [], False  # "the capture of Homs cut ...": an event does not act
        return [Actor(text=noun_phrase_text(head))], False
    return [], False


def role_actors(ctx: SentenceContext, heads: list[Token], as_source: bool) -> tuple[list[Actor], bool]:
    """Actors for argument heads; unresolved noun phrases become text-only actors (sources
    only, and proper names as targets). The flag says a source was an unresolved pronoun."""
    actors: list[Actor] = []
    pronoun = False
    for head in heads:
        found, unresolved = _head_actors(ctx, head, as_source)
        actors.extend(found)
        pronoun = pronoun or unresolved
    seen: set[tuple[str, str | None]] = set()
    unique = []
    for a in actors:
        key = (a.text, a.actor_id or a.cameo)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    return unique[:MAX_ACTORS_PER_ROLE], pronoun
