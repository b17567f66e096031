"""Issue 11 in extraction, on sentences we wrote, with the real parser, actors stage and lexicon:
agentless and nominal events (with the home-country source inferred only where near certain),
coordination, reported speech and quotes, and hedged acts that stay uncoded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.tokens import Doc, Token

from eventcoder.events import extract_events
from eventcoder.model import Actor, ActorLookup, CodedPredicate

ROOT = Path(__file__).resolve().parents[1]


class HomeActors:
    """The real actors of an article, with a home country for `home_actor` (as DocActors gives
    it once the article's home country is known)."""

    def __init__(self, inner: Any, country: str | None) -> None:
        self.inner = inner
        self.country = country
        self.asked: list[str] = []

    def actor_for(self, token: Token) -> Actor | None:
        found: Actor | None = self.inner.actor_for(token)
        return found

    def home_actor(self, sector: str) -> Actor | None:
        self.asked.append(sector)
        if self.country is None:
            return None
        return Actor(
            sector.lower(), None, self.country, sector, f"{self.country}{sector}", inferred=("actor",)
        )


class NoHomeActors:
    """An actors stage without `home_actor` (extraction must not depend on it)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def actor_for(self, token: Token) -> Actor | None:
        found: Actor | None = self.inner.actor_for(token)
        return found


@pytest.fixture(scope="module")
def resolver():  # type: ignore[no-untyped-def]
    from eventcoder.actors.resolver import ActorResolver

    return ActorResolver.load()


@pytest.fixture(scope="module")
def code(nlp: Any, resolver: Any):  # type: ignore[no-untyped-def]
    def _code(text: str, home: str | None = "IND", lookup: str = "home") -> list[CodedPredicate]:
        doc: Doc = nlp(text)
        inner = resolver.annotate(doc, None)
        actors: ActorLookup = HomeActors(inner, home) if lookup == "home" else NoHomeActors(inner)  # type: ignore[assignment]
        return extract_events(doc, actors)

    return _code


def dyads(preds: list[CodedPredicate]) -> set[tuple[str, str | None, str | None]]:
    return {(p.cameo_code[:2], _text(p.source), _text(p.target)) for p in preds}


def _text(a: Actor | None) -> str | None:
    return a.text if a is not None else None


def _cameo(a: Actor | None) -> str | None:
    return a.cameo if a is not None else None


# -- agentless passives and event nouns ---------------------------------------------------------


def test_agentless_arrest_gets_the_home_police_marked_inferred(code: Any) -> None:
    (arrest,) = code("Forty people were arrested near the bus stand in Pune on Sunday.")
    assert arrest.cameo_code.startswith("173")
    assert arrest.source is not None and arrest.source.cameo == "INDCOP"
    assert arrest.source.inferred == ("actor",)
    assert arrest.target is not None and arrest.target.sector == "CVL"


def test_without_a_home_country_the_arrest_keeps_no_source(code: Any) -> None:
    for preds in (
        code("Forty people were arrested near the bus stand on Sunday.", home=None),
        code("Forty people were arrested near the bus stand on Sunday.", lookup="none"),
    ):
        assert [p.cameo_code[:3] for p in preds] == ["173"]
        assert preds[0].source is None


def test_an_arrest_abroad_is_not_given_the_home_police(code: Any) -> None:
    preds = code("Six fishermen were detained in Sri Lanka on Monday.")
    assert preds and all(p.source is None for p in preds)


def test_an_attack_with_no_agent_is_not_given_anyone(code: Any) -> None:
    preds = code("Three villagers were killed near the border on Friday.")
    assert preds and all(p.source is None for p in preds)


def test_an_agentless_curfew_is_the_governments_and_codes_once(code: Any) -> None:
    preds = code("A curfew was imposed in parts of the old city of Hyderabad after the clashes.")
    curfews = [p for p in preds if p.cameo_code == "1723"]
    assert len(curfews) == 1
    assert _cameo(curfews[0].source) == "INDGOV"


def test_police_firing_is_an_act_of_the_police_on_whoever_died(code: Any) -> None:
    preds = code("Two students died in police firing in Ranchi on Tuesday.")
    assert len(preds) == 1
    (firing,) = preds
    assert firing.cameo_code[:2] in ("17", "18", "19")
    assert firing.source is not None and firing.source.sector == "COP"
    assert firing.target is not None and firing.target.text == "students"


def test_the_counterpart_of_a_clash_killed_the_soldiers(code: Any) -> None:
    (kill,) = code("Four Nigerian soldiers were killed in a clash with bandits in Zamfara.")
    assert kill.cameo_code[:2] in ("18", "19")
    assert _text(kill.source) == "bandits"
    assert _cameo(kill.target) == "NGAMIL"


def test_raids_keep_the_owner_of_the_place_raided(code: Any) -> None:
    preds = code("Security forces carried out raids on insurgent hideouts in the hills.")
    assert preds and all(p.target is not None and p.target.sector in ("REB", "INS") for p in preds)


def test_coming_under_fire_swaps_the_roles(code: Any) -> None:
    (fire,) = code("Indian troops came under fire from Pakistani soldiers along the border.")
    assert fire.cameo_code.startswith("19")
    assert _cameo(fire.source) == "PAKMIL" and _cameo(fire.target) == "INDMIL"


def test_an_agentless_firing_at_home_is_the_police_marked_inferred(code: Any) -> None:
    preds = code("One shopkeeper was killed in the firing near the clock tower.")
    assert preds and all(_cameo(p.source) == "INDCOP" for p in preds)
    assert all(p.source is not None and p.source.inferred == ("actor",) for p in preds)


def test_a_reported_agentless_firing_is_still_the_polices(code: Any) -> None:
    preds = code("Four shoppers were injured in the firing, the district collector said.")
    force = [p for p in preds if p.cameo_code[:2] in ("18", "19")]
    assert force and all(_cameo(p.source) == "INDCOP" for p in force)


def test_an_agentless_firing_after_other_violence_is_not_given_the_police(code: Any) -> None:
    preds = code("Gunmen opened fire on a bus and two passengers were hurt in the firing.")
    assert preds and all(_cameo(p.source) != "INDCOP" for p in preds)


def test_a_firing_that_may_come_is_not_given_the_police(code: Any) -> None:
    preds = code("If there is any firing, the farmers will march to the capital.")
    assert all(_cameo(p.source) != "INDCOP" for p in preds)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The police resorted to a lathi-charge outside the college.", "police"),
        ("Nine students were hurt in a lathi-charge outside the college.", None),
    ],
)
def test_a_lathi_charge_is_repression_by_the_police(code: Any, text: str, source: str | None) -> None:
    preds = [p for p in code(text) if p.cameo_code.startswith("17")]
    assert preds and all(p.source is not None and p.source.sector == "COP" for p in preds)
    if source is not None:
        assert {_text(p.source) for p in preds} == {source}


def test_a_charge_in_court_is_not_repression(code: Any) -> None:
    preds = code("The court framed a charge of fraud against the former mayor.")
    assert all(not p.cameo_code.startswith("175") for p in preds)


@pytest.mark.parametrize(
    "text",
    [
        "The market reopened following the police firing at the temple fair.",
        "The governor was critical of the police firing at the temple fair.",
        "Officials said most of the deaths were due to police firing on armed crowds.",
        "Three farmers have been killed in police firing as angry crowds burnt buses.",
    ],
)
def test_police_firing_named_in_any_phrase_is_the_polices(code: Any, text: str) -> None:
    preds = [p for p in code(text) if p.cameo_code[:2] in ("18", "19") or p.cameo_code.startswith("175")]
    assert preds and all(p.source is not None and p.source.text == "police" for p in preds)


def test_men_firing_at_the_police_are_the_doers(code: Any) -> None:
    preds = [p for p in code("The youths firing at the police were caught.") if p.cameo_code.startswith("19")]
    assert preds and all(_text(p.source) != "police" for p in preds)


@pytest.mark.parametrize(
    "text",
    [
        "The security men beat the students with sticks.",
        "Two home guards beat the vendors outside the station.",
    ],
)
def test_security_men_and_home_guards_are_police(code: Any, text: str) -> None:
    preds = [p for p in code(text) if p.cameo_code.startswith("18")]
    assert preds and all(p.source is not None and p.source.sector == "COP" for p in preds)


@pytest.mark.parametrize(
    ("text", "code_prefix", "sector"),
    [
        ("Villagers say the police began pelting stones at them.", "175", "COP"),
        ("The youths pelted stones at the bus.", "145", None),
    ],
)
def test_pelting_is_riot_or_repression_by_who_does_it(
    code: Any, text: str, code_prefix: str, sector: str | None
) -> None:
    preds = [p for p in code(text) if p.cameo_code.startswith(code_prefix)]
    assert preds
    if sector is not None:
        assert all(p.source is not None and p.source.sector == sector for p in preds)


def test_a_police_raid_on_hideouts_is_a_search_not_a_battle(code: Any) -> None:
    preds = code("The police raided two hideouts and arrested six men.")
    assert {p.cameo_code[:3] for p in preds} == {"171", "173"}


def test_injuries_sustained_in_a_firing_are_not_the_victims_act(code: Any) -> None:
    preds = code("Nine pilgrims sustained injuries in the firing near the shrine.")
    assert preds and all(_text(p.source) != "pilgrims" for p in preds)
    assert all(_cameo(p.source) == "INDCOP" for p in preds)


@pytest.mark.parametrize(
    "text",
    [
        "The police used tear gas on the marchers outside the assembly.",
        "Constables used rubber bullets against the crowd at the gate.",
    ],
)
def test_using_riot_control_weapons_is_repression(code: Any, text: str) -> None:
    preds = [p for p in code(text) if p.cameo_code.startswith("175")]
    assert preds and all(p.source is not None and p.source.sector == "COP" for p in preds)


def test_using_words_is_no_repression(code: Any) -> None:
    preds = code("The police used strong words against the organisers.")
    assert all(not p.cameo_code.startswith("175") for p in preds)


def test_a_beating_by_the_police_is_their_assault(code: Any) -> None:
    preds = [
        p
        for p in code("The beating of two porters by the police angered the union.")
        if p.cameo_code.startswith("18")
    ]
    assert preds and all(_text(p.source) == "police" for p in preds)


# -- coordination ---------------------------------------------------------------------------------


def test_calls_in_a_manner_phrase_keep_the_caller_and_split_the_callees(code: Any) -> None:
    preds = code(
        "The Indian external affairs minister conveyed the offer in separate phone calls with the "
        "Qatari emir and the Saudi foreign minister."
    )
    calls = [p for p in preds if p.cameo_code.startswith("04")]
    assert {(_cameo(p.source), _cameo(p.target)) for p in calls} == {
        ("INDGOV", "QATGOV"),
        ("INDGOV", "SAUGOV"),
    }
    assert len(calls) == 2


def test_two_coordinated_acts_share_their_object(code: Any) -> None:
    preds = code("Police arrested and charged three men in Lucknow on Saturday.")
    assert len(preds) == 2
    assert {p.trigger_i for p in preds} == {1, 3}
    assert all(_text(p.target) == "men" and p.source is not None for p in preds)


# -- reported speech and quotes -------------------------------------------------------------------


def test_a_refusal_in_a_quote_is_the_speakers_act_on_the_addressee(code: Any) -> None:
    (reject,) = code(
        '"We will never accept a partitioned Libya," the Egyptian president told his Tunisian counterpart.'
    )
    assert reject.cameo_code.startswith("12")
    assert _cameo(reject.source) == "EGYGOV" and _cameo(reject.target) == "TUN"[:3] + reject.target.cameo[3:]  # type: ignore[union-attr]


def test_a_quoted_act_followed_by_said_is_the_speakers(code: Any) -> None:
    preds = code('"We will send troops to protect the border," the Kenyan defence minister said.')
    assert preds and all(_cameo(p.source) == "KENGOV" for p in preds)


def test_a_call_reported_by_a_capital_is_the_callers(code: Any) -> None:
    preds = code("Beijing said Xi called for a ceasefire in Sudan.")
    assert [p.cameo_code[:2] for p in preds] == ["02"]
    assert _text(preds[0].source) == "Xi"


def test_telling_someone_they_must_act_is_a_demand_on_them(code: Any) -> None:
    (demand,) = code("The Kenyan president told Uganda that it must pull its troops back from the border.")
    assert demand.cameo_code.startswith("10")
    assert _cameo(demand.source) == "KENGOV" and _cameo(demand.target) == "UGA"


def test_telling_someone_they_should_act_is_an_appeal(code: Any) -> None:
    preds = code("The governor told the strikers they should go back to work.")
    assert [p.cameo_code[:2] for p in preds] == ["02"]
    assert _text(preds[0].target) == "strikers"


def test_telling_reporters_what_happened_only_reports_it(code: Any) -> None:
    preds = code("An official told reporters that the police arrested twenty people.")
    assert [p.cameo_code[:3] for p in preds] == ["173"]


# -- hedged and negated acts stay uncoded ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "roots"),
    [
        ("Kenya did not agree to the proposal.", []),
        ("Kenya did not accept the proposal.", []),
        ("Uganda refused to meet Kenya.", ["12"]),
        ("Uganda threatened to attack Kenya.", ["13"]),
        ("Uganda called for talks with Kenya.", ["02"]),
        ("Instead of cracking down on the looters, the policemen watched.", []),
        ("Rather than arresting the strikers, the police stood aside.", []),
    ],
)
def test_hedged_and_negated_acts(code: Any, text: str, roots: list[str]) -> None:
    assert sorted({p.cameo_code[:2] for p in code(text)}) == roots


def test_an_act_done_without_force_has_no_force(code: Any) -> None:
    preds = code("The soldiers pulled back without firing on the marchers.")
    assert all(not p.cameo_code.startswith(("18", "19")) for p in preds)


def test_warned_that_it_may_strike_is_a_threat_not_a_strike(code: Any) -> None:
    preds = code("Uganda warned that it may strike Kenya.")
    assert all(not p.cameo_code.startswith(("18", "19")) for p in preds)


# -- the sample story -------------------------------------------------------------------------------


def test_the_sample_story_codes_each_act_once(nlp: Any, resolver: Any) -> None:
    with (ROOT / "samples" / "articles.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    story = next(r for r in rows if r["id"] == "ad-20241203-erdogan-putin")
    doc = nlp(story["text"])
    preds = extract_events(doc, HomeActors(resolver.annotate(doc, None), None))
    acts = {(p.sentence_index, p.cameo_code[:2], _cameo(p.source), _cameo(p.target)) for p in preds}
    expected = {
        (0, "04", "TURGOV", "RUSGOV"),  # the call, both ways
        (0, "04", "RUSGOV", "TURGOV"),
        (2, "02", "RUSGOV", None),  # Putin's call for an end to attacks (not the Kremlin's statement)
        (4, "02", "IGOUNO", None),  # the envoy's appeal to all sides
        (5, "12", "SYRGOV", "SYRREB"),  # the rebuff
        (6, "19", "SYRREB", "SYR"),  # the capture of Aleppo
        (7, "19", "SYRREB", "SYRGOV"),  # the government helicopter shot down
    }
    assert expected <= acts
    assert not [p for p in preds if p.sentence_index == 3]  # the leaders did not agree
    # the talks the government rebuffed did not happen
    assert [p.cameo_code[:2] for p in preds if p.sentence_index == 5] == ["12"]
    # one call each way, one capture, one helicopter
    for index, root in ((0, "04"), (6, "19"), (7, "19")):
        assert (
            len({p.trigger_i for p in preds if p.sentence_index == index and p.cameo_code[:2] == root}) == 1
        )
    # each act once: one event per (sentence, act, source, target)
    assert len(preds) == len(
        {(p.sentence_index, p.trigger_i, p.cameo_code, _text(p.source), _text(p.target)) for p in preds}
    )


def test_firing_by_several_forces_is_their_joint_act_not_a_clash_between_them(code: Any) -> None:
    preds = code("eight protesters were killed in firing by the police and the army, officials said.")
    assert preds
    assert all(p.source is not None and p.source.sector in ("COP", "MIL") for p in preds)
    assert all(p.target is None or p.target.sector not in ("COP", "MIL") for p in preds)


def test_the_dead_of_a_participle_are_the_target_of_the_firing(code: Any) -> None:
    preds = code("The toll rose to nine, including the four villagers killed in police firing.")
    firing = [p for p in preds if p.source is not None and p.source.sector == "COP"]
    assert firing and all(_text(p.target) == "villagers" for p in firing)


# -- issue 11: stance adjectives and to-clauses read by a frame (sentences written for these tests) --


def test_stance_adjective_gives_one_intention_not_the_act(code: Any) -> None:
    preds = code("Greece is willing to withdraw its soldiers from Cyprus.", home=None)
    assert [p.cameo_code for p in preds] == ["0356"]
    assert _cameo(preds[0].source) == "GRC"


def test_frame_read_to_clause_is_not_a_second_act(code: Any) -> None:
    preds = code("Kurdish rebels have sworn to fight until they win.", home=None)
    codes = [p.cameo_code for p in preds]
    assert codes and all(c.startswith("13") for c in codes), codes


def test_attempt_on_a_life_targets_the_intended_victim(code: Any) -> None:
    preds = code("An attempt to assassinate the Russian ambassador was thwarted in Moscow.", home=None)
    assert [p.cameo_code for p in preds] == ["185"]
    assert preds[0].target is not None and preds[0].target.country == "RUS"


def test_conditional_refusal_is_not_hedged_away(code: Any) -> None:
    preds = code("Polish nurses will not end their strike unless Warsaw raises their pay.", home=None)
    refusal = [p for p in preds if p.cameo_code == "1242"]
    assert refusal and refusal[0].confidence >= 0.4


def test_comment_adjective_is_a_statement_when_nothing_else_codes(code: Any) -> None:
    preds = code("The Chilean president said he was confident that the two sides would settle.", home=None)
    assert "013" in {p.cameo_code for p in preds}
    assert code("Peruvian analysts were not optimistic about the vote.", home=None) == []
    sour = code("The Chilean president said he was sceptical about the vote.", home=None)
    assert "012" in {p.cameo_code for p in sour}


def test_a_figure_of_a_group_names_the_group(code: Any) -> None:
    preds = code("About 300 of the 500 Chilean miners went on strike on Monday.", home=None)
    assert preds and preds[0].source is not None and preds[0].source.country == "CHL"
