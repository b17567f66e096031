"""Agent (role) nouns as actors: "Syrian rebels", "Turkey's foreign minister" (the office holder
on the article's date), "rebels led by HTS", "the army" pointing back to an earlier actor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..model import Actor
from .context import DocView, Found, Referent, definite, np_text, retext
from .coref import Coreference, History, refer
from .kb import CorefRules, Country, KnowledgeBase, fold
from .modifiers import ModifierReader
from .named import NamedActors
from .roles import country_actor, entity_actor

if TYPE_CHECKING:
    from spacy.tokens import Token

# Resolves any noun-phrase head (the resolver's dispatch), for "rebels led by X".
ResolveHead = Callable[[DocView, "Token", History | None], Found | None]


@dataclass(frozen=True, slots=True)
class _Role:
    """A role noun as written: its words, title (modifier words + lemma) and sector."""

    text: str
    lemma: str
    title: str
    sector: str | None
    is_person: bool
    plural: bool

    @property
    def one_person(self) -> bool:
        return self.is_person and not self.plural

    @property
    def kind(self) -> Referent:
        return Referent.PERSON if self.one_person else Referent.GROUP


class AgentRoles:
    """The actor a role noun stands for: its country from modifiers, else an earlier actor."""

    def __init__(
        self,
        kb: KnowledgeBase,
        rules: CorefRules,
        modifiers: ModifierReader,
        named: NamedActors,
        coref: Coreference,
        resolve: ResolveHead,
    ) -> None:
        self.kb = kb
        self.rules = rules
        self.modifiers = modifiers
        self.named = named
        self.coref = coref
        self.resolve = resolve
        self.person_nouns = rules.person_nouns | frozenset(kb.titles)

    def from_agent(
        self, view: DocView, token: Token, sector: str | None, agent_start: int, history: History | None
    ) -> Found | None:
        """A role noun: its country from modifiers ("Syrian rebels", "Turkey's foreign minister",
        "the government of Syria"), else an earlier actor if the phrase points back."""
        role = self._role(view, token, sector, agent_start)
        named = self._named_holder(view, token, role.text)
        if named is not None:
            return named
        role = _with_sector(role, self.modifiers.refine_sector(view, token, sector, agent_start))
        country, owner = self.modifiers.modifier(view, token, agent_start)
        if owner is not None and owner.kind == Referent.ORG:
            return Found(retext(owner.actor, role.text), Referent.ORG)
        if country is not None:
            return self._of_country(view, token, role, country, history)
        if history is not None and definite(token, self.rules):
            earlier = self._definite_back(token, role, history)
            if earlier is not None:
                return earlier
        return self._by_sector(view, token, role, history)

    def is_person_noun(self, lemma: str) -> bool:
        """Whether a noun names one office holder ("minister", a title from the data)."""
        return lemma in self.person_nouns

    def _role(self, view: DocView, token: Token, sector: str | None, agent_start: int) -> _Role:
        lemma = fold(token.lemma_)
        title = " ".join(fold(t.text) for t in view.doc[agent_start : token.i])
        title = f"{title} {lemma}" if agent_start < token.i else lemma
        is_person = lemma in self.person_nouns or title in self.person_nouns
        plural = token.tag_ in ("NNS", "NNPS")
        return _Role(np_text(token, None), lemma, title, sector, is_person, plural)

    def _named_holder(self, view: DocView, token: Token, text: str) -> Found | None:
        """ "rebels led by HTS"; "the Syrian leader Ahmed al-Sharaa", "Turkey's foreign minister,
        Hakan Fidan,": the leader or the name in apposition says who it is."""
        leader = self._led_by(view, token)
        if leader is not None:
            return Found(retext(leader.actor, text), leader.kind)
        for child in token.rights:
            named = view.mentions.get(child.i) if child.dep_ == "appos" else None
            if named is not None and named.entry.entity is not None:
                found = self.named.from_name(view, child, named)
                if found is not None:
                    return Found(retext(found.actor, text), found.kind, found.title)
        return None

    def _of_country(
        self, view: DocView, token: Token, role: _Role, country: Country, history: History | None
    ) -> Found:
        """A role of a known country: the earlier or current office holder, else the country's
        agent ("Syrian rebels" SYRREB, "Turkish officials" TURGOV)."""
        if role.one_person:
            if history is not None and definite(token, self.rules):
                earlier = history.person_by_country.get(country.iso3)
                generic = role.lemma in self.rules.generic_person_nouns
                if earlier is not None and (generic or self.coref.same_office(earlier, role.title)):
                    return _refer_to(earlier, role.text)
            holder = self.office_holder(country.iso3, role.title, view.published, role.text)
            if holder is not None:
                return holder
        sector = (role.sector or "GOV") if role.is_person else role.sector
        actor = country_actor(country, role.text, sector)
        return Found(actor, role.kind, role.title if role.is_person else None)

    def _definite_back(self, token: Token, role: _Role, history: History) -> Found | None:
        """ "the army", "the president", "the group" with no country: an earlier actor."""
        collective = self.coref.collective(history, role.lemma)
        if collective is not None:
            return _refer_to(collective, role.text)  # "Police fired. The force said ..."
        earlier = self.coref.point_back(
            history, role.lemma, role.title, role.sector, role.is_person, role.plural
        )
        if earlier is None:
            return None
        old = earlier.actor
        if role.sector and old.sector not in (role.sector, None) and earlier.kind != Referent.ORG:
            # "Syrian rebels ... the army": a related sector of the same country, not the rebels
            # themselves (an organization keeps its members: "the militants"); with no country to
            # share ("soldiers ... the rebels"), nothing is shared.
            if old.country:
                actor = Actor(role.text, None, old.country, role.sector, old.country + role.sector, None)
                return Found(actor, Referent.GROUP)
            return None
        return _refer_to(earlier, role.text)

    def _by_sector(self, view: DocView, token: Token, role: _Role, history: History | None) -> Found | None:
        """Coreference by role: "rebels" after "Syrian rebels" in the same article are those
        rebels' country. A lone "spokesman" could speak for anyone, so persons are left out."""
        if role.sector is None:
            return None
        if history is not None and not role.one_person and not self.modifiers.other_country(view, token):
            earlier = history.by_sector.get(role.sector)
            if earlier is not None and earlier.actor.country is not None:
                iso3 = earlier.actor.country
                actor = Actor(role.text, None, iso3, role.sector, iso3 + role.sector, None)
                return Found(actor, role.kind)
        title = role.title if role.is_person else None
        home = view.home if role.sector in self.rules.home_sectors else None
        if home is not None and not self.modifiers.other_country(view, token):
            # "police", "the chief minister", "a mob" in a domestic story: the home country's.
            actor = Actor(role.text, None, home, role.sector, home + role.sector, None, ("country",))
            return Found(actor, role.kind, title)
        return Found(Actor(text=role.text, sector=role.sector), role.kind, title)

    def _led_by(self, view: DocView, token: Token) -> Found | None:
        """ "rebels led by HTS": the leader's actor."""
        for child in token.rights:
            if child.dep_ == "acl" and fold(child.lemma_) in self.rules.led_by_verbs:
                for prep in child.children:
                    if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ == "by"):
                        for obj in prep.children:
                            if obj.dep_ == "pobj":
                                return self.resolve(view, obj, None)
        return None

    def office_holder(self, iso3: str, title: str, on: date | None, text: str) -> Found | None:
        """ "Turkey's foreign minister" on a known date -> the person holding that office then."""
        if on is None:
            return None
        for role, entity in self.kb.offices.get((iso3, title), ()):
            if role.covers(on):
                actor, _ = entity_actor(entity, text, on)
                return Found(actor, Referent.PERSON, title)
        return None


def _with_sector(role: _Role, sector: str | None) -> _Role:
    return _Role(role.text, role.lemma, role.title, sector, role.is_person, role.plural)


def _refer_to(earlier: Found, text: str) -> Found:
    found = refer(earlier, text)
    assert found is not None  # an earlier actor always gives one
    return found
