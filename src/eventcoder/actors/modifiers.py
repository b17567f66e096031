"""Agent (role) nouns and the modifiers that give them a country or an owner: "Syrian rebels",
"Turkey's foreign minister", "the government of Syria", "HTS fighters", "rebel forces"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import LEFT_MODS, DocView, Found, Mention, Referent, left_edge
from .kb import Agent, CorefRules, Country, KnowledgeBase, fold
from .places import PLACE_LABELS, PlaceReader
from .roles import entity_actor

if TYPE_CHECKING:
    from spacy.tokens import Token

# A phrase's country and its owning organization or person, if the modifiers name them.
Owner = tuple[Country | None, Found | None]


class ModifierReader:
    """Role nouns in the text and what their modifiers say about them."""

    def __init__(self, kb: KnowledgeBase, rules: CorefRules, places: PlaceReader) -> None:
        self.kb = kb
        self.rules = rules
        self.places = places

    def agent_at(self, view: DocView, i: int) -> tuple[Agent, int] | None:
        """The longest agent phrase ending at token i (its last word by text or lemma)."""
        agents, words = self.kb.agents, view.words
        # Phrases extend left over words of the same sentence only.
        first = i
        while first > 0 and i - first + 1 < self.kb.agent_max_len and not view.sent_starts[first]:
            first -= 1
        for start in range(first, i + 1):
            before: tuple[str, ...] = ()
            for k in range(start, i):
                before += words[k]
            agent = agents.get(before + words[i]) or agents.get(before + view.lemmas[i])
            if agent is not None:
                return agent, start
        return None

    def ethnic(self, view: DocView, i: int) -> bool:
        """Whether the name at token i is preceded by an ethnicity marker ("ethnic Albanians")."""
        if i == 0 or view.sent_starts[i] or not view.words[i - 1]:
            return False
        return view.words[i - 1][-1] in self.rules.ethnic_markers

    def refine_sector(self, view: DocView, token: Token, sector: str | None, agent_start: int) -> str | None:
        """A generic armed noun takes a more specific modifier's sector: "rebel forces" are rebels,
        "police forces" police; "government troops" stay military."""
        if sector != "MIL":
            return sector
        for child in token.lefts:
            if child.dep_ not in ("compound", "amod") or child.i >= agent_start:
                continue
            hit = self.agent_at(view, child.i)
            if hit is not None and hit[0].sector not in ("MIL", "GOV"):
                return hit[0].sector
        return sector

    def other_country(self, view: DocView, token: Token) -> bool:
        """Whether a modifier says the agent is some other country's ("foreign troops")."""
        return any(
            view.words[c.i] and view.words[c.i][-1] in self.rules.other_country_markers
            for c in token.lefts
            if c.dep_ in LEFT_MODS
        )

    def modifier(
        self, view: DocView, token: Token, agent_start: int, left: bool = True, depth: int = 0
    ) -> Owner:
        """Country (and owning name, if any) given by the phrase's modifiers, nearest first; with
        `left` False only the "of/in/from X" and "based in X" phrases after the head count."""
        candidates: list[int] = []
        if left:
            lo = min(left_edge(token), agent_start)
            candidates = [i for i in range(token.i - 1, lo - 1, -1) if i < agent_start or i == token.i]
        nested = self.place_objects(token)
        candidates.extend(nested)
        for i in candidates:
            mention = view.mentions.get(i)
            if mention is None:
                owner = self._unnamed_modifier(view, i, depth == 0 and i in nested)
            else:
                owner = self._named_modifier(view, mention)
            if owner is not None:
                return owner
        return None, None

    def _unnamed_modifier(self, view: DocView, i: int, nested: bool) -> Owner | None:
        """A modifier that is no knowledge-base name: a place, a nested phrase, or a pronoun
        whose referent was resolved earlier in the pass."""
        word = view.doc[i]
        if nested:
            # "doctors from American aid groups", "the government of Sindh province": the
            # country is a modifier of the place or group named after the preposition.
            inner, _ = self.modifier(view, word, i, True, 1)
            if inner is not None:
                return inner, None
        if word.ent_type_ in PLACE_LABELS:
            place = self.places.country_of(word)
            if place is not None:
                return place, None  # "Darfur rebels", "rebels in Darfur"
        # "its army", "his government": the owner resolved earlier in this pass.
        owner = view.heads.get(i) if word.dep_ == "poss" and word.pos_ == "PRON" else None
        if owner is not None and owner.kind == Referent.ORG:
            return self.kb.countries.get(owner.actor.country or ""), owner  # the UN's "its forces"
        if owner is not None and owner.actor.country:
            return self.kb.countries.get(owner.actor.country), None
        return None

    def _named_modifier(self, view: DocView, mention: Mention) -> Owner | None:
        """A knowledge-base name as a modifier: its country, and the entity if it is one."""
        entry = mention.entry
        if entry.country is not None and self.ethnic(view, mention.start):
            return None  # "ethnic Albanian guerrillas": an ethnicity, not Albania
        if entry.kind == "discard":
            return None
        if entry.entity is not None:
            actor, _ = entity_actor(entry.entity, entry.alias, view.published)
            kind = Referent.PERSON if entry.entity.kind == "person" else Referent.ORG
            return self.kb.countries.get(actor.country or ""), Found(actor, kind)
        return entry.country, None

    def place_objects(self, token: Token) -> list[int]:
        """Objects of "of/in/from X" after the head, and of "based/operating in X"."""
        found: list[int] = []
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in self.rules.of_prepositions:
                found.extend(c.i for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "acl" and fold(child.lemma_) in self.rules.located_verbs:
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in self.rules.of_prepositions:
                        found.extend(c.i for c in prep.children if c.dep_ == "pobj")
        return found
