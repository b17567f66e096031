"""Comparing actors: whether two are one party, whether one carries a code."""

from __future__ import annotations

from ..model import Actor


def same_actor(a: Actor, b: Actor) -> bool:
    """Whether two actors are one and the same party. Country-level actors share their
    country's id ("Turkey", "Turkish refugees"), so the id alone is not enough; named groups and
    people of one CAMEO code are still different parties (two rebel groups are both SYRREB), so
    the code alone is not enough either: a named id on both sides must match."""
    if a.cameo and b.cameo and a.cameo != b.cameo:
        return False
    if not a.cameo and not b.cameo:
        return bool(a.actor_id) and a.actor_id == b.actor_id
    if a.cameo != b.cameo:
        return False  # one side has no code: a text-only actor is not tied to anyone
    named_a = bool(a.actor_id) and a.actor_id != a.country
    named_b = bool(b.actor_id) and b.actor_id != b.country
    return a.actor_id == b.actor_id if named_a and named_b else True


def has_code(actor: Actor | None) -> bool:
    """Whether an actor carries a country or a CAMEO code (not just words)."""
    return actor is not None and bool(actor.country or actor.cameo)


def is_text_only(actor: Actor) -> bool:
    """An actor known only by its words: no country, sector or code."""
    return actor.country is None and actor.sector is None and not actor.cameo


def same_text_only(a: Actor, b: Actor) -> bool:
    """Two text-only actors with the same words are one party ("fundamentalists continued their strike")."""
    return a.text == b.text and not (a.cameo or b.cameo or a.country or b.country)
