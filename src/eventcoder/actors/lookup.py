"""`eventcoder actors lookup`: how a name or a "Turkish troops"-style phrase resolves, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..model import Actor
from .context import retext
from .kb import Agent, AliasEntry, KnowledgeBase, pieces
from .places import gazetteer
from .roles import country_actor, entity_actor


class MatchKind(StrEnum):
    """What kind of knowledge a name matched."""

    PERSON = "person"
    ORG = "org"
    COUNTRY = "country"
    CAPITAL = "capital"
    ADJECTIVE = "adjective"
    AGENT = "agent"
    DISCARD = "discard"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a name resolved and why (for `eventcoder actors lookup`)."""

    actor: Actor
    kind: MatchKind
    alias: str | None = None
    source: str | None = None
    rule: str = ""


class Explainer:
    """Looks names up in the knowledge base without a parse, with the rule that decided."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def lookup(self, name: str, on: date | None = None) -> list[Resolution]:
        """How a name (or "Turkish troops"-style phrase) resolves, with the rule that matched."""
        key = pieces(name)
        results = [self.explain(entry, name, on) for entry in self.kb.names.get(key, ())]
        if results:
            return results
        agent = self.agent_words(key)
        if agent is not None:
            rule = f"agent {agent.phrase!r} -> sector {agent.sector}; no country in the words"
            actor = Actor(text=name, sector=agent.sector)
            return [Resolution(actor, MatchKind.AGENT, agent.phrase, agent.source, rule)]
        phrase = self._modified_agent(name, key, on)
        if phrase is not None:
            return [phrase]
        return self._place(name)

    def _modified_agent(self, name: str, key: tuple[str, ...], on: date | None) -> Resolution | None:
        """A modifier + agent phrase: the longest known name at the start, an agent after it."""
        for n in range(len(key) - 1, 0, -1):
            entries = self.kb.names.get(key[:n])
            agent = self.agent_words(key[n:])
            if not entries or agent is None:
                continue
            first = self.explain(entries[0], name, on)
            base = first.actor
            if entries[0].entity is not None and entries[0].entity.kind == "org":
                rule = first.rule + f"; agent {agent.phrase!r} of this organization"
                return Resolution(retext(base, name), MatchKind.ORG, first.alias, first.source, rule)
            country = self.kb.countries.get(base.country or "")
            if country is None:
                return None
            actor = country_actor(country, name, agent.sector)
            rule = f"{first.kind} {first.alias!r} -> {country.iso3}; agent {agent.phrase!r} -> {agent.sector}"
            return Resolution(actor, MatchKind.AGENT, first.alias, f"{first.source}, {agent.source}", rule)
        return None

    def _place(self, name: str) -> list[Resolution]:
        """A town or region in the gazetteer: its country."""
        place = gazetteer().geocode(name) if name[:1].isupper() else None
        country = self.kb.countries.get(place.country or "") if place is not None else None
        if place is None or country is None:
            return []
        actor = Actor(name, place.name, country.iso3, None, country.iso3, None)
        rule = f"{place.feature} in the gazetteer: stands for its country (no sector) as an argument"
        return [Resolution(actor, MatchKind.PLACE, place.name, "gazetteer", rule)]

    def agent_words(self, key: tuple[str, ...]) -> Agent | None:
        """An agent for a phrase typed by a user, allowing a plural last word (no parser here)."""
        if not key:
            return None
        last = key[-1]
        singulars = [last]
        if last.endswith("men"):
            singulars.append(last[:-3] + "man")
        if last.endswith("ies"):
            singulars.append(last[:-3] + "y")
        if last.endswith("es"):
            singulars.append(last[:-2])
        if last.endswith("s"):
            singulars.append(last[:-1])
        for word in singulars:
            agent = self.kb.agents.get((*key[:-1], word))
            if agent is not None:
                return agent
        return None

    def explain(self, entry: AliasEntry, name: str, on: date | None) -> Resolution:
        """One knowledge-base entry as the resolution of `name` on `on`."""
        if entry.entity is not None:
            actor, choice = entity_actor(entry.entity, name, on)
            rule = choice.rule
            if choice.role is not None:
                role = choice.role
                rule = f"{rule}: {role.title or role.sector or 'role'} {role.describe()}"
            return Resolution(actor, MatchKind(entry.entity.kind), entry.alias, entry.source, rule)
        if entry.kind == "discard":
            rule = "discarded phrase"
            return Resolution(Actor(text=name), MatchKind.DISCARD, entry.alias, entry.source, rule)
        assert entry.country is not None
        if entry.kind == "capital":
            actor = country_actor(entry.country, name, "GOV")
            rule = "capital/seat of government used for the government (when it is an argument)"
        else:
            actor = country_actor(entry.country, name, None)
            rule = "country name" if entry.kind == "country" else "demonym/adjective"
        return Resolution(actor, MatchKind(entry.kind), entry.alias, entry.source, rule)
