"""PETRARCH dictionary importer: parsing, code conversion, merge into user YAML, round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from eventcoder.actors import ActorResolver
from eventcoder.actors.petrarch import detect_kind, import_dictionary, parse_code, parse_day, phrase

FIXTURES = Path(__file__).parent / "fixtures"
KB_DIR = FIXTURES / "actors"
DICTS = FIXTURES / "petrarch"
PHOENIX = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "petrarch2" / "dictionaries"


@pytest.fixture(scope="module")
def countries() -> set[str]:
    return set(ActorResolver.load(directories=[KB_DIR]).kb.countries)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, countries: set[str]) -> tuple[Path, list]:
    into = tmp_path_factory.mktemp("user") / "actors.yaml"
    reports = [
        import_dictionary(DICTS / name, into, countries)
        for name in ("Test.Countries.actors.txt", "Test.agents.txt", "Test.discards.txt")
    ]
    return into, reports


@pytest.fixture(scope="module")
def resolver(imported: tuple[Path, list]) -> ActorResolver:
    return ActorResolver.load(extra_files=[imported[0]], directories=[KB_DIR])


def one(resolver: ActorResolver, name: str, on: date | None = None):  # type: ignore[no-untyped-def]
    results = resolver.lookup(name, on)
    assert results, f"{name} did not resolve"
    return results[0]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("SYRGOV", ("SYRGOV", None, None)),
        ("SYRGOV >000717", ("SYRGOV", date(2000, 7, 17), None)),
        ("USAGOV >20090120", ("USAGOV", date(2009, 1, 20), None)),
        ("USAGOV <20170120", ("USAGOV", None, date(2017, 1, 20))),
        ("AFGELI 320101-331108", ("AFGELI", date(1932, 1, 1), date(1933, 11, 9))),
        ("EGYGOV > 140608", ("EGYGOV", date(2014, 6, 8), None)),
        ("HUNGOV 2001-99", None),
        ("IRQOCC 1920030320-20060520", None),
    ],
)
def test_parse_code(body: str, expected: tuple | None) -> None:
    assert parse_code(body) == expected


def test_parse_day_window() -> None:
    assert parse_day("291231") == date(2029, 12, 31)
    assert parse_day("300101") == date(1930, 1, 1)
    assert parse_day("991399") is None


def test_phrase_words() -> None:
    assert phrase("RECEP_TAYYIP_ERDOGAN_") == "Recep Tayyip Erdogan"
    assert phrase("BAN_KI-MOON") == "Ban Ki-Moon"
    assert phrase("UN_") == "UN"


def test_detect_kind() -> None:
    for name, kind in (
        ("Test.Countries.actors.txt", "actors"),
        ("Test.agents.txt", "agents"),
        ("Test.discards.txt", "discards"),
    ):
        path = DICTS / name
        assert detect_kind(path, path.read_text(encoding="utf-8")) == kind


def test_report_counts_and_skips(imported: tuple[Path, list]) -> None:
    actors_report, agents_report, discards_report = imported[1]
    assert actors_report.counts["people"] == 2
    assert actors_report.counts["organizations"] == 3
    assert actors_report.counts["countries"] == 3
    assert any("BROKEN" in s.upper() or "2001-99" in s for s in actors_report.skipped)
    assert any("No Code Here" in s for s in actors_report.skipped)
    assert (
        agents_report.counts["agents"] == 8
    )  # border guard(s), river man/men/woman/women, gendarme, town council
    assert discards_report.counts["discards"] == 2


def test_yaml_is_our_format(imported: tuple[Path, list]) -> None:
    data = yaml.safe_load(imported[0].read_text(encoding="utf-8"))
    assert set(data) == {"countries", "people", "organizations", "agents", "discards"}
    orban = next(p for p in data["people"] if p["name"] == "Viktor Orban")
    assert orban["roles"][2] == {"country": "HUN", "sector": "GOV", "cameo": "HUNGOV", "from": "2010-05-29"}


class TestRoundTrip:
    def test_dated_roles(self, resolver: ActorResolver) -> None:
        assert one(resolver, "Viktor Orban", date(2015, 1, 1)).actor.cameo == "HUNGOV"
        assert one(resolver, "Orbán", date(2005, 1, 1)).actor.cameo == "HUNELI"
        assert one(resolver, "Prime Minister Viktor Orban", date(1999, 1, 1)).actor.cameo == "HUNGOV"

    def test_cameo_country_codes_become_iso(self, resolver: ActorResolver) -> None:
        iohannis = one(resolver, "Iohannis", date(2020, 1, 1)).actor
        assert (iohannis.country, iohannis.cameo) == ("ROU", "ROUGOV")
        # After the dated role ends, the undated default code applies.
        assert one(resolver, "Klaus Iohannis", date(2025, 6, 1)).actor.cameo == "ROUELI"
        assert one(resolver, "Pristina").actor.country == "XKX"
        assert one(resolver, "Budapest").actor.country == "HUN"

    def test_non_state_codes(self, resolver: ActorResolver) -> None:
        ngo = one(resolver, "River Watch Group").actor
        assert (ngo.country, ngo.sector, ngo.cameo) == (None, "NGO", "NGOENV")
        assert one(resolver, "NLA", date(1999, 5, 1)).actor.cameo == "ROUREB"

    def test_agents_and_macros(self, resolver: ActorResolver) -> None:
        assert one(resolver, "Hungarian border guards").actor.cameo == "HUNMIL"
        assert one(resolver, "river women").actor.sector == "AGR"
        assert one(resolver, "town council").actor.sector == "GOV"

    def test_discards(self, resolver: ActorResolver) -> None:
        assert one(resolver, "Hungary Cup").kind == "discard"

    def test_resolves_in_text(self, nlp, resolver: ActorResolver) -> None:  # type: ignore[no-untyped-def]
        da = resolver.annotate(nlp("Viktor Orban met Romanian border guards."), date(2016, 3, 1))
        got = {t.text: a.cameo for t, a in da.actors()}
        assert got == {"Orban": "HUNGOV", "guards": "ROUMIL"}


def test_merge_is_idempotent_and_keeps_user_entries(tmp_path: Path, countries: set[str]) -> None:
    into = tmp_path / "actors.yaml"
    into.write_text("people:\n  - {id: mine, name: My Person, aliases: [Mine]}\n", encoding="utf-8")
    for _ in range(2):
        import_dictionary(DICTS / "Test.Countries.actors.txt", into, countries)
    data = yaml.safe_load(into.read_text(encoding="utf-8"))
    ids = [p["id"] for p in data["people"]]
    assert ids.count("viktor_orban") == 1 and "mine" in ids
    hun = next(c for c in data["countries"] if c["iso3"] == "HUN")
    assert hun["aliases"].count("Budapest") == 1


@pytest.mark.shared
@pytest.mark.slow
def test_real_phoenix_dictionaries(tmp_path: Path) -> None:
    if not PHOENIX.exists():
        pytest.skip("../shared/reference/petrarch2 is not present")
    into = tmp_path / "phoenix.yaml"
    countries = set(ActorResolver.load().kb.countries)
    for name in (
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
    ):
        report = import_dictionary(PHOENIX / name, into, countries)
        assert sum(report.counts.values()) > 50
    r = ActorResolver.load(extra_files=[into])
    ban = one(r, "Ban Ki-moon", date(2010, 1, 1)).actor
    assert (ban.country, ban.sector, ban.cameo) == (None, "IGO", "IGOUNO")
    annan = one(r, "Kofi Annan", date(2000, 6, 1)).actor
    assert annan.cameo == "IGOUNO"
    abu_nidal = one(r, "Abu Nidal Organization").actor
    assert abu_nidal.cameo is not None and abu_nidal.cameo.startswith("IMG")
    assert one(r, "Barack Obama", date(2012, 1, 1)).actor.cameo == "USAGOV"
    assert one(r, "Kabul").kind == "capital"


def test_imported_city_synonym_keeps_capital_rule(resolver: ActorResolver) -> None:
    # The fixture dictionary lists BUDAPEST_ as a synonym of HUNGARY_; the knowledge base knows it
    # as the capital, which must still read as the government.
    kinds = [r.kind for r in resolver.lookup("Budapest")]
    assert kinds[0] == "capital"
    assert resolver.lookup("Hungarian Republic")[0].source.endswith("actors.yaml")
