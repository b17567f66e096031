"""Shared types of the actors stage: one article's words, name mentions and resolved heads.

Every unit (names, agents, places, coreference, unknown names) reads an article through a
`DocView`; none reaches into another unit's state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from ..model import Actor
from .kb import AliasEntry, CorefRules, fold, pieces
from .words import is_english_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Dependency labels of words that modify a noun inside its phrase (titles, adjectives, owners).
LEFT_MODS = frozenset({"compound", "amod", "nmod", "poss", "flat", "npadvmod"})
_RIGHT_MODS = frozenset({"flat", "compound"})
# Heads that are modifiers of another noun are resolved as part of that noun's phrase.
NOT_HEADS = frozenset({"compound", "amod", "flat", "nmod"})


class Referent(StrEnum):
    """What kind of thing a resolved head is, for coreference."""

    PERSON = "person"
    GROUP = "group"
    ORG = "org"
    COUNTRY = "country"
    PLACE = "place"  # a town: where things happen, never pointed back to


@dataclass(slots=True)
class Mention:
    """A knowledge-base name found in the text (token span, inclusive end)."""

    start: int
    end: int
    entry: AliasEntry


@dataclass(frozen=True, slots=True)
class Found:
    """A resolved head: the actor and what kind of thing it is (for coreference)."""

    actor: Actor
    kind: Referent
    title: str | None = None
    verb: int = -1  # the verb this mention is the subject of (set when remembered)


@dataclass
class DocView:
    """One parsed article as the resolver's units read it: folded words per token (read once, so
    matching indexes lists instead of creating spaCy tokens again), sentence numbers, the
    knowledge-base names found, and the heads resolved so far in the pass."""

    doc: Doc
    published: date | None
    words: list[tuple[str, ...]] = field(default_factory=list)
    lemmas: list[tuple[str, ...]] = field(default_factory=list)
    sent_starts: list[bool] = field(default_factory=list)
    sent_ids: list[int] = field(default_factory=list)
    mentions: dict[int, Mention] = field(default_factory=dict)
    heads: dict[int, Found | None] = field(default_factory=dict)
    # The article is written without case (all lower case, or all capitals): names are then
    # matched without regard to case.
    caseless: bool = False
    # The article came without case and was parsed from a truecased copy: its capitals are the
    # truecaser's guesses, so a word it left in lower case is one no list knows.
    truecased: bool = False
    # The article's home country (ISO alpha-3) when it could be inferred, and why.
    home: str | None = None
    home_reason: str = ""
    # Tokens of a "city:" dateline left in the text: the place the story was filed, not an actor.
    dateline_span: tuple[int, int] | None = None

    @classmethod
    def read(cls, doc: Doc, published: date | None) -> DocView:
        """Fold every token's text and lemma once and number the sentences."""
        view = cls(doc, published)
        sent = -1
        for tok in doc:
            view.words.append(pieces(tok.text))
            start = bool(tok.is_sent_start)
            view.lemmas.append(_opening_lemma(tok) if start else pieces(tok.lemma_))
            view.sent_starts.append(start)
            sent += start or sent < 0
            view.sent_ids.append(sent)
        view.caseless = _caseless(doc)
        view.truecased = _truecased(doc)
        return view


def _opening_lemma(tok: Token) -> tuple[str, ...]:
    """The folded lemma of a sentence's first word; a plural noun there that the parser took for
    a name ("Mobs set fire ...", "Villagers said ...") keeps its lemma as a noun's would be."""
    lemma = pieces(tok.lemma_)
    if tok.pos_ == "PROPN" and len(lemma) == 1 and lemma[0].endswith("s"):
        word = lemma[0]
        singular = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        # "Congress", "Atlas": an English word whose cut spelling is none stays as written.
        if is_english_word(word) and not is_english_word(singular):
            return lemma
        return (singular,)
    return lemma


def _truecased(doc: Doc) -> bool:
    """Whether the Doc was parsed from a truecased copy of the article (see nlp.parse_texts);
    imported here so that importing the actors stage does not load spaCy."""
    from ..nlp import was_truecased

    return was_truecased(doc)


def _caseless(doc: Doc) -> bool:
    """Whether the article is written without case: fewer than 1 in 20 words has a capital, or
    more than 3 in 5 are in capitals (archives, OCR, wire headlines)."""
    words = [t.text for t in doc if t.is_alpha and len(t.text) > 1]
    if len(words) < 8:
        return False
    capitalised = sum(any(c.isupper() for c in w) for w in words)
    upper = sum(w.isupper() for w in words)
    return capitalised * 20 < len(words) or upper * 5 > len(words) * 3


def definite(token: Token, rules: CorefRules) -> bool:
    """Whether the phrase has a determiner that makes it point back ("the group")."""
    return any(c.dep_ == "det" and fold(c.text) in rules.definite for c in token.lefts)


def left_edge(token: Token) -> int:
    """The first token of the head's modifiers (titles, adjectives, owners)."""
    lo = token.i
    for child in token.lefts:
        if child.dep_ in LEFT_MODS:
            lo = min(lo, child.left_edge.i)
    return lo


def np_text(token: Token, mention: Mention | None) -> str:
    """The words of the phrase: titles, adjectives and owner before the head, name parts after."""
    lo, hi = left_edge(token), token.i
    for child in token.rights:
        if child.dep_ in _RIGHT_MODS:
            hi = max(hi, child.right_edge.i)
    if mention is not None:
        lo, hi = min(lo, mention.start), max(hi, mention.end)
    return token.doc[lo : hi + 1].text


def retext(actor: Actor, text: str) -> Actor:
    """The same actor under other words."""
    return Actor(text, actor.name, actor.country, actor.sector, actor.cameo, actor.actor_id, actor.inferred)


def codes(actor: Actor) -> tuple[str | None, str | None, str | None]:
    """Country, sector and CAMEO code of an actor, for a person it describes (whose own id is
    unknown: "UN official John Smith" is not the UN)."""
    return actor.country, actor.sector, actor.cameo


def entity_at(doc: Doc, i: int) -> Span | None:
    """The spaCy entity span covering token i, if any (the one of `doc.ents`).

    Walks the IOB tags from token i instead of building `doc.ents` (a new tuple of Spans on every
    read, hundreds in a long article) and scanning it."""
    if doc[i].ent_iob_ not in ("B", "I"):
        return None
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    begin = doc[start]
    if begin.ent_iob_ != "B" or not begin.ent_type:
        return None  # doc.ents has no entity here either
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    from spacy.tokens import Span  # here: importing eventcoder must not load spaCy

    return Span(doc, start, end, label=begin.ent_type, kb_id=begin.ent_kb_id, span_id=begin.ent_id)
