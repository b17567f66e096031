"""Predicate-argument extraction: who did what to whom in each sentence of a parsed article.

One pass per sentence finds candidate predicates (verbs in clause positions, event nouns), asks
`classify()` for each one's CAMEO code, then reads the dependency tree for the source, target and
place, and the scope words (negation, modals, reporting verbs, intent verbs) that cancel or hedge
the act. The grammar words live in data/event_grammar.yaml; the lexicon in data/lexicon/*.yaml.

The rules live in small modules by concern: candidates.py (which words), scope.py (negation,
hedging), syntax.py / arguments.py / nouns.py / implied.py (sources and targets), resolve.py and
coref.py (actors, the pronoun fallback), frames.py (rules between a sentence's acts), pairing.py
(dyads), confidence.py (every confidence factor).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..model import CodedPredicate
from .candidates import classified_candidates, covered
from .context import NameLookup, SentenceContext
from .frames import Frame, build_frame, sentence_frames
from .grammar import Classification, Classifier, Grammar, default_classifier, grammar, ontology_specific
from .pairing import coded, unique
from .parties import same_actor
from .scope import refusal, scope
from .syntax import noun_phrase_text

__all__ = [
    "Classification",
    "Classifier",
    "Grammar",
    "extract_events",
    "grammar",
    "noun_phrase_text",
    "ontology_specific",
    "same_actor",
    "sentence_events",
]


def extract_events(
    doc: Doc, actors: NameLookup, classifier: Classifier | None = None
) -> list[CodedPredicate]:
    """Coded predicates of every sentence of `doc`, in reading order. `actors` is the article's
    `model.ActorLookup` (its `home_actor` is used when present)."""
    classify = classifier or default_classifier()
    g = grammar()
    out: list[CodedPredicate] = []
    for index, sent in enumerate(doc.sents):
        out.extend(sentence_events(sent, index, actors, classify, g))
    return out


def sentence_events(
    sent: Span, index: int, actors: NameLookup, classify: Classifier, g: Grammar
) -> list[CodedPredicate]:
    """The sentence's coded predicates; statements only when nothing else codes."""
    cands = classified_candidates(sent, classify, g)
    if not cands:
        return []
    ctx = SentenceContext(sent, index, actors, g, cands)
    frames: list[Frame] = []
    for i, cls in cands.items():
        tok = sent.doc[i]
        if covered(ctx, tok):
            continue
        cls = refusal(tok, cls, g) or cls
        factor = scope(ctx, tok, cls)
        if factor is not None:
            frames.append(build_frame(ctx, tok, cls, factor))
    return unique(p for f in sentence_frames(ctx, frames) for p in coded(ctx, f))
