"""Statements, appeals, intents and consultations (CAMEO 01-04) on sentences we wrote, through the
whole coder: lexicon entries and the scope rules found with the blind gold of these roots
(tests/fixtures/blind_gold/cameo_A.jsonl)."""

from __future__ import annotations

from typing import Any

import pytest


def codes(coder: Any, text: str) -> list[str]:
    return [e.cameo.code for e in coder.code(text, published="2004-06-01")]


# (sentence, a code that must be among the events)
LEXICON_CASES = [
    ("The spokesman refused to be drawn on the fate of the two envoys.", "011"),
    ("The finance minister said he was gloomy about the harvest.", "012"),
    ("The central bank cautioned on Monday that exports would fall.", "012"),
    ("The governor painted a grim picture of the province's finances.", "012"),
    ("The prime minister struck an upbeat note about the recovery.", "013"),
    ("The cabinet is looking into the possibility of a referendum.", "014"),
    ("The government is exploring ways to reduce the deficit.", "014"),
    ("The militia took responsibility for the ambush.", "015"),
    ("The ministry brushed aside accusations that it had rigged the vote.", "016"),
    ("The president hoisted the flag over the liberated town to mark the anniversary.", "017"),
    ("The queen sent condolences to the families of the flood victims.", "018"),
    ("Portugal shared Madrid's view that the treaty must be ratified.", "019"),
    ("The Dutch minister echoed the Belgian concern about the budget.", "019"),
    ("Rome said it saw eye to eye with Paris on migration.", "019"),
    ("The premier sat down with union leaders on Tuesday.", "040"),
    ("The Austrian chancellor rang his Hungarian counterpart on Friday.", "041"),
    ("The two ministers exchanged views on the crisis by telephone.", "041"),
    ("The king received the Egyptian ambassador at the palace.", "043"),
    ("The president welcomed the visiting Kenyan leader at the airport.", "043"),
    ("The American envoy shuttled between Belgrade and Pristina.", "045"),
    ("A retired judge acted as a go-between in the dispute.", "045"),
    ("The Senate said it would give Jordan six attack helicopters.", "0332"),
    ("Fiji said it was ready to send troops to the U.N. force in Lebanon.", "0334"),
    ("France said it would cancel the debt owed by Niger.", "0331"),
    ("The farmers said they would call off their blockade of the port.", "0352"),
    ("India said it would pull back troops from the border.", "0356"),
    ("The ruling party said it would open up the political system.", "034"),
    ("The government said it would give ground on the pension reform.", "035"),
    ("Beijing said it would expand trade ties with Chile.", "0311"),
    ("Austria said it would help Italian prosecutors investigating the fraud.", "0313"),
    ("Cyprus signalled its readiness to resume talks with the Turkish side.", "036"),
    ("The Omani sultan was received by the Iranian president in Tehran.", "043"),
    ("The Thai king played host to the Japanese emperor on Friday.", "043"),
    ("The premier extended an invitation to the Chilean president to visit Lima.", "036"),
    ("The guerrillas gave an assurance that they would honour the ceasefire.", "0356"),
    ("The generals held out the prospect of a referendum next spring.", "0344"),
    ("The separatists said they would abide by the truce.", "0356"),
    ("The Danish cabinet issued a statement on the fishing dispute on Monday.", "010"),
    ("The spokesman said Lisbon would consider sending a frigate.", "014"),
    ("The Greek minister agreed with his Cypriot colleague that the talks should go on.", "019"),
    ("Belarus said it would admit foreign election monitors.", "0355"),
    ("The envoy urged the junta to grant the Karen autonomy.", "0243"),
    ("The opposition called on the president to rewrite the constitution.", "0244"),
    ("The military ruler promised to reinstate the parliament.", "0344"),
    ("Havana urged Washington to end its economic blockade.", "0254"),
    ("Washington said it would ease trade restrictions on Hanoi.", "0354"),
    ("Kosovo agreed to let Finland broker a settlement.", "038"),
    ("Ghana promised to throw its weight behind the Nigerian candidate.", "032"),
    ("Moscow promised to supply Damascus with missiles.", "0332"),
    ("Uruguay offered to contribute a battalion to the mission.", "0334"),
    ("The council urged Lima and Quito to resolve their border row.", "027"),
    ("The Swiss envoy said his country agreed with the Dutch position.", "019"),
    ("Canberra fully backed the British assessment of the risk.", "019"),
    ("The finance minister said she was worried about inflation.", "012"),
    ("The defence minister accepted responsibility for the botched raid.", "015"),
    ("The Polish president observed a minute's silence for the miners.", "017"),
    ("Athens proposed talks with Ankara on the airspace dispute.", "036"),
    ("The ministry said it would review its visa policy.", "014"),
    ("Chilean and Bolivian negotiators have been locked in talks since Monday.", "046"),
    ("The Peruvian and Chilean presidents talked on the telephone on Sunday.", "041"),
    ("Sudanese and Chadian officials met at a hotel in Tripoli on Monday.", "044"),
]


