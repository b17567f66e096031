"""Places as actors: a town or region the knowledge base does not know stands for its country
("shelled Juba" -> SSD), read from the where stage's gazetteer."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .context import entity_at
from .kb import CorefRules, Country, KnowledgeBase, fold

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..gazetteer import Gazetteer

# Entity labels of names looked up in the gazetteer when the knowledge base does not know them: a
# town or region stands for its country ("shelled Juba", "Darfur rebels"). NORP is included because
# the small model often tags towns such as "Aleppo" as NORP.
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", ""})
# A name not tagged GPE/LOC is read as a city only if a city of that name is at least this large.
UNTAGGED_CITY_POPULATION = 100_000


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The where stage's gazetteer (imported here: the actors stage only borrows its index, cached
    per process, so the pipeline and the resolver share one copy)."""
    from ..gazetteer import Gazetteer

    return Gazetteer.load()


class PlaceReader:
    """The country of a town or region named in the text."""

    def __init__(self, kb: KnowledgeBase, rules: CorefRules) -> None:
        self.kb = kb
        self.rules = rules

    def country_of(self, token: Token) -> Country | None:
        """The country of a town or region the knowledge base does not know, from the gazetteer."""
        if not self._may_be_place(token):
            return None
        labelled = bool(token.ent_type_)
        ent = entity_at(token.doc, token.i)
        words = ent.text.split() if ent is not None else [token.text]
        places = gazetteer()
        for variant in self._variants(words, token.ent_type_):
            place = places.geocode(" ".join(variant)) if variant else None
            if place is None or not place.country:
                continue
            if not labelled and place.feature != "city":
                continue  # countries and regions are the knowledge base's business
            if token.ent_type_ not in ("GPE", "LOC") and place.feature == "city":
                # Not tagged as a place ("captured Aleppo", "shut down Khatmandu" tagged ORG): only a
                # large city, so that a surname, an unknown organization or a loose alternate name
                # ("Hamas" is also a German town's) is not read as some small town.
                biggest = max((c.population for c in places.candidates(" ".join(variant))), default=0)
                if biggest < UNTAGGED_CITY_POPULATION:
                    continue
            return self.kb.countries.get(place.country)
        return None

    @staticmethod
    def _may_be_place(token: Token) -> bool:
        """Whether the word's tags leave room for a place name."""
        if token.tag_ == "NNPS" or token.ent_type_ not in PLACE_LABELS:
            return False
        labelled = bool(token.ent_type_)
        if token.is_upper and len(token.text) <= 4:
            return False  # short capitals are acronyms: the knowledge base's rules decide those
        if token.pos_ != "PROPN" and not (labelled and token.pos_ == "ADJ"):
            return False  # "Idlib rebels": the small model sometimes tags a town as an adjective
        # An untagged multi-word name is more likely a person's; "US" an acronym.
        multi_word = any(c.dep_ in ("compound", "flat") for c in token.children)
        return labelled or (token.is_title and not multi_word)

    def _variants(self, words: list[str], label: str) -> list[list[str]]:
        """The name, and for a place-tagged name also without a compass word or a place noun
        ("West Darfur State" -> "Darfur"; "Kenzo Oshima" is never shortened to a town)."""
        variants = [words]
        if len(words) > 1 and label in ("GPE", "LOC"):
            lo = 1 if fold(words[0]) in self.rules.place_qualifiers else 0
            hi = len(words) - 1 if fold(words[-1]) in self.rules.place_nouns else len(words)
            if (lo, hi) != (0, len(words)) and lo < hi:
                variants.append(words[lo:hi])
        return variants

    @staticmethod
    def town_in(token: Token, iso3: str) -> bool:
        """Whether the gazetteer knows a town of this name in that country ("Godhra" in India)."""
        ent = entity_at(token.doc, token.i)
        name = ent.text if ent is not None else token.text
        return any(place.country == iso3 for place in gazetteer().candidates(name))
