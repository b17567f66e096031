"""Validate the actor knowledge base under src/eventcoder/data/actors/.

These tests read the data files directly (not through the resolver) so that a bad edit to a
data file is caught with a message naming the entry, whatever the loader does with it.
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "eventcoder" / "data" / "actors"

COUNTRY_COLUMNS = ["iso3", "iso2", "name", "aliases", "adjectives", "capitals", "cameo"]
AGENT_COLUMNS = ["phrase", "sector", "note"]

# CAMEO sectors the knowledge base may use (actor "agent" codes plus IGO/NGO).
SECTORS = {
    "GOV", "MIL", "REB", "INS", "TER", "OPP", "COP", "JUD", "LEG", "SPY", "UAF", "IGO", "NGO",
    "PTY", "CRM", "ELI", "CVL", "REF", "BUS", "MED", "EDU", "HLH", "LAB", "HRI", "REL", "AGR",
    "ENV",
}  # fmt: skip

ID_RE = re.compile(r"^[a-z0-9_]+$")

# Surface forms deliberately shared by two entities. Keep this empty unless a clash is really
# meant; the resolver then needs context to choose.
INTENDED_SHARED_ALIASES: dict[tuple[str, ...], set[str]] = {}


def _key(form: str) -> tuple[str, ...]:
    """Compare names the way a matcher does: case, accents and punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", form.casefold().replace("ı", "i"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return tuple(re.findall(r"[^\W_]+", plain))


def _rows(name: str) -> list[dict[str, str]]:
    """Read a tab-separated data file, skipping # comment lines."""
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#") and line.strip()]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return list(reader)


def _header(name: str) -> list[str]:
    with (DATA / name).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#") and line.strip():
                return line.rstrip("\n").split("\t")
    return []


def _as_date(value: Any, where: str) -> date:
    """YAML gives bare ISO dates as date objects; quoted ones arrive as strings."""
    if isinstance(value, date):
        return value
    assert isinstance(value, str), f"{where}: date {value!r} is not YYYY-MM-DD"
    return date.fromisoformat(value)


def _role_at(entity: dict[str, Any], when: date) -> dict[str, Any] | None:
    """The role covering `when` (from inclusive, until exclusive); latest start wins."""
    found = None
    for role in entity.get("roles") or []:
        start = _as_date(role["from"], entity["id"])
        end = _as_date(role["until"], entity["id"]) if role.get("until") else None
        covers = start <= when and (end is None or when < end)
        if covers and (found is None or start >= _as_date(found["from"], entity["id"])):
            found = role
    return found


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return _rows("countries.tsv")


@pytest.fixture(scope="module")
def iso3(countries: list[dict[str, str]]) -> set[str]:
    return {row["iso3"] for row in countries}


@pytest.fixture(scope="module")
def people() -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA / "people.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def orgs() -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA / "organizations.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def agents() -> list[dict[str, str]]:
    return _rows("agents.tsv")


@pytest.fixture(scope="module")
def people_by_id(people: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in people}


@pytest.fixture(scope="module")
def orgs_by_id(orgs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for o in orgs}


# --- countries.tsv ---------------------------------------------------------------------------


def test_countries_header_and_shape(countries: list[dict[str, str]]) -> None:
    assert _header("countries.tsv") == COUNTRY_COLUMNS
    for row in countries:
        assert None not in row and all(v is not None for v in row.values()), f"bad column count: {row}"
    # ISO 3166-1 has 249 entries; Kosovo (XKX) is added.
    assert len(countries) >= 250


def test_country_codes_valid_and_unique(countries: list[dict[str, str]]) -> None:
    seen3: set[str] = set()
    seen2: set[str] = set()
    for row in countries:
        assert re.fullmatch(r"[A-Z]{3}", row["iso3"]), row["iso3"]
        assert re.fullmatch(r"[A-Z]{2}", row["iso2"]), row["iso2"]
        assert row["name"].strip(), row["iso3"]
        assert row["iso3"] not in seen3, f"duplicate iso3 {row['iso3']}"
        assert row["iso2"] not in seen2, f"duplicate iso2 {row['iso2']}"
        seen3.add(row["iso3"])
        seen2.add(row["iso2"])
        assert not row["cameo"] or re.fullmatch(r"[A-Z]{3}", row["cameo"]), row["cameo"]
        for field in ("aliases", "adjectives", "capitals"):
            if row[field]:
                items = row[field].split("|")
                assert all(i and i == i.strip() for i in items), f"{row['iso3']} {field}: {items}"


