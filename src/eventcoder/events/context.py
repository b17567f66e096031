"""What every extraction rule reads about one sentence: its span, the actors stage, the grammar,
the classified candidate predicates, and a cache of resolved actors."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..model import Actor, ActorLookup
from .grammar import Classification, Grammar


@dataclass
class SentenceContext:
    """One sentence under extraction; `cands` maps a candidate token's index to its classification."""

    sent: Span
    index: int
    actors: ActorLookup
    g: Grammar
    cands: dict[int, Classification]
    actor_cache: dict[int, Actor | None] = field(default_factory=dict)

    @property
    def doc(self) -> Doc:
        return self.sent.doc
