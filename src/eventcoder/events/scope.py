"""Scope: the words on and above a predicate that cancel it (negation, "failed to"), subsume it
(a governing act that codes) or hedge it (modals, "will", "reportedly", "if", "plans to",
reporting verbs)."""

from __future__ import annotations

from spacy.tokens import Token

from .confidence import (
    CONDITIONAL_FACTOR,
    FUTURE_FACTOR,
    HEDGE_FACTOR,
    IRREALIS_FACTOR,
    MODAL_FACTOR,
    REPORTED_FACTOR,
)
from .context import SentenceContext
from .grammar import EMBED_DEPS, Classification, Coded, Grammar


def refusal(tok: Token, cls: Classification, g: Grammar) -> Coded | None:
    """ "We will not accept a divided Syria", "would never allow": with a future or modal
    auxiliary, a negated act of acceptance is a rejection (not a cancelled act). "Did not agree"
    reports that nothing happened and stays cancelled."""
    if getattr(cls, "reads_negation", False):
        return None
    negs = [c for c in tok.children if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in g.negators)]
    lemma = tok.lemma_.lower()
    if negs and lemma in g.no_comment_verbs and g.no_comment_code:
        # "said he could not comment", "did not elaborate": declining to comment, said plainly
        # (the auxiliary is part of the refusal, not a hedge on it).
        auxes = [c for c in tok.children if c.dep_ == "aux"]
        trigger = " ".join(t.text for t in sorted([tok, *auxes, *negs], key=lambda t: t.i))
        confidence = max(cls.confidence, 0.6)
        return Coded(g.no_comment_code[0], trigger, confidence, reads_negation=True, coded_by=cls.coded_by)
    if lemma not in g.refusal_verbs:
        return None
    auxes = [c for c in tok.children if c.dep_ == "aux" and _aux_factor(c, g) != 1.0]
    if not negs or not auxes:
        return None
    words = sorted([tok, *negs, *auxes], key=lambda t: t.i)
    trigger = " ".join(t.text for t in words)
    return Coded(
        g.refusal_code[0],
        trigger,
        cls.confidence,
        target_preps=cls.target_preps,
        reads_negation=True,
        coded_by=cls.coded_by,
    )


def negated(tok: Token, g: Grammar) -> bool:
    """Whether a `neg` child or a negating adverb ("never") sits on the word."""
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in g.negators) for c in tok.children)


def negating_prep(prep: Token, g: Grammar) -> bool:
    """Whether a preposition, with the adverb before it ("instead of"), says its clause's act did
    not happen."""
    before = [c.lower_ for c in prep.children if c.dep_ == "advmod" and c.i < prep.i]
    return prep.lower_ in g.negating_preps or " ".join([*before, prep.lower_]) in g.negating_preps


def conditional(clause: Token, g: Grammar) -> bool:
    """Whether a clause is introduced by "if", "unless", ..."""
    return any(m.dep_ == "mark" and m.lower_ in g.conditional_marks for m in clause.children)


def _aux_factor(aux: Token, g: Grammar) -> float:
    lemma, low = aux.lemma_.lower(), aux.lower_
    if lemma in g.modals or low in g.modals:
        return MODAL_FACTOR
    if lemma in g.future or low in g.future:
        return FUTURE_FACTOR
    return 1.0


def _condition_read(clause: Token, read: frozenset[str]) -> bool:
    """Whether the lexicon already turned the condition into the code ("will withdraw *unless*
    ..." is a threat, which is certain, not hedged)."""
    return any(m.dep_ == "mark" and m.lower_ in read for m in clause.children)


def own_factor(tok: Token, g: Grammar, read: frozenset[str] = frozenset()) -> float:
    """Hedging factor from the predicate's own auxiliaries and adverbs. Words in `read` were
    already turned into the code by the lexicon ("will send aid" is an intent, 033) and do
    not lower the confidence again."""
    factor = 1.0
    for c in tok.children:
        dep, low = c.dep_, c.lower_
        if low in read and dep in ("aux", "auxpass", "neg"):
            continue
        if dep in ("aux", "auxpass"):
            step = _aux_factor(c, g)
            if step != 1.0:
                factor *= step
        elif dep == "advmod" and low in g.hedges:
            factor *= HEDGE_FACTOR
        elif dep == "mark" and low in g.conditional_marks:
            factor *= CONDITIONAL_FACTOR
        elif dep == "advcl" and conditional(c, g) and not _condition_read(c, read):
            # "will attack Iraq if Iraq closes the border": the main act hangs on the condition.
            factor *= CONDITIONAL_FACTOR
    return factor