def test_required_countries_and_metonyms(countries: list[dict[str, str]]) -> None:
    by = {row["iso3"]: row for row in countries}
    for code in ("PSE", "XKX", "TWN", "ESH", "SSD", "USA", "RUS", "TUR", "SYR", "COD", "COG", "PRK", "KOR"):
        assert code in by, code
    assert "Türkiye" in by["TUR"]["name"] or "Türkiye" in by["TUR"]["aliases"]
    assert "Turkey" in by["TUR"]["aliases"].split("|")
    assert "Kremlin" in by["RUS"]["capitals"].split("|")
    assert {"White House", "Washington", "Pentagon"} <= set(by["USA"]["capitals"].split("|"))
    assert "Downing Street" in by["GBR"]["capitals"].split("|")
    assert {"Syrian", "Syrians"} <= set(by["SYR"]["adjectives"].split("|"))
    assert {"U.S.", "US", "America"} <= set(by["USA"]["aliases"].split("|"))
    # Names of the 1970s-80s still met in older reports.
    assert "Kampuchea" in by["KHM"]["aliases"].split("|")
    assert "Kampuchean" in by["KHM"]["adjectives"].split("|")


def test_every_country_has_an_adjective_where_one_exists(countries: list[dict[str, str]]) -> None:
    # Sovereign states all have a demonym in English; only some uninhabited territories lack one.
    missing = [row["iso3"] for row in countries if not row["adjectives"]]
    assert len(missing) <= 20, missing


# --- organizations.yaml --------------------------------------------------------------------------


ENTITY_KEYS = {"id", "name", "aliases", "home_aliases", "country", "sector", "cameo", "code", "roles"}
ROLE_KEYS = {"country", "sector", "title", "from", "until", "org", "cameo"}


def _check_roles(entity: dict[str, Any], iso3: set[str], igo_codes: set[str]) -> None:
    where = entity["id"]
    # An unquoted comma inside a {...} role splits it into stray keys; catch that here.
    assert set(entity) <= ENTITY_KEYS, f"{where}: unknown keys {set(entity) - ENTITY_KEYS}"
    for role in entity.get("roles") or []:
        assert isinstance(role, dict), where
        assert set(role) <= ROLE_KEYS, f"{where}: unknown role keys {set(role) - ROLE_KEYS}"
        assert role.get("sector") in SECTORS, f"{where}: sector {role.get('sector')!r}"
        country = role.get("country")
        if country is None:
            assert role.get("org") in igo_codes or entity.get("country", "x") is None, (
                f"{where}: a role without a country needs org: an organization code"
            )
        else:
            assert country in iso3, f"{where}: unknown country {country}"
        assert "from" in role, f"{where}: role without from"
        start = _as_date(role["from"], where)
        if role.get("until") is not None:
            end = _as_date(role["until"], where)
            assert start < end, f"{where}: from {start} is not before until {end}"


def test_orgs_fields(orgs: list[dict[str, Any]], iso3: set[str]) -> None:
    codes = {str(o["code"]) for o in orgs if o.get("code")}
    seen: set[str] = set()
    for org in orgs:
        oid = org.get("id")
        assert isinstance(oid, str) and ID_RE.match(oid), f"bad id {oid!r}"
        assert oid not in seen, f"duplicate id {oid}"
        seen.add(oid)
        assert isinstance(org.get("name"), str) and org["name"].strip(), oid
        assert "country" in org, f"{oid}: country missing (use null for transnational)"
        assert org["country"] is None or org["country"] in iso3, f"{oid}: country {org['country']}"
        assert org.get("sector") in SECTORS, f"{oid}: sector {org.get('sector')!r}"
        aliases = org.get("aliases") or []
        assert isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases), oid
        if org["sector"] == "IGO":
            assert org.get("code"), f"{oid}: an IGO needs a code"
        if org.get("cameo") is not None:
            assert re.fullmatch(r"[A-Z][A-Z0-9]{2,14}", org["cameo"]), f"{oid}: cameo {org['cameo']!r}"
        _check_roles(org, iso3, codes)


