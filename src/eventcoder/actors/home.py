"""The article's home country: where the story happens, from its dateline, the outlet that
published it and the countries, capitals, people and places it names (the first sentences count
double). Unqualified domestic actors ("police", "the government", "a mob") take it, marked as
inferred in the record."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Actor
from .context import DocView
from .kb import KnowledgeBase, pieces
from .places import PlaceReader, gazetteer
from .roles import entity_actor

# Votes: a dateline is where the story was filed; an outlet is where it is read; each country the
# text names counts once (twice in the first two sentences).
DATELINE_VOTES = 4
OUTLET_VOTES = 3
EARLY_SENTENCES = 2
# With neither a dateline nor a known outlet, the names alone must add up to this many votes, and
# the leading country must hold two thirds of them (a one-line report naming two countries has no
# home).
NAMES_ONLY_VOTES = 2
# A "city:" dateline is at most this many words, within the first tokens of the text.
_DATELINE_WORDS = 4
_DATELINE_SCAN = 60
# The words for the domestic actor of a sector, for `home_actor` ("IND police").
SECTOR_NOUNS = {
    "COP": "police",
    "GOV": "government",
    "MIL": "military",
    "JUD": "judiciary",
    "LEG": "legislature",
    "OPP": "opposition",
}


@dataclass(frozen=True, slots=True)
class Home:
    """An article's home country and the evidence for it."""

    country: str | None
    reason: str


class HomeCountry:
    """Infers an article's home country."""

    def __init__(self, kb: KnowledgeBase, places: PlaceReader) -> None:
        self.kb = kb
        self.places = places

    def infer(self, view: DocView, dateline: str | None, source: str | None) -> Home:
        """The home country of the article in `view`, or none when the evidence is weak."""
        votes: Counter[str] = Counter()
        reasons: list[str] = []
        if not dateline and view.dateline_span is not None:
            dateline = view.doc[view.dateline_span[0] : view.dateline_span[1]].text
        filed = self.place_country(dateline) if dateline else None
        if filed is not None:
            votes[filed] += DATELINE_VOTES
            reasons.append(f"dateline {dateline!r} {filed}")
        outlet = self.kb.outlets.get(pieces(source)) if source else None
        if outlet is not None:
            votes[outlet] += OUTLET_VOTES
            reasons.append(f"outlet {source!r} {outlet}")
        named = self._named_countries(view)
        votes.update(named)
        if named:
            reasons.append("named " + ", ".join(f"{c} {n}" for c, n in named.most_common(3)))
        return Home(_winner(votes, named, strong=bool(filed or outlet)), "; ".join(reasons))

    def place_country(self, words: str) -> str | None:
        """The country of a dateline place: a country or capital the knowledge base knows, else a
        town or region of the gazetteer."""
        for entry in self.kb.names.get(pieces(words), ()):
            if entry.country is not None and entry.kind in ("country", "capital"):
                return entry.country.iso3
        place = gazetteer().geocode(words)
        if place is None or not place.country or place.country not in self.kb.countries:
            return None
        return place.country

    def _named_countries(self, view: DocView) -> Counter[str]:
        """Votes for each country the article names: knowledge-base names (a person's country on
        the article's date) and places the gazetteer knows."""
        votes: Counter[str] = Counter()
        for i, mention in view.mentions.items():
            if i != mention.start:
                continue
            entry = mention.entry
            country = entry.country.iso3 if entry.country is not None else None
            if entry.entity is not None:
                country = entity_actor(entry.entity, entry.alias, view.published)[0].country
            if country is not None:
                votes[country] += _weight(view, i)
        for ent in view.doc.ents:
            if ent.label_ in ("GPE", "LOC") and ent.start not in view.mentions:
                place = self.places.country_of(ent.root)
                if place is not None:
                    votes[place.iso3] += _weight(view, ent.start)
        return votes


def home_actor(kb: KnowledgeBase, iso3: str | None, sector: str) -> Actor | None:
    """The domestic actor of the home country for a sector ("IND police"), wholly inferred."""
    if iso3 is None or iso3 not in kb.countries:
        return None
    name = f"{iso3} {SECTOR_NOUNS.get(sector, sector.lower())}"
    return Actor("", name, iso3, sector, iso3 + sector, None, ("actor",))


def dateline_in_text(view: DocView) -> tuple[int, int] | None:
    """The tokens of a "city:" dateline at the start of a line near the top of the text
    ("lucknow: ..."), as archives print it when no repair step took it off."""
    doc = view.doc
    limit = min(len(doc), _DATELINE_SCAN)
    for start in range(limit):
        if start > 0 and "\n" not in doc[start - 1].text_with_ws:
            continue
        end = start
        while end < limit and end - start < _DATELINE_WORDS and doc[end].is_alpha:
            end += 1
        if start < end < limit and doc[end].text == ":":
            return start, end
    return None


def _weight(view: DocView, i: int) -> int:
    return 2 if view.sent_ids[i] < EARLY_SENTENCES else 1


def _winner(votes: Counter[str], named: Counter[str], strong: bool) -> str | None:
    """The leading country, if it leads clearly enough."""
    ranked = votes.most_common(2)
    if not ranked:
        return None
    best, score = ranked[0]
    if len(ranked) > 1 and ranked[1][1] >= score:
        return None  # a tie: no home
    if strong:
        return best
    total = sum(named.values())
    return best if score >= NAMES_ONLY_VOTES and score * 3 >= total * 2 else None
