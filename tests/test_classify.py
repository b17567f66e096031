"""The event lexicon: predicate -> CAMEO code, on sentences we wrote, and the lexicon file format."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder import ontology
from eventcoder.errors import InputError
from eventcoder.events.classify import Classification, classify, default_lexicon, load_lexicon


def _root_class(nlp, text: str, lexicon=None) -> Classification | None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    root = next(t for t in doc if t.dep_ == "ROOT")
    return classify(root, lexicon)


# (sentence, expected code, words the trigger must contain)
CASES = [
    ("The minister spoke by phone with his Turkish counterpart.", "041", "by phone"),
    ("The king telephoned the president on Sunday.", "041", "telephoned"),
    ("The foreign minister visited Cairo last week.", "042", "visited"),
    ("Jordan hosted the Iraqi delegation.", "043", "hosted"),
    ("The envoy met the rebel leaders in Geneva.", "040", "met"),
    ("Norway offered to mediate between the two parties.", "039", "mediate"),
    ("The leaders expressed willingness to mediate in the dispute.", "039", "willingness"),
    ("The union called on the government to withdraw its troops.", "0256", "called on"),
    ("The bishops called for a ceasefire.", "0256", "ceasefire"),
    ("The council urged both sides to resume talks.", "026", "urged"),
    ("The opposition demanded the release of the detained activists.", "1053", "release"),
    ("Lawmakers demanded the resignation of the minister.", "1041", "resignation"),
    ("The cabinet threatened to impose sanctions on the neighbours.", "1312", "sanctions"),
    ("The general threatened to attack the rebel town.", "1384", "threatened"),
    ("The court accused the commander of war crimes.", "1124", "crimes"),
    ("The ministry accused the consul of espionage.", "1125", "espionage"),
    ("The two parties agreed to a ceasefire.", "0356", "agreed"),
    ("The junta refused to release the prisoners.", "1243", "release"),
    ("The government rejected the request for military aid.", "1222", "rejected"),
    ("The ministry rebuffed the offer of talks.", "125", "rebuffed"),
    ("The spokesman declined to comment.", "011", "comment"),
    ("Militia fighters seized the city of Tikrit.", "192", "seized"),
    ("Rebels seized Aleppo on Friday.", "192", "Aleppo"),
    ("Insurgents took control of the airport.", "192", "control"),
    ("Gunmen shot down a military helicopter.", "190", "shot down"),
    ("Rebels clashed with army units near the border.", "190", "clashed"),
    ("Army units shelled the northern districts.", "194", "shelled"),
    ("Jets carried out air strikes on the depot.", "195", "air strikes"),
    ("Aircraft bombed the bridge overnight.", "195", "bombed"),
    ("A gunman assassinated the governor.", "186", "assassinated"),
    ("Police arrested twelve students.", "173", "arrested"),
    ("The authorities detained a foreign journalist.", "173", "detained"),
    ("The union imposed sanctions on the exporters.", "163", "sanctions"),
    ("Thousands of farmers protested outside parliament.", "141", "protested"),
    ("The army deployed troops along the frontier.", "154", "deployed"),
    ("The occupying power withdrew its troops from the valley.", "0874", "withdrew"),
    ("The rebels released the prisoners on Friday.", "0841", "released"),
    ("Both governments signed an agreement on water sharing.", "057", "signed"),
    ("The president praised the mediators.", "051", "praised"),
    ("The ministry condemned the bombing.", "111", "condemned"),
    ("The spokesman denied the report.", "016", "denied"),
    ("Prosecutors will investigate the corruption allegations.", "091", "investigate"),
    ("The government imposed a curfew on the capital.", "1723", "curfew"),
    ("Militants kidnapped two engineers.", "181", "kidnapped"),
    ("The regime expelled the ambassador.", "161", "expelled"),
    ("The teachers called off their strike.", "082", "called off"),
    ("The cabinet lifted the embargo on grain.", "085", "lifted"),
    ("The donors gave humanitarian aid to the refugees.", "073", "aid"),
    ("The state granted asylum to the dissident.", "075", "asylum"),
    ("The guerrillas blew up the railway bridge.", "1712", "blew up"),
    ("The two factions reached an agreement to share intelligence.", "0314", "reached"),
    ("Serb forces killed five villagers in a gunbattle.", "193", "gunbattle"),
]


@pytest.mark.parametrize(("text", "code", "words"), CASES)
def test_classifies_predicates(nlp, text: str, code: str, words: str) -> None:  # type: ignore[no-untyped-def]
    cls = _root_class(nlp, text)
    assert cls is not None, text
    assert cls.code == code, (text, cls)
    assert words in cls.trigger
    assert 0.0 < cls.confidence <= 1.0


def test_words_without_an_event_are_not_coded(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("The weather was pleasant in the capital.", "The committee has eleven members."):
        assert _root_class(nlp, text) is None


def test_role_hints(nlp) -> None:  # type: ignore[no-untyped-def]
    seize = _root_class(nlp, "Rebels seized the town of Kidal.")
    assert seize is not None and seize.place_is_object
    meet = _root_class(nlp, "The envoy met with the rebel leaders.")
    assert meet is not None and "with" in meet.target_preps
    aid = _root_class(nlp, "The village received aid from the agency.")
    assert aid is not None and aid.code.startswith("07") and aid.swap_roles
    assert "from" in aid.target_preps


def test_modes_come_from_words(nlp) -> None:  # type: ignore[no-untyped-def]
    phone = _root_class(nlp, "The minister spoke by phone with his counterpart.")
    assert phone is not None and phone.mode == "phone"
    hunger = _root_class(nlp, "The detainees began a hunger strike.")
    assert hunger is not None and hunger.code == "142" and hunger.mode == "strike-hun"


def test_auxiliaries_turn_acts_into_stated_intentions(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    aid = _root_class(nlp, "The donors will send food aid to the camps.")
    assert aid is not None and aid.code == "0333" and "will" in aid.trigger
    boycott = _root_class(nlp, "The party would boycott the election.")
    assert boycott is not None and boycott.code == "133"
    said = _root_class(nlp, "The minister will criticize the plan.")
    assert said is not None and said.code == "111"  # verbal acts keep their code
    extra = tmp_path / "aux.yaml"
    extra.write_text("auxiliaries:\n  would: null\n", encoding="utf-8")
    plain = _root_class(nlp, "The party would boycott the election.", load_lexicon([extra]))
    assert plain is not None and plain.code == "143"


def test_attempts_and_light_verbs(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("An attempt to assassinate the governor failed.")
    attempt = next(t for t in doc if t.lemma_ == "attempt")
    cls = classify(attempt)
    assert cls is not None and cls.code == "185"
    wounded = _root_class(nlp, "Guerrillas wounded two soldiers in a bomb attack.")
    assert wounded is not None and wounded.code == "183"


def test_every_code_in_the_lexicon_is_a_cameo_code() -> None:
    lex = default_lexicon()
    table = ontology.cameo_table()
    codes = {e.code for e in (*lex.verbs.values(), *lex.nouns.values()) if e.code}
    codes |= {
        r.overrides["code"]
        for e in (*lex.verbs.values(), *lex.nouns.values())
        for r in e.rules
        if r.overrides.get("code")
    }
    codes |= {c for f in lex.frames.values() for c in (*f.codes.values(), *f.words.values())}
    assert codes and all(c in table for c in codes)


def test_every_cameo_root_is_reachable() -> None:
    lex = default_lexicon()
    roots = {e.code[:2] for e in (*lex.verbs.values(), *lex.nouns.values()) if e.code}
    roots |= {c[:2] for f in lex.frames.values() for c in f.codes.values()}
    assert roots >= {f"{n:02d}" for n in range(1, 21)}


def test_particles_on_and_off_are_words_not_booleans() -> None:
    call = default_lexicon().verbs["call"]
    assert any("on" in r.prep for r in call.rules)
    assert any("off" in r.prt for r in call.rules)


def test_user_lexicon_is_merged_over_ours(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "verbs:\n  stonewall: {code: '120', conf: 0.9}\n  praise: {code: '052'}\n"
        "nouns:\n  flotilla: {code: '154', mode: troops}\n",
        encoding="utf-8",
    )
    lex = load_lexicon([extra])
    stonewall = _root_class(nlp, "The president stonewalled the envoy.", lex)
    assert stonewall is not None and stonewall.code == "120" and stonewall.confidence == 0.9
    praise = _root_class(nlp, "The president praised the envoy.", lex)
    assert praise is not None and praise.code == "052"
    assert _root_class(nlp, "The president stonewalled the envoy.") is None  # ours is untouched


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("verbs:\n  snub: {code: '999'}\n", "unknown CAMEO code"),
        ("verbs:\n  snub: {cod: '120'}\n", "unknown field"),
        ("verbs:\n  snub: {code: '120', frame: nosuch}\n", "unknown frame"),
        ("adverbs:\n  x: {}\n", "unknown section"),
        ("verbs: [unclosed\n", "not valid YAML"),
        ("verbs:\n  snub: {code: '120'}\n  rebuff: {code: '120'}\n  snub: {code: '125'}\n", "bad.yaml:4"),
        ("verbs:\n  snub: {code: '120'}\n  snub: {code: '125'}\n", "'snub' is given twice"),
    ],
)
def test_bad_user_lexicon_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_lexicon([bad])
    assert message in str(err.value) and "bad.yaml" in str(err.value)
    assert "\n" not in str(err.value)  # one line


# -- regressions from our sample articles (issue 2 follow-up) --------------------------------------


def _word_class(nlp, text: str, word: str, **kwargs) -> Classification | None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return classify(next(t for t in doc if t.text == word), **kwargs)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Israeli aircraft struck weapons depots overnight.", "struck", "195"),
        ("Gunmen struck a police post near the border.", "struck", "190"),
        ("The strikes destroyed two weapons depots.", "strikes", "190"),
        ("Drone strikes hit the convoy.", "strikes", "195"),
        ("Dock workers began a strike over pay.", "strike", "143"),
        ("The unions called a general strike for Monday.", "strike", "143"),
        ("The detainees began a hunger strike.", "strike", "142"),
    ],
)
def test_military_and_labour_strikes(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_crowds_gathering_is_not_a_meeting(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _word_class(nlp, "Crowds gathered in the main square to celebrate.", "gathered") is None
    ministers = _word_class(nlp, "The ministers gathered in Brussels on Monday.", "gathered")
    assert ministers is not None and ministers.code == "040"


def test_press_release_and_met_demands_are_no_events(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _word_class(nlp, "The ministry issued a press release on Monday.", "release") is None
    assert _word_class(nlp, "The strike goes on until their demands are met.", "met") is None
    freed = _word_class(nlp, "The release of the prisoners was delayed.", "release")
    assert freed is not None and freed.code.startswith("084")


def test_place_hook_reads_a_mistagged_town_as_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Rebel forces seized Hama on Thursday."
    doc = nlp(text)
    hama = next(t for t in doc if t.text == "Hama")
    # The premise: the small model takes Hama for a person, so the words alone say "confiscate".
    assert hama.ent_type_ not in ("GPE", "LOC", "FAC", "")
    alone = _word_class(nlp, text, "seized")
    assert alone is not None and alone.code == "1711"
    towns = {"Hama", "Tal Rifaat"}
    placed = _word_class(nlp, text, "seized", is_place=towns.__contains__)
    assert placed is not None and placed.code == "192" and placed.place_is_object
    two_words = _word_class(nlp, "Rebels seized Tal Rifaat on Sunday.", "seized", is_place=towns.__contains__)
    assert two_words is not None and two_words.code == "192"
    unknown = _word_class(nlp, text, "seized", is_place=lambda name: False)
    assert unknown is not None and unknown.code == "1711"


def test_negated_intention_maps_to_a_refusal(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "The teachers will not end their strike.", "end")
    assert cls is not None and cls.code == "1242" and cls.reads_negation
    plain = _word_class(nlp, "The teachers will end their strike.", "end")
    assert plain is not None and not plain.reads_negation and not plain.code.startswith("12")


def test_saying_someone_must_act_is_a_demand(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "Iran must return the helicopter, Russia said.", "said")
    assert cls is not None and cls.code.startswith("10") and "must" in cls.trigger
    said = _word_class(nlp, "Iran will return the helicopter, Russia said.", "said")
    assert said is not None and said.code == "010"


def test_user_rules_can_test_the_subject(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "subj.yaml"
    extra.write_text(
        'verbs:\n  march:\n    code: "141"\n    rules:\n      - {subj: [soldier, troop], code: "154"}\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon([extra])
    troops = _word_class(nlp, "Soldiers marched into the province.", "marched", lexicon=lexicon)
    assert troops is not None and troops.code == "154"
    crowd = _word_class(nlp, "Students marched into the square.", "marched", lexicon=lexicon)
    assert crowd is not None and crowd.code == "141"


def test_frame_reads_the_object_of_a_verb_it_does_not_know(nlp) -> None:  # type: ignore[no-untyped-def]
    rights = _word_class(nlp, "The council urged the rebels to honour human rights.", "urged")
    assert rights is not None and rights.code == "0243" and "rights" in rights.trigger
    ties = _word_class(nlp, "The envoy called on both sides to forge closer ties.", "called")
    assert ties is not None and ties.code == "022"
    # "postpone" is known: its object is not what is agreed to.
    postponed = _word_class(nlp, "The opposition leaders agreed to postpone the march.", "agreed")
    assert postponed is not None and postponed.code == "0352"


def test_light_verb_reads_through_a_measure_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(
        nlp, "The agency provided 25,000 tons of emergency food aid to the refugees.", "provided"
    )
    assert cls is not None and cls.code == "073" and "aid" in cls.trigger


# -- regressions from our news-style gold (docs/news-gold.md); sentences written for these tests ---


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The rebels launched a salvo of rockets at the airport.", "launched", "195"),
        ("The navy launched two cruise missiles into the sea on Friday.", "launched", "150"),
        ("The regime fired a short-range missile into the sea.", "fired", "150"),
        ("Soldiers killed six insurgents in a dawn raid.", "killed", "190"),
        ("The minister ordered the troops to withdraw from the ridge.", "ordered", "0874"),
        ("The junta ordered two European diplomats to leave the country.", "ordered", "161"),
        ("The president ordered the mobilisation of reservists.", "ordered", "154"),
        ("The cabinet suspended the border agreement with its neighbour.", "suspended", "16"),
        ("The republic withdrew from the regional alliance on Monday.", "withdrew", "16"),
        ("The government revoked the defence accord with Paris.", "revoked", "16"),
        ("The cabinet extended the state of emergency in the north.", "extended", "1724"),
        ("A tribunal issued an arrest warrant for the former governor.", "issued", "173"),
    ],
)
def test_news_style_acts(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and ontology.cameo(cls.code).code.startswith(code), (text, cls)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Brazil beat Chile by two goals in Santiago on Tuesday.", "beat"),
        ("Ten villagers were killed in a landslide after heavy rain.", "killed"),
        ("Officials said the statement was issued in a state of confusion.", "state"),
    ],
)
def test_sports_results_and_disasters_are_no_events(nlp, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    assert _word_class(nlp, text, word) is None, text


# -- issue 11, dev gold phenomena (sentences written for these tests) ----------------------------


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # A predicate adjective with a frame states an intention (03x) or a threat (13x).
        ("Greece is willing to withdraw its soldiers from the island.", "withdraw", "0356"),
        ("The council said it was prepared to lift the ban on the union.", "lift", "0351"),
        ("The mayor would be ready to host a meeting between the two clans.", "host", "036"),
        ("The junta is prepared to impose a curfew in the capital.", "impose", "1323"),
        ("The militia is determined to attack the convoy.", "attack", "138"),
    ],
)
def test_stance_adjective_frames_its_act(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code.startswith(code), (text, cls)


def test_stance_adjective_leaves_plain_acts_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "Greece withdrew its soldiers from the island.", "withdrew")
    assert cls is not None and cls.code == "0874"
    # An adjective without a frame says nothing of the act.
    able = _word_class(nlp, "The convoy was able to deliver food to the camp.", "deliver")
    assert able is None or not able.code.startswith("03")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The minister reiterated that Chile must hand over the two suspects.", "reiterated"),
        ("The summit concluded that wealthy states must cancel the debts.", "concluded"),
        ("The cabinet declared that the militias must disarm.", "declared"),
        ("The envoy stressed that both sides must return to the table.", "stressed"),
    ],
)
def test_saying_someone_must_act_after_other_verbs_of_saying(nlp, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code.startswith("10") and "must" in cls.trigger, (text, cls)
    plain = _word_class(nlp, text.replace("must", "will"), word)
    assert plain is None or not plain.code.startswith("10")


def test_a_reminder_that_someone_must_act_is_a_demand(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(
        nlp, "The premier issued a sharp reminder to Peru that it must pay its debts.", "issued"
    )
    assert cls is not None and cls.code.startswith("10") and "reminder" in cls.trigger


def test_light_verb_reads_the_participle_of_its_document(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(
        nlp, "The union issued a declaration demanding that the company release the strikers.", "issued"
    )
    assert cls is not None and cls.code.startswith("10") and "demanding" in cls.trigger


def test_frame_reads_a_to_clause_hung_as_a_purpose(nlp) -> None:  # type: ignore[no-untyped-def]
    # The parser makes "to fight" an adverbial clause of "sworn".
    cls = _word_class(nlp, "The rebels have sworn to fight until they capture the capital.", "sworn")
    assert cls is not None and cls.code.startswith("138") and "fight" in cls.trigger


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("A Danish reporter has been put under investigation in Rome.", "put", "090"),
        ("The former mayor was placed under house arrest.", "placed", "173"),
        ("The gang has been holding dozens of farmers as human shields.", "holding", "184"),
        ("The junta forced the refugee agency out of the country.", "forced", "166"),
        ("Dutch nurses handed over 300 tons of food to the refugees.", "handed", "073"),
        ("The two delegations return to Vienna next week for talks.", "return", "046"),
    ],
)
def test_dev_gold_constructions(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code.startswith(code), (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # A harmful act promised on a condition is a threat.
        (
            "Ghana said it will withdraw its soldiers from Mali unless the junta holds elections.",
            "withdraw",
            "13",
        ),
        ("The league may halt its mediation efforts if the shelling goes on.", "halt", "135"),
        ("Brazil will attack the camps if the gunmen cross the river.", "attack", "138"),
        # Help promised on a condition stays an intention; no condition, no threat.
        ("Japan will send food aid to Peru if asked.", "send", "033"),
        ("Brazil will withdraw its troops from Haiti.", "withdraw", "0356"),
        # Pulling out on a condition is a threat with "unless", an offer with "if".
        ("Brazil will withdraw its troops from Haiti if the gangs disarm.", "withdraw", "0356"),
    ],
)
def test_conditional_harm_is_a_threat(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code.startswith(code), (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Kenya sent peacekeeping troops to Somalia.", "sent", "074"),
        ("Kenya sent troops to Somalia.", "sent", "154"),
        ("Fiji deployed peacekeepers along the border.", "deployed", "074"),
        ("Chile is ready to contribute 300 soldiers to the mission.", "contribute", "0334"),
    ],
)
def test_peacekeepers_are_protection_not_mobilisation(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_refusal_on_a_condition_reads_the_condition(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(
        nlp, "The nurses will not end their strike unless the ministry raises their pay.", "end"
    )
    assert cls is not None and cls.code == "1242" and "unless" in cls.trigger


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The president received a team of UN inspectors on Monday.", "received", "0862"),
        ("The junta received the observers from the regional bloc.", "received", "0862"),
        ("Jordan opened the crossing to allow the delivery of food to Syria.", "allow", "0863"),
    ],
)
def test_letting_outsiders_in(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_rules_read_what_a_measure_noun_holds(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "Britain suspended part of its military aid to the junta.", "suspended")
    assert cls is not None and cls.code.startswith("162"), cls
    # A direct object the rule names still wins.
    direct = _word_class(nlp, "Britain suspended its military aid to the junta.", "suspended")
    assert direct is not None and direct.code.startswith("162")


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # The parser reads "out" as a preposition when the object comes between.
        ("The army pulled its troops out of the disputed valley.", "pulled", "0874"),
        ("The junta forced the refugee agency out of the country.", "forced", "166"),
        ("The militia drove thousands of villagers out of their homes.", "drove", "201"),
        ("The army was placed on high alert along the border.", "placed", "152"),
        ("The president laid a wreath at the war memorial.", "laid", "017"),
    ],
)
def test_particles_read_as_prepositions_and_alerts(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # Paths found missing by an audit of the lexicon against the CAMEO code table.
        ("The cabinet scrapped the new fuel levy after a week.", "scrapped", "0832"),
        ("Parliament repealed the emergency decree.", "repealed", "0832"),
        ("The lender suspended its loans to the coastal state.", "suspended", "1621"),
        ("The agency halted food deliveries to the northern camps.", "halted", "1623"),
        ("Congress froze military aid to the junta.", "froze", "1622"),
        ("The council ordered the peacekeepers to leave within a month.", "ordered", "1661"),
        ("The minister rejected the accusations of bribery.", "rejected", "016"),
        ("The embattled governor stepped down on Friday.", "stepped", "0831"),
        ("The two patrols exchanged fire across the river.", "exchanged", "193"),
        ("The governor welcomed the trade delegation to the capital.", "welcomed", "043"),
        ("The militia used the villagers as human shields.", "used", "184"),
        ("The regime used nerve gas on the rebel suburb.", "used", "2041"),
        ("The rebels sent drones and rockets to their allies.", "sent", "072"),
        ("Volunteers distributed food and blankets to the families.", "distributed", "073"),
        ("The authorities relaxed the curfew in the old town.", "relaxed", "0813"),
        ("Police stepped up patrols around the stadium.", "stepped", "151"),
        ("The defence ministry called up 5,000 reservists.", "called", "154"),
        ("Police opened fire on the marchers near the bridge.", "opened", "175"),
        ("A bomb went off outside the courthouse.", "went", "183"),
        ("Rioters torched a bank in the city centre.", "torched", "145"),
        ("The army sealed off the border district.", "sealed", "191"),
        ("The mayor survived an assassination attempt.", "survived", "185"),
        ("The commission barred the opposition candidate from the vote.", "barred", "1722"),
        ("The republic banned imports of foreign grain.", "banned", "163"),
        ("Thousands of farmers took to the streets of the capital.", "took", "141"),
        ("Dock workers walked off the job on Monday.", "walked", "143"),
    ],
)
def test_codebook_audit_paths(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_plain_use_and_rapped_criticism_are_no_events(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _word_class(nlp, "The ministry used the new software.", "used") is None
    assert _word_class(nlp, "The senator rapped the minister over the budget.", "rapped") is None


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The minister quit after the scandal.", "quit", "0831"),
        ("The delegation quit the talks in protest.", "quit", "164"),
        ("The council reversed its decision to shut the clinic.", "reversed", "0832"),
        ("The governor shortened the night curfew by two hours.", "shortened", "0813"),
        ("Gunmen killed forty villagers in a massacre near the river.", "killed", "202"),
    ],
)
def test_leaving_office_reversals_and_massacres(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The committee disapproved of the new budget.", "disapproved", "110"),
        ("The junta allowed a foreign mission into the province.", "allowed", "086"),
        ("Japan concurred with South Korea on the need for talks.", "concurred", "019"),
        ("The farmers demanded that parliament repeal the land law.", "demanded", "1042"),
        ("The cabinet refused to scrap the tax.", "refused", "1232"),
    ],
)
def test_generic_disapproval_accord_and_policy_frames(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The senator lambasted the cabinet over the fuel prices.", "lambasted", "111"),
        ("The judge granted bail to the reporter.", "granted", "0841"),
        ("The garrison evacuated its outpost on the ridge.", "evacuated", "0874"),
        ("Guards thrashed the inmates.", "thrashed", "182"),
        ("The trader was hacked to death by a gang.", "hacked", "1823"),
        ("The governor tendered his resignation on Monday.", "tendered", "0831"),
    ],
)
def test_more_news_verbs_from_the_audit(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


# -- roots 11-14 in reporters' wording (blind material; sentences written for these tests) -------


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # disapproval, accusations and lawsuits
        ("The prime minister took a dim view of the court's ruling.", "took", "110"),
        ("The bishop frowned on the new casino licences.", "frowned", "110"),
        ("The envoy voiced strong disapproval of the blockade.", "voiced", "111"),
        ("The mayor lashed out at the transport union on Friday.", "lashed", "111"),
        ("The president branded the jailed reporters as traitors.", "branded", "1125"),
        ("Fishermen took the oil company to court over the spill.", "took", "115"),
        # rejections
        ("The junta ruled out freeing the detained ministers.", "ruled", "1243"),
        ("The rebels ruled out negotiations with the army.", "ruled", "125"),
        ("The cabinet brushed aside calls for electoral reform.", "brushed", "123"),
        ("The premier brushed off demands that he resign.", "brushed", "12"),
        ("The president snubbed the mediators' peace initiative.", "snubbed", "12"),
        ("The assembly voted down the border treaty on Monday.", "voted", "12"),
        ("The ministry denied the charity's request for access.", "denied", "12"),
        ("The regime dismissed the protesters' demands for a new charter.", "dismissed", "12"),
        ("The ministry dismissed the allegations as lies.", "dismissed", "016"),
        ("The garrison ruled out pulling back from the ridge.", "ruled", "1246"),
        ("The kingdom held its ground over the oil quotas.", "held", "124"),
        ("The cabinet held firm against pressure from the unions.", "held", "124"),
        ("Beijing blocked the draft statement on the crackdown.", "blocked", "129"),
        # threats in warnings
        ("The general warned the rebels that they would pay dearly for the ambush.", "warned", "130"),
        ("The ministry warned the firms that they could face heavy fines.", "warned", "130"),
        ("The commander warned that his guns would hit the port.", "warned", "138"),
        ("The foreign ministry warned Oslo of retaliatory steps.", "warned", "130"),
        ("The army warned that a curfew would be declared if the looting went on.", "warned", "1323"),
        # protest in other words
        ("Tens of thousands poured into the streets of the capital on Sunday.", "poured", "141"),
        ("The jailed blogger refused food for a week.", "refused", "142"),
        ("The detained poet stopped eating on Monday.", "stopped", "142"),
        ("Two opposition deputies fasted outside the assembly.", "fasted", "142"),
        ("The activists chained themselves to the gates of the ministry.", "chained", "144"),
        ("Protesters blockaded the refinery for a third day.", "blockaded", "144"),
        ("The navy blockaded the rebel-held port.", "blockaded", "191"),
        ("Protesters set fire to the party's headquarters.", "set", "145"),
        ("Demonstrators clashed with riot police near the palace.", "clashed", "145"),
        ("Students set up a protest camp outside the ministry.", "set", "141"),
        ("Youths hurled stones at the police station.", "hurled", "145"),
        ("Opposition deputies walked out of the assembly during the budget speech.", "walked", "143"),
        ("Twelve detainees went on hunger strike on Friday.", "went", "142"),
        ("The regime threatened to carry out a nuclear strike on the capital.", "threatened", "1385"),
        ("The junta threatened to send troops into the disputed valley.", "threatened", "138"),
        ("The auditors accused the mayor of graft.", "accused", "1121"),
    ],
)
def test_roots_11_to_14_in_reporters_wording(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code.startswith(code), (text, cls)


def test_a_rally_against_is_a_demonstration_unless_others_are_rallied(nlp) -> None:  # type: ignore[no-untyped-def]
    marched = _word_class(nlp, "Thousands rallied in the capital against the new tax.", "rallied")
    assert marched is not None and marched.code == "141"
    rallied = _word_class(nlp, "The cleric rallied his followers against the government.", "rallied")
    assert rallied is not None and rallied.code == "113"


def test_a_preposition_that_only_gives_a_date_is_not_a_phrasal_object(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "called off on Friday" is no "call on" appeal: the date says when."""
    off = _word_class(nlp, "The planned rally was called off on Friday.", "called")
    assert off is not None and off.code == "082", off
    appeal = _word_class(nlp, "The unions called for a general strike on Monday.", "called")
    assert appeal is not None and "for" in appeal.trigger.split(), appeal


