"""Predicate-argument extraction: who did what to whom in each sentence of a parsed article.

One pass per sentence finds candidate predicates (verbs in clause positions, event nouns), asks
`classify()` for each one's CAMEO code, then reads the dependency tree for the source, target and
place, and the scope words (negation, modals, reporting verbs, intent verbs) that cancel or hedge
the act. The grammar words live in data/event_grammar.yaml; the lexicon in data/lexicon/*.yaml.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Protocol, cast

import yaml
from spacy.tokens import Doc, Span, Token

from ..model import Actor, ActorLookup, CodedPredicate

# Confidence multipliers. Kept together so the scoring rule can be read (and tuned) in one place.
MODAL_FACTOR = 0.7  # "may attack", "would withdraw"
FUTURE_FACTOR = 0.85  # "will withdraw": announced, not yet done
HEDGE_FACTOR = 0.8  # "reportedly", "allegedly"
CONDITIONAL_FACTOR = 0.6  # "if Hamas runs, Israel will ban ..."
IRREALIS_FACTOR = 0.6  # "plans to attack", "tried to seize"
REPORTED_FACTOR = 0.95  # "officials said rebels attacked": the usual way news reports acts
NO_SOURCE_FACTOR = 0.6  # nobody named ("three civilians were killed")
UNRESOLVED_PRONOUN_FACTOR = 0.8  # "they" that coreference could not tie to anyone
# With no source, a mere verbal act ("they said", "they met") tells little; material acts (CAMEO
# roots 14-20: protests, force, violence) are still worth keeping, at lower confidence.
VERBAL_NO_SOURCE_FACTOR = 0.7
MATERIAL_ROOT = "14"
TEXT_ONLY_SOURCE_FACTOR = 0.85  # a noun phrase we could not tie to a country or group
NO_TARGET_FACTOR = 0.9
# A predicate with neither a source nor a target and less confidence than this is dropped: on news
# copy such leftovers ("the talks fail", "has displaced millions") are background, not acts.
BARE_MIN_CONFIDENCE = 0.3
MAX_ACTORS_PER_ROLE = 4  # a list of twenty countries codes the first few, not 400 dyads

_ACTOR_ENTITIES = {"NORP", "GPE", "ORG"}
_TIME_ENTITIES = {"DATE", "TIME"}  # "called on Sunday" names no target
_ORDERED_LISTS = {"default_target_preps", "inner_target_preps", "target_holder_preps"}
_CASED_LISTS = {"predicate_deps", "place_entity_types"}  # spaCy labels, not words
_PASSIVE_SUBJ = {"nsubjpass", "csubjpass"}
_RELATIVE_TAGS = {"WDT", "WP", "WP$"}
_VERB_SATELLITES = {"aux", "auxpass", "neg", "advmod"}  # words between a subject and its verb
_NAMED_MODIFIERS = {"amod", "compound", "nmod"}
# Dependency steps from a predicate up to the clause that may govern it (negate, report, subsume).
_EMBED_DEPS = {"xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "csubj", "acomp", "attr", "oprd"}


class Classification(Protocol):
    """What extraction reads from events.classify.Classification (its dataclass satisfies this)."""

    @property
    def code(self) -> str: ...
    @property
    def trigger(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def mode(self) -> str | None: ...
    @property
    def context(self) -> tuple[str, ...]: ...
    @property
    def target_preps(self) -> tuple[str, ...]: ...
    @property
    def swap_roles(self) -> bool: ...
    @property
    def place_is_object(self) -> bool: ...


Classifier = Callable[[Token], Classification | None]


@dataclass(frozen=True)
class Grammar:
    """The word lists of data/event_grammar.yaml as frozensets (see that file for what each means)."""

    predicate_deps: frozenset[str]
    event_nouns: frozenset[str]
    noun_deps: frozenset[str]
    negators: frozenset[str]
    negating_governors: frozenset[str]
    irrealis_governors: frozenset[str]
    speech_verbs: frozenset[str]
    modals: frozenset[str]
    future: frozenset[str]
    hedges: frozenset[str]
    conditional_marks: frozenset[str]
    object_control: frozenset[str]
    subordinate_codes: frozenset[str]
    symmetric_roots: frozenset[str]
    symmetric_codes: frozenset[str]
    place_preps: frozenset[str]
    place_entity_types: frozenset[str]
    default_target_preps: tuple[str, ...]
    agent_preps: frozenset[str]
    noun_object_preps: frozenset[str]
    inner_target_preps: tuple[str, ...]
    target_holder_preps: tuple[str, ...]
    mutual_preps: frozenset[str]
    group_nouns: frozenset[str]
    agent_participles: frozenset[str]
    stative_participles: frozenset[str]
    participation_verbs: frozenset[str]
    non_actor_nouns: frozenset[str]
    place_target_roots: frozenset[str]
    place_free_codes: frozenset[str]
    cause_nouns: frozenset[str]
    grievance_roots: frozenset[str]
    grievance_preps: frozenset[str]
    own_country_roots: frozenset[str]
    member_preps: frozenset[str]
    outcome_roots: frozenset[str]
    hazard_nouns: frozenset[str]
    state_verbs: frozenset[str]
    home_by_source_roots: frozenset[str]
    stateless_sectors: frozenset[str]

    def is_symmetric(self, code: str) -> bool:
        """Whether "A and B <act>" with no target codes both A->B and B->A."""
        return code in self.symmetric_codes or code[:2] in self.symmetric_roots


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Load data/event_grammar.yaml once per process."""
    text = resources.files("eventcoder.data").joinpath("event_grammar.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    values: dict[str, object] = {}
    for name in Grammar.__dataclass_fields__:
        keep_case = name in _CASED_LISTS
        entries = raw.get(name) or ()
        if any(not isinstance(w, str) for w in entries):
            # YAML reads a bare on/no as a boolean: "on" would silently become "true".
            raise ValueError(f"event_grammar.yaml: {name} has a non-word entry (quote on/off/yes/no)")
        words = [w if keep_case else w.lower() for w in entries]
        values[name] = tuple(words) if name in _ORDERED_LISTS else frozenset(words)
    return Grammar(**values)  # type: ignore[arg-type]


def default_classifier() -> Classifier:
    """The lexicon's classify() from events/classify.py, imported late so extraction can be tested
    (and the grammar read) without it."""
    module = importlib.import_module("eventcoder.events.classify")
    return cast(Classifier, module.classify)


def extract_events(
    doc: Doc, actors: ActorLookup, classifier: Classifier | None = None
) -> list[CodedPredicate]:
    """Coded predicates of every sentence of `doc`, in reading order."""
    classify = classifier or default_classifier()
    g = grammar()
    out: list[CodedPredicate] = []
    for index, sent in enumerate(doc.sents):
        out.extend(_Sentence(sent, index, actors, classify, g).events())
    return out


@dataclass
class _Frame:
    """One predicate's reading before actors are paired up."""

    token: Token
    cls: Classification
    sources: list[Token]
    targets: list[Token]
    place: Token | None
    factor: float
    at_home: bool = False  # the target is the country where the act happened (may be the source's)


def same_actor(a: Actor, b: Actor) -> bool:
    """Whether two actors are one and the same party. Country-level actors share their
    country's id ("Turkey", "Turkish refugees"), so the id alone is not enough; named groups and
    people of one CAMEO code are still different parties (two rebel groups are both SYRREB), so
    the code alone is not enough either: a named id on both sides must match."""
    if a.cameo and b.cameo and a.cameo != b.cameo:
        return False
    if not a.cameo and not b.cameo:
        return bool(a.actor_id) and a.actor_id == b.actor_id
    if a.cameo != b.cameo:
        return False  # one side has no code: a text-only actor is not tied to anyone
    named_a = bool(a.actor_id) and a.actor_id != a.country
    named_b = bool(b.actor_id) and b.actor_id != b.country
    return a.actor_id == b.actor_id if named_a and named_b else True


class _Sentence:
    """Extraction state for one sentence: candidates and their classifications, computed once."""

    def __init__(self, sent: Span, index: int, actors: ActorLookup, classify: Classifier, g: Grammar) -> None:
        self.sent = sent
        self.index = index
        self.actors = actors
        self.g = g
        self.cands: dict[int, Classification] = {}
        self._actor_cache: dict[int, Actor | None] = {}
        for tok in sent:
            if self._is_candidate(tok):
                cls = classify(tok)
                if cls is not None:
                    self.cands[tok.i] = cls

    # -- candidates and scope -------------------------------------------------------------------

    def _is_candidate(self, tok: Token) -> bool:
        pos = tok.pos_
        if pos == "VERB":
            return tok.dep_ in self.g.predicate_deps
        if pos == "NOUN":
            return tok.dep_ in self.g.noun_deps and tok.lemma_.lower() in self.g.event_nouns
        return False

    def _negated(self, tok: Token) -> bool:
        negators = self.g.negators
        return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in negators) for c in tok.children)

    def _own_factor(self, tok: Token, read: frozenset[str] = frozenset()) -> float:
        """Hedging factor from the predicate's own auxiliaries and adverbs. Words in `read` were
        already turned into the code by the lexicon ("will send aid" is an intent, 033) and do
        not lower the confidence again."""
        factor = 1.0
        for c in tok.children:
            dep, low = c.dep_, c.lower_
            if low in read and dep in ("aux", "auxpass", "neg"):
                continue
            if dep in ("aux", "auxpass"):
                lemma = c.lemma_.lower()
                if lemma in self.g.modals or low in self.g.modals:
                    factor *= MODAL_FACTOR
                elif lemma in self.g.future or low in self.g.future:
                    factor *= FUTURE_FACTOR
            elif dep == "advmod" and low in self.g.hedges:
                factor *= HEDGE_FACTOR
            elif dep == "mark" and low in self.g.conditional_marks:
                factor *= CONDITIONAL_FACTOR
            elif dep == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in self.g.conditional_marks for m in c.children
            ):
                # "will attack Iraq if Iraq closes the border": the main act hangs on the condition.
                factor *= CONDITIONAL_FACTOR
        return factor

    def _scope(self, tok: Token, cls: Classification) -> float | None:
        """Confidence factor from the words governing `tok`, or None when the act is cancelled
        (negated, under "failed to"/"denied that") or subsumed by a governing act that codes
        ("threatened to attack" is a threat, "urged X to withdraw" an appeal). A reporting verb
        that only passes its complement's code on ("announced they had agreed") is a conduit:
        the complement keeps the act and its own actors."""
        code = cls.code
        # A code that already says "not" ("will not end the strike" -> 1242) is not cancelled.
        if self._negated(tok) and not getattr(cls, "reads_negation", False):
            return None
        factor = self._own_factor(tok, frozenset(cls.trigger.lower().split()))
        cur = tok
        while True:
            dep = cur.dep_
            head = cur.head
            if head.i == cur.i:
                return factor
            if dep == "conj":
                # A coordinated act shares its sibling's governor, not the sibling's own code.
                cur = head
                continue
            if dep == "advcl":
                for c in cur.children:
                    if c.dep_ == "mark" and c.lower_ in self.g.conditional_marks:
                        factor *= CONDITIONAL_FACTOR
                return factor
            if dep not in _EMBED_DEPS:
                return factor
            if head.pos_ in ("VERB", "AUX") or head.i in self.cands:
                gov_cls = self.cands.get(head.i)
                lemma = head.lemma_.lower()
                if (
                    gov_cls is not None
                    and gov_cls.code not in self.g.subordinate_codes
                    and not (lemma in self.g.speech_verbs and gov_cls.code == code)
                ):
                    return None
                if lemma in self.g.negating_governors or self._negated(head):
                    return None
                if lemma in self.g.speech_verbs:
                    factor *= REPORTED_FACTOR
                elif lemma in self.g.irrealis_governors:
                    factor *= IRREALIS_FACTOR
                factor *= self._own_factor(head) if dep in ("xcomp", "ccomp") else 1.0
            cur = head

    # -- arguments ------------------------------------------------------------------------------

    @staticmethod
    def _child(tok: Token, *deps: str) -> Token | None:
        for c in tok.children:
            if c.dep_ in deps:
                return c
        return None

    @staticmethod
    def _conjuncts(tok: Token) -> list[Token]:
        """The head and the words coordinated after it (a repaired subject may sit mid-chain)."""
        return [tok, *(c for c in tok.conjuncts if c.i > tok.i)][: MAX_ACTORS_PER_ROLE + 1]

    def _prep_objects(self, tok: Token, preps: Iterable[str]) -> list[Token]:
        wanted = set(preps)
        found: list[Token] = []
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in wanted:
                # Every object: the parser gives "denounced as a crime Serbia's crackdown" two.
                pobjs = [o for o in c.children if o.dep_ == "pobj"]
                dangling = self._dangling_object(c) if not pobjs else None
                for pobj in pobjs or ([dangling] if dangling is not None else []):
                    if pobj.ent_type_ not in _TIME_ENTITIES:
                        found.extend(self._conjuncts(pobj))
        return found

    def _dangling_object(self, prep: Token) -> Token | None:
        """A preposition left without its object because the parser made the following noun the
        subject of a new clause: "granted asylum to [five officers holed up ...]"."""
        if any(True for _ in prep.children) or prep.i + 1 >= self.sent.end:
            return None
        nxt = prep.doc[prep.i + 1]
        for tok in nxt.ancestors:
            if tok.left_edge.i != nxt.left_edge.i or tok.pos_ not in ("NOUN", "PROPN"):
                break
            nxt = tok
        return nxt if nxt.dep_ in ("nsubj", "nsubjpass") and nxt.pos_ in ("NOUN", "PROPN") else None

    def _subject(self, tok: Token, depth: int = 0) -> tuple[Token | None, bool]:
        """The subject of a verb and whether it is a passive subject; inherited through
        coordination, control verbs, participial clauses and relative clauses."""
        for c in tok.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.tag_ in _RELATIVE_TAGS and tok.dep_ == "relcl":
                    return tok.head, False
                inner = self._child(c, "nsubj") if c.pos_ == "VERB" and c.tag_ == "VBG" else None
                if inner is not None and inner.i < c.i:
                    # "The Red Cross operating in Iraq said": the parser made the participle the
                    # subject and the organisation its subject.
                    return inner, False
                return c, False
            if c.dep_ in _PASSIVE_SUBJ:
                passive = self._is_passive(tok)
                if c.tag_ in _RELATIVE_TAGS and tok.dep_ == "relcl":
                    return tok.head, passive
                return c, passive
        if depth > 4:
            return None, False
        dep, head = tok.dep_, tok.head
        if dep == "relcl":
            return head, self._is_passive(tok)
        if dep in ("xcomp", "pcomp") and head.pos_ in ("ADJ", "ADP") and head.head.i != head.i:
            # "Norway is willing to send", "youths resorted to throwing": the frame word's subject.
            subj, _ = self._subject(head.head, depth + 1)
            return subj, self._is_passive(tok)
        if dep == "xcomp" and head.pos_ in ("VERB", "AUX"):
            if head.lemma_.lower() in self.g.object_control:
                obj = self._child(head, "dobj")
                if obj is not None:
                    return obj, self._is_passive(tok)
            subj, _ = self._subject(head, depth + 1)
            return subj, self._is_passive(tok)
        if dep in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
            subj, passive = self._subject(head, depth + 1)
            return subj, passive if dep == "conj" and not self._has_voice(tok) else self._is_passive(tok)
        active = any(self._child(v, "dobj") is not None for v in (tok, *tok.conjuncts))
        if dep == "acl" and active and tok.sent.root.pos_ in ("NOUN", "PROPN"):
            # "Doctors from two aid groups donated ... goods": the parser found no verb for the
            # sentence and hung the clause on a noun; the root noun is the doer.
            return tok.sent.root, False
        return self._fronted_subject(tok), False

    def _fronted_subject(self, verb: Token) -> Token | None:
        """The subject the parser swallowed into a fronted phrase: "With the signing of the MOU,
        the government and the rebels have agreed" (it read "the government" as a conjunct of
        "MOU"). The words before the verb, after the phrase's last comma, are the subject."""
        doc = self.sent.doc
        j = verb.i - 1
        while j >= self.sent.start and doc[j].head.i == verb.i and doc[j].dep_ in _VERB_SATELLITES:
            j -= 1
        if j < self.sent.start:
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

    def _is_passive(self, tok: Token) -> bool:
        deps = {c.dep_ for c in tok.children}
        if tok.lemma_.lower() in self.g.stative_participles and "agent" not in deps:
            return False
        return bool(deps & {"auxpass", "nsubjpass", "agent"})

    @staticmethod
    def _has_voice(tok: Token) -> bool:
        return any(c.dep_ in ("aux", "auxpass", "agent") for c in tok.children)

    def _verb_frame(
        self, tok: Token, target_preps: tuple[str, ...], place_is_object: bool, depth: int = 0
    ) -> tuple[list[Token], list[Token], Token | None]:
        subj, passive = self._subject(tok)
        if not passive:
            passive = self._is_passive(tok)
        sources: list[Token] = []
        place: Token | None = None
        if passive:
            sources = self._prep_objects(tok, self.g.agent_preps)
            obj = subj
        else:
            sources = self._conjuncts(subj) if subj is not None else []
            obj = self._child(tok, "dobj")
        if place_is_object and obj is not None:
            place = obj
        avoid = tuple(a for s in sources if (a := self._actor(s)) is not None)
        targets = self._targets(tok, obj, target_preps, avoid)
        if depth < 2 and not any(self._actor(t) is not None for t in targets):
            # "demanded that the US cancel ...", "agreed to lift sanctions on Iran": the act's
            # counterpart is named in the complement the act governs.
            targets = self._complement_targets(tok, subj, depth) or targets
        if place is None:
            place = self._place(tok)
        inherited = tok.dep_ == "conj" and self._own_subject(tok) is None
        if not passive and inherited and self._self_aimed(sources, targets):
            # "..., said Israel's move breached the accord and urged Israel to withdraw": the parser
            # hung "urged" on the reported verb; the act belongs to whoever reports.
            outer = self._reporter(tok)
            if outer is not None:
                sources = self._conjuncts(outer)
        return sources, targets, place

    @staticmethod
    def _own_subject(tok: Token) -> Token | None:
        return next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")), None)

    def _self_aimed(self, sources: list[Token], targets: list[Token]) -> bool:
        """Whether a source and a target resolve to the same party."""
        for s in sources:
            a = self._actor(s)
            if a is None:
                continue
            for t in targets:
                b = self._actor(t)
                if b is not None and same_actor(a, b):
                    return True
        return False

    def _reporter(self, tok: Token) -> Token | None:
        """The subject of the reporting verb above a coordination ("X said A did ... and B")."""
        cur = tok
        while cur.dep_ == "conj" and cur.head.i != cur.i:
            cur = cur.head
        if cur.dep_ != "ccomp" or cur.head.pos_ not in ("VERB", "AUX"):
            return None
        if cur.head.lemma_.lower() not in self.g.speech_verbs:
            return None
        subj, passive = self._subject(cur.head)
        return None if passive else subj

    def _targets(
        self, tok: Token, obj: Token | None, target_preps: tuple[str, ...], avoid: tuple[Actor, ...] = ()
    ) -> list[Token]:
        """Target heads, best first: the classification's prepositions, the direct or indirect
        object, the default prepositions, then one level down ("called for sanctions against
        Nigeria", "denounced Serbia's crackdown"). Unresolved heads are returned as a last resort.
        Heads naming one of the `avoid` actors (the source's own: "pledged Tehran's backing for
        the government") are passed over."""

        def counterpart(t: Token) -> bool:
            actor = self._actor(t)
            return actor is not None and not any(same_actor(actor, a) for a in avoid)

        own = self._prep_objects(tok, target_preps) if target_preps else []
        if target_preps and not own and obj is not None:
            # The parser often hangs the act's own preposition on its object ("fired rockets at
            # the town", "a barrage of drones at Kyiv").
            objs = [obj, *obj.conjuncts]
            inner = [*objs, *(p for o in objs for p in self._prep_objects(o, ("of",)))]
            own = [t for o in inner for t in self._prep_objects(o, target_preps)]
        other = self._prep_objects(tok, self.g.default_target_preps)
        direct: list[Token] = []
        dative = self._child(tok, "dative")
        if dative is not None and dative.pos_ != "ADP":
            direct = self._conjuncts(dative)  # "gave Tanzania a grant": the recipient first
        if obj is not None:
            direct += self._conjuncts(obj)
        weak: list[Token] = []
        for group in (own, direct, other):
            resolved = [t for t in group if counterpart(t) and not self._reflexive(t)]
            coded = [t for t in resolved if self._coded_actor(t)]
            if coded:
                return coded
            weak = weak or resolved
        holders = [*direct, *self._prep_objects(tok, self.g.target_holder_preps)]
        # Two levels down: "announced a suspension of air links with Serbia".
        for _ in range(2):
            nested: list[Token] = []
            for holder in holders[:MAX_ACTORS_PER_ROLE]:
                inner = self._inner_heads(holder)
                resolved = [t for t in inner if counterpart(t) and self._coded_actor(t)]
                if resolved:
                    return resolved
                nested += inner
            holders = nested
        if weak:
            return weak
        # Unresolved heads as a last resort, but never the act's own ("its troops").
        return [t for t in (own or direct or other) if not self._reflexive(t)]

    def _inner_heads(self, holder: Token) -> list[Token]:
        """Where a non-actor object names its counterpart: its target prepositions and its
        possessor, also through an apposition ("denounced as a crime Serbia's suppression")."""
        heads: list[Token] = []
        for h in (holder, *(c for c in holder.children if c.dep_ == "appos")):
            heads += self._prep_objects(h, self.g.inner_target_preps)
            heads += [c for c in h.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        return heads

    def _coded_actor(self, tok: Token) -> bool:
        """Whether a head resolves to an actor with a country, sector or code, not a bare name."""
        actor = self._actor(tok)
        return actor is not None and bool(actor.country or actor.sector or actor.cameo)

    def _actor_heads(self, heads: list[Token]) -> list[Token]:
        """The heads that name an actor, or else the actor inside them ("Sweden's decision",
        "the arrest of activists by police")."""
        resolved = [t for t in heads if self._actor(t) is not None and not self._reflexive(t)]
        if resolved:
            return resolved
        for holder in heads[:MAX_ACTORS_PER_ROLE]:
            inner = self._prep_objects(holder, self.g.inner_target_preps)
            inner += [c for c in holder.children if c.dep_ == "poss" and c.pos_ != "PRON"]
            resolved = [t for t in inner if self._actor(t) is not None]
            if resolved:
                return resolved
        return []

    @staticmethod
    def _reflexive(tok: Token) -> bool:
        """ "withdrew its troops", "opened their borders": the subject's own, not a counterpart."""
        return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)

    def _complement_targets(self, tok: Token, subj: Token | None, depth: int) -> list[Token]:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                found = self._cause_targets(tok)
                if found:
                    return found
                continue
            purpose = c.dep_ == "advcl" and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
            if (c.dep_ not in ("ccomp", "xcomp") and not purpose) or c.pos_ not in ("VERB", "AUX"):
                continue
            csubj, cpassive = self._subject(c)
            same = subj is not None and csubj is not None and csubj.i == subj.i
            if csubj is not None and not same and not cpassive and self._actor(csubj) is not None:
                return self._conjuncts(csubj)
            cls = self.cands.get(c.i)
            preps = cls.target_preps if cls is not None else ()
            _, ctargets, _ = self._verb_frame(c, preps, False, depth + 1)
            ctargets = [t for t in ctargets if self._actor(t) is not None]
            if ctargets:
                return ctargets
        return []

    def _noun_frame(self, tok: Token, cls: Classification) -> tuple[list[Token], list[Token], Token | None]:
        sources = self._prep_objects(tok, self.g.agent_preps)
        poss = self._child(tok, "poss")
        if not sources and poss is not None:
            sources = self._conjuncts(poss)
        if not sources:
            # "an Israeli strike", "the Turkish offensive", "US drone attacks": a modifier (or a
            # modifier's modifier) names the actor.
            mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound")]
            mods += [m for c in mods for m in c.lefts if m.dep_ in ("amod", "compound")]
            sources = [c for c in mods if self._actor(c) is not None][:MAX_ACTORS_PER_ROLE]
        verb = self._object_governor(tok)
        if not sources and verb is not None:
            # "Iran held talks with Oman", "the EU gave Chad millions of dollars of aid".
            subj, passive = self._subject(verb)
            if subj is not None and not passive:
                sources = self._conjuncts(subj)
        targets = self._prep_objects(tok, set(cls.target_preps) | self.g.noun_object_preps)
        if not targets and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
            # "a roadside bombing killed a U.S. soldier": whom the event hit.
            obj = self._child(tok.head, "dobj")
            if obj is not None:
                targets = self._conjuncts(obj)
        if not targets and verb is not None:
            dative = self._child(verb, "dative")
            if dative is not None and dative.pos_ != "ADP":
                targets = self._conjuncts(dative)
            else:
                targets = self._prep_objects(verb, cls.target_preps or ("to", "with"))
        if not targets:
            # "its demand that Israel ease ...": whoever the demand's clause is about.
            for c in tok.children:
                if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children):
                    csubj, cpassive = self._subject(c)
                    if csubj is not None and not cpassive and self._actor(csubj) is not None:
                        targets = self._conjuncts(csubj)
                        break
        if not targets and verb is not None:
            # The parser may hang that clause on the verb instead: "reiterated its demand today
            # that Israel ease ...".
            vsubj, _ = self._subject(verb)
            targets = self._complement_targets(verb, vsubj, 1)
        if not sources:
            # The parser often hangs "by" on the nearer noun: "the capture of Palmyra by Hezbollah".
            for t in self._prep_objects(tok, ("of",)):
                sources = self._prep_objects(t, self.g.agent_preps)
                if sources:
                    break
        between = self._prep_objects(tok, self.g.mutual_preps)
        if not sources and len(between) >= 2:
            # "talks between A and B": both sides act; the symmetric rule pairs them up.
            sources, targets = between, []
        place: Token | None = None
        if cls.place_is_object:
            of = self._prep_objects(tok, ("of",))
            if of:
                place = of[0]
        if place is None:
            place = self._place(tok)
        return sources, targets, place

    def _object_governor(self, noun: Token) -> Token | None:
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
            if governor.pos_ == "VERB" and governor.lemma_.lower() in self.g.participation_verbs:
                return governor
            return None
        return None

    def _implied_targets(self, tok: Token, code: str) -> tuple[list[Token], bool]:
        """Targets the act implies when its clause names none, and whether they are the place
        where it happened: a threat is aimed at whoever must meet its condition ("... unless
        Israel rescinded"), a protest at whoever its demands or its cause address ("demonstrated,
        calling for independence from Iraq", "a hunger strike in protest against abuses by the
        police"), and protests, curbs, force and stated intentions at the country where they
        happen ("demonstrated in Serbia", "will evacuate settlements in the Gaza Strip")."""
        root = code[:2]
        found: list[Token] = []
        if root == "13":
            found = self._condition_targets(tok)
        elif root == "14":
            found = self._demand_targets(tok)
            for head in self._clause_heads(tok)[1:]:
                found = found or self._cause_targets(head)
        if found:
            return found, False
        if root in self.g.place_target_roots and code[:3] not in self.g.place_free_codes:
            found = self._where_country(tok)
        if not found and root == "14":
            # "opposition parties in Nepal organized a general strike": protesters protest at home.
            for head in self._clause_heads(tok):
                subj, passive = self._subject(head)
                if subj is not None and not passive:
                    found = self._where_country(self._past_group(subj))
                    break
        return found, bool(found)

    def _cause_targets(self, tok: Token) -> list[Token]:
        """ "a general strike in protest of the arrest of activists": whom the cause names."""
        for cause in self._prep_objects(tok, ("in",)):
            if cause.lemma_.lower() in self.g.cause_nouns:
                found = self._actor_heads(self._prep_objects(cause, self.g.inner_target_preps))
                if found:
                    return found
        return []

    def _grievance_objects(self, tok: Token) -> list[Token]:
        """What an accusation is about: "complained ... over Israeli air raids"."""
        heads = [tok]
        verb = self._object_governor(tok) if tok.pos_ == "NOUN" else None
        if verb is not None:
            heads.append(verb)
        return [o for h in heads for o in self._prep_objects(h, self.g.grievance_preps)]

    def _clause_heads(self, tok: Token) -> list[Token]:
        """The predicate, and for an event noun the verb it is the object of ("staged protests")."""
        heads = [tok]
        if tok.pos_ == "NOUN":
            verb = self._object_governor(tok)
            if verb is not None:
                heads.append(verb)
        return heads

    def _condition_targets(self, tok: Token) -> list[Token]:
        for head in self._clause_heads(tok):
            for verb in (head, *(c for c in head.children if c.dep_ == "xcomp")):
                for c in verb.children:
                    if c.dep_ == "advcl" and any(
                        m.dep_ == "mark" and m.lower_ in self.g.conditional_marks for m in c.children
                    ):
                        subj, passive = self._subject(c)
                        if subj is not None and not passive and self._actor(subj) is not None:
                            return self._conjuncts(subj)
        return []

    def _demand_targets(self, tok: Token) -> list[Token]:
        for head in self._clause_heads(tok):
            for c in head.children:
                if c.dep_ not in ("advcl", "acl", "xcomp") or c.pos_ != "VERB":
                    continue
                purpose = any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
                if not (purpose or c.tag_ == "VBG"):
                    continue
                cls = self.cands.get(c.i)
                _, inner, _ = self._verb_frame(c, cls.target_preps if cls else (), False, 1)
                found = [t for t in self._actor_heads(inner) if self._coded_actor(t)]
                if found:
                    return found
        return []

    def _where_country(self, tok: Token) -> list[Token]:
        """A country named where the act happens: "in Serbia", "throughout Indonesia", "in the town
        of Cizre in southeastern Turkey" (through "of"/"in" chains)."""
        holders = self._clause_heads(tok)
        # The act's complement ("agreed to postpone the rally in Baku") and its objects ("blocked
        # roads in Algiers"); a subject that is an event ("an explosion near Samarra wounded ...").
        holders += [c for h in list(holders) for c in h.children if c.dep_ == "xcomp"]
        for h in list(holders):
            obj = self._child(h, "dobj")
            if obj is not None:
                # "prevented the demonstration staged by students at ... in Sivas"
                holders += [obj, *(c for c in obj.children if c.dep_ == "acl")]
            subj, passive = self._subject(h) if h.pos_ == "VERB" else (None, False)
            if subj is not None and not passive and subj.pos_ == "NOUN" and self._not_actor(subj):
                holders.append(subj)
        frontier = [p for h in holders for p in self._prep_objects(h, self.g.place_preps)]
        for _ in range(4):
            nxt: list[Token] = []
            for place in frontier:
                if place.ent_type_ in _TIME_ENTITIES:
                    continue
                actor = self._actor(place)
                if actor is not None and actor.country:
                    return [place]
                nxt += self._prep_objects(place, ("of", *self.g.place_preps))
            frontier = nxt
        return []

    def _place(self, tok: Token) -> Token | None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in self.g.place_preps:
                pobj = self._child(c, "pobj")
                if pobj is not None and pobj.ent_type_ in self.g.place_entity_types:
                    return pobj
        return None

    def _actor(self, tok: Token) -> Actor | None:
        """The actor for a noun phrase head, looking through "rebels led by HTS", appositions,
        possessives, "attempts by Jordan" and "a group of X" when the head itself is not one."""
        if tok.i in self._actor_cache:
            return self._actor_cache[tok.i]
        self._actor_cache[tok.i] = None  # guards the pronoun fallback against cycles
        actor = self._resolve(tok, 0)
        self._actor_cache[tok.i] = actor
        return actor

    def _resolve(self, tok: Token, depth: int) -> Actor | None:
        lookup = self.actors.actor_for
        for c in tok.children:
            if c.dep_ == "acl" and c.lemma_.lower() in self.g.agent_participles:
                for agent in self._prep_objects(c, self.g.agent_preps):
                    led_by = lookup(agent)
                    if led_by is not None:
                        return led_by
        actor = lookup(tok)
        if actor is not None or depth > 2:
            return actor
        lemma = tok.lemma_.lower()
        # Named modifiers first ("its European Community partners"), then possessives.
        for c in tok.children:
            if c.dep_ == "appos" or (c.dep_ in _NAMED_MODIFIERS and c.ent_type_ in _ACTOR_ENTITIES):
                found = lookup(c)
                if found is not None:
                    return found
        for c in tok.children:
            dep = c.dep_
            if dep == "poss":
                found = lookup(c) or (self._antecedent(c) if c.pos_ == "PRON" else None)
                if found is not None:
                    return found
            elif dep == "prep" and (
                c.lower_ in self.g.agent_preps
                or c.lower_ in self.g.member_preps
                or (c.lower_ in ("of", "for") and lemma in self.g.group_nouns)
            ):
                pobj = self._child(c, "pobj")
                if pobj is not None:
                    found = self._resolve(pobj, depth + 1)
                    if found is not None:
                        return found
        return None

    def _past_group(self, tok: Token) -> Token:
        """ "tens of thousands of students" -> students: the group word is not the actor."""
        for _ in range(3):
            if tok.lemma_.lower() not in self.g.group_nouns or self.actors.actor_for(tok) is not None:
                return tok
            of = self._prep_objects(tok, ("of",))
            if not of:
                return tok
            tok = of[0]
        return tok

    def _antecedent(self, pron: Token) -> Actor | None:
        """A pronoun the actors stage left unresolved, read as the subject of the clause that
        governs it: "Syria says it is willing to withdraw" (it = Syria), "their forces"."""
        if pron.tag_ in _RELATIVE_TAGS:
            return None
        cur = pron.head
        for _ in range(4):
            if cur.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "pobj", "prep", "dobj", "nsubj"):
                return None
            cur = cur.head
            if cur.pos_ not in ("VERB", "AUX"):
                continue
            subj, _ = self._subject(cur)
            if subj is None or subj.pos_ == "PRON":
                continue
            if not subj.left_edge.i <= pron.i <= subj.right_edge.i:
                return self._actor(subj) or Actor(text=noun_phrase_text(subj))
        return None

    def _not_actor(self, noun: Token) -> bool:
        """Whether a common noun names an event or an abstraction rather than people."""
        lemma = noun.lemma_.lower()
        return lemma in self.g.event_nouns or lemma in self.g.non_actor_nouns

    def _split_modifiers(self, tok: Token) -> list[Token] | None:
        """ "Hungarian and Romanian officials": one actor per coordinated modifier, if each resolves."""
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i and c.conjuncts:
                mods = [c, *c.conjuncts]
                if all(self.actors.actor_for(m) is not None for m in mods):
                    return mods
        return None

    def _role_actors(self, heads: list[Token], as_source: bool) -> tuple[list[Actor], bool]:
        """Actors for argument heads; unresolved noun phrases become text-only actors (sources
        only, and proper names as targets). The flag says a source was an unresolved pronoun."""
        actors: list[Actor] = []
        pronoun = False
        for head in heads:
            if not as_source and head.tag_ == "PRP" and head.lower_.endswith(("self", "selves")):
                continue  # "blew themselves up": the act's own actor, not a counterpart
            head = self._past_group(head)
            mods = self._split_modifiers(head)
            if mods is not None:
                actors.extend(a for m in mods if (a := self.actors.actor_for(m)) is not None)
                continue
            actor = self._actor(head)
            if actor is not None:
                actors.append(actor)
            elif head.pos_ == "PRON" or head.tag_ in _RELATIVE_TAGS:
                antecedent = self._antecedent(head)
                if antecedent is not None:
                    actors.append(antecedent)
                else:
                    pronoun = pronoun or as_source
            elif head.pos_ in ("NOUN", "PROPN") and (as_source or head.pos_ == "PROPN" or head.ent_type_):
                if head.pos_ == "NOUN" and self._not_actor(head):
                    continue  # "the capture of Homs cut ...": an event does not act
                actors.append(Actor(text=noun_phrase_text(head)))
        seen: set[tuple[str, str | None]] = set()
        unique = []
        for a in actors:
            key = (a.text, a.actor_id or a.cameo)
            if key not in seen:
                seen.add(key)
                unique.append(a)
        return unique[:MAX_ACTORS_PER_ROLE], pronoun

    # -- output ---------------------------------------------------------------------------------

    def events(self) -> list[CodedPredicate]:
        """The sentence's coded predicates; statements only when nothing else codes."""
        if not self.cands:
            return []
        frames: list[_Frame] = []
        for i, cls in self.cands.items():
            tok = self.sent.doc[i]
            if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "pobj", "attr") and self._light_governed(tok):
                continue
            if tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in self.g.state_verbs:
                continue
            factor = self._scope(tok, cls)
            if factor is None:
                continue
            if tok.pos_ == "VERB":
                sources, targets, place = self._verb_frame(tok, cls.target_preps, cls.place_is_object)
            else:
                sources, targets, place = self._noun_frame(tok, cls)
            if place is not None and cls.place_is_object:
                # A captured town is where, not whom: it is a target only if it names an actor.
                targets = [t for t in targets if t.i != place.i or self._actor(t) is not None]
            root = cls.code[:2]
            if root in self.g.grievance_roots:
                # "complained to the UN over Israeli air raids": the grievance names the target.
                grievance = self._actor_heads(self._grievance_objects(tok))
                targets = grievance or targets
            at_home = False
            if not any(self._coded_actor(t) for t in targets):
                implied, from_place = self._implied_targets(tok, cls.code)
                if implied:
                    at_home = from_place and root in self.g.own_country_roots
                    targets = implied
            if cls.swap_roles:
                sources, targets = targets, sources
            frames.append(_Frame(tok, cls, sources, targets, place, factor, at_home))
        frames = [f for f in frames if not self._natural_cause(f)]
        frames = self._drop_outcomes(frames)
        self._borrow_from_governing_act(frames)
        if any(f.cls.code not in self.g.subordinate_codes for f in frames):
            frames = [f for f in frames if f.cls.code not in self.g.subordinate_codes]
        frames = [f for f in frames if not self._conduit(f, frames)]
        out: list[CodedPredicate] = []
        seen: set[tuple[int, str, str, str]] = set()
        for f in frames:
            for pred in self._coded(f):
                key = (pred.trigger_i, pred.cameo_code, _text(pred.source), _text(pred.target))
                if key not in seen:
                    seen.add(key)
                    out.append(pred)
        return out

    def _governing_verb(self, tok: Token) -> Token | None:
        """The verb a participle clause (", killing 20") tells the outcome of, if `tok` is one."""
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ != "advcl" or tok.tag_ != "VBG" or tok.head.pos_ != "VERB":
            return None
        return tok.head

    def _natural_cause(self, f: _Frame) -> bool:
        """Whether a violent act's doer is a natural hazard ("floods killed 20", "rains triggered
        landslides, killing 12"): nobody's act, so no event."""
        if f.cls.code[:2] not in self.g.outcome_roots:
            return False
        verbs = [f.token]
        governing = self._governing_verb(f.token)
        if governing is not None:
            verbs.append(governing)
        for verb in verbs:
            if verb.pos_ != "VERB":
                continue
            subj, passive = self._subject(verb)
            if subj is None or passive:
                continue
            words = {subj.lemma_.lower(), *(c.lemma_.lower() for c in subj.children if c.dep_ == "compound")}
            if words & self.g.hazard_nouns:
                return True
        return False

    def _drop_outcomes(self, frames: list[_Frame]) -> list[_Frame]:
        """Drops a violent participle clause that tells what a coded violent act did ("fired
        rockets at the town, killing five"): one attack, not two."""
        by_token = {f.token.i: f for f in frames}
        kept = []
        for f in frames:
            governing = self._governing_verb(f.token)
            act = by_token.get(governing.i) if governing is not None else None
            if (
                act is not None
                and f.cls.code[:2] in self.g.outcome_roots
                and act.cls.code[:2] in self.g.outcome_roots
                and ontology_specific(act.cls.code)
            ):
                continue
            kept.append(f)
        return kept

    def _borrow_from_governing_act(self, frames: list[_Frame]) -> None:
        """A participle clause that tells what an act did (", killing or wounding 50") hits the
        act's target and, when it names no doer, is done by the act's source."""
        by_token = {f.token.i: f for f in frames}

        def national(heads: list[Token]) -> bool:
            return any((a := self._actor(t)) is not None and a.country for t in heads)

        for f in frames:
            tok = f.token
            while tok.dep_ == "conj" and tok.head.i != tok.i:
                tok = tok.head
            head = tok.head
            if tok.dep_ != "advcl" or f.token.tag_ != "VBG" or head.pos_ != "VERB" or national(f.targets):
                continue
            governing = by_token.get(head.i)
            if governing is not None:
                sources, targets = governing.sources, governing.targets
            else:
                # "launched rocket fire against X, killing 50": the act the lexicon left uncoded.
                sources, targets, _ = self._verb_frame(head, (), False, 2)
            if national(targets):
                f.targets = list(targets)
                if not any(self._actor(s) is not None for s in f.sources):
                    f.sources = list(sources)

    def _conduit(self, f: _Frame, frames: list[_Frame]) -> bool:
        """Whether `f` is a reporting verb whose code is that of an act reported inside it."""
        tok = f.token
        if tok.lemma_.lower() not in self.g.speech_verbs:
            return False
        lo, hi = tok.left_edge.i, tok.right_edge.i
        return any(o.token.i != tok.i and o.cls.code == f.cls.code and lo <= o.token.i <= hi for o in frames)

    def _light_governed(self, noun: Token) -> bool:
        """Whether an event noun is the object of a verb that codes ("held talks", "condemned the
        attack"): the verb's classification already read the noun."""
        head = noun.head
        if noun.dep_ == "pobj":
            head = head.head
        return head.i in self.cands

    def _localised(self, f: _Frame, target: Actor, sources: list[Actor]) -> Actor:
        """An unnamed party with a sector but no country ("militants", "protesters") given the
        country where the act happened, or for repression at home the acting source's country."""
        sector = target.sector
        if target.country or target.cameo or not sector or sector in self.g.stateless_sectors:
            return target
        country = next(
            (a.country for p in self._where_country(f.token) if (a := self._actor(p)) is not None),
            None,
        )
        if country is None and f.cls.code[:2] in self.g.home_by_source_roots:
            country = next((s.country for s in sources if s.country), None)
        if country is None:
            return target
        return replace(target, country=country, cameo=f"{country}{sector}")

    def _coded(self, f: _Frame) -> Iterable[CodedPredicate]:
        sources, pronoun = self._role_actors(f.sources, as_source=True)
        targets, _ = self._role_actors(f.targets, as_source=False)
        # Only a party the text names counts against the bare-act floor, not one placed by us.
        named = {t.text for t in targets if _has_code(t)}
        targets = [self._localised(f, t, sources) for t in targets]
        code = f.cls.code
        pairs: list[tuple[Actor | None, Actor | None]]
        if not targets and len(sources) >= 2 and self.g.is_symmetric(code):
            pairs = [(s, t) for s in sources for t in sources if not same_actor(s, t)]
        else:
            pairs = []
            srcs: list[Actor | None] = [*sources] or [None]
            for s in srcs:
                # A source is never its own target ("the SDF said they ...", "Iraq said it ..."),
                # except a protest at home: "Iraqi Kurds demonstrated in Kirkuk" is aimed at Iraq.
                tgts: list[Actor | None] = [
                    t
                    for t in targets
                    if s is None or ((not same_actor(s, t) or f.at_home) and not _same_text_only(s, t))
                ]
                pairs.extend((s, t) for t in tgts or [None])
        factor = f.factor
        if not sources:
            factor *= NO_SOURCE_FACTOR
            if pronoun:
                factor *= UNRESOLVED_PRONOUN_FACTOR
            if code[:2] < MATERIAL_ROOT:
                factor *= VERBAL_NO_SOURCE_FACTOR
        place_i = f.place.i if f.place is not None else None
        for source, target in islice(pairs, MAX_ACTORS_PER_ROLE * MAX_ACTORS_PER_ROLE):
            conf = factor if target is not None else factor * NO_TARGET_FACTOR
            unnamed = target is None or target.text not in named
            bare = unnamed and (source is None or f.cls.code in self.g.subordinate_codes)
            if bare and f.cls.confidence * conf < BARE_MIN_CONFIDENCE:
                # A lone statement with no addressee ("officials said there was no sign ...") is as
                # empty as an act with nobody named.
                continue
            if source is not None and source.country is None and source.sector is None and not source.cameo:
                conf *= TEXT_ONLY_SOURCE_FACTOR
            yield CodedPredicate(
                sentence_index=self.index,
                sent_start=self.sent.start,
                sent_end=self.sent.end,
                trigger_i=f.token.i,
                trigger=f.cls.trigger or f.token.text,
                source=source,
                target=target,
                cameo_code=f.cls.code,
                plover_mode=f.cls.mode,
                plover_context=tuple(f.cls.context),
                confidence=max(0.0, min(1.0, f.cls.confidence * conf)),
                place_i=place_i,
            )


def ontology_specific(code: str) -> bool:
    """Whether a CAMEO code is more specific than its root's bare code ("195", not "19"/"190")."""
    return len(code) > 2 and code[2:] != "0"


def _has_code(actor: Actor | None) -> bool:
    """Whether an actor carries a country or a CAMEO code (not just words)."""
    return actor is not None and bool(actor.country or actor.cameo)


def _same_text_only(a: Actor, b: Actor) -> bool:
    """Two text-only actors with the same words are one party ("fundamentalists continued their strike")."""
    return a.text == b.text and not (a.cameo or b.cameo or a.country or b.country)


def _text(actor: Actor | None) -> str:
    return actor.text if actor is not None else ""


def noun_phrase_text(tok: Token) -> str:
    """The words of a noun phrase up to its head, without leading determiners or punctuation
    ("the Afghan rebel leaders" -> "Afghan rebel leaders")."""
    doc = tok.doc
    start = tok.left_edge.i
    while start < tok.i and (doc[start].pos_ in ("DET", "PUNCT", "CCONJ") or doc[start].dep_ == "predet"):
        start += 1
    return doc[start : tok.i + 1].text
