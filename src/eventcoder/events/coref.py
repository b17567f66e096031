"""The coreference fallback: a pronoun the actors stage left unresolved is read as the subject of
the clause that reports or governs it ("Syria says it will withdraw": it = Syria)."""

from __future__ import annotations

from spacy.tokens import Token

from ..model import Actor
from . import resolve
from .context import SentenceContext
from .grammar import RELATIVE_TAGS
from .syntax import noun_phrase_text, subject

# The steps from a pronoun up to a clause whose subject may be its antecedent.
_CLIMB_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl", "pobj", "prep", "dobj", "nsubj"})
_MAX_CLIMB = 4


def antecedent(ctx: SentenceContext, pron: Token) -> Actor | None:
    """A pronoun the actors stage left unresolved, read as the subject of the clause that
    governs it: "Syria says it is willing to withdraw" (it = Syria), "their forces"."""
    if pron.tag_ in RELATIVE_TAGS:
        return None
    cur = pron.head
    for _ in range(_MAX_CLIMB):
        if cur.dep_ not in _CLIMB_DEPS:
            return None
        cur = cur.head
        if cur.pos_ not in ("VERB", "AUX"):
            continue
        subj, _ = subject(ctx, cur)
        if subj is None or subj.pos_ == "PRON":
            continue
        if not subj.left_edge.i <= pron.i <= subj.right_edge.i:
            return resolve.actor(ctx, subj) or Actor(text=noun_phrase_text(subj))
    return None
