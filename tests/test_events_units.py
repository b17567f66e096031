"""Unit tests for the extraction modules one by one (candidates, scope, syntax, actors and the
pronoun fallback, arguments, implied targets, frame rules, pairing, confidence), on sentences we
wrote, parsed with the real spaCy model. tests/test_events_extract.py tests the whole stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from spacy.tokens import Doc, Token

from eventcoder.events import confidence as conf
from eventcoder.events.arguments import find_targets, place_of, verb_frame
from eventcoder.events.candidates import classified_candidates, covered, is_candidate
from eventcoder.events.context import SentenceContext
from eventcoder.events.coref import antecedent
from eventcoder.events.frames import Frame, build_frame, conduit, drop_outcomes, natural_cause
from eventcoder.events.grammar import Root, grammar, is_verbal, ontology_specific, root_of
from eventcoder.events.implied import condition_targets, implied_targets, where_country
from eventcoder.events.nouns import noun_frame
from eventcoder.events.pairing import coded, pairs
from eventcoder.events.parties import has_code, is_text_only, same_actor, same_text_only
from eventcoder.events.resolve import actor, past_group, role_actors
from eventcoder.events.scope import negated, own_factor, scope
from eventcoder.events.syntax import conjuncts, governing_verb, is_passive, object_governor, subject
from eventcoder.model import Actor

ACTORS = {
    "Iran": Actor("Iran", "Iran", "IRN", None, "IRN"),
    "Iraq": Actor("Iraq", "Iraq", "IRQ", None, "IRQ"),
    "Syria": Actor("Syria", "Syria", "SYR", None, "SYR"),
    "Turkey": Actor("Turkey", "Turkey", "TUR", None, "TUR"),
    "Oman": Actor("Oman", "Oman", "OMN", None, "OMN"),
    "Serbia": Actor("Serbia", "Serbia", "SRB", None, "SRB"),
    "Hamas": Actor("Hamas", "Hamas", "PSE", "REB", "PSEREB"),
    "police": Actor("police", None, None, "COP", None),
}


class DictActors:
    def actor_for(self, token: Token) -> Actor | None:
        return ACTORS.get(token.text)


@dataclass(frozen=True)
class Cls:
    code: str
    trigger: str = ""
    confidence: float = 0.8
    mode: str | None = None
    context: tuple[str, ...] = ()
    target_preps: tuple[str, ...] = ()
    swap_roles: bool = False
    coded_by: str = "lexicon"
    place_is_object: bool = False


CODES = {"attack": "190", "say": "010", "meet": "040", "talk": "040", "threaten": "138", "kill": "1823"}
CODES |= {"fail": "", "demonstrate": "141", "seize": "192", "condemn": "111", "fire": "190"}


def classify(tok: Token) -> Cls | None:
    code = CODES.get(tok.lemma_.lower())
    return Cls(code, tok.text) if code else None


@pytest.fixture(scope="module")
def ctx_of(nlp):  # type: ignore[no-untyped-def]
    cache: dict[str, Doc] = {}

    def _ctx(text: str) -> SentenceContext:
        if text not in cache:
            cache[text] = nlp(text)
        sent = next(iter(cache[text].sents))
        return SentenceContext(
            sent, 0, DictActors(), grammar(), classified_candidates(sent, classify, grammar())
        )

    return _ctx


def word(ctx: SentenceContext, text: str) -> Token:
    return next(t for t in ctx.sent if t.text == text)


# -- grammar and confidence -----------------------------------------------------------------------


def test_roots_are_named_and_verbal_acts_are_below_protest() -> None:
    assert root_of("0333") == "03" and Root.PROTEST == "14"
    assert is_verbal("040") and is_verbal("138") and not is_verbal("141") and not is_verbal("190")
    assert ontology_specific("195") and not ontology_specific("190") and not ontology_specific("19")


def test_unsourced_factor_is_lower_for_a_verbal_act_and_a_pronoun() -> None:
    material = conf.unsourced(1.0, verbal=False, unresolved_pronoun=False)
    verbal = conf.unsourced(1.0, verbal=True, unresolved_pronoun=False)
    both = conf.unsourced(1.0, verbal=True, unresolved_pronoun=True)
    assert material == pytest.approx(conf.NO_SOURCE_FACTOR)
    assert both < verbal < material < 1.0
    assert conf.clamp(1.3) == 1.0 and conf.clamp(-0.1) == 0.0


# -- candidates -----------------------------------------------------------------------------------


def test_candidates_are_clause_verbs_and_event_nouns(ctx_of: Any) -> None:
    ctx = ctx_of("Rebels led by Hamas attacked the town after the talks.")
    g = ctx.g
    assert is_candidate(word(ctx, "attacked"), g)
    assert not is_candidate(word(ctx, "led"), g)  # describes the rebels
    assert is_candidate(word(ctx, "talks"), g)
    assert not is_candidate(word(ctx, "town"), g)


def test_an_event_noun_under_a_coding_verb_is_covered(ctx_of: Any) -> None:
    ctx = ctx_of("Iran held talks with Oman and the talks remain stalled.")
    first, second = [t for t in ctx.sent if t.text == "talks"]
    ctx.cands[first.head.i] = Cls("040")  # "held" codes in this test
    assert covered(ctx, first)
    assert covered(ctx, second)  # the subject of a state verb


# -- scope ----------------------------------------------------------------------------------------


def test_negation_and_failure_cancel_the_act(ctx_of: Any) -> None:
    ctx = ctx_of("Iran did not attack Iraq.")
    assert negated(word(ctx, "attack"), ctx.g)
    assert scope(ctx, word(ctx, "attack"), Cls("190", "attack")) is None
    ctx = ctx_of("Iran failed to attack Iraq.")
    assert scope(ctx, word(ctx, "attack"), Cls("190", "attack")) is None


def test_hedges_multiply(ctx_of: Any) -> None:
    ctx = ctx_of("Iran may reportedly attack Iraq.")
    assert own_factor(word(ctx, "attack"), ctx.g) == pytest.approx(conf.MODAL_FACTOR * conf.HEDGE_FACTOR)
    ctx = ctx_of("Officials said Iran will attack Iraq.")
    got = scope(ctx, word(ctx, "attack"), Cls("190", "attack"))
    assert got == pytest.approx(conf.FUTURE_FACTOR * conf.REPORTED_FACTOR)
    # "will" read by the lexicon into the code is not counted again.
    got = scope(ctx, word(ctx, "attack"), Cls("190", "will attack"))
    assert got == pytest.approx(conf.REPORTED_FACTOR)


def test_a_governing_act_that_codes_subsumes(ctx_of: Any) -> None:
    ctx = ctx_of("Iran threatened to attack Iraq.")
    assert scope(ctx, word(ctx, "attack"), Cls("190", "attack")) is None


# -- syntax ---------------------------------------------------------------------------------------


def test_subject_is_inherited_through_coordination_and_control(ctx_of: Any) -> None:
    ctx = ctx_of("Syria met Iran and tried to attack Iraq.")
    subj, passive = subject(ctx, word(ctx, "attack"))
    assert subj is not None and subj.text == "Syria" and not passive


def test_passive_voice_and_conjuncts(ctx_of: Any) -> None:
    ctx = ctx_of("Iraq and Syria were attacked by Iran.")
    verb = word(ctx, "attacked")
    assert is_passive(verb, ctx.g)
    subj, passive = subject(ctx, verb)
    assert passive and subj is not None and [t.text for t in conjuncts(subj)] == ["Iraq", "Syria"]


def test_object_governor_and_participle_governor(ctx_of: Any) -> None:
    ctx = ctx_of("Iran held talks with Oman.")
    verb = object_governor(word(ctx, "talks"), ctx.g)
    assert verb is not None and verb.text == "held"
    ctx = ctx_of("Hamas fired rockets at the town, killing five people.")
    gov = governing_verb(word(ctx, "killing"))
    assert gov is not None and gov.text == "fired"


# -- actors and the pronoun fallback ----------------------------------------------------------------


def test_actor_looks_through_possessives_and_groups(ctx_of: Any) -> None:
    ctx = ctx_of("Syria's foreign minister met thousands of police.")
    found = actor(ctx, word(ctx, "minister"))
    assert found is not None and found.country == "SYR"
    assert past_group(ctx, word(ctx, "thousands")).text == "police"


def test_unresolved_pronoun_reads_the_reporting_subject(ctx_of: Any) -> None:
    ctx = ctx_of("Syria says it will attack Iraq.")
    found = antecedent(ctx, word(ctx, "it"))
    assert found is not None and found.country == "SYR"


def test_role_actors_keep_text_only_sources_but_not_events(ctx_of: Any) -> None:
    ctx = ctx_of("Gunmen and the attack hit Iraq.")
    actors, pronoun = role_actors(ctx, [word(ctx, "Gunmen"), word(ctx, "attack")], as_source=True)
    assert [a.text for a in actors] == ["Gunmen"] and not pronoun
    assert role_actors(ctx, [word(ctx, "Gunmen")], as_source=False) == ([], False)


# -- arguments --------------------------------------------------------------------------------------


def test_verb_frame_reads_subject_object_and_place(ctx_of: Any) -> None:
    ctx = ctx_of("Hamas attacked Iraq in Baghdad.")
    args = verb_frame(ctx, word(ctx, "attacked"), (), False)
    assert [t.text for t in args.sources] == ["Hamas"]
    assert [t.text for t in args.targets] == ["Iraq"]
    assert args.place is not None and args.place.text == "Baghdad"
    place = place_of(ctx, word(ctx, "attacked"))
    assert place is not None and place.i == args.place.i


def test_targets_prefer_a_coded_actor_two_levels_down(ctx_of: Any) -> None:
    ctx = ctx_of("Turkey condemned the suspension of flights to Serbia.")
    verb = word(ctx, "condemned")
    got = find_targets(ctx, verb, word(ctx, "suspension"), ())
    assert [t.text for t in got] == ["Serbia"]


def test_noun_frame_reads_the_governing_verbs_subject(ctx_of: Any) -> None:
    ctx = ctx_of("Iran held talks with Oman.")
    args = noun_frame(ctx, word(ctx, "talks"), Cls("040", target_preps=("with",)))
    assert [t.text for t in args.sources] == ["Iran"] and [t.text for t in args.targets] == ["Oman"]


# -- implied targets ----------------------------------------------------------------------------------


def test_a_threat_is_aimed_at_whoever_must_meet_its_condition(ctx_of: Any) -> None:
    ctx = ctx_of("Turkey threatened to strike unless Syria withdrew its troops.")
    assert [t.text for t in condition_targets(ctx, word(ctx, "threatened"))] == ["Syria"]


def test_a_protest_is_aimed_at_the_country_where_it_happens(ctx_of: Any) -> None:
    ctx = ctx_of("Students demonstrated in Serbia on Monday.")
    assert [t.text for t in where_country(ctx, word(ctx, "demonstrated"))] == ["Serbia"]
    found, at_place = implied_targets(ctx, word(ctx, "demonstrated"), "141")
    assert [t.text for t in found] == ["Serbia"] and at_place


# -- frame rules and pairing ----------------------------------------------------------------------------


def test_a_natural_hazard_is_nobodys_act(ctx_of: Any) -> None:
    ctx = ctx_of("Floods killed twenty people in Iraq.")
    verb = word(ctx, "killed")
    assert natural_cause(ctx, build_frame(ctx, verb, Cls("1823"), 1.0))


def test_an_outcome_clause_of_a_specific_attack_is_one_event(ctx_of: Any) -> None:
    ctx = ctx_of("Hamas fired rockets at the town, killing five people.")
    fire = build_frame(ctx, word(ctx, "fired"), Cls("195"), 1.0)
    kill = build_frame(ctx, word(ctx, "killing"), Cls("1823"), 1.0)
    assert drop_outcomes(ctx, [fire, kill]) == [fire]
    assert drop_outcomes(ctx, [replace_code(fire, "190"), kill]) == [replace_code(fire, "190"), kill]


def replace_code(f: Frame, code: str) -> Frame:
    return Frame(f.token, Cls(code), f.sources, f.targets, f.place, f.factor, f.at_home)


def test_a_reporting_verb_passing_its_code_on_is_a_conduit(ctx_of: Any) -> None:
    ctx = ctx_of("Iran announced that it had attacked Iraq.")
    said = Frame(word(ctx, "announced"), Cls("190"), [], [], None, 1.0)
    act = Frame(word(ctx, "attacked"), Cls("190"), [], [], None, 1.0)
    assert conduit(ctx, said, [said, act]) and not conduit(ctx, act, [said, act])


def test_pairs_skip_self_and_pair_mutual_acts_both_ways(ctx_of: Any) -> None:
    ctx = ctx_of("Iran and Oman met.")
    iran, oman = ACTORS["Iran"], ACTORS["Oman"]
    meet = Frame(word(ctx, "met"), Cls("040"), [], [], None, 1.0)
    assert pairs(ctx, meet, [iran, oman], []) == [(iran, oman), (oman, iran)]
    assert pairs(ctx, meet, [iran], [iran, oman]) == [(iran, oman)]


def test_coded_applies_the_confidence_factors(ctx_of: Any) -> None:
    ctx = ctx_of("Gunmen attacked Iraq.")
    f = build_frame(ctx, word(ctx, "attacked"), Cls("190", "attacked", 1.0), 1.0)
    (pred,) = coded(ctx, f)
    assert pred.source is not None and pred.source.text == "Gunmen"
    assert pred.confidence == pytest.approx(conf.TEXT_ONLY_SOURCE_FACTOR)


def test_party_comparisons() -> None:
    turkey, erdogan = ACTORS["Turkey"], Actor("Erdogan", None, "TUR", "GOV", "TURGOV", "erdogan")
    assert same_actor(turkey, turkey) and not same_actor(turkey, erdogan)
    assert has_code(turkey) and not has_code(Actor("mob")) and is_text_only(Actor("mob"))
    assert same_text_only(Actor("mob"), Actor("mob")) and not same_text_only(turkey, turkey)


def test_a_rule_matched_on_several_modifiers_reads_them_in_sentence_order(nlp: Any) -> None:
    # A frozenset's order changes with the hash seed: the trigger must not.
    from eventcoder.events.classify import classify as lexicon_classify

    doc = nlp("The agency will deliver emergency food aid to the refugees.")
    aid = next(t for t in doc if t.text == "aid")
    cls = lexicon_classify(aid)
    assert cls is not None and cls.trigger.split()[-2:] == ["emergency", "aid"]
