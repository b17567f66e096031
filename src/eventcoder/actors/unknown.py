"""Proper names the knowledge base does not know: they stay unknown unless the phrase itself says
whose they are (a town's country, "Syrian Foreign Minister X", "UN official X", "the Nigerian
Union of Teachers")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Actor
from .agents import AgentRoles
from .context import DocView, Found, Referent, codes, entity_at, left_edge, np_text
from .kb import CorefRules
from .modifiers import ModifierReader
from .places import PLACE_LABELS, PlaceReader
from .roles import country_actor, entity_actor
from .words import is_english_word

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .kb import Agent

# Dependency labels of the words after a name that still describe it ("X, a Nepali diplomat,",
# "X of the Sri Lankan mission").
_DESCRIBING = frozenset({"appos", "prep", "compound", "flat", "amod", "nmod"})
# The sector of an unknown person whose words give none: a private person, as ICEWS codes them.
_PERSON_SECTOR = "CVL"
# A name is at least this many letters ("rs", "mr" are abbreviations).
_NAME_MIN_LETTERS = 3

# spaCy entity labels that make an unknown proper noun an (unknown) actor rather than nothing.
NAMED = {
    "PERSON": Referent.PERSON,
    "ORG": Referent.GROUP,
    "NORP": Referent.GROUP,
    "GPE": Referent.COUNTRY,
    "LOC": Referent.PLACE,
}


class UnknownNames:
    """What can be said of a name the knowledge base does not know."""

    def __init__(
        self, rules: CorefRules, places: PlaceReader, modifiers: ModifierReader, agents: AgentRoles
    ) -> None:
        self.rules = rules
        self.places = places
        self.modifiers = modifiers
        self.agents = agents

    def resolve(self, view: DocView, token: Token, kind: Referent | None = None) -> Found:
        """A proper name we do not know: keep it unknown, unless its own title gives a country
        ("Syrian Foreign Minister X")."""
        text = np_text(token, None)
        kind = kind or NAMED[token.ent_type_]
        place = self.places.country_of(token) if token.ent_type_ in PLACE_LABELS else None
        if place is not None:
            # A town or region as an argument ("captured Aleppo", "shelled Juba") is coded as its
            # country with no sector, as the CAMEO gold does; who holds it is not guessed.
            ent = entity_at(token.doc, token.i)
            name = ent.text if ent is not None else token.text
            return Found(Actor(text, name, place.iso3, None, place.iso3, None), Referent.PLACE)
        described = self._described(view, token, text)
        if described is not None:
            return described
        if kind in (Referent.COUNTRY, Referent.PLACE):
            return Found(Actor(text=text), kind)
        titled = self._by_title(view, token, text, kind)
        if titled is not None:
            return titled
        if token.ent_type_ == "ORG":
            body = self._named_after_country(view, token, text, kind)
            if body is not None:
                return body
        if view.home is not None and self._domestic_name(view, token, kind):
            # An unknown person in a domestic story is taken to be of the home country; so is an
            # unknown organization when the article has no case (its entity labels are guesses).
            return self._of_home(view, token, view.home, kind)
        return Found(Actor(text=text), kind)

    def _domestic_name(self, view: DocView, token: Token, kind: Referent) -> bool:
        """Whether an unknown name reads as a person (or, without case, an organization) of the
        article's home country; not an ordinary word in capitals ("MARCH")."""
        if kind == Referent.PERSON and not view.caseless:
            return True
        if kind not in (Referent.PERSON, Referent.GROUP) or not view.caseless:
            return False
        return not any(w in self.rules.lowercase_common_words for w in view.words[token.i])

    def after_country(self, view: DocView, token: Token) -> Found | None:
        """ "the Kenya Anti-Corruption Commission" (untagged): a body named after a country."""
        for child in token.lefts:
            mention = view.mentions.get(child.i) if child.dep_ == "compound" else None
            if mention is not None and mention.entry.entity is None and mention.entry.country:
                text, iso3 = np_text(token, None), mention.entry.country.iso3
                return Found(Actor(text, text, iso3, None, iso3, None), Referent.GROUP)
        return None

    def _described(self, view: DocView, token: Token, text: str) -> Found | None:
        """ "Salaheddine Sidhoum, Algeria's leading activist,": the apposition says who it is."""
        for child in token.rights:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                hit = self.modifiers.agent_at(view, child.i)
                described = self.agents.from_agent(view, child, hit[0].sector, hit[1], None) if hit else None
                if described is not None and described.actor.country:
                    return Found(Actor(text, text, *codes(described.actor), None), described.kind)
        return None

    def _by_title(self, view: DocView, token: Token, text: str, kind: Referent) -> Found | None:
        """ "Syrian Foreign Minister X", "U.N. mediator Diego Cordovez": the title before the
        name says whose it is."""
        title = self._title(view, token)
        if title is None:
            return None
        i, (role, agent_start) = title
        country, owner = self.modifiers.modifier(view, view.doc[i], agent_start)
        name = view.doc[i + 1 : token.i + 1].text
        if owner is not None and owner.kind == Referent.ORG:
            # An organization's envoy acts for it.
            return Found(Actor(text, name, *codes(owner.actor), None), kind)
        if country is not None:
            actor = country_actor(country, text, role.sector)
            return Found(Actor(text, name, actor.country, actor.sector, actor.cameo, None), kind)
        return None

    def _title(self, view: DocView, token: Token) -> tuple[int, tuple[Agent, int]] | None:
        """The title nearest before a name, within its phrase: its position and what it names."""
        for i in range(token.i - 1, left_edge(token) - 1, -1):
            hit = self.modifiers.agent_at(view, i)
            if hit is not None:
                return i, hit
        return None

    def _named_after_country(self, view: DocView, token: Token, text: str, kind: Referent) -> Found | None:
        """ "the Nigerian Union of Teachers": an unknown body named after a country belongs to it
        (its sector is not guessed)."""
        ent = entity_at(token.doc, token.i)
        for i in range(ent.start, ent.end) if ent is not None else ():
            mention = view.mentions.get(i)
            country = mention.entry.country if mention is not None else None
            if mention is not None and country is not None and mention.entry.kind != "capital":
                return Found(Actor(text, ent.text, country.iso3, None, country.iso3, None), kind)  # type: ignore[union-attr]
        return None

    def at_home(self, view: DocView, token: Token, kind: Referent | None) -> Found | None:
        """As ICEWS codes an unknown domestic actor: a name the knowledge base does not know and
        that is no English word ("kharge said", "minister ajit singh"), in a story with a home
        country, is of that country, marked inferred; not when its phrase names another country
        ("the Nepali envoy X", "X of the Bhutanese mission") or the name is a town abroad. Only
        in an article without case of its own (archives): there the parser's labels are guesses."""
        if view.home is None or not (view.caseless or view.truecased):
            return None  # in edited text an unknown capitalised word is as often a thing or a typo
        if not self.name_like(view, token) or self._foreign_cue(view, token):
            return None
        place = self.places.country_of(token)
        if place is not None and place.iso3 != view.home:
            return None
        if kind != Referent.PERSON and not any(c.dep_ in ("compound", "flat") for c in token.children):
            # One lower-cased word the parser labelled a place or a body ("singh said") is far more
            # often a surname than an organization (those the knowledge base mostly knows).
            kind = Referent.PERSON if token.tag_ in ("NN", "NNP") else Referent.GROUP
        elif kind is None or kind in (Referent.COUNTRY, Referent.PLACE):
            kind = Referent.GROUP
        return self._of_home(view, token, view.home, kind)

    def _of_home(self, view: DocView, token: Token, home: str, kind: Referent) -> Found:
        """An unknown name of the home country (inferred): its title's sector, else a person is
        a private person (CVL), as ICEWS codes one; a town of the home country stands for it
        with no sector ("the Godhra incident"), unless the parser read it as a person."""
        if token.ent_type_ != "PERSON" and self.places.town_in(token, home):
            text = np_text(token, None)
            return Found(Actor(text, None, home, None, home, None, ("country",)), Referent.PLACE)
        sector = None
        if view.caseless or view.truecased:
            # In edited text an unknown person keeps no sector (the gold of such text codes a
            # "President X" by country alone).
            sector = self._title_sector(view, token) or (_PERSON_SECTOR if kind == Referent.PERSON else None)
        actor = Actor(np_text(token, None), None, home, sector, home + (sector or ""), None, ("country",))
        return Found(actor, kind)

    def _title_sector(self, view: DocView, token: Token) -> str | None:
        """The sector of a title before a name ("party president X" GOV, "activist X" OPP)."""
        title = self._title(view, token)
        return title[1][0].sector if title is not None else None

    def name_like(self, view: DocView, token: Token) -> bool:
        """Whether a head word reads as a name: letters only, no English word, not one of the
        words that are names only in capitals ("mob", "union")."""
        words, lemmas = view.words[token.i], view.lemmas[token.i]
        if len(words) != 1 or len(lemmas) != 1 or words[0] in self.rules.lowercase_common_words:
            return False
        if self._foreign_word(words[0]) and not is_english_word(lemmas[0]):
            return True
        # "mahant das", "vishnu kant": a name part of the person may be no English word when the
        # head is one that the dictionary also lists as a proper noun.
        if token.pos_ != "PROPN" and token.ent_type_ != "PERSON":
            return False
        parts = (c for c in token.lefts if c.dep_ in ("compound", "flat", "amod"))
        return any(len(view.words[c.i]) == 1 and self._foreign_word(view.words[c.i][0]) for c in parts)

    def _foreign_word(self, word: str) -> bool:
        """A word of letters, long enough to be a name, that no English word list holds."""
        return (
            len(word) >= _NAME_MIN_LETTERS
            and word.isalpha()
            and word not in self.rules.lowercase_common_words
            and not is_english_word(word)
        )

    def _foreign_cue(self, view: DocView, token: Token) -> bool:
        """Whether the name's phrase (titles before it, apposition and "of ..." after it) names a
        country other than the home country, or says "foreign"."""
        if self.modifiers.other_country(view, token):
            return True
        near = list(range(left_edge(token), token.i))
        for child in token.rights:
            if child.dep_ in _DESCRIBING:
                near.extend(t.i for t in child.subtree)
        for i in near:
            mention = view.mentions.get(i)
            if mention is None:
                continue
            entry = mention.entry
            country = entry.country.iso3 if entry.country is not None else None
            if entry.entity is not None:
                country = entity_actor(entry.entity, entry.alias, view.published)[0].country
            if country is not None and country != view.home:
                return True
        return False