@pytest.mark.parametrize(
    "text",
    [
        "Asked about the report, the ambassador said he could not comment.",
        "The spokesman did not comment on the arrests.",
        "The minister would not elaborate on the plan.",
    ],
)
def test_a_negated_comment_is_declining_comment(coder: Any, text: str) -> None:
    assert codes(coder, text) == ["011"], (text, codes(coder, text))


@pytest.mark.parametrize(("text", "code"), LEXICON_CASES)
def test_lexicon_codes_roots_01_to_04(coder: Any, text: str, code: str) -> None:
    assert code in codes(coder, text), (text, codes(coder, text))


def test_stance_adjective_codes_when_its_act_does_not(coder: Any) -> None:
    # "work with" codes nothing: the stance adjective gives the intent itself.
    assert codes(coder, "Havana said it was ready to work with the new administration.") == ["030"]
    assert "0341" in codes(coder, "The ailing king said he was willing to step aside for his son.")


def test_stance_adjective_does_not_double_a_coded_act(coder: Any) -> None:
    assert codes(coder, "Norway is ready to send peacekeeping troops to Sudan.") == ["0334"]


def test_what_is_hoped_or_feared_is_not_an_act(coder: Any) -> None:
    hoped = codes(coder, "The envoy said he was hopeful that the two sides would sign a truce soon.")
    assert hoped == ["013"], hoped
    feared = codes(coder, "The diplomats feared that the militias would attack the capital.")
    assert feared == ["012"], feared


def test_an_act_named_as_a_prospect_did_not_happen(coder: Any) -> None:
    said = codes(coder, "The minister voiced pessimism about the prospects for new talks.")
    assert said == ["012"], said


def test_what_is_considered_is_not_done(coder: Any) -> None:
    said = codes(coder, "Ottawa is considering sending more aid to the flood victims.")
    assert said == ["014"], said


def test_condolences_are_kept_beside_the_act_they_mourn(coder: Any) -> None:
    said = codes(coder, "The Pope offered condolences to the families of pilgrims killed in the bombing.")
    assert "018" in said, said


def test_returning_calm_is_no_act(coder: Any) -> None:
    said = codes(coder, "The governor briefed reporters, saying calm had returned to the city.")
    assert not any(c.startswith("08") for c in said), said


def test_what_a_denied_or_uncommented_report_says_is_not_coded(coder: Any) -> None:
    denied = codes(coder, "The army denied reports that its troops had shelled the village.")
    assert denied == ["016"], denied
    declined = codes(coder, "NATO declined to comment on reports that its jets had bombed a bridge.")
    assert declined == ["011"], declined
    unconfirmed = codes(coder, "Reports that the rebels had seized the airport could not be confirmed.")
    assert unconfirmed == [], unconfirmed
    confirmed = codes(coder, "Reports that the rebels had seized the airport were confirmed by the army.")
    assert "192" in confirmed, confirmed


def test_a_meeting_in_a_third_country_is_044(coder: Any) -> None:
    events = coder.code("The Serbian and Kosovar prime ministers met in Brussels on Friday.")
    assert events and all(e.cameo.code == "044" for e in events), events
    assert all(e.plover.mode == "third-party" for e in events)
    # Met in one side's capital: no third location.
    assert codes(coder, "The French president met the German chancellor in Paris.") == ["040"]
