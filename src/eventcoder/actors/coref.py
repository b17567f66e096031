"""Coreference within an article: pronouns and definite descriptions point back to the latest
compatible actor ("he", "they", "it", "the president", "the group", "the army").

The history keeps the latest actor of each kind (constant time per mention, no look-back scans).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import Actor
from .context import DocView, Found, Referent
from .kb import CorefRules, fold

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class History:
    """The latest actor of each kind seen so far in the article (for coreference)."""

    person: Found | None = None
    group: Found | None = None
    # The latest person/group that was a clause subject, with its sentence number: he/she/they
    # prefer it over a later object when it is in this or the previous sentence.
    person_subject: tuple[Found, int] | None = None
    group_subject: tuple[Found, int] | None = None
    # The latest actor with a country, per exact sector: "rebels" after "Syrian rebels" is SYRREB.
    by_sector: dict[str, Found] = field(default_factory=dict)
    org: Found | None = None
    thing: Found | None = None  # latest organization, group or country ("it", "its")
    person_by_country: dict[str, Found] = field(default_factory=dict)
    person_by_title: dict[str, Found] = field(default_factory=dict)
    group_by_family: dict[str, Found] = field(default_factory=dict)
    # Where the latest actor of each sector was seen (token index), to find the most recent of
    # several sectors ("the force": the latest police or military actor).
    sector_seen: dict[str, int] = field(default_factory=dict)

    def remember(
        self, found: Found, token: Token, rules: CorefRules, sent: int, named_place: bool = False
    ) -> None:
        """Record a resolved mention as the latest of its kind (constant time); `named_place` says
        it is a country or capital named by the knowledge base."""
        actor = found.actor
        if found.kind == Referent.PLACE:
            return  # a town is where things happen, not who acts: nothing points back to it
        subject = token.dep_ in rules.subject_deps
        if subject:
            found = replace(found, verb=token.head.i)
        if actor.sector and actor.country and not (token.dep_ == "pobj" and named_place):
            self.by_sector[actor.sector] = found  # not "in Damascus": a place there
            self.sector_seen[actor.sector] = token.i
        if found.kind == Referent.PERSON:
            self._remember_person(found, subject, sent)
            return
        if token.dep_ == "pobj" and actor.actor_id is not None and actor.actor_id == actor.country:
            return  # "in Syria", "in Damascus": a place, not something "it" or "the government" means
        self.thing = found
        if found.kind in (Referent.GROUP, Referent.ORG):
            self.group = found
            if subject:
                self.group_subject = (found, sent)
            if found.kind == Referent.ORG:
                self.org = found
            if actor.sector:
                self.group_by_family[rules.sector_family.get(actor.sector, actor.sector)] = found

    def _remember_person(self, found: Found, subject: bool, sent: int) -> None:
        self.person = found
        if subject:
            self.person_subject = (found, sent)
        if found.actor.country:
            self.person_by_country[found.actor.country] = found
        if found.title:
            self.person_by_title[found.title] = found
            self.person_by_title[found.title.rsplit(" ", 1)[-1]] = found


class Coreference:
    """Which earlier actor a pronoun or a definite description without a country means."""

    def __init__(self, rules: CorefRules) -> None:
        self.rules = rules

    def pronoun(self, view: DocView, token: Token, history: History | None) -> Found | None:
        """he/she -> the latest person, they -> the latest group, it -> the latest organization,
        group or country; a subject of this or the previous sentence first."""
        if history is None:
            return None
        low = fold(token.text)
        earlier = None
        sent = view.sent_ids[token.i]
        # "Russia granted them asylum": an object pronoun is not the subject of its own verb
        # (a possessive may be: "Erdogan and his ministers").
        verb = -1 if token.dep_ == "poss" else _clause_verb(token)
        if low in self.rules.person_pronouns:
            earlier = _not_of(_recent_subject(history.person_subject, sent), verb) or _not_of(
                history.person, verb
            )
        elif low in self.rules.group_pronouns:
            earlier = _not_of(_recent_subject(history.group_subject, sent), verb) or _not_of(
                history.group, verb
            )
        elif low in self.rules.thing_pronouns:
            expletive = token.dep_ == "expl" or (
                token.dep_ == "nsubj" and fold(token.head.lemma_) in self.rules.expletive_heads
            )
            earlier = None if expletive else history.thing
        return refer(earlier, token.text)

    def point_back(
        self, history: History, lemma: str, title: str, sector: str | None, is_person: bool, plural: bool
    ) -> Found | None:
        """Coreference for a definite phrase without a country: "the president", "the group"."""
        if lemma in self.rules.group_nouns:
            return history.org or history.group
        if is_person and not plural:
            earlier = history.person_by_title.get(title) or history.person_by_title.get(lemma)
            if earlier is None and lemma in self.rules.generic_person_nouns:
                earlier = history.person
            return earlier
        if sector is not None:
            # The same sector first ("the army" after "Syrian troops"), then a related one.
            same = history.by_sector.get(sector)
            return same or history.group_by_family.get(self.rules.sector_family.get(sector, sector))
        return None

    def collective(self, history: History, lemma: str) -> Found | None:
        """A definite collective noun ("the force", "the mob", "the ministry"): the most recent
        actor of one of the sectors it may stand for, else None."""
        sectors = self.rules.collective_referents.get(lemma, ())
        seen = [(history.sector_seen[s], history.by_sector[s]) for s in sectors if s in history.by_sector]
        return max(seen, key=lambda pair: pair[0])[1] if seen else None

    @staticmethod
    def same_office(earlier: Found, title: str) -> bool:
        """Whether an earlier person held this title ("the Turkish president" is the earlier
        Turkish person only if that person was president)."""
        return earlier.title is not None and (earlier.title == title or earlier.title.endswith(" " + title))


def refer(earlier: Found | None, text: str) -> Found | None:
    """An anaphor's actor: the earlier actor's identity with the anaphor's own words; its name is
    the referent's (name, else words), so "they" never stands alone as a name."""
    if earlier is None:
        return None
    old = earlier.actor
    actor = Actor(text, old.name or old.text, old.country, old.sector, old.cameo, old.actor_id, old.inferred)
    return Found(actor, earlier.kind, earlier.title)


def _clause_verb(token: Token) -> int:
    """The verb whose argument a word is ("granted asylum to them" -> granted), or -1."""
    cur = token
    for _ in range(4):
        if cur.dep_ not in ("dobj", "pobj", "prep", "dative", "iobj", "attr"):
            return -1
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur.i
    return -1


def _not_of(found: Found | None, verb: int) -> Found | None:
    """`found` unless it is the subject of `verb`."""
    if found is None or (verb >= 0 and found.verb == verb):
        return None
    return found


def _recent_subject(subject: tuple[Found, int] | None, sent: int) -> Found | None:
    """A subject of this or the previous sentence, preferred as a pronoun's referent."""
    if subject is None or subject[1] < sent - 1:
        return None
    return subject[0]