def test_what_an_object_is_called_is_not_a_second_object(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "what they called a rigged election" names the vote; it calls no election (0834)."""
    named = _word_class(nlp, "The lawmakers protested against what they called a rigged election.", "called")
    assert named is None or named.code != "0834", named
    called = _word_class(nlp, "The president called early elections for March.", "called")
    assert called is not None and called.code == "0834", called


# -- issue 11, blind gold for roots 15-20: wire-copy wording (sentences written for these tests) ---


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # 15: forces moved, rushed, drafted or pouring in; a show of strength; drills alone.
        ("Moscow moved two tank battalions close to the frontier.", "moved", "154"),
        ("The interior ministry rushed riot police to the port city.", "rushed", "153"),
        ("The governor drafted 500 extra officers into the district.", "drafted", "153"),
        ("Militia fighters poured into the hills above the town.", "poured", "154"),
        ("The navy flexed its muscle with a parade of frigates.", "flexed", "150"),
        ("The air force staged naval drills over the gulf.", "staged", "150"),
        ("The two navies held joint drills in the gulf.", "held", "062"),
        # 16: ties scaled back, aid withheld or stopped, talks and mediation abandoned.
        ("Chile scaled back its contacts with the junta.", "scaled", "160"),
        ("The cabinet suspended sporting exchanges with its neighbour.", "suspended", "160"),
        ("Washington withheld $40 million in military aid from the army.", "withheld", "162"),
        ("The donors stopped funding the refugee agency in May.", "stopped", "162"),
        ("The bank froze new lending to the country.", "froze", "1621"),
        ("Congress cut off arms sales to the regime.", "cut", "1622"),
        ("The league abandoned its mediation between the factions.", "abandoned", "165"),
        ("Rebel envoys walked out of the talks in Nairobi.", "walked", "164"),
        ("Nigeria pulled its peacekeeping battalion out of Liberia.", "pulled", "1661"),
        ("The junta ordered two relief groups out of the province.", "ordered", "1663"),
        ("The ministry told the UN observers to leave within a week.", "told", "1662"),
        ("Minsk ordered the Swedish institute to close its office.", "ordered", "166"),
        ("Tehran shut the British consulate in the city.", "shut", "161"),
        # 17: coercion, property taken over or wrecked, bans, curfews, emergency rule.
        ("The mayor compelled traders to close their stalls.", "compelled", "170"),
        ("Settlers took over a Bedouin farm on the hillside.", "took", "1711"),
        ("Soldiers wrecked the printing press of the weekly.", "wrecked", "1712"),
        ("The court dissolved the main opposition party.", "dissolved", "1722"),
        ("The cabinet outlawed all public gatherings in the capital.", "outlawed", "1721"),
        ("The authorities barred the activists from leaving the island.", "barred", "172"),
        ("The governor ordered residents to stay indoors after dusk.", "ordered", "1723"),
        ("The president placed the province under a state of emergency.", "placed", "1724"),
        ("The kingdom put three smugglers to death on Tuesday.", "put", "1823"),
        # 18: abductions, beatings, gunfire on civilians, assassinations and bombings.
        ("Bandits snatched two nurses from the clinic.", "snatched", "181"),
        ("Police roughed up a photographer outside the court.", "roughed", "182"),
        ("Gunmen sprayed the crowded bus with bullets.", "sprayed", "180"),
        ("Militants raided a school near the border.", "raided", "180"),
        ("The governor was shot dead outside his home.", "shot", "186"),
        ("Gunmen killed the judge Omar Haddad in an ambush.", "killed", "186"),
        ("A gunman tried to kill the mayor at the market.", "tried", "185"),
        ("Insurgents set off a car bomb near the ministry.", "set", "1832"),
        ("The militants detonated a truck near the barracks.", "detonated", "1832"),
        ("A man rammed a car bomb into the checkpoint.", "rammed", "1832"),
        # 20: mass violence, chemical and nuclear weapons, mass expulsion.
        ("The militia committed atrocities in the valley.", "committed", "200"),
        ("Army units drove the Karen villagers out of the hills.", "drove", "201"),
        ("The regime expelled the entire Greek community in 1964.", "expelled", "201"),
        ("Aircraft dropped chlorine-filled cylinders on the suburb.", "dropped", "2041"),
        ("The sect released nerve gas in a crowded station.", "released", "2041"),
        ("The state exploded a nuclear device in the desert.", "exploded", "2042"),
        ("The dictator used weapons of mass destruction on the marshes.", "used", "204"),
    ],
)
def test_blind_wire_wording_roots_15_to_20(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Cairo airlifted a battalion of commandos to Sinai.", "airlifted", "154"),
        ("The admiral ordered two frigates to the strait.", "ordered", "154"),
        ("Georgia called up its reserves on Friday.", "called", "154"),
        ("The mayor brought in federal police to guard the ballot boxes.", "brought", "153"),
        ("Washington blacklisted a Turkish bank on Monday.", "blacklisted", "163"),
        ("The peace talks collapsed on Sunday.", "collapsed", "164"),
        ("London slashed its aid to the junta.", "slashed", "162"),
        ("Senegal withdrew its soldiers from the UN mission in Darfur.", "withdrew", "1661"),
        ("Damascus threw out the UN monitors in June.", "threw", "1662"),
        ("The regime kicked out a Reuters correspondent.", "kicked", "174"),
        ("Excavators flattened the market stalls overnight.", "flattened", "1712"),
        ("A farmer was stabbed to death near the well.", "stabbed", "1823"),
        ("Militants hurled grenades at the police post.", "hurled", "183"),
        ("A roadside bomb killed three policemen near Mosul.", "killed", "1833"),
        ("A suicide bomber struck a wedding party in the north.", "struck", "1831"),
        ("A bomb tore through a crowded bus station on Monday.", "tore", "183"),
        ("Assailants gunned down the mayor on his doorstep.", "gunned", "186"),
        ("Armoured columns crossed into the disputed province.", "crossed", "192"),
        ("The army attacked the village with chlorine gas.", "attacked", "2041"),
        ("Riot police fired water cannon at the students.", "fired", "175"),
        ("The junta expelled thousands of ethnic Chinese in 1978.", "expelled", "201"),
        ("Border guards traded fire with smugglers overnight.", "traded", "193"),
        ("The two leaders traded accusations on Monday.", "traded", None),
        ("Two bikers snatched her gold chain near the temple.", "snatched", None),
        ("Helicopters pounded the ridge at dawn.", "pounded", "195"),
        ("Mortar shells rained down on the camp.", "rained", "194"),
        ("A sniper killed the deputy governor on Friday.", "killed", "186"),
        ("Gunmen killed twelve worshippers in an attack on a church.", "killed", "180"),
        ("Warplanes killed nine civilians in a raid on the market.", "killed", "195"),
        ("The junta called off the talks with the exiles on Monday.", "called", "164"),
        ("The court banned three opposition weeklies.", "banned", "1721"),
        ("The tribunal disqualified the governor from the race.", "disqualified", "1722"),
        ("Loyalist troops retook the airport on Saturday.", "retook", "192"),
        ("Rebels recaptured the crossing after a week.", "recaptured", "192"),
        ("The navy test-fired a cruise missile on Monday.", "fired", "150"),
        ("Ottawa halted arms exports to the kingdom.", "halted", "1622"),
        ("London dispatched 300 paratroopers to the island.", "dispatched", "154"),
        ("Soldiers cordoned off the old quarter on Friday.", "cordoned", "191"),
        ("The kingdom hanged three convicts at dawn.", "hanged", "1823"),
        ("Seoul raised its combat readiness on Sunday.", "raised", "152"),
        ("The governor ordered the demolition of the camp.", "ordered", "1712"),
        ("Beijing slapped heavy tariffs on the imports.", "slapped", "163"),
        ("The regulator blocked Telegram on Sunday.", "blocked", "1721"),
        ("Detectives hauled in the mayor for questioning.", "hauled", "173"),
        ("The navy sailed two frigates past the islands.", "sailed", "150"),
        ("The general put his divisions on standby.", "put", "152"),
        ("Soldiers mowed down marchers in the square.", "mowed", "175"),
        ("Paris suspended the sale of attack helicopters to the regime.", "suspended", "1622"),
    ],
)
def test_more_wire_wording_roots_15_to_20(nlp, text: str, word: str, code: str | None) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    if code is None:
        assert cls is None or cls.code[:2] not in ("18", "19"), (text, cls)
        return
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The brigade mounted an assault on the airport.", "mounted", "190"),
        ("The jets carried out strikes on the depots.", "carried", "195"),
        ("The report described an assault on a nurse by guards.", "assault", "182"),
    ],
)
def test_assaults_and_strikes_as_nouns(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_light_noun_passes_on_its_of_object(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "The junta launched a campaign of mass violence in the south.", "launched")
    assert cls is not None and cls.code == "200" and "violence" in cls.trigger
    wave = _word_class(nlp, "The police carried out a wave of arrests.", "carried")
    assert wave is not None and wave.code == "173"


def test_past_form_cut_to_a_wrong_lemma_finds_its_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    # The small model reads "waged" as "wag" and "staged" as "stag".
    waged = _word_class(nlp, "The rebels waged a campaign of bombings in the capital.", "waged")
    assert waged is not None and waged.code == "183"
    staged = _word_class(nlp, "Workers staged a protest outside the mill.", "staged")
    assert staged is not None and staged.code.startswith("14")


def test_released_tear_gas_is_riot_control(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "Police released tear gas on the marchers.", "released")
    assert cls is not None and cls.code == "175"


def test_walking_out_of_talks_is_one_event(coder) -> None:  # type: ignore[no-untyped-def]
    events = coder.code("The rebel delegation walked out of the talks in Nairobi on Monday.")
    assert [e.cameo.code for e in events] == ["164"]


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # 05: reporters' phrasings of support, defence, rallying and upgraded ties
        ("The senator threw his weight behind the trade pact.", "threw", "051"),
        ("The minister leapt to the defence of the embattled governor.", "leapt", "052"),
        ("The envoy drummed up support for the refugees among donors.", "drummed", "053"),
        ("Peru and Chile raised their ties to a strategic alliance.", "raised", "050"),
        ("The cardinal forgave the man who had attacked him.", "forgave", "056"),
        # 06: joint projects, pooled resources, passed intelligence, handed over for trial
        ("Norway and Sweden pooled resources for a polar station.", "pooled", "060"),
        ("The two states began building a joint power line.", "building", "060"),
        ("The neighbours opened a shared customs post.", "opened", "060"),
        ("The two countries opened an economic cooperation zone.", "opened", "061"),
        ("The navy passed radar data on the smugglers to its allies.", "passed", "064"),
        ("Quito handed over the suspect to Bogota to face trial.", "handed", "063"),
        # 07: approved loans, deposits, relief flown in or sent as tents
        ("The fund approved a loan for Zambia.", "approved", "071"),
        ("The emirate deposited a billion dollars with the central bank.", "deposited", "071"),
        ("The charity flew medical teams into the quake zone.", "flew", "073"),
        ("The army sent tents to the flood victims.", "sent", "073"),
    ],
)
def test_reporters_phrasings_of_cooperation_and_aid(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # 08: phrasal yields, rights given, resignations handed in, things handed back
        ("The cabinet backed down over the fuel tax.", "backed", "080"),
        ("The mayor caved in to the striking drivers.", "caved", "080"),
        ("The junta gave in to the students on Friday.", "gave", "080"),
        ("The assembly gave women the vote.", "gave", "0833"),
        ("The parliament granted the minority the right to worship.", "granted", "0833"),
        ("The envoy handed in his resignation.", "handed", "0831"),
        ("The museum handed back the stolen statue to Greece.", "handed", "0842"),
        ("Kidnappers set free the two engineers.", "set", "0841"),
        ("The council unfroze the assets of the bank.", "unfroze", "085"),
        ("The regime let foreign observers into the province.", "let", "086"),
        ("The government let aid convoys into the valley.", "let", "0863"),
        ("The republic opened its plants to inspectors.", "opened", "0862"),
        ("The army scaled down its operations in the north.", "scaled", "087"),
        ("The governor ended the state of emergency.", "ended", "0814"),
        ("The warlord ordered his fighters to cease fire.", "ordered", "0871"),
        ("The province called off the curfew on Monday morning.", "called", "0813"),
        # 09: looking into, questioning over, gathering evidence
        ("The senate looked into the killings of the miners.", "looked", "091"),
        ("Detectives questioned the mayor over the bribes.", "questioned", "090"),
        # 10: telling someone to act is a demand
        ("Moscow told Kiev to withdraw its troops.", "told", "1056"),
    ],
)
def test_reporters_phrasings_of_yield_inquiry_and_demand(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_a_date_after_on_is_not_whom_a_call_is_on(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "The union called off the curfew patrols on Monday morning.", "called")
    assert cls is None or cls.code != "020", cls
    cls = _word_class(nlp, "The union called on the police on Monday to free the men.", "called")
    assert cls is not None and cls.code.startswith("02"), cls
    assert _word_class(nlp, "The ministry let the deadline pass.", "let") is None


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The ministry spoke out in support of the new cabinet.", "spoke", "051"),
        ("Paris came out in favour of the ceasefire plan.", "came", "051"),
        ("The two firms struck a deal on gas prices.", "struck", "037"),
        ("The two navies staged joint drills off the coast.", "staged", "062"),
        ("The coast guards held joint patrols in the strait.", "held", "062"),
        ("The two police forces swapped intelligence on the gang.", "swapped", "064"),
        ("The bank disbursed fifty million dollars to Malawi.", "disbursed", "071"),
        ("Beijing extended a credit line to Laos.", "extended", "071"),
        ("The agency rushed medical supplies to the flooded towns.", "rushed", "073"),
        ("Sweden took in thousands of refugees.", "took", "075"),
        ("The cabinet scrapped the ban on street rallies.", "scrapped", "081"),
        ("The king revoked the state of emergency.", "revoked", "0814"),
        ("The president commuted the sentences of the rebels.", "commuted", "081"),
        ("The gunmen let the hostages go.", "let", "0841"),
        ("The navy trimmed its presence in the gulf.", "trimmed", "087"),
        ("The militia stood down after the truce.", "stood", "087"),
        ("The minister bowed to pressure from the unions.", "bowed", "080"),
        ("The ministry ordered an inquiry into the collapse of the bridge.", "ordered", "090"),
        ("The court directed the police to release the reporters.", "directed", "1053"),
        ("The regime instructed the rebels to lay down their arms.", "instructed", "1056"),
    ],
)
def test_more_reporters_phrasings_for_roots_05_to_10(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Korea gave five million dollars to the flood-hit province.", "gave", "071"),
        ("The allies sent helmets to the border guards.", "sent", "072"),
        ("The cabinet signed off on a loan for the island.", "signed", "071"),
        ("The senate signed off on the new envoy.", "signed", "051"),
        ("The fund released a tranche of the loan.", "released", "071"),
        ("Moscow voiced backing for the Serbian stance.", "voiced", "051"),
    ],
)
def test_money_given_and_approvals(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The guerrillas gave up their arms at the camp.", "gave", "0873"),
        ("The students gave up their boycott of classes.", "gave", "082"),
        ("The council gave the green light to the new mission.", "gave", "051"),
        ("The coast guard returned the fishermen to their country.", "returned", "0841"),
        ("The two states repatriated their prisoners of war.", "repatriated", "0841"),
        ("The garrison abandoned the town after the siege.", "abandoned", "0874"),
        ("The agency sent investigators to the mine.", "sent", "090"),
        ("The prosecutor opened a preliminary examination into the killings.", "opened", "091"),
        ("The committee subpoenaed the banker.", "subpoenaed", "090"),
    ],
)
def test_giving_up_arms_repatriation_and_inquiries(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The senator heaped praise on the rescue teams.", "heaped", "051"),
        ("The king gave his blessing to the new cabinet.", "gave", "051"),
        ("Seoul lent its support to the Japanese bid.", "lent", "051"),
        ("Seoul lent money to the island state.", "lent", "071"),
        ("The two carmakers set up a joint venture in Pune.", "set", "061"),
        ("Gulf investors poured billions of dollars into the port.", "poured", "061"),
        ("Paris wrote off the debts of the poorest states.", "wrote", "071"),
        ("Volunteers handed out rations to the displaced families.", "handed", "073"),
        ("Norway resettled two thousand refugees.", "resettled", "075"),
    ],
)
def test_support_lent_and_money_poured(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The miners were set free by the gang.", "set", "0841"),
        ("Ottawa granted residency to the stranded sailors.", "granted", "075"),
        ("The court granted the family refugee status.", "granted", "075"),
        ("The council agreed to the strikers' demand for a pay rise.", "agreed", "080"),
    ],
)
def test_passive_release_residency_and_demands_agreed_to(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_aid_packages_and_handovers_are_nouns_that_code(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "Brussels announced a bailout package for Athens.", "announced")
    assert cls is not None and cls.code == "071", cls
    cls = _word_class(nlp, "The handover of the prisoners took place at dawn.", "handover")
    assert cls is not None and cls.code == "0841", cls


def test_arms_received_and_journalists_pardoned(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "The militia received rifles and tanks from its patron.", "received")
    assert cls is not None and cls.code == "072" and cls.swap_roles, cls
    cls = _word_class(nlp, "The emir pardoned the jailed bloggers.", "pardoned")
    assert cls is not None and cls.code == "0841", cls


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Paris reaffirmed its backing for the Lebanese army.", "reaffirmed", "051"),
        ("Rome sided with Athens in the quarrel.", "sided", "051"),
        ("The mayor vouched for the police chief.", "vouched", "052"),
        ("Hanoi and Delhi deepened their partnership.", "deepened", "050"),
        ("The two states exchanged ambassadors.", "exchanged", "050"),
        ("Jordan hosted thousands of Iraqi refugees.", "hosted", "075"),
        ("Tehran supplied the militia with rockets.", "supplied", "072"),
        ("The lenders forgave most of the island's debt.", "forgave", "071"),
        ("The party chairman stepped aside.", "stepped", "0831"),
    ],
)
def test_backing_partnerships_refugees_hosted_and_debt_forgiven(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Ghana and Togo teamed up to curb smuggling.", "teamed", "060"),
        ("The two agencies worked together on the case.", "worked", "060"),
        ("The navy joined forces with the coast guard.", "joined", "060"),
    ],
)
def test_joint_action_phrasings(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_fighting_a_problem_is_not_combat(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _word_class(nlp, "The two states vowed to fight drug trafficking.", "fight") is None
    cls = _word_class(nlp, "Troops fought the rebels near the river.", "fought")
    assert cls is not None and cls.code == "190", cls


# -- roots 01-10: word senses and missing phrasings (round 2, helper I) ---------------------------


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # British spellings find the "-ize" entry.
        ("The rebels began demobilising their units.", "demobilising", "0873"),
        ("The militia was demobilised last spring.", "demobilised", "0873"),
        # Welcoming a person, not a decision, is hosting a visit.
        ("The president welcomed Japan's emperor on a state visit.", "welcomed", "043"),
        ("The premier welcomed the Swedish king to Oslo.", "welcomed", "043"),
        ("The premier welcomed the court's ruling.", "welcomed", "051"),
        # Asking forgiveness is an apology, not a request.
        ("The bishop asked forgiveness for the failings of his church.", "asked", "055"),
        ("The minister asked for forgiveness from the families.", "asked", "055"),
        ("The minister asked for patience from the families.", "asked", "020"),
        # Speaking up for someone defends them.
        ("French officials spoke up for Rome in the budget row.", "spoke", "052"),
        # Lobbying on someone's behalf rallies support for them.
        ("The senator lobbied Gulf rulers on Cairo's behalf.", "lobbied", "053"),
        # Cargo by weight flown somewhere is a delivery, not a visit.
        ("Canada flew 20 tonnes of medicine to Haiti.", "flew", "073"),
        ("The envoy flew to Haiti on Friday.", "flew", "042"),
        # Working alongside, joint campaigns and operations are cooperation.
        ("Chilean firefighters worked alongside Argentine teams.", "worked", "060"),
        ("Peru and Bolivia launched a joint campaign against smuggling.", "launched", "060"),
        ("Spanish and Moroccan police carried out a joint operation.", "carried", "062"),
        # Opening a pipeline; opening places to relief.
        ("Georgia and Azerbaijan opened an oil pipeline.", "opened", "061"),
        ("The junta opened its northern airports to relief flights.", "opened", "0863"),
        # Meeting a key demand accedes to it; "met resistance" is no event.
        ("The king dissolved parliament, meeting a key demand of the opposition.", "meeting", "080"),
        ("Bowing to weeks of unrest, the cabinet resigned.", "Bowing", "080"),
        # Handing back crews and trawlers returns persons and property.
        ("Syria handed back the crew of the ferry.", "handed", "0841"),
        ("Syria handed back a seized trawler to Cyprus.", "handed", "0842"),
    ],
)
def test_roots_01_10_word_senses_and_phrasings(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_meeting_resistance_or_plain_demands_is_no_accession(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _word_class(nlp, "The troops met little resistance in the valley.", "met") is None
    assert _word_class(nlp, "The plan met the demands of the lenders.", "met") is None


def test_a_span_of_something_is_no_date(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "Bowing to months of protests, the king named a new cabinet.", "Bowing")
    assert cls is not None and cls.code == "080", cls
    # A night of a date is still a date: no "call on" appeal.
    cls = _word_class(nlp, "The strike was called off on the night of June 5.", "called")
    assert cls is not None and cls.code == "082", cls


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The emir let women vote, meeting a long-standing demand of activists.", "meeting", "080"),
        ("The minister told reporters that the harvest would be large.", "told", "010"),
        ("The ministry opened the insurance market to foreign firms.", "opened", "0832"),
        ("The junta made concessions to the students.", "made", "080"),
    ],
)
def test_roots_01_10_statements_concessions_and_opened_markets(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_an_object_mislemmatized_by_the_model_still_counts_as_written(nlp) -> None:  # type: ignore[no-untyped-def]
    # The small model lemmatizes "crossing" here as "cross".
    cls = _word_class(nlp, "Jordan opened the Jaber Nassib crossing on Monday.", "opened")
    assert cls is not None and cls.code == "0863", cls


def test_a_measure_holds_each_of_its_conjoined_things(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Washington gave the Colombian army dozens of Black Hawk and Huey helicopters."
    cls = _word_class(nlp, text, "gave")
    assert cls is not None and cls.code == "072", cls


# --- roots 11-20: word senses and missing phrasings (r2-H) -------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # People seized are abducted; things seized are confiscated.
        ("Armed men seized two foreign engineers near the pipeline.", "seized", "181"),
        ("Customs officers seized a large shipment of cigarettes.", "seized", "1711"),
        # An angry walkout is a protest, storming a building an assault.
        ("Opposition members stormed out of the chamber during the budget debate.", "stormed", "143"),
        ("Special forces stormed the hijacked airliner before dawn.", "stormed", "190"),
        # Irregular attackers shooting at civilians: unconventional violence, not military force.
        ("Masked gunmen opened fire on a crowded bus station in the south.", "opened", "180"),
        ("Army units opened fire on rebel trenches across the valley.", "opened", "190"),
        ("Soldiers fired on a crowd of strikers outside the mine.", "fired", "175"),
        # Targeted sanctions.
        ("Brussels imposed a travel ban on the general and his aides.", "imposed", "163"),
        ("Ottawa imposed an asset freeze on three ministers.", "imposed", "163"),
        ("The junta imposed a ban on the main opposition party.", "imposed", "1722"),
        # Deadlines: to get out is an expulsion, to do anything else an ultimatum.
        ("The council gave the foreign contractors two weeks to leave the country.", "gave", "166"),
        ("The militia gave the governor 24 hours to release its commander.", "gave", "139"),
        # Expulsions.
        ("The interior ministry ordered the relief agency out of the province.", "ordered", "1663"),
        ("The president told the peacekeepers to leave within a month.", "told", "1661"),
        # "said no to" a request is a refusal.
        ("The finance ministry said no to a request for new loans.", "said", "120"),
        # Irregulars burning civilians' things are assaulting them; an office burned is property.
        ("Militants torched a school bus in the hills.", "torched", "180"),
        ("Vandals set fire to cars parked in the square.", "set", "1712"),
        # The kind of bomb names the attack.
        ("A car packed with explosives blew up near the courthouse.", "blew", "1832"),
        ("A roadside bomb tore through an army jeep in the valley.", "tore", "1833"),
        ("Gunmen ambushed the motorcade of the regional governor.", "ambushed", "185"),
        ("Gunmen ambushed an army supply column.", "ambushed", "190"),
        # A threat of a reprisal the speaker would carry out.
        ("Hanoi warned Manila it would take firm measures if the survey went ahead.", "warned", "130"),
        ("The central bank warned that growth could slow next year.", "warned", "012"),
        ("Fishermen blockaded the ferry port with their trawlers.", "blockaded", "144"),
    ],
)
def test_roots_11_to_20_word_senses(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # A crowd gathering or walking out to demand something is protesting.
        ("Thousands of teachers gathered outside the ministry to demand a pay rise.", "gathered", "141"),
        ("Dock workers walked out on Monday to demand safer cranes.", "walked", "143"),
        ("Rioters ransacked the tax office in the old town.", "ransacked", "145"),
        ("Burglars ransacked the mayor's country house.", "ransacked", "1712"),
        # The small model reads "fast" in "began an indefinite fast" as an adverb.
        ("Jailed dissidents began an indefinite fast on Friday.", "began", "142"),
    ],
)
def test_roots_11_to_20_protest_phrasings(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Destroyers staged live-fire exercises off the northern coast.", "staged", "150"),
        ("The ministry sent hundreds of riot police into the mining town.", "sent", "153"),
        # People sent or shipped back home are deported; goods shipped are aid or trade.
        ("Greece sent an Iraqi-born imam back to Baghdad on Monday.", "sent", "174"),
        ("Malaysia shipped 200 undocumented labourers home on Friday.", "shipped", "174"),
        ("Ottawa barred imports of coal from the region.", "barred", "163"),
        ("The emir dismissed a petition from students calling for free elections.", "dismissed", "120"),
        ("Oslo suspended its efforts to mediate between the two parties.", "suspended", "165"),
        ("Doha suspended its role as a go-between in the hostage talks.", "suspended", "165"),
    ],
)
def test_roots_11_to_20_sanctions_and_deportations(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # "... or face ...": the alternative offered makes a demand or a deadline an ultimatum.
        ("The envoy told the colonels to step down within three days or face sanctions.", "told", "139"),
        ("The gang gave the company 48 hours to pay or see its depot burned.", "gave", "139"),
        ("The envoy told the colonels to step down within three days.", "told", "1041"),
        ("The admiral warned the rebels that he could resort to a naval blockade.", "warned", "130"),
    ],
)
def test_roots_11_to_20_ultimatums(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_dismay_at_what_someone_did_is_disapproval(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "The bishops expressed dismay at the army's conduct in the north.", "expressed")
    assert cls is not None and cls.code == "110", cls
    cls = _word_class(nlp, "Investors voiced concern about the slowing economy.", "voiced")
    assert cls is not None and cls.code == "012", cls


def test_symbols_worn_in_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "Nurses wore white armbands on Friday to show their anger at the cuts.", "wore")
    assert cls is not None and cls.code == "140", cls
    assert _word_class(nlp, "The envoy wore a dark suit to the ceremony.", "wore") is None


def test_pressured_into_is_coercion(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "Factory bosses pressured workers into signing the petition.", "pressured")
    assert cls is not None and cls.code == "170", cls


# --- What the complement says: the act asked for, promised, threatened or given a deadline ------


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("The lenders urged Accra on Friday to cut fuel subsidies.", "urged", "0242"),
        ("Oslo urged the junta to let observers into the province.", "urged", "0255"),
        ("Cairo demanded that Tripoli resume oil deliveries at once.", "demanded", "1011"),
        ("Baghdad demanded that the council end the embargo on its oil.", "demanded", "1054"),
        ("The general pledged to hand power to an elected cabinet.", "pledged", "0344"),
        ("Seoul warned the North it would take firm measures if the shelling went on.", "warned", "130"),
        ("Tehran warned Kabul it would respond with force to any raid.", "warned", "138"),
        # The plea or request is only the plain rejection; what was asked for says more.
        ("The fund turned down Ghana's plea for a new loan.", "turned", "1221"),
        ("Tokyo declined a request from Manila for rice shipments.", "declined", "1223"),
        ("The governor rejected the request.", "rejected", "120"),
        ("Rome demanded that Cairo extradite the two officers.", "demanded", "1013"),
        ("The envoy demanded that the neighbours end their quarrel over the river.", "demanded", "107"),
        ("Lisbon threatened the publisher with legal action over the leak.", "threatened", "131"),
        ("Quito said it was determined to reach a final settlement with Lima.", "determined", "037"),
        ("Tokyo pledged $2 billion in loans to Jakarta.", "pledged", "0331"),
        ("Minsk warned Vilnius of grave consequences.", "warned", "130"),
    ],
)
def test_complement_acts_give_the_frames_sub_code(nlp, text: str, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, text, word)
    assert cls is not None and cls.code == code, (text, cls)


def test_deadline_given_is_an_ultimatum(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "The militia gave the mayor two days to free the hostages.", "gave")
    assert cls is not None and cls.code == "139", cls
    # A deadline to get out is the expulsion itself (166), as the roots 11-20 rules read it.
    cls = _word_class(nlp, "Minsk gave the foreign troops three months to leave its soil.", "gave")
    assert cls is not None and cls.code == "166", cls
    cls = _word_class(nlp, "The donors gave the clinic food and blankets.", "gave")
    assert cls is None or cls.code != "139", cls


def test_ready_to_use_force_is_a_threat_of_force(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "Hanoi warned the fleet that it was ready to use force.", "ready")
    assert cls is not None and cls.code == "138", cls


def test_could_with_a_harmful_act_is_a_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    cls = _word_class(nlp, "The tribunal said it could ban the opposition party.", "ban")
    assert cls is not None and cls.code.startswith("13"), cls
    cls = _word_class(nlp, "The navy could send aid to the flooded coast.", "send")
    assert cls is not None and cls.code.startswith("07"), cls
