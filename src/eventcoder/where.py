"""The "where" stage: attach to an event the place where it happened, geocoded offline.

`event_place` picks the place from the trigger's own arguments only: the object the events stage
marked as a place, then "in/near/at X" on the trigger or its object, then a place-like direct
object; never a place named elsewhere in the sentence, and never a subject (there a capital stands
for its government: "Damascus rejected ..."). Names are looked up in `gazetteer.Gazetteer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .gazetteer import Gazetteer, Place, _data_lines, build, normalize
from .model import Location

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Gazetteer", "Place", "build", "event_place", "normalize"]

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Prepositions after which a proper noun is where the event happened.
_PLACE_PREPS = {
    "in", "near", "at", "outside", "around", "inside", "across", "throughout", "within", "on", "over",
}  # fmt: skip
# Prepositions inside a place phrase that still locate it ("the buffer zone in the Golan Heights").
_NESTED_PREPS = {"in", "near", "outside", "inside"}
# Prepositions that introduce the other party of an act ("clashed with", "fought against").
_PARTY_PREPS = {"with", "against"}
# NORP is not here: the small model tags "Aleppo" as NORP about as often as GPE.
_NOT_PLACE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
# "on" locates through a place noun ("on the outskirts of Homs"), but a name after it only in the
# cases `event_place` allows: "called on Damascus" is a phrasal verb whose object is an actor.
_NOUN_ONLY_PREPS = {"on"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}


@dataclass(frozen=True)
class _Geo:
    """The gazetteer with what settles ambiguous names: the actors' and the article's countries."""

    gazetteer: Gazetteer
    countries: tuple[str, ...]
    home_country: str | None

    def geocode(self, name: str) -> Location | None:
        if not _written_as_name(name):
            return None
        return self.gazetteer.geocode(name, self.countries, self.home_country)


def _written_as_name(name: str) -> bool:
    """A place is written as a name: with a capital letter (in lower-cased text the truecaser has
    restored the known ones), and not a word that is nearly always something else ("March",
    "Temple", "Police" are towns too)."""
    return any(ch.isupper() for ch in name) and normalize(name) not in _not_places()


@lru_cache(maxsize=1)
def _place_qualifiers() -> frozenset[str]:
    return frozenset(row[0] for row in _data_lines("place_qualifiers.txt"))


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    return frozenset(row[0] for row in _data_lines("not_places.txt"))


@lru_cache(maxsize=1)
def _place_nouns() -> frozenset[str]:
    return frozenset(row[0] for row in _data_lines("place_nouns.txt"))


def _is_place_noun(tok: Token) -> bool:
    # Both forms: the small model lemmatises "outskirts" to "outskirt".
    nouns = _place_nouns()
    return tok.lower_ in nouns or tok.lemma_.lower() in nouns


@lru_cache(maxsize=1)
def _place_verbs() -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = {}
    for lemma, role in _data_lines("place_verbs.tsv"):
        roles.setdefault(role, set()).add(lemma)
    return {role: frozenset(lemmas) for role, lemmas in roles.items()}


def _name_variants(tok: Token) -> list[str]:
    """Names to look up for the phrase headed by `tok`: its entity, its compound name, the word."""
    out: list[str] = []
    doc = tok.doc
    start = tok.i
    if tok.ent_type_:
        # Walk the IOB tags instead of scanning doc.ents: long articles have hundreds of entities.
        end = tok.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        out.append(doc[start:end].text)
    left = tok
    while True:
        comp = [c for c in left.lefts if c.dep_ == "compound" and c.i == left.i - 1]
        if not comp:
            break
        left = comp[0]
    if left.i < tok.i:
        out.append(tok.doc[left.i : tok.i + 1].text)
        # "Idlib province", "Hama countryside": the name without its place noun.
        if _is_place_noun(tok):
            out.append(tok.doc[left.i : tok.i].text)
    if tok.i > 1 and doc[tok.i - 1].text == "-" and not doc[tok.i - 2].whitespace_:
        out.append(doc[tok.i - 2 : tok.i + 1].text)  # "Naroda-Patia"
    if not _inside_longer_name(tok, min(start, left.i)):
        out.append(tok.text)
    return out


def _inside_longer_name(tok: Token, start: int) -> bool:
    """The word is the last part of a longer name ("Lok Sabha", "Naroda-Patia", "Temple Mount")
    whose whole the gazetteer does not know: then the word alone is not that place ("Sabha" is a
    Libyan city). A place noun or a direction before it ("North Waziristan") does not count."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is None:
        return False
    if prev.text == "-" and not prev.whitespace_ and tok.i > 1 and doc[tok.i - 2].is_alpha:
        return not doc[tok.i - 2].whitespace_
    return (
        prev.i >= start
        and prev.is_alpha
        # In a lower-cased story an unknown name part stays lower case ("sabri Mala"): the
        # parser's compound name tells it apart from an ordinary word before the place.
        and (prev.text[:1].isupper() or (prev.dep_ == "compound" and prev.pos_ == "PROPN"))
        and not _is_place_noun(prev)
        and prev.lower_ not in _place_qualifiers()
        and prev.pos_ in {"PROPN", "NOUN", "X", "ADJ"}
        and not _is_place_noun(tok)
    )


