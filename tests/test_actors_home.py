"""Real news as it comes: the article's home country, domestic actors, any casing, damaged text,
collective coreference and domestic politics in the knowledge base. Sentences are our own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventcoder.actors import ActorResolver, DocActors
from eventcoder.errors import InputError
from eventcoder.model import Actor, Article


@pytest.fixture(scope="module")
def package() -> ActorResolver:
    return ActorResolver.load()


@pytest.fixture(scope="module")
def code(nlp, package):  # type: ignore[no-untyped-def]
    def run(text: str, published: date | None = date(2002, 3, 6), **kw: str) -> DocActors:
        return package.annotate(nlp(text), published, **kw)  # type: ignore[arg-type]

    return run


def actor(da: DocActors, word: str, nth: int = 0) -> Actor | None:
    return da.actor_for([t for t in da.doc if t.text == word][nth])


# -- home country --------------------------------------------------------------------------------


class TestHomeCountry:
    def test_dateline_in_the_text(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("jaipur: the district administration said on monday that schools would reopen.")
        assert da.home_country == "IND"

    def test_dateline_word_is_no_actor(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("new delhi: the home ministry said on monday that more troops would be sent.")
        assert actor(da, "delhi") is None and da.home_country == "IND"

    def test_dateline_and_outlet_given(self, code, nlp, package) -> None:  # type: ignore[no-untyped-def]
        assert code("Police said the road was closed.", dateline="PESHAWAR").home_country == "PAK"
        assert code("Police said the road was closed.", source="Premium Times").home_country == "NGA"
        article = Article(id="a", title="", text="", source="Dawn", dateline=None)
        da = package.annotate(nlp("Police said the road was closed."), None, article=article)
        assert da.home_country == "PAK"

    def test_names_alone(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("Officials in Kenya said the vote would go ahead. Kenyan police guarded the polls.")
        assert da.home_country == "KEN"

    def test_no_home_on_a_tie_or_without_evidence(self, code) -> None:  # type: ignore[no-untyped-def]
        assert code("Police said two men were arrested.").home_country is None
        assert code("Kenya and Uganda signed a trade deal.").home_country is None

    def test_domestic_agents_take_it_marked_inferred(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("Police fired tear gas at a mob in the capital.", dateline="Dhaka")
        police, mob = actor(da, "Police"), actor(da, "mob")
        assert police is not None and (police.cameo, police.inferred) == ("BGDCOP", ("country",))
        assert mob is not None and mob.cameo == "BGDCVL"

    def test_a_foreign_agent_does_not(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("Foreign troops left the base, officials said.", dateline="Kabul")
        troops = actor(da, "troops")
        assert troops is not None and troops.country is None

    def test_named_country_is_not_marked(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("Pakistani police arrested ten men.", dateline="Dhaka")
        police = actor(da, "police")
        assert police is not None and (police.cameo, police.inferred) == ("PAKCOP", ())

    def test_home_actor(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("Forty people were arrested near the station.", dateline="LAHORE")
        police = da.home_actor("COP")
        assert police is not None and police.name == "PAK police" and police.inferred == ("actor",)
        assert da.home_actor("GOV").cameo == "PAKGOV"  # type: ignore[union-attr]
        assert code("Forty people were arrested.").home_actor("COP") is None

    def test_unknown_person_in_a_domestic_story(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("Sunita Rao told reporters that the market stayed shut.", dateline="Pune")
        someone = actor(da, "Rao")
        assert someone is not None and (someone.country, someone.inferred) == ("IND", ("country",))

    def test_outlets_file_is_checked(self, tmp_path: Path) -> None:
        folder = tmp_path / "kb"
        folder.mkdir()
        (folder / "outlets.tsv").write_text("outlet\tcountry\nDaily Example\tXX\n", encoding="utf-8")
        with pytest.raises(InputError, match=r"outlets\.tsv:2"):
            ActorResolver.load(directories=[folder])


# -- casing and damaged text ---------------------------------------------------------------------


LOWER = (
    "ahmedabad: chief minister narendra modi met the governor on tuesday. prime minister vajpayee "
    "spoke to bjp and vhp leaders, while the congress demanded a debate. the mob dispersed before "
    "the march reached the square. ahmedabad police said the situation was tense."
)


class TestCasing:
    def test_lower_case_names_resolve(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(LOWER)
        assert actor(da, "modi").actor_id == "narendra_modi"  # type: ignore[union-attr]
        assert actor(da, "modi").cameo == "INDGOV"  # type: ignore[union-attr]
        assert actor(da, "vajpayee").actor_id == "atal_bihari_vajpayee"  # type: ignore[union-attr]
        assert actor(da, "bjp").cameo == "INDGOV"  # type: ignore[union-attr]  # ruling in 2002
        assert actor(da, "vhp").actor_id == "vhp"  # type: ignore[union-attr]
        police = actor(da, "police")
        assert police is not None and police.cameo == "INDCOP"

    def test_common_words_stay_words(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(LOWER)
        mentions = da.view.mentions
        assert not any(da.doc[i].text in ("mob", "march") for i in mentions)
        # "congress" is the Indian National Congress only because the story is Indian.
        assert actor(da, "congress").actor_id == "inc"  # type: ignore[union-attr]
        us_story = code(
            "washington: the congress passed the budget bill on friday after a long debate today."
        )
        assert us_story.view.mentions.get(2) is None or us_story.view.mentions[2].entry.entity.id != "inc"  # type: ignore[union-attr]

    def test_all_capitals(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(
            "QUETTA: PRIME MINISTER SHEHBAZ SHARIF MET PPP LEADERS ON MONDAY. POLICE SAID THE MARCH "
            "WOULD GO AHEAD.",
            date(2024, 6, 1),
        )
        assert da.view.caseless and da.home_country == "PAK"
        assert actor(da, "SHEHBAZ").actor_id == "shehbaz_sharif"  # type: ignore[union-attr]
        assert actor(da, "POLICE").cameo == "PAKCOP"  # type: ignore[union-attr]
        assert actor(da, "MARCH") is None

    def test_cased_text_keeps_its_rules(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("We ate turkey on the holiday, and Turkey sent an envoy.")
        assert actor(da, "turkey") is None and actor(da, "Turkey").country == "TUR"  # type: ignore[union-attr]

    def test_someone_elses_surname(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(
            "lucknow: khurshid naqvi, a trader, told reporters that shops were closed for a second day."
        )
        assert (actor(da, "naqvi") or Actor("")).actor_id != "mohsin_naqvi"

    def test_damaged_text_is_no_actor(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(
            "\u00e2\u20ac\u0153we will not leave, \u00e2\u20ac\u009d the leader said. \ufffd said nothing."
        )
        texts = [a.text for _, a in da.actors()]
        assert not any("\u00e2\u20ac" in t or "\ufffd" in t for t in texts)


# -- collective coreference ----------------------------------------------------------------------


class TestCollective:
    def test_they_after_police_in_a_city(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(
            "Police clashed with stone throwers in Multan on Friday. They fired tear gas and detained 40."
        )
        they = actor(da, "They")
        assert they is not None and they.cameo == "PAKCOP"

    def test_the_force_and_the_mob(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(
            "Bangladeshi police fired rubber bullets at a mob in Sylhet. The force said the mob had set "
            "fire to two buses. Later the mob dispersed."
        )
        force = actor(da, "force")
        assert force is not None and force.cameo == "BGDCOP" and force.text == "force"
        mob = actor(da, "mob", 2)
        assert mob is not None and mob.sector == "CVL" and mob.country == "BGD"

    def test_the_ministry(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(
            "The Kenyan government ordered the schools closed. The ministry said they would reopen in May."
        )
        ministry = actor(da, "ministry")
        assert ministry is not None and ministry.cameo == "KENGOV"


# -- domestic politics in the knowledge base -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "on", "cameo"),
    [
        ("Atal Bihari Vajpayee", date(2002, 3, 1), "INDGOV"),
        ("Narendra Modi", date(2002, 3, 1), "INDGOV"),
        ("L. K. Advani", date(2002, 3, 1), "INDGOV"),
        ("L. K. Advani", date(2006, 1, 1), "INDOPP"),
        ("Bharatiya Janata Party", date(2002, 3, 1), "INDGOV"),
        ("Bharatiya Janata Party", date(2010, 1, 1), "INDOPP"),
        ("Indian National Congress", date(2002, 3, 1), "INDOPP"),
        ("Indian National Congress", date(2010, 1, 1), "INDGOV"),
        ("Mayawati", date(2002, 3, 1), "INDPTY"),
        ("Mayawati", date(2002, 6, 1), "INDGOV"),
        ("Rapid Action Force", None, "INDCOP"),
        ("Bajrang Dal", None, "INDREL"),
        ("PML-N", date(2024, 6, 1), "PAKGOV"),
        ("PDP", date(2020, 1, 1), "NGAOPP"),
        ("PRI", date(2015, 1, 1), "MEXGOV"),
        ("Philippine National Police", None, "PHLCOP"),
    ],
)
def test_domestic_knowledge(package, name: str, on: date | None, cameo: str) -> None:  # type: ignore[no-untyped-def]
    (first, *_) = package.lookup(name, on)
    assert first.actor.cameo == cameo