def test_required_orgs_present(orgs_by_id: dict[str, dict[str, Any]]) -> None:
    required = [
        "un", "unsc", "unhcr", "unicef", "wfp", "who", "iaea", "ocha", "unrwa", "undp", "icc", "icj",
        "imf", "world_bank", "nato", "eu", "european_commission", "european_parliament", "au",
        "arab_league", "oic", "gcc", "asean", "osce", "opec", "ecowas", "sco", "brics",
        "council_of_europe", "icrc", "ifrc", "amnesty", "hrw", "msf",
        "hts", "sna", "sdf", "ypg", "pkk", "hezbollah", "hamas", "pij", "houthis", "isis", "al_qaeda",
        "al_shabaab", "boko_haram", "iswap", "jnim", "taliban", "ttp", "rsf", "saf", "m23", "wagner",
        "africa_corps", "azov", "fatah", "palestinian_authority", "muslim_brotherhood", "tatmadaw",
        "arakan_army", "eln", "farc_dissidents", "tren_de_aragua", "sinaloa_cartel", "cjng",
    ]  # fmt: skip
    missing = [r for r in required if r not in orgs_by_id]
    assert not missing, missing


def test_org_sectors_and_role_changes(orgs_by_id: dict[str, dict[str, Any]]) -> None:
    assert orgs_by_id["isis"]["sector"] == "TER"
    assert orgs_by_id["un"]["cameo"] == "IGOUNO"
    assert "HTS" in orgs_by_id["hts"]["aliases"]
    taliban = orgs_by_id["taliban"]
    assert _role_at(taliban, date(2020, 6, 1))["sector"] == "INS"  # type: ignore[index]
    assert _role_at(taliban, date(2022, 6, 1))["sector"] == "GOV"  # type: ignore[index]
    hts = orgs_by_id["hts"]
    assert _role_at(hts, date(2024, 12, 7))["sector"] == "REB"  # type: ignore[index]
    assert _role_at(hts, date(2024, 12, 9))["sector"] == "GOV"  # type: ignore[index]
    rsf = orgs_by_id["rsf"]
    assert _role_at(rsf, date(2020, 1, 1))["sector"] == "MIL"  # type: ignore[index]
    assert _role_at(rsf, date(2024, 1, 1))["sector"] == "REB"  # type: ignore[index]


# --- people.yaml ---------------------------------------------------------------------------------


def test_people_fields(people: list[dict[str, Any]], orgs: list[dict[str, Any]], iso3: set[str]) -> None:
    codes = {str(o["code"]) for o in orgs if o.get("code")}
    seen: set[str] = set()
    for person in people:
        pid = person.get("id")
        assert isinstance(pid, str) and ID_RE.match(pid), f"bad id {pid!r}"
        assert pid not in seen, f"duplicate id {pid}"
        seen.add(pid)
        assert isinstance(person.get("name"), str) and person["name"].strip(), pid
        aliases = person.get("aliases") or []
        assert isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases), pid
        roles = person.get("roles")
        assert isinstance(roles, list) and roles, f"{pid}: needs at least one dated role"
        for role in roles:
            assert isinstance(role.get("title"), str) and role["title"].strip(), f"{pid}: role title"
        _check_roles(person, iso3, codes)


def test_people_coverage(people: list[dict[str, Any]]) -> None:
    countries_with_leaders = {
        r["country"]
        for p in people
        for r in p["roles"]
        if r.get("country") and r["sector"] == "GOV" and r.get("until") is None
    }
    assert len(people) >= 600
    assert len(countries_with_leaders) >= 60, sorted(countries_with_leaders)


