"""The grammar of the events stage: what extraction reads from a classification, the word lists
of data/event_grammar.yaml, and the CAMEO roots that the rules name."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Protocol, cast

import yaml
from spacy.tokens import Token

MAX_ACTORS_PER_ROLE = 4  # a list of twenty countries codes the first few, not 400 dyads

ACTOR_ENTITIES = frozenset({"NORP", "GPE", "ORG"})
TIME_ENTITIES = frozenset({"DATE", "TIME"})  # "called on Sunday" names no target
PASSIVE_SUBJ = frozenset({"nsubjpass", "csubjpass"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
VERB_SATELLITES = frozenset({"aux", "auxpass", "neg", "advmod"})  # words between a subject and its verb
NAMED_MODIFIERS = frozenset({"amod", "compound", "nmod"})
# Dependency steps from a predicate up to the clause that may govern it (negate, report, subsume).
EMBED_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "csubj", "acomp", "attr", "oprd"})

_ORDERED_LISTS = {
    "default_target_preps",
    "inner_target_preps",
    "target_holder_preps",
    "attacker_preps",
    "refusal_code",
    "no_comment_code",
    "third_place_code",
}
_MAPPINGS = {"home_source_codes", "home_source_words", "protest_purpose_digits"}
_CASED_LISTS = {
    "predicate_deps",
    "place_entity_types",
    "state_sectors",
    "insurgent_sectors",
    "stateless_sectors",
}  # spaCy labels, not words


class Root(StrEnum):
    """CAMEO roots that a rule in code names (the others are named in event_grammar.yaml)."""

    THREATEN = "13"
    PROTEST = "14"  # also the first material root: roots below it are verbal acts


def root_of(code: str) -> str:
    """The two-digit CAMEO root of a code."""
    return code[:2]


def is_verbal(code: str) -> bool:
    """Whether a code is a verbal act (CAMEO roots 01-13), not a material one (14-20)."""
    return root_of(code) < Root.PROTEST


def ontology_specific(code: str) -> bool:
    """Whether a CAMEO code is more specific than its root's bare code ("195", not "19"/"190")."""
    return len(code) > 2 and code[2:] != "0"


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
    @property
    def coded_by(self) -> str: ...


def by_code_prefix(table: Mapping[str, str], code: str) -> str | None:
    """The value of the longest prefix of a CAMEO code (two digits at least) that `table` keys."""
    for size in range(len(code), 1, -1):
        value = table.get(code[:size])
        if value is not None:
            return value
    return None


@dataclass(frozen=True)
class Coded:
    """A classification as a value. events.classify.Classification is one; extraction builds its
    own when it gives a predicate a new code: a refusal read from a negated intention ("will not
    accept", reading its negation), a protest's "for X" code from its purpose ("1411")."""

    code: str
    trigger: str
    confidence: float
    mode: str | None = None
    context: tuple[str, ...] = ()
    target_preps: tuple[str, ...] = ()
    swap_roles: bool = False
    place_is_object: bool = False
    reads_negation: bool = False  # the code already says "not" ("will not end the strike" -> 124x)
    coded_by: str = "lexicon"  # "fallback" when the lexicon did not know the word (events/fallback.py)


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
    predicate_adjectives: frozenset[str]
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
    exposure_preps: frozenset[str]
    exposure_verbs: frozenset[str]
    attacker_preps: tuple[str, ...]
    victim_verbs: frozenset[str]
    event_phrase_preps: frozenset[str]
    manner_preps: frozenset[str]
    refusal_verbs: frozenset[str]
    refusal_code: tuple[str, ...]
    speaker_pronouns: frozenset[str]
    state_sectors: frozenset[str]
    insurgent_sectors: frozenset[str]
    # CAMEO code prefix -> sector of the home-country actor inferred as the source.
    home_source_codes: Mapping[str, str] = field(default_factory=dict)
    # Trigger word -> sector of the home-country actor, for force codes that do not say who.
    home_source_words: Mapping[str, str] = field(default_factory=dict)
    negating_preps: frozenset[str] = frozenset()
    time_nouns: frozenset[str] = frozenset()
    stance_adjectives: frozenset[str] = frozenset()
    opinion_governors: frozenset[str] = frozenset()
    option_governors: frozenset[str] = frozenset()
    asking_governors: frozenset[str] = frozenset()
    irrealis_nouns: frozenset[str] = frozenset()
    content_nouns: frozenset[str] = frozenset()
    third_place_codes: frozenset[str] = frozenset()
    venue_nouns: frozenset[str] = frozenset()
    third_place_code: tuple[str, ...] = ()
    no_comment_verbs: frozenset[str] = frozenset()
    no_comment_code: tuple[str, ...] = ()
    # Demands and appeals that say what a protest is for, and the "for X" digit they give it.
    protest_purpose_roots: frozenset[str] = frozenset()
    protest_purpose_digits: Mapping[str, str] = field(default_factory=dict)

    def purpose_digit(self, code: str) -> str | None:
        """The last digit a protest's purpose gives its code ("1041", resign -> 1411), if any."""
        return by_code_prefix(self.protest_purpose_digits, code)

    def is_symmetric(self, code: str) -> bool:
        """Whether "A and B <act>" with no target codes both A->B and B->A."""
        return code in self.symmetric_codes or root_of(code) in self.symmetric_roots

    def home_sector(self, code: str) -> str | None:
        """The sector of the home-country actor that near certainly did an act with no source."""
        return by_code_prefix(self.home_source_codes, code)

    def home_sector_of_words(self, code: str, trigger: str) -> str | None:
        """The home sector a force trigger's own words name ("killed in the firing"), if any."""
        if root_of(code) not in self.outcome_roots:
            return None
        words = self.home_source_words
        return next((words[w] for w in trigger.lower().split() if w in words), None)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Load data/event_grammar.yaml once per process."""
    text = resources.files("eventcoder.data").joinpath("event_grammar.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    values: dict[str, object] = {}
    for name in Grammar.__dataclass_fields__:
        if name in _MAPPINGS:
            values[name] = {str(k): str(v) for k, v in (raw.get(name) or {}).items()}
            continue
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
