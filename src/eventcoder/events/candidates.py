"""Which tokens are candidate predicates, and which classified candidates another word already
covers."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .context import SentenceContext
from .grammar import Classification, Classifier, Grammar


def is_candidate(tok: Token, g: Grammar) -> bool:
    """A verb in a clause position, or an event noun in an argument position."""
    pos = tok.pos_
    if pos == "VERB":
        return tok.dep_ in g.predicate_deps
    if pos == "NOUN":
        return tok.dep_ in g.noun_deps and tok.lemma_.lower() in g.event_nouns
    return False


def classified_candidates(sent: Span, classify: Classifier, g: Grammar) -> dict[int, Classification]:
    """The sentence's candidates that the classifier codes, by token index."""
    cands: dict[int, Classification] = {}
    for tok in sent:
        if is_candidate(tok, g):
            cls = classify(tok)
            if cls is not None:
                cands[tok.i] = cls
    return cands


def light_governed(ctx: SentenceContext, noun: Token) -> bool:
    """Whether an event noun is the object of a verb that codes ("held talks", "condemned the
    attack"): the verb's classification already read the noun."""
    head = noun.head
    if noun.dep_ == "pobj":
        head = head.head
    return head.i in ctx.cands


def covered(ctx: SentenceContext, tok: Token) -> bool:
    """Whether a classified event noun is left to another word: the object of a verb that codes,
    or the subject of a state verb ("the talks remain stalled")."""
    if tok.pos_ != "NOUN":
        return False
    if tok.dep_ in ("dobj", "pobj", "attr") and light_governed(ctx, tok):
        return True
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in ctx.g.state_verbs