def _expect(person: dict[str, Any], when: date, country: str | None, sector: str) -> None:
    role = _role_at(person, when)
    assert role is not None, f"{person['id']}: no role on {when}"
    assert (role.get("country"), role["sector"]) == (country, sector), f"{person['id']} on {when}: {role}"


def test_required_people_dates(people_by_id: dict[str, dict[str, Any]]) -> None:
    p = people_by_id
    _expect(p["erdogan"], date(2014, 8, 28), "TUR", "GOV")
    assert _role_at(p["erdogan"], date(2014, 8, 28))["title"] == "president"  # type: ignore[index]
    _expect(p["bashar_al_assad"], date(2024, 12, 7), "SYR", "GOV")
    assert _role_at(p["bashar_al_assad"], date(2024, 12, 8)) is None
    sharaa = p["ahmed_al_sharaa"]
    assert {"Abu Mohammad al-Jolani", "al-Julani"} <= set(sharaa["aliases"])
    _expect(sharaa, date(2024, 12, 7), "SYR", "REB")
    _expect(sharaa, date(2024, 12, 20), "SYR", "GOV")
    assert _role_at(sharaa, date(2025, 1, 29))["title"] == "president"  # type: ignore[index]
    _expect(p["mohammed_shia_al_sudani"], date(2022, 10, 27), "IRQ", "GOV")
    guterres = _role_at(p["antonio_guterres"], date(2017, 1, 1))
    assert guterres is not None and guterres["country"] is None
    assert (guterres["sector"], guterres["org"]) == ("IGO", "UNO")
    _expect(p["putin"], date(2023, 1, 1), "RUS", "GOV")
    _expect(p["joe_biden"], date(2025, 1, 19), "USA", "GOV")
    assert _role_at(p["joe_biden"], date(2025, 1, 20)) is None
    _expect(p["donald_trump"], date(2025, 1, 20), "USA", "GOV")
    _expect(p["donald_trump"], date(2018, 1, 1), "USA", "GOV")
    _expect(p["zelensky"], date(2022, 3, 1), "UKR", "GOV")
    _expect(p["netanyahu"], date(2020, 1, 1), "ISR", "GOV")
    _expect(p["netanyahu"], date(2022, 1, 1), "ISR", "OPP")
    _expect(p["netanyahu"], date(2023, 10, 7), "ISR", "GOV")
    _expect(p["ali_khamenei"], date(2020, 1, 1), "IRN", "GOV")
    _expect(p["ebrahim_raisi"], date(2024, 5, 18), "IRN", "GOV")
    assert _role_at(p["ebrahim_raisi"], date(2024, 5, 20)) is None
    _expect(p["masoud_pezeshkian"], date(2024, 7, 28), "IRN", "GOV")


def test_historical_and_conflict_people(people_by_id: dict[str, dict[str, Any]]) -> None:
    # Older reports (and the CAMEO/PLOVER examples) name leaders long out of office; current
    # conflicts name armed-group leaders whose standing changed over time.
    p = people_by_id
    _expect(p["suharto"], date(1990, 1, 1), "IDN", "GOV")
    assert _role_at(p["suharto"], date(1998, 5, 21)) is None
    _expect(p["ahmed_ben_bella"], date(1964, 6, 1), "DZA", "GOV")
    _expect(p["laurent_gbagbo"], date(2005, 1, 1), "CIV", "GOV")
    _expect(p["juvenal_habyarimana"], date(1990, 1, 1), "RWA", "GOV")
    _expect(p["jose_eduardo_dos_santos"], date(2000, 1, 1), "AGO", "GOV")
    klibi = _role_at(p["chedli_klibi"], date(1985, 1, 1))
    assert klibi is not None and (klibi["country"], klibi["sector"], klibi["org"]) == (None, "IGO", "ARL")
    _expect(p["gibril_ibrahim"], date(2015, 1, 1), "SDN", "REB")
    _expect(p["gibril_ibrahim"], date(2022, 1, 1), "SDN", "GOV")
    _expect(p["pol_pot"], date(1977, 1, 1), "KHM", "GOV")
    _expect(p["pol_pot"], date(1985, 1, 1), "KHM", "REB")
    _expect(p["mukhtar_robow"], date(2023, 1, 1), "SOM", "GOV")
    _expect(p["margaret_thatcher"], date(1985, 1, 1), "GBR", "GOV")
    _expect(p["kurt_waldheim"], date(1975, 1, 1), None, "IGO")
    _expect(p["kurt_waldheim"], date(1990, 1, 1), "AUT", "GOV")


