"""Targets an act implies when its clause names none: the party a threat's condition or a
protest's purpose names, the country where the act happens, the grievance of an accusation."""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import cause_targets, verb_frame
from .context import SentenceContext
from .grammar import TIME_ENTITIES, Root, root_of
from .resolve import actor, actor_heads, coded_actor, not_actor, past_group
from .scope import conditional
from .syntax import child, clause_heads, conjuncts, object_governor, prep_objects, subject

_PLACE_HOPS = 4  # "in the town of Cizre in southeastern Turkey": how many of/in steps to follow


def implied_targets(ctx: SentenceContext, tok: Token, code: str) -> tuple[list[Token], bool]:
    """Targets the act implies when its clause names none, and whether they are the place
    where it happened: a threat is aimed at whoever must meet its condition ("... unless
    Israel rescinded"), a protest at whoever its demands or its cause address ("demonstrated,
    calling for independence from Iraq", "a hunger strike in protest against abuses by the
    police"), and protests, curbs, force and stated intentions at the country where they
    happen ("demonstrated in Serbia", "will evacuate settlements in the Gaza Strip")."""
    g, root = ctx.g, root_of(code)
    found: list[Token] = []
    if root == Root.THREATEN:
        found = condition_targets(ctx, tok)
    elif root == Root.PROTEST:
        found = demand_targets(ctx, tok)
        for head in clause_heads(tok, g)[1:]:
            found = found or cause_targets(ctx, head)
    if found:
        return found, False
    if root in g.place_target_roots and code[:3] not in g.place_free_codes:
        found = where_country(ctx, tok)
    if not found and root == Root.PROTEST:
        # "opposition parties in Nepal organized a general strike": protesters protest at home.
        for head in clause_heads(tok, g):
            subj, passive = subject(ctx, head)
            if subj is not None and not passive:
                found = where_country(ctx, past_group(ctx, subj))
                break
    return found, bool(found)


def grievance_objects(ctx: SentenceContext, tok: Token) -> list[Token]:
    """What an accusation is about: "complained ... over Israeli air raids"."""
    heads = [tok]
    verb = object_governor(tok, ctx.g) if tok.pos_ == "NOUN" else None
    if verb is not None:
        heads.append(verb)
    return [o for h in heads for o in prep_objects(ctx, h, ctx.g.grievance_preps)]


def grievance_targets(ctx: SentenceContext, tok: Token) -> list[Token]:
    """The actors an accusation's grievance names ("... over Israeli air raids": Israel)."""
    return actor_heads(ctx, grievance_objects(ctx, tok))


def condition_targets(ctx: SentenceContext, tok: Token) -> list[Token]:
    """ "threatened to strike unless Syria withdrew": whoever must meet the condition."""
    for head in clause_heads(tok, ctx.g):
        for verb in (head, *(c for c in head.children if c.dep_ == "xcomp")):
            for c in verb.children:
                if c.dep_ == "advcl" and conditional(c, ctx.g):
                    subj, passive = subject(ctx, c)
                    if subj is not None and not passive and actor(ctx, subj) is not None:
                        return conjuncts(subj)
    return []


def demand_targets(ctx: SentenceContext, tok: Token) -> list[Token]:
    """ "rallied to protest against Turkey's decision": whom the protest's purpose names."""
    for head in clause_heads(tok, ctx.g):
        for c in head.children:
            if c.dep_ not in ("advcl", "acl", "xcomp") or c.pos_ != "VERB":
                continue
            purpose = any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
            if not (purpose or c.tag_ == "VBG"):
                continue
            cls = ctx.cands.get(c.i)
            inner = verb_frame(ctx, c, cls.target_preps if cls else (), False, 1).targets
            found = [t for t in actor_heads(ctx, inner) if coded_actor(ctx, t)]
            if found:
                return found
    return []


def _place_holders(ctx: SentenceContext, tok: Token) -> list[Token]:
    """The words whose place phrases may say where an act happened."""
    holders = clause_heads(tok, ctx.g)
    # The act's complement ("agreed to postpone the rally in Baku") and its objects ("blocked
    # roads in Algiers"); a subject that is an event ("an explosion near Samarra wounded ...").
    holders += [c for h in list(holders) for c in h.children if c.dep_ == "xcomp"]
    for h in list(holders):
        obj = child(h, "dobj")
        if obj is not None:
            # "prevented the demonstration staged by students at ... in Sivas"
            holders += [obj, *(c for c in obj.children if c.dep_ == "acl")]
        subj, passive = subject(ctx, h) if h.pos_ == "VERB" else (None, False)
        if subj is not None and not passive and subj.pos_ == "NOUN" and not_actor(ctx, subj):
            holders.append(subj)
    return holders


def where_country(ctx: SentenceContext, tok: Token) -> list[Token]:
    """A country named where the act happens: "in Serbia", "throughout Indonesia", "in the town
    of Cizre in southeastern Turkey" (through "of"/"in" chains)."""
    place_preps = ctx.g.place_preps
    frontier = [p for h in _place_holders(ctx, tok) for p in prep_objects(ctx, h, place_preps)]
    for _ in range(_PLACE_HOPS):
        nxt: list[Token] = []
        for place in frontier:
            if place.ent_type_ in TIME_ENTITIES:
                continue
            found = actor(ctx, place)
            if found is not None and found.country:
                return [place]
            nxt += prep_objects(ctx, place, ("of", *place_preps))
        frontier = nxt
    return []
