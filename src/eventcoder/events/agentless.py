"""A source for an act whose doer the text leaves out, only where the kind of act makes it near
certain: at home, arrests, detentions and violent repression are the police's, curfews and
states of emergency the government's ("Forty people were arrested near the station"). The actor
comes from the actors stage (`ActorLookup.home_actor`), marked inferred; with no home country
known, or when the act happened abroad, the event keeps no source."""

from __future__ import annotations

from dataclasses import replace

from ..model import Actor
from .confidence import PLAIN_REPORT_MIN
from .context import SentenceContext
from .frames import Frame
from .grammar import root_of
from .implied import where_country
from .resolve import actor


def home_actor(ctx: SentenceContext, sector: str) -> Actor | None:
    """The lookup's home actor for a sector; None from a lookup that cannot tell (an actors
    stage without the method)."""
    lookup = getattr(ctx.actors, "home_actor", None)
    if lookup is None:
        return None
    found = lookup(sector)
    return found if isinstance(found, Actor) else None


def abroad(ctx: SentenceContext, f: Frame, home: Actor) -> bool:
    """Whether the act happened in a country other than the home country."""
    for place in where_country(ctx, f.token):
        found = actor(ctx, place)
        if found is not None and found.country and found.country != home.country:
            return True
    return False


def other_force(ctx: SentenceContext, f: Frame) -> bool:
    """Whether the sentence tells of force other than this act and what it did to its victims:
    then "the firing" may be anyone's ("gunmen opened fire; two were hurt in the firing")."""
    words = set(f.cls.trigger.lower().split())
    for i, cls in ctx.cands.items():
        tok = ctx.doc[i]
        if i == f.token.i or tok.lower_ in words or tok.lemma_.lower() in ctx.g.victim_verbs:
            continue
        if root_of(cls.code) in ctx.g.outcome_roots:
            return True
    return False


def inferred_source(ctx: SentenceContext, f: Frame) -> Actor | None:
    """The home-country police or government as the doer of an agentless act, if near certain."""
    if not f.agentless:
        return None
    sector = ctx.g.home_sector(f.cls.code)
    if sector is None and f.factor >= PLAIN_REPORT_MIN and not other_force(ctx, f):
        # Only a plain report: "if there is any firing" tells of no firing by anyone.
        sector = ctx.g.home_sector_of_words(f.cls.code, f.cls.trigger)
    if sector is None:
        return None
    home = home_actor(ctx, sector)
    if home is None or abroad(ctx, f, home):
        return None
    return home if "actor" in home.inferred else replace(home, inferred=(*home.inferred, "actor"))