def _looks_like_name(tok: Token) -> bool:
    """A word that may name a place: a proper noun or a place entity, or a capitalised word the
    small model mistagged ("Homs" as a plural ORG); never a date or a number."""
    if tok.ent_type_ in _NOT_PLACE_LABELS:
        return False
    return (
        tok.pos_ == "PROPN"
        or tok.ent_type_ in _PLACE_LABELS
        or (tok.is_title and tok.i != tok.sent.start and tok.pos_ in {"NOUN", "X"})
    )


def _geocode_np(tok: Token, geo: _Geo, depth: int = 0, of_any: bool = False) -> Location | None:
    """The place named by the noun phrase headed by `tok`, looking through "the city of X" and
    "Syria's north" (and, with `of_any`, through any "of": "most of Aleppo")."""
    if _looks_like_name(tok):
        for name in _name_variants(tok):
            loc = geo.geocode(name)
            if loc is not None:
                return loc
        return None
    if depth < 2 and (of_any or _is_place_noun(tok)):
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        loc = _geocode_np(pobj, geo, depth + 1)
                        if loc is not None:
                            return loc
            elif child.dep_ in {"poss", "compound", "appos", "nmod", "amod"} and _looks_like_name(child):
                loc = _geocode_np(child, geo, depth + 1)
                if loc is not None:
                    return loc
    return None


def _prep_places(
    head: Token,
    preps: set[str],
    geo: _Geo,
    nested: bool = True,
    on_names: bool = False,
) -> Location | None:
    """The first place named by a prepositional phrase ("in Hama", "near Damascus") on `head`."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    if child.lower_ in _NOUN_ONLY_PREPS and not on_names and _looks_like_name(pobj):
                        continue
                    loc = _geocode_np(pobj, geo)
                    if loc is None and nested:
                        loc = _prep_places(pobj, _NESTED_PREPS, geo, nested=False)
                    if loc is not None:
                        return loc
    return None


def event_place(
    sent: Span,
    trigger: Token,
    gazetteer: Gazetteer,
    countries: Sequence[str],
    place_i: int | None = None,
    home_country: str | None = None,
) -> Location | None:
    """Where the event whose predicate is `trigger` happened, from the trigger's own arguments.
    `countries` are the actors' countries and `home_country` the article's (ISO alpha-3): both
    settle names that several places share; with a home country, small towns abroad are dropped."""
    geo = _Geo(gazetteer, tuple(countries), home_country)
    doc = sent.doc
    # A subject is an actor even when it names a city ("Damascus rejected ..."): never its place.
    if place_i is not None and 0 <= place_i < len(doc) and doc[place_i].dep_ not in _SUBJECT_DEPS:
        loc = _geocode_np(doc[place_i], geo, of_any=True)
        if loc is not None:
            return loc
    verbs = _place_verbs()
    lemma = trigger.lemma_.lower()
    objects = [c for c in trigger.children if c.dep_ in {"dobj", "obj", "attr", "oprd"}]

    # "on" + a name locates only after nouns ("strikes on Homs") and a few verbs ("advanced on
    # Damascus"); elsewhere it takes an actor ("called on Damascus").
    on_names = trigger.pos_ in {"NOUN", "PROPN"} or lemma in verbs.get("on", ())
    loc = _prep_places(trigger, _PLACE_PREPS, geo, on_names=on_names)
    if loc is not None:
        return loc
    # "clashed with protesters in Damascus": the place of the other party is the place of the act.
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in _PARTY_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and not _looks_like_name(pobj):
                    loc = _prep_places(pobj, _NESTED_PREPS, geo, nested=False)
                    if loc is not None:
                        return loc
    for obj in objects:
        loc = _prep_places(obj, _PLACE_PREPS - {"on"}, geo)
        if loc is not None:
            return loc
    if lemma in verbs.get("to", ()):
        loc = _prep_places(trigger, {"to", "into"}, geo)
        if loc is not None:
            return loc
    for obj in objects:
        if lemma in verbs.get("object", ()):
            loc = _geocode_np(obj, geo, of_any=True)  # "captured most of Aleppo"
        elif obj.ent_type_ in {"LOC", "FAC"} or (obj.ent_type_ == "GPE" and obj.pos_ == "PROPN"):
            # A country or capital as the object of other verbs is an actor ("urged Damascus");
            # a provincial city or a named site there is the place of the act.
            loc = _geocode_np(obj, geo)
            if loc is not None and (loc.feature == "country" or loc.geonameid in geo.gazetteer.capitals):
                loc = None
        else:
            loc = None
        if loc is not None:
            return loc
    return None
