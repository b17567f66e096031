"""Which tokens are candidate predicates, and which classified candidates another word already
covers."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .context import SentenceContext
from .grammar import Classification, Classifier, Grammar
from .syntax import hung_on_root_noun

# Children that make an -ing word a verb with a clause of its own ("rebels fighting to topple").
_CLAUSE_PARTS = frozenset({"dobj", "xcomp", "ccomp", "advcl", "prt", "dative"})
# Positions of the noun a nominal gerund hangs on ("[police] firing").
_GERUND_HOLDERS = frozenset({"nsubj", "nsubjpass", "pobj", "conj", "dobj", "appos"})


def is_candidate(tok: Token, g: Grammar) -> bool:
    """A verb in a clause position, or an event noun in an argument position (any noun after
    "came under": "came under fire from ..."), or a gerund the parser hung on the noun before it
    ("died in [police] firing")."""
    pos = tok.pos_
    if pos == "VERB":
        return (
            tok.dep_ in g.predicate_deps
            or nominal_gerund(tok, g)
            or gerund_object(tok, g)
            or hung_on_root_noun(tok)
        )
    if pos == "ADJ":
        # "he was confident that ...": a comment adjective after "be"; "was ready to ...": a
        # stance adjective with its infinitive.
        return tok.dep_ == "acomp" and (
            tok.lemma_.lower() in g.predicate_adjectives or stance_adjective(tok, g)
        )
    if pos == "NOUN":
        return tok.dep_ in g.noun_deps and (
            tok.lemma_.lower() in g.event_nouns or exposure_verb(tok, g) is not None
        )
    return False


def stance_adjective(tok: Token, g: Grammar) -> bool:
    """Whether an adjective frames the act of its infinitive ("was ready to step aside")."""
    return tok.lemma_.lower() in g.stance_adjectives and any(c.dep_ == "xcomp" for c in tok.children)


def nominal_gerund(tok: Token, g: Grammar) -> bool:
    """ "died in police firing": the parser read "firing" as a participle describing "police".
    An -ing word right after a noun in an argument position ("due to police firing", "rioting
    and police firing", "critical of the police firing"), with no object of its own and naming
    an event, is that event, done by the noun before it."""
    head = tok.head
    return (
        tok.dep_ == "acl"
        and tok.tag_ == "VBG"
        and tok.i == head.i + 1
        and head.dep_ in _GERUND_HOLDERS
        and tok.text.lower() in g.event_nouns
        and not any(c.dep_ in _CLAUSE_PARTS for c in tok.children)
    )


def gerund_object(tok: Token, g: Grammar) -> bool:
    """ "killed in [police firing]" parsed with "firing" as the object of "in": the event noun."""
    return (
        tok.dep_ == "pobj"
        and tok.tag_ == "VBG"
        and tok.head.lower_ in g.event_phrase_preps
        and tok.text.lower() in g.event_nouns
    )


def exposure_verb(noun: Token, g: Grammar) -> Token | None:
    """The verb of "came under fire", "were under attack" when `noun` is the event undergone."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in g.exposure_preps:
        return None
    verb = prep.head
    if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in g.exposure_verbs:
        return verb
    return None


def nominal(tok: Token, g: Grammar) -> bool:
    """Whether a candidate is read as an event noun (its frame is a noun's)."""
    return tok.pos_ not in ("VERB", "ADJ") or nominal_gerund(tok, g) or gerund_object(tok, g)


def classified_candidates(sent: Span, classify: Classifier, g: Grammar) -> dict[int, Classification]:
    """The sentence's candidates that the classifier codes, by token index."""
    cands: dict[int, Classification] = {}
    for tok in sent:
        if is_candidate(tok, g):
            cls = classify(tok)
            if cls is not None:
                cands[tok.i] = cls
    # A stance adjective codes only an act the lexicon leaves uncoded: a coded infinitive already
    # reads the adjective ("ready to contribute troops" is 0334 on "contribute").
    for i in [i for i in cands if stance_adjective(sent.doc[i], g)]:
        if any(c.dep_ == "xcomp" and c.i in cands for c in sent.doc[i].children):
            del cands[i]
    return cands


def light_governed(ctx: SentenceContext, noun: Token) -> bool:
    """Whether an event noun is the object of a verb that codes ("held talks", "condemned the
    attack"): the verb's classification already read the noun."""
    head = noun.head
    if noun.dep_ == "pobj":
        head = head.head
        if head.dep_ == "prep" and head.lower_ == "out":
            head = head.head  # "walked out of the talks": "of" hangs on "out", not on the verb
        if head.dep_ == "dobj" and read_by_verb(ctx, head):
            # "claimed responsibility for the attack": the object the verb read holds the noun.
            return True
    cls = ctx.cands.get(head.i)
    if cls is None:
        return False
    # A coded noun governs only what its classification read ("the offer [in phone calls]" did not).
    return head.pos_ != "NOUN" or noun.text.lower() in cls.trigger.lower().split()


def covered(ctx: SentenceContext, tok: Token) -> bool:
    """Whether a classified event noun is left to another word: the object of a verb that codes
    ("held talks", "killed in police firing"), or the subject of a state verb ("the talks remain
    stalled")."""
    if nominal_gerund(tok, ctx.g):
        tok = tok.head
    elif tok.pos_ != "NOUN" and not gerund_object(tok, ctx.g):
        return False
    if tok.dep_ in ("dobj", "pobj", "attr") and light_governed(ctx, tok):
        return True
    if tok.dep_ == "nsubjpass" and read_by_verb(ctx, tok):
        return True  # "a curfew was imposed": the verb's classification read the noun
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in ctx.g.state_verbs


def read_by_verb(ctx: SentenceContext, noun: Token) -> bool:
    """Whether the classification of the noun's verb took the noun among its words."""
    cls = ctx.cands.get(noun.head.i)
    return cls is not None and noun.text.lower() in cls.trigger.lower().split()
