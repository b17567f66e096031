"""The actors stage's units one by one: name finding, roles, places, modifiers and agents,
coreference, unknown names, lookup. Sentences are our own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventcoder.actors import ActorResolver
from eventcoder.actors.context import DocView, Found, Referent
from eventcoder.actors.coref import History
from eventcoder.actors.kb import Role
from eventcoder.actors.lookup import MatchKind
from eventcoder.actors.roles import RoleStatus, entity_actor, pick_role
from eventcoder.model import Actor

FIXTURES = Path(__file__).parent / "fixtures" / "actors"


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.load(directories=[FIXTURES])


@pytest.fixture(scope="module")
def view(nlp, resolver):  # type: ignore[no-untyped-def]
    """A parsed text as the units read it, with its names found."""

    def run(text: str, published: date | None = None) -> DocView:
        doc_view = DocView.read(nlp(text), published)
        doc_view.mentions = resolver.names.find(doc_view)
        return doc_view

    return run


def token(v: DocView, word: str, nth: int = 0):  # type: ignore[no-untyped-def]
    return [t for t in v.doc if t.text == word][nth]


# -- names ---------------------------------------------------------------------------------------


class TestNameFinder:
    def test_longest_match_spans_the_whole_name(self, view) -> None:  # type: ignore[no-untyped-def]
        v = view("Fighters of Hayat Tahrir al-Sham entered the town.")
        mention = v.mentions[token(v, "Hayat").i]
        assert mention.entry.entity is not None and mention.entry.entity.id == "hts"
        assert v.mentions[token(v, "Sham").i] is mention

    def test_lower_case_country_word_is_no_name(self, view) -> None:  # type: ignore[no-untyped-def]
        v = view("We ate turkey and rice on the holiday.")
        assert token(v, "turkey").i not in v.mentions

    def test_acronym_needs_capitals(self, view) -> None:  # type: ignore[no-untyped-def]
        v = view("Let us hope the US agrees.")
        assert token(v, "us").i not in v.mentions
        assert v.mentions[token(v, "US").i].entry.country is not None

    def test_acronym_defined_by_another_name_is_not_the_known_one(self, view) -> None:  # type: ignore[no-untyped-def]
        v = view("The Karoo Water Board (UN) met on Friday.")
        assert token(v, "UN").i not in v.mentions


# -- roles ---------------------------------------------------------------------------------------


class TestRoles:
    roles = (
        Role("SYR", "GOV", "president", date(2000, 7, 17), date(2024, 12, 8)),
        Role("SYR", "REB", "leader", date(1990, 1, 1), date(2000, 7, 17)),
    )

    def test_statuses(self) -> None:
        assert pick_role((), None).status is RoleStatus.NONE
        assert pick_role(self.roles, None).status is RoleStatus.LATEST
        assert pick_role(self.roles, date(2010, 1, 1)).status is RoleStatus.VALID
        gone = pick_role(self.roles, date(2025, 1, 1))
        assert gone.status is RoleStatus.OUT_OF_OFFICE and not gone.in_office
        assert gone.role == self.roles[0] and "elite ELI" in gone.rule

    def test_out_of_office_is_elite_of_the_last_country(self, resolver) -> None:  # type: ignore[no-untyped-def]
        actor, choice = entity_actor(resolver.kb.entities["assad"], "Assad", date(2025, 2, 1))
        assert (actor.country, actor.sector, actor.cameo) == ("SYR", "ELI", "SYRELI")
        assert choice.status is RoleStatus.OUT_OF_OFFICE


# -- places --------------------------------------------------------------------------------------


def test_place_reader_gives_a_town_its_country(view, resolver) -> None:  # type: ignore[no-untyped-def]
    v = view("Rebels captured Aleppo on Sunday.")
    country = resolver.places.country_of(token(v, "Aleppo"))
    assert country is not None and country.iso3 == "SYR"
    assert resolver.places.country_of(token(v, "Rebels")) is None


# -- modifiers and agents ------------------------------------------------------------------------


class TestAgents:
    def test_agent_at_finds_the_longest_phrase(self, view, resolver) -> None:  # type: ignore[no-untyped-def]
        v = view("The Turkish foreign minister arrived.")
        agent, start = resolver.modifiers.agent_at(v, token(v, "minister").i)
        assert agent.phrase == "foreign minister" and start == token(v, "foreign").i

    def test_modifier_gives_the_country(self, view, resolver) -> None:  # type: ignore[no-untyped-def]
        v = view("The government of Syria rejected the plan.")
        head = token(v, "government")
        country, owner = resolver.modifiers.modifier(v, head, head.i)
        assert country is not None and country.iso3 == "SYR" and owner is None

    def test_other_country_marker(self, view, resolver) -> None:  # type: ignore[no-untyped-def]
        v = view("Foreign troops left the base.")
        assert resolver.modifiers.other_country(v, token(v, "troops"))

    def test_office_holder_on_a_date(self, resolver) -> None:  # type: ignore[no-untyped-def]
        found = resolver.agents.office_holder("TUR", "foreign minister", date(2024, 1, 5), "the minister")
        assert found is not None and found.actor.actor_id == "fidan"
        assert resolver.agents.office_holder("TUR", "foreign minister", None, "x") is None

    def test_from_agent_with_a_country(self, view, resolver) -> None:  # type: ignore[no-untyped-def]
        v = view("Syrian rebels shelled the village.")
        head = token(v, "rebels")
        agent, start = resolver.modifiers.agent_at(v, head.i)
        found = resolver.agents.from_agent(v, head, agent.sector, start, None)
        assert found is not None and found.actor.cameo == "SYRREB" and found.kind is Referent.GROUP


# -- coreference ---------------------------------------------------------------------------------


class TestCoreference:
    def test_history_keeps_the_latest_group_and_sector(self, view, resolver) -> None:  # type: ignore[no-untyped-def]
        v = view("Syrian troops fired.")
        history = History()
        troops = Found(Actor("Syrian troops", None, "SYR", "MIL", "SYRMIL", None), Referent.GROUP)
        history.remember(troops, token(v, "troops"), resolver.rules, 0)
        assert history.group is not None and history.by_sector["MIL"].actor.cameo == "SYRMIL"
        assert history.group_subject is not None  # a clause subject

    def test_a_place_is_never_remembered(self, view, resolver) -> None:  # type: ignore[no-untyped-def]
        v = view("Rebels captured Aleppo.")
        history = History()
        town = Found(Actor("Aleppo", "Aleppo", "SYR", None, "SYR", None), Referent.PLACE)
        history.remember(town, token(v, "Aleppo"), resolver.rules, 0)
        assert history.thing is None and history.group is None

    def test_pronoun_takes_the_earlier_group_with_its_own_words(self, view, resolver) -> None:  # type: ignore[no-untyped-def]
        v = view("They refused.")
        history = History()
        history.group = Found(
            Actor("HTS", "Hayat Tahrir al-Sham", "SYR", "REB", "SYRREB", "hts"), Referent.ORG
        )
        found = resolver.coref.pronoun(v, token(v, "They"), history)
        assert found is not None and found.actor.text == "They" and found.actor.actor_id == "hts"
        assert resolver.coref.pronoun(v, token(v, "They"), None) is None

    def test_point_back_by_sector_family(self, resolver) -> None:  # type: ignore[no-untyped-def]
        history = History()
        rebels = Found(Actor("rebels", None, "SYR", "REB", "SYRREB", None), Referent.GROUP)
        history.group_by_family["REB"] = rebels
        found = resolver.coref.point_back(history, "militant", "militant", "TER", False, True)
        assert found is rebels


# -- unknown names -------------------------------------------------------------------------------


class TestUnknownNames:
    def test_unknown_person_stays_unknown(self, view, resolver) -> None:  # type: ignore[no-untyped-def]
        v = view("John Smith visited the market.")
        found = resolver.unknown.resolve(v, token(v, "Smith"), Referent.PERSON)
        assert found.actor == Actor(text="John Smith")

    def test_title_gives_the_country(self, view, resolver) -> None:  # type: ignore[no-untyped-def]
        v = view("Syrian Foreign Minister Omar Haddad said no.")
        found = resolver.unknown.resolve(v, token(v, "Haddad"), Referent.PERSON)
        assert found.actor.cameo == "SYRGOV" and found.actor.actor_id is None


# -- lookup --------------------------------------------------------------------------------------


class TestLookup:
    def test_kinds_are_an_enum(self, resolver) -> None:  # type: ignore[no-untyped-def]
        assert resolver.lookup("Ankara")[0].kind is MatchKind.CAPITAL
        assert resolver.lookup("Erdogan")[0].kind is MatchKind.PERSON
        assert resolver.lookup("Syrian rebels")[0].kind is MatchKind.AGENT

    def test_agent_words_allow_plurals(self, resolver) -> None:  # type: ignore[no-untyped-def]
        agent = resolver.explainer.agent_words(("refugees",))
        assert agent is not None and agent.sector == "REF"
        assert resolver.explainer.agent_words(()) is None
