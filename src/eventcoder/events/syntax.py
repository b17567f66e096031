"""Reading the dependency tree: children, conjuncts, prepositional objects, subjects (with the
parser slips repaired), voice, and the verbs that govern event nouns and participle clauses.
Nothing here asks the actors stage."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from .context import SentenceContext
from .grammar import MAX_ACTORS_PER_ROLE, PASSIVE_SUBJ, RELATIVE_TAGS, TIME_ENTITIES, VERB_SATELLITES, Grammar


def child(tok: Token, *deps: str) -> Token | None:
    """The first child under one of `deps`."""
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def conjuncts(tok: Token) -> list[Token]:
    """The head and the words coordinated after it (a repaired subject may sit mid-chain)."""
    return [tok, *(c for c in tok.conjuncts if c.i > tok.i)][: MAX_ACTORS_PER_ROLE + 1]


def prep_objects(ctx: SentenceContext, tok: Token, preps: Iterable[str]) -> list[Token]:
    """The objects (with their conjuncts) of the word's prepositions among `preps`; dates are left out."""
    wanted = set(preps)
    found: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in wanted:
            # Every object: the parser gives "denounced as a crime Serbia's crackdown" two.
            pobjs = [o for o in c.children if o.dep_ == "pobj"]
            dangling = dangling_object(ctx, c) if not pobjs else None
            for pobj in pobjs or ([dangling] if dangling is not None else []):
                if pobj.ent_type_ not in TIME_ENTITIES:
                    found.extend(conjuncts(pobj))
    return found


def dangling_object(ctx: SentenceContext, prep: Token) -> Token | None:
    """A preposition left without its object because the parser made the following noun the
    subject of a new clause: "granted asylum to [five officers holed up ...]"."""
    if any(True for _ in prep.children) or prep.i + 1 >= ctx.sent.end:
        return None
    nxt = prep.doc[prep.i + 1]
    for tok in nxt.ancestors:
        if tok.left_edge.i != nxt.left_edge.i or tok.pos_ not in ("NOUN", "PROPN"):
            break
        nxt = tok
    return nxt if nxt.dep_ in ("nsubj", "nsubjpass") and nxt.pos_ in ("NOUN", "PROPN") else None


def _own_subject_of(tok: Token, g: Grammar) -> tuple[Token | None, bool] | None:
    """The verb's own subject child, if it has one (None: look elsewhere)."""
    for c in tok.children:
        if c.dep_ in ("nsubj", "csubj"):
            if c.tag_ in RELATIVE_TAGS and tok.dep_ == "relcl":
                return tok.head, False
            inner = child(c, "nsubj") if c.pos_ == "VERB" and c.tag_ == "VBG" else None
            if inner is not None and inner.i < c.i:
                # "The Red Cross operating in Iraq said": the parser made the participle the
                # subject and the organisation its subject.
                return inner, False
            return c, False
        if c.dep_ in PASSIVE_SUBJ:
            passive = is_passive(tok, g)
            if c.tag_ in RELATIVE_TAGS and tok.dep_ == "relcl":
                return tok.head, passive
            return c, passive
    return None