def _governed(ctx: SentenceContext, head: Token, dep: str, code: str, factor: float) -> float | None:
    """`factor` after a governing verb's hedging; None when the verb cancels or subsumes the act."""
    g = ctx.g
    gov_cls = ctx.cands.get(head.i)
    lemma = head.lemma_.lower()
    if (
        gov_cls is not None
        and gov_cls.code not in g.subordinate_codes
        and not (lemma in g.speech_verbs and gov_cls.code == code)
    ):
        return None
    if lemma in g.negating_governors or negated(head, g):
        return None
    if dep == "ccomp" and lemma in g.opinion_governors:
        return None  # "hopeful that the factions would reach a deal": expected, not done
    if dep in ("xcomp", "ccomp", "dobj") and lemma in g.option_governors:
        return None  # "considering resuming food aid": an option weighed, not taken
    if _asking_participle(head, g):
        return None  # "crowds calling for the mayor to quit": asked for, not done
    if lemma in g.speech_verbs:
        factor *= REPORTED_FACTOR
    elif lemma in g.irrealis_governors:
        factor *= IRREALIS_FACTOR
    return factor * (own_factor(head, g) if dep in ("xcomp", "ccomp") else 1.0)


def _asking_participle(verb: Token, g: Grammar) -> bool:
    """ "protesters demanding his resignation": a participle of asking that describes a noun."""
    return verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.lemma_.lower() in g.asking_governors


def _infinitive(clause: Token) -> bool:
    return any(a.dep_ == "aux" and a.tag_ == "TO" for a in clause.children)


def _read_by(cls: Classification, tok: Token) -> bool:
    return tok.text.lower() in cls.trigger.lower().split()


def _threat(cls: Classification | None) -> bool:
    return cls is not None and cls.code.startswith("13")


def scope(ctx: SentenceContext, tok: Token, cls: Classification) -> float | None:
    """Confidence factor from the words governing `tok`, or None when the act is cancelled
    (negated, under "failed to"/"denied that") or subsumed by a governing act that codes
    ("threatened to attack" is a threat, "urged X to withdraw" an appeal). A reporting verb
    that only passes its complement's code on ("announced they had agreed") is a conduit:
    the complement keeps the act and its own actors."""
    g = ctx.g
    # A code that already says "not" ("will not end the strike" -> 1242) is not cancelled.
    if negated(tok, g) and not getattr(cls, "reads_negation", False):
        return None
    factor = own_factor(tok, g, frozenset(cls.trigger.lower().split()))
    cur = tok
    while True:
        dep, head = cur.dep_, cur.head
        if head.i == cur.i:
            return factor
        if dep == "conj":
            # A coordinated act shares its sibling's governor, not the sibling's own code.
            cur = head
            continue
        if dep == "advcl" and _infinitive(cur) and _asking_participle(head, g):
            return None  # "crowds calling for the mayor to quit": the parser hung the act asked for
        if dep == "advcl" and _infinitive(cur) and head.lemma_.lower() in g.negating_governors:
            return None  # "rebuffed calls to negotiate": the parser hung the rejected act on the verb
        if (
            dep == "advcl"
            and (_infinitive(cur) or cur.tag_ == "VBG")
            and head.i in ctx.cands
            and _read_by(ctx.cands[head.i], cur)
        ):
            return None  # "sworn to fight", "ruled out pulling out": the governing frame read the act
        if dep == "advcl" and _infinitive(cur) and _threat(ctx.cands.get(head.i)):
            return None  # "gave the junta two days to step down": what a threat demands is not done
        if dep == "advcl":
            for c in cur.children:
                if c.dep_ == "mark" and c.lower_ in g.conditional_marks:
                    factor *= CONDITIONAL_FACTOR
            return factor
        if dep == "pcomp" and negating_prep(head, g):
            return None  # "instead of cracking down", "without firing a shot"
        if head.pos_ == "NOUN" and head.lemma_.lower() in g.irrealis_nouns:
            return None  # "the chances of reviving talks": only a possibility
        if dep in ("acl", "ccomp") and head.pos_ == "NOUN" and head.lemma_.lower() in g.content_nouns:
            # "declined to comment on reports that troops had crossed": the clause is what the
            # report says; whatever governs the report governs it ("reports that ... could not
            # be confirmed", "were denied").
            verb = head.head
            if head.dep_ in ("nsubj", "nsubjpass") and (
                negated(verb, g) or verb.lemma_.lower() in g.negating_governors
            ):
                return None
            cur = head
            continue
        if dep not in EMBED_DEPS:
            return factor
        if head.pos_ == "NOUN" and head.i in ctx.cands and not _read_by(ctx.cands[head.i], tok):
            # "conveyed the offer in phone calls with X": a coded noun governs only what its
            # classification read, not an act named in a phrase hung on it.
            cur = head
            continue
        if head.pos_ in ("VERB", "AUX") or head.i in ctx.cands:
            governed = _governed(ctx, head, dep, cls.code, factor)
            if governed is None:
                return None
            factor = governed
        cur = head