def test_orgs_with_changed_standing(orgs_by_id: dict[str, dict[str, Any]]) -> None:
    o = orgs_by_id
    _expect(o["khmer_rouge"], date(1977, 1, 1), "KHM", "GOV")
    _expect(o["khmer_rouge"], date(1985, 1, 1), "KHM", "REB")
    _expect(o["fsln"], date(1985, 1, 1), "NIC", "GOV")
    _expect(o["fsln"], date(1995, 1, 1), "NIC", "OPP")
    _expect(o["renamo"], date(1985, 1, 1), "MOZ", "REB")
    _expect(o["renamo"], date(2000, 1, 1), "MOZ", "OPP")
    _expect(o["swapo"], date(1985, 1, 1), "NAM", "REB")
    _expect(o["swapo"], date(2000, 1, 1), "NAM", "GOV")


def test_no_overlapping_same_title_roles(people: list[dict[str, Any]]) -> None:
    # The same office held twice must not overlap in time: that is a typing error in a date.
    for person in people:
        spans: dict[tuple[Any, str], list[tuple[date, date]]] = defaultdict(list)
        for role in person["roles"]:
            start = _as_date(role["from"], person["id"])
            end = _as_date(role["until"], person["id"]) if role.get("until") else date.max
            spans[(role.get("country"), role["title"])].append((start, end))
        for key, ranges in spans.items():
            ranges.sort()
            for (_, end1), (start2, _) in itertools.pairwise(ranges):
                assert end1 <= start2, f"{person['id']}: overlapping {key}"


# --- agents.tsv ----------------------------------------------------------------------------------


def test_agents(agents: list[dict[str, str]]) -> None:
    assert _header("agents.tsv") == AGENT_COLUMNS
    phrases = [row["phrase"] for row in agents]
    assert len(phrases) >= 150
    assert len(set(phrases)) == len(phrases), "duplicate agent phrase"
    for row in agents:
        assert row["phrase"] == row["phrase"].lower().strip() and row["phrase"], row
        assert row["sector"] in SECTORS, row
    by = {row["phrase"]: row["sector"] for row in agents}
    for phrase, sector in {
        "rebel": "REB", "troops": "MIL", "soldier": "MIL", "police": "COP", "riot police": "COP",
        "government": "GOV", "regime": "GOV", "foreign minister": "GOV", "defence minister": "GOV",
        "defense minister": "GOV", "security forces": "MIL", "armed forces": "MIL",
        "opposition fighters": "REB", "protester": "OPP", "refugee": "REF", "judge": "JUD",
        "lawmaker": "LEG", "spy agency": "SPY", "civilian": "CVL", "journalist": "MED",
        "guerilla": "REB", "rebel forces": "REB", "aircraft": "MIL", "serviceman": "MIL",
        "elder": "ELI", "inhabitant": "CVL", "settler": "CVL", "administrator": "GOV",
    }.items():  # fmt: skip
        assert by.get(phrase) == sector, phrase


# --- across files --------------------------------------------------------------------------------


def test_no_alias_names_two_entities(
    countries: list[dict[str, str]], people: list[dict[str, Any]], orgs: list[dict[str, Any]]
) -> None:
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for row in countries:
        for field in ("name", "aliases", "adjectives", "capitals"):
            for form in filter(None, row[field].split("|")):
                owners[_key(form)].add(f"country:{row['iso3']}")
    for kind, entities in (("person", people), ("org", orgs)):
        for entity in entities:
            for form in [entity["name"], *(entity.get("aliases") or [])]:
                owners[_key(str(form))].add(f"{kind}:{entity['id']}")
    clashes = {
        form: ids for form, ids in owners.items() if len(ids) > 1 and INTENDED_SHARED_ALIASES.get(form) != ids
    }
    assert not clashes, clashes
