"""Knowledge-base names as actors: people and organizations with their dated role, countries,
capitals (the government), demonyms (a people, or a country's agents)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Actor
from .context import NOT_HEADS, DocView, Found, Mention, Referent, np_text
from .kb import Country, fold
from .modifiers import ModifierReader
from .roles import country_actor, entity_actor

if TYPE_CHECKING:
    from spacy.tokens import Token


class NamedActors:
    """The actor a knowledge-base name stands for where it is used."""

    def __init__(self, modifiers: ModifierReader) -> None:
        self.modifiers = modifiers

    def from_name(self, view: DocView, token: Token, mention: Mention) -> Found | None:
        """The actor of a name found in the text, read at the name's head."""
        entry = mention.entry
        root = view.doc[mention.start : mention.end + 1].root
        if token.i != root.i and root.dep_ not in NOT_HEADS:
            token = root  # asked for a word inside a name: answer for the whole name
        text = np_text(token, mention)
        if entry.kind == "discard":
            return None
        if entry.entity is not None:
            actor, choice = entity_actor(entry.entity, text, view.published)
            kind = Referent.PERSON if entry.entity.kind == "person" else Referent.ORG
            # A former office holder is no longer "the president".
            role = choice.role
            title = fold(role.title) if role is not None and role.title and choice.in_office else None
            return Found(actor, kind, title)
        country = entry.country
        assert country is not None
        people = self._people(view, token, mention, country, text)
        if people is not None:
            return people
        if entry.kind == "adjective":
            agents = self._adjective_of_agents(view, token, country, text)
            if agents is not None:
                return agents
        if entry.kind == "capital":
            # The government as a group: "Ankara said ... the government added" points back to it.
            return Found(country_actor(country, text, "GOV"), Referent.GROUP)
        return Found(country_actor(country, text, None), Referent.COUNTRY)

    def _people(
        self, view: DocView, token: Token, mention: Mention, country: Country, text: str
    ) -> Found | None:
        """ "ethnic Albanians", "the Albanians of southern Serbia", "Bosnian Serbs": a people,
        coded by where they live as CAMEO coders do, not by the state their name comes from. An
        "ethnic" people with no place in the phrase gets no country; "Syrian Kurds" keep Syria."""
        kind = mention.entry.kind
        ethnic = self.modifiers.ethnic(view, mention.start)
        plural = token.tag_ in ("NNPS", "NNS")
        if not ((ethnic and kind == "country") or (kind == "adjective" and (ethnic or plural))):
            return None
        home, _ = self.modifiers.modifier(view, token, token.i, left=False)
        if home is None and not ethnic:
            # "Bosnian Serbs", "Iraqi Kurds": the adjective says where they live.
            home, _ = self.modifiers.modifier(view, token, mention.start)
        if home is not None:
            return Found(country_actor(home, text, None), Referent.GROUP)
        if ethnic:
            return Found(Actor(text=text, name=text), Referent.GROUP)
        return Found(country_actor(country, text, None), Referent.GROUP)  # "they" may refer to them

    def _adjective_of_agents(self, view: DocView, token: Token, country: Country, text: str) -> Found | None:
        """Asked for "Hungarian" in "Hungarian and Romanian officials": that country's officials,
        so a compound actor can be split by the events stage."""
        head = token
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.dep_ in ("amod", "compound", "nmod") and head.head.pos_ == "NOUN":
            hit = self.modifiers.agent_at(view, head.head.i)
            if hit is not None:
                return Found(country_actor(country, text, hit[0].sector), Referent.GROUP)
        return None
