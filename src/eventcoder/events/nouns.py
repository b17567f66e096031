"""Argument finding for event nouns: "the capture of Palmyra by Hezbollah", "Israeli strikes",
"Iran held talks with Oman", "its demand that Israel ease restrictions"."""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import Arguments, complement_targets, place_of
from .candidates import exposure_verb, nominal_gerund
from .context import SentenceContext
from .grammar import MAX_ACTORS_PER_ROLE, TIME_ENTITIES, Classification, Grammar, root_of
from .resolve import actor
from .syntax import child, conjuncts, object_governor, prep_objects, subject


def _modifier_sources(ctx: SentenceContext, tok: Token) -> list[Token]:
    """ "an Israeli strike", "the Turkish offensive", "US drone attacks": a modifier (or a
    modifier's modifier) names the actor."""
    mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound")]
    mods += [m for c in mods for m in c.lefts if m.dep_ in ("amod", "compound")]
    return [c for c in mods if actor(ctx, c) is not None][:MAX_ACTORS_PER_ROLE]


def event_phrase_host(tok: Token) -> tuple[Token, Token] | None:
    """The preposition and the verb of the phrase an event noun sits in ("passed on the message
    *in* phone calls", "died *in* police firing"), if it sits in one."""
    noun = tok.head if nominal_gerund_head(tok) else tok
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep":
        return None
    host = prep.head
    for _ in range(3):
        # "passed on [the message [in phone calls]]": through the nouns the phrase hangs on.
        if host.pos_ == "VERB":
            return prep, host
        if host.pos_ not in ("NOUN", "PROPN") or host.dep_ not in ("dobj", "pobj"):
            return None
        host = host.head.head if host.dep_ == "pobj" else host.head
    return None


def nominal_gerund_head(tok: Token) -> bool:
    """ "police firing": the gerund's own head is the noun that does it."""
    return tok.pos_ == "VERB" and tok.dep_ == "acl"


def _manner_source(ctx: SentenceContext, tok: Token) -> list[Token]:
    """ "the minister passed on the message in separate phone calls with X": the subject of the
    verb whose manner phrase the event noun is, unless that verb's subject suffers the event."""
    host = event_phrase_host(tok)
    if host is None or host[0].lower_ not in ctx.g.manner_preps:
        return []
    verb = host[1]
    if verb.lemma_.lower() in ctx.g.victim_verbs or verb.i in ctx.cands:
        return []  # a verb that codes tells its own act; the noun is what it is about
    subj, passive = subject(ctx, verb)
    return conjuncts(subj) if subj is not None and not passive else []


def victims(ctx: SentenceContext, tok: Token) -> list[Token]:
    """ "two people died in police firing", "five were hurt in the shelling": whom the event hit."""
    host = event_phrase_host(tok)
    if host is None or host[0].lower_ not in ctx.g.event_phrase_preps:
        return []
    verb = host[1]
    if verb.lemma_.lower() not in ctx.g.victim_verbs:
        return []
    if verb.dep_ == "acl":
        return conjuncts(verb.head)  # "the six people killed in police firing"
    subj, _ = subject(ctx, verb)
    return conjuncts(subj) if subj is not None else []


def noun_sources(ctx: SentenceContext, tok: Token, verb: Token | None) -> list[Token]:
    """Who did what the noun names: its `by` agent, its possessor, a modifier, or the subject of
    the verb it is the object of ("Iran held talks with Oman") or the manner phrase of."""
    if nominal_gerund_head(tok):
        return [tok.head] if actor(ctx, tok.head) is not None else []
    sources = prep_objects(ctx, tok, ctx.g.agent_preps)
    poss = child(tok, "poss")
    if poss is not None and poss.ent_type_ in TIME_ENTITIES:
        poss = None  # "last week's arrest": when, not who
    if not sources and poss is not None:
        sources = conjuncts(poss)
    if not sources:
        sources = _modifier_sources(ctx, tok)
    if not sources and verb is not None:
        subj, passive = subject(ctx, verb)
        if subj is not None and not passive:
            sources = conjuncts(subj)
    return sources or _manner_source(ctx, tok)


def _that_clause_targets(ctx: SentenceContext, tok: Token) -> list[Token]:
    """ "its demand that Israel ease ...": whoever the demand's clause is about."""
    for c in tok.children:
        if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children):
            csubj, cpassive = subject(ctx, c)
            if csubj is not None and not cpassive and actor(ctx, csubj) is not None:
                return conjuncts(csubj)
    return []


def _verb_side_targets(ctx: SentenceContext, verb: Token, cls: Classification) -> list[Token]:
    """The governing verb's recipient or its preposition: "gave Chad millions of dollars of aid"."""
    dative = child(verb, "dative")
    if dative is not None and dative.pos_ != "ADP":
        return conjuncts(dative)
    return prep_objects(ctx, verb, cls.target_preps or ("to", "with"))


