"""What every extraction rule reads about one sentence: its span, the actors stage, the grammar,
the classified candidate predicates, and a cache of resolved actors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from ..model import Actor
from .grammar import Classification, Grammar


class NameLookup(Protocol):
    """What extraction cannot do without from the actors stage: `model.ActorLookup.actor_for`.
    The rest of `model.ActorLookup` (`home_actor`) is asked for only where the lookup has it, so
    an actors stage (or a test fake) that does not know an article's home country still works."""

    def actor_for(self, token: Token) -> Actor | None: ...


@dataclass
class SentenceContext:
    """One sentence under extraction; `cands` maps a candidate token's index to its classification."""

    sent: Span
    index: int
    actors: NameLookup
    g: Grammar
    cands: dict[int, Classification]
    actor_cache: dict[int, Actor | None] = field(default_factory=dict)

    @property
    def doc(self) -> Doc:
        return self.sent.doc