def subject(ctx: SentenceContext, tok: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The subject of a verb and whether it is a passive subject; inherited through
    coordination, control verbs, participial clauses and relative clauses."""
    g = ctx.g
    own = _own_subject_of(tok, g)
    if own is not None:
        return own
    if depth > 4:
        return None, False
    dep, head = tok.dep_, tok.head
    if dep == "relcl":
        return head, is_passive(tok, g)
    if dep == "acomp" and head.pos_ in ("VERB", "AUX"):
        # "he was confident that ...": the comment adjective's subject is that of "be".
        return subject(ctx, head, depth + 1)
    if dep in ("xcomp", "pcomp") and head.pos_ in ("ADJ", "ADP") and head.head.i != head.i:
        # "Norway is willing to send", "youths resorted to throwing": the frame word's subject.
        subj, _ = subject(ctx, head.head, depth + 1)
        return subj, is_passive(tok, g)
    if dep == "xcomp" and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in g.object_control:
            obj = child(head, "dobj")
            if obj is not None:
                return obj, is_passive(tok, g)
        subj, _ = subject(ctx, head, depth + 1)
        return subj, is_passive(tok, g)
    if dep in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        subj, passive = subject(ctx, head, depth + 1)
        return subj, passive if dep == "conj" and not has_voice(tok) else is_passive(tok, g)
    active = any(child(v, "dobj") is not None for v in (tok, *tok.conjuncts))
    if dep == "acl" and (active or hung_on_root_noun(tok)) and tok.sent.root.pos_ in ("NOUN", "PROPN"):
        # "Doctors from two aid groups donated ... goods": the parser found no verb for the
        # sentence and hung the clause on a noun; the root noun is the doer.
        return tok.sent.root, False
    return fronted_subject(ctx, tok), False


# Children that give a participle a clause of its own (an object, a complement, a particle).
_OWN_CLAUSE_PARTS = frozenset({"dobj", "xcomp", "ccomp", "prt"})


def hung_on_root_noun(tok: Token) -> bool:
    """ "Al-Shabaab militants threatened on Saturday to carry out ...": the parser found no verb
    for the sentence and read the verb as a participle describing the root noun. A participle
    with a clause of its own (an object, a complement or a particle) and no "by" agent is the act;
    "rebels led by HTS" and "a man wanted for murder" only describe the noun."""
    head = tok.head
    return (
        tok.dep_ == "acl"
        and tok.pos_ == "VERB"
        and head.dep_ == "ROOT"
        and head.pos_ in ("NOUN", "PROPN")
        and any(c.dep_ in _OWN_CLAUSE_PARTS or _particle_as_prep(tok, c) for c in tok.children)
        and not any(c.dep_ == "agent" for c in tok.children)
    )


def _particle_as_prep(verb: Token, c: Token) -> bool:
    """ "sealed off the port" parsed with "off" as a preposition: a particle all the same."""
    return c.dep_ == "prep" and c.i == verb.i + 1 and c.lower_ in ("off", "out", "up", "down")


def fronted_subject(ctx: SentenceContext, verb: Token) -> Token | None:
    """The subject the parser swallowed into a fronted phrase: "With the signing of the MOU,
    the government and the rebels have agreed" (it read "the government" as a conjunct of
    "MOU"). The words before the verb, after the phrase's last comma, are the subject."""
    doc, start = ctx.doc, ctx.sent.start
    j = verb.i - 1
    while j >= start and doc[j].head.i == verb.i and doc[j].dep_ in VERB_SATELLITES:
        j -= 1
    if j < start:
        return None
    last = doc[j]
    fronted = [c for c in verb.children if c.dep_ == "prep" and c.i < verb.i]
    if last.pos_ not in ("NOUN", "PROPN") or not fronted:
        return None
    phrase = fronted[0]
    if not phrase.left_edge.i <= last.i <= phrase.right_edge.i:
        return None
    commas = [t.i for t in doc[phrase.i : last.i] if t.text == ","]
    if not commas:
        return None
    cur = last
    while cur.dep_ == "conj" and cur.head.i > commas[-1]:
        cur = cur.head
    return cur if cur.dep_ == "conj" and cur.i > commas[-1] else None


def is_passive(tok: Token, g: Grammar) -> bool:
    """A passive verb ("was attacked"), not a stative participle ("is committed to")."""
    deps = {c.dep_ for c in tok.children}
    if tok.lemma_.lower() in g.stative_participles and "agent" not in deps:
        return False
    return bool(deps & {"auxpass", "nsubjpass", "agent"})


def has_voice(tok: Token) -> bool:
    """Whether a verb carries its own auxiliary or agent (so does not share its sibling's voice)."""
    return any(c.dep_ in ("aux", "auxpass", "agent") for c in tok.children)


def own_subject(tok: Token) -> Token | None:
    """The verb's subject child, not an inherited one."""
    return next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")), None)


def reflexive(tok: Token) -> bool:
    """ "withdrew its troops", "opened their borders": the subject's own, not a counterpart."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)


def object_governor(noun: Token, g: Grammar) -> Token | None:
    """The verb whose object an event noun is, through "of" chains ("gave ... dollars of
    aid") and participation verbs ("engaged in ethnic cleansing")."""
    cur = noun
    for _ in range(3):
        dep, head = cur.dep_, cur.head
        if dep in ("dobj", "attr", "oprd"):
            return head if head.pos_ in ("VERB", "AUX") else None
        if dep != "pobj":
            return None
        governor = head.head
        if head.lower_ == "of" and governor.pos_ in ("NOUN", "NUM"):
            cur = governor
            continue
        if governor.pos_ == "VERB" and governor.lemma_.lower() in g.participation_verbs:
            return governor
        return None
    return None


def clause_heads(tok: Token, g: Grammar) -> list[Token]:
    """The predicate, and for an event noun the verb it is the object of ("staged protests")."""
    heads = [tok]
    if tok.pos_ == "NOUN":
        verb = object_governor(tok, g)
        if verb is not None:
            heads.append(verb)
    return heads


def clause_top(tok: Token) -> Token:
    """The first verb of a coordination the word belongs to."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def governing_verb(tok: Token) -> Token | None:
    """The verb a participle clause (", killing 20") tells the outcome of, if `tok` is one."""
    tok = clause_top(tok)
    if tok.dep_ != "advcl" or tok.tag_ != "VBG" or tok.head.pos_ != "VERB":
        return None
    return tok.head


def noun_phrase_text(tok: Token) -> str:
    """The words of a noun phrase up to its head, without leading determiners or punctuation
    ("the Afghan rebel leaders" -> "Afghan rebel leaders")."""
    doc = tok.doc
    start = tok.left_edge.i
    while start < tok.i and (doc[start].pos_ in ("DET", "PUNCT", "CCONJ") or doc[start].dep_ == "predet"):
        start += 1
    return doc[start : tok.i + 1].text