def noun_targets(ctx: SentenceContext, tok: Token, cls: Classification, verb: Token | None) -> list[Token]:
    """Whom the act the noun names is aimed at."""
    targets = prep_objects(ctx, tok, set(cls.target_preps) | ctx.g.noun_object_preps)
    anchor = tok.head if nominal_gerund_head(tok) else tok
    if not targets and anchor.dep_ == "nsubj" and anchor.head.pos_ == "VERB":
        # "a roadside bombing killed a U.S. soldier", "the police firing left three dead".
        obj = child(anchor.head, "dobj")
        if obj is not None:
            targets = conjuncts(obj)
    if not targets and verb is not None:
        targets = _verb_side_targets(ctx, verb, cls)
    if not targets:
        targets = _that_clause_targets(ctx, tok)
    if not targets and verb is not None:
        # The parser may hang that clause on the verb instead: "reiterated its demand today
        # that Israel ease ...".
        vsubj, _ = subject(ctx, verb)
        targets = complement_targets(ctx, verb, vsubj, 1)
    if not targets:
        targets = _planned_act_targets(ctx, tok, cls)
    return targets or victims(ctx, tok)


def _planned_act_targets(ctx: SentenceContext, tok: Token, cls: Classification) -> list[Token]:
    """ "an attempt to assassinate the governor", "a plot to kill the king": the object of the
    violent act the noun's frame read is whom it was aimed at."""
    if root_of(cls.code) not in ctx.g.outcome_roots:
        return []
    read = set(cls.trigger.lower().split())
    for clause in tok.children:
        if clause.dep_ == "acl" and clause.text.lower() in read:
            obj = child(clause, "dobj")
            if obj is not None:
                return conjuncts(obj)
    return []


def _of_agent(ctx: SentenceContext, tok: Token) -> list[Token]:
    """The parser often hangs "by" on the nearer noun: "the capture of Palmyra by Hezbollah"."""
    for t in prep_objects(ctx, tok, ("of",)):
        sources = prep_objects(ctx, t, ctx.g.agent_preps)
        if sources:
            return sources
    return []


def exposure_frame(ctx: SentenceContext, tok: Token, verb: Token) -> Arguments:
    """ "Pakistani troops came under fire from Afghan Taliban fighters": the fighters attack the
    troops (the attacker may hang on the noun or on the verb)."""
    attackers = prep_objects(ctx, tok, ctx.g.attacker_preps) or prep_objects(ctx, verb, ctx.g.attacker_preps)
    subj, _ = subject(ctx, verb)
    return Arguments(attackers, conjuncts(subj) if subj is not None else [], place_of(ctx, verb))


def noun_frame(ctx: SentenceContext, tok: Token, cls: Classification) -> Arguments:
    """Source, target and place heads of an event noun."""
    exposed = exposure_verb(tok, ctx.g)
    if exposed is not None:
        return exposure_frame(ctx, tok, exposed)
    verb = object_governor(tok, ctx.g)
    sources = noun_sources(ctx, tok, verb)
    targets = noun_targets(ctx, tok, cls, verb)
    if not sources:
        sources = _of_agent(ctx, tok)
    doers = {s.i for s in sources}
    if any(t.i in doers for t in targets):
        # "killed in firing by the police": the doers are not the target; the dead are.
        targets = [t for t in targets if t.i not in doers] or victims(ctx, tok)
    between = prep_objects(ctx, tok, ctx.g.mutual_preps)
    if not sources and len(between) >= 2:
        # "talks between A and B": both sides act; the symmetric rule pairs them up.
        sources, targets = between, []
    place: Token | None = None
    if cls.place_is_object:
        of = prep_objects(ctx, tok, ("of",))
        if of:
            place = of[0]
    if place is None:
        place = place_of(ctx, tok)
    joint = bool(doers & {t.i for t in prep_objects(ctx, tok, ctx.g.agent_preps)})
    return Arguments(sources, targets, place, joint=joint)


def _gerund_after(noun: Token, g: Grammar) -> bool:
    """ "killed in police firing as mobs ...": the parser may hang "firing" elsewhere; the event
    word right after the phrase's noun still names what that noun did."""
    nxt = noun.nbor(1) if noun.i + 1 < len(noun.doc) else None
    return nxt is not None and nxt.tag_ == "VBG" and nxt.lower_ in g.event_nouns


def event_phrase_sources(ctx: SentenceContext, verb: Token) -> list[Token]:
    """The doer of an agentless passive named in its event phrase: "were killed in a clash *with
    gunmen*", "in *police* firing", "in an *Israeli* air strike", "in an attack *by* rebels"."""
    g = ctx.g
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in g.event_phrase_preps:
            continue
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            if any(nominal_gerund(c, g) for c in noun.children) or _gerund_after(noun, g):
                return [noun] if actor(ctx, noun) is not None else []
            if noun.lemma_.lower() not in g.event_nouns and noun.lower_ not in g.event_nouns:
                continue  # ("firing" as a gerund has the lemma "fire")
            doers = noun_sources(ctx, noun, None) or prep_objects(ctx, noun, ("with", *g.attacker_preps))
            return [t for t in doers if actor(ctx, t) is not None or t.pos_ in ("NOUN", "PROPN")]
    return []
