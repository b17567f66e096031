"""Building actors from knowledge-base entries: a country (with a sector), or a person or
organization with the role it held on the article's date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import NamedTuple

from ..model import Actor
from .kb import Country, Entity, Role


class RoleStatus(Enum):
    """How `pick_role` chose a role."""

    NONE = "no role"
    LATEST = "latest role (no date)"
    VALID = "role valid on the date"
    UNDATED = "undated role"
    OUT_OF_OFFICE = "out of office"  # no role covers the day: the person is elite (ELI)


class RoleChoice(NamedTuple):
    """The role valid on a day, how it was chosen, and that reason in words (for lookup)."""

    role: Role | None
    rule: str
    status: RoleStatus

    @property
    def in_office(self) -> bool:
        """Whether the entity held the role on the day (a former holder is no longer "the
        president" and is coded elite)."""
        return self.status is not RoleStatus.OUT_OF_OFFICE


def pick_role(roles: Sequence[Role], on: date | None) -> RoleChoice:
    """The role valid on `on`: a dated role covering the day beats an undated default; no date ->
    the latest role; a day outside every dated role -> out of office (the caller codes ELI)."""
    if not roles:
        return RoleChoice(None, RoleStatus.NONE.value, RoleStatus.NONE)
    if on is None:
        current = [r for r in roles if r.end is None]
        pool = current or list(roles)
        best = max(pool, key=lambda r: (r.start or date.min, r.end or date.max))
        return RoleChoice(best, RoleStatus.LATEST.value, RoleStatus.LATEST)
    covering = [r for r in roles if r.covers(on)]
    dated = [r for r in covering if r.dated]
    if dated:
        best = max(dated, key=lambda r: r.start or date.min)
        return RoleChoice(best, f"role valid on {on.isoformat()}", RoleStatus.VALID)
    if covering:
        return RoleChoice(covering[0], RoleStatus.UNDATED.value, RoleStatus.UNDATED)
    past = [r for r in roles if r.end is not None and r.end <= on]
    if past:
        last = max(past, key=lambda r: r.end or date.min)
        rule = f"out of office on {on.isoformat()} (last role ended {last.end}): elite ELI"
        return RoleChoice(last, rule, RoleStatus.OUT_OF_OFFICE)
    first = min(roles, key=lambda r: r.start or date.max)
    rule = f"out of office on {on.isoformat()} (before first role): elite ELI"
    return RoleChoice(first, rule, RoleStatus.OUT_OF_OFFICE)


def country_actor(country: Country, text: str, sector: str | None) -> Actor:
    """A country (or country + sector agent) actor."""
    cameo = country.iso3 + (sector or "")
    return Actor(text=text, name=country.name, country=country.iso3, sector=sector, cameo=cameo,
                 actor_id=country.iso3)  # fmt: skip


def entity_actor(entity: Entity, text: str, on: date | None) -> tuple[Actor, RoleChoice]:
    """A person/organization actor with the role valid on `on`, and how that role was chosen."""
    choice = pick_role(entity.roles, on)
    role = choice.role
    if role is None:
        return Actor(text=text, name=entity.name, actor_id=entity.id), choice
    sector = role.sector if choice.in_office else "ELI"
    country = role.country
    cameo: str | None
    if role.cameo and choice.in_office:
        cameo = role.cameo
    elif sector == "IGO" and role.org:
        cameo = "IGO" + role.org
    else:
        cameo = (country or "") + (sector or "") or None
    actor = Actor(text=text, name=entity.name, country=country, sector=sector, cameo=cameo,
                  actor_id=entity.id)  # fmt: skip
    return actor, choice
