"""The actor knowledge base: countries, people, organizations and agents read from data files.

Files (format in docs/actors.md): a directory with countries.tsv, people.yaml, organizations.yaml
and agents.tsv (the package's data/actors/), plus user YAML files merged over it. Everything is
indexed once into dicts keyed by folded word tuples, so matching an article is dict lookups only.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError

# Letters that NFKD does not split into base letter + accent.
_SPECIAL_LETTERS = str.maketrans(
    {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss"}
)
_WORD = re.compile(r"[^\W_]+")
# "Democratic People's Republic": spaCy splits off the possessive, so names are keyed without it.
_POSSESSIVE = re.compile(r"['’]s\b")

# Alias kinds, in the order they win when one alias names several things.
KIND_PRIORITY = {"entity": 0, "country": 1, "capital": 2, "adjective": 3, "discard": 4}


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase and strip accents, so "Erdoğan" and "Erdogan" compare equal."""
    if text.isascii():
        return text.lower()  # most names: no accents to strip
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def pieces(text: str) -> tuple[str, ...]:
    """The folded words of a text, punctuation dropped ("al-Sharaa" -> ("al", "sharaa"))."""
    return tuple(_WORD.findall(_POSSESSIVE.sub("", fold(text))))


def parse_day(value: Any, where: str) -> date | None:
    """A YAML/TSV date (date object or YYYY-MM-DD string) or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(where, f"bad date {value!r}, expected YYYY-MM-DD") from None


@dataclass(frozen=True, slots=True)
class Role:
    """An office or affiliation held between `start` (inclusive) and `end` (exclusive)."""

    country: str | None
    sector: str | None
    title: str | None = None
    start: date | None = None
    end: date | None = None
    org: str | None = None
    cameo: str | None = None

    @property
    def dated(self) -> bool:
        """True when the role is limited in time (it then wins over an undated default)."""
        return self.start is not None or self.end is not None

    def covers(self, day: date) -> bool:
        """Whether the role was held on `day`."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def describe(self) -> str:
        """Human-readable dates, e.g. "2014-08-28.." or "..2024-12-08"."""
        if not self.dated:
            return "undated"
        start = self.start.isoformat() if self.start else ""
        end = self.end.isoformat() if self.end else ""
        return f"{start}..{end}"


@dataclass(frozen=True, slots=True)
class Country:
    """A country row of countries.tsv."""

    iso3: str
    name: str
    source: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person or organization with its (possibly dated) roles."""

    id: str
    name: str
    kind: str  # person | org
    roles: tuple[Role, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Agent:
    """A generic role noun ("troops", "foreign minister") and its CAMEO sector."""

    phrase: str
    sector: str
    source: str


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One name in the index: what it points to and where it came from."""

    kind: str  # entity | country | capital | adjective | discard
    alias: str
    source: str
    entity: Entity | None = None
    country: Country | None = None
    acronym: bool = False  # short all-caps names ("US", "UN") only match upper-case text


@dataclass(frozen=True, slots=True)
class CorefRules:
    """Word lists of coreference.yaml."""

    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    expletive_heads: frozenset[str]
    definite: frozenset[str]
    person_nouns: frozenset[str]
    generic_person_nouns: frozenset[str]
    group_nouns: frozenset[str]
    sector_family: dict[str, str]
    led_by_verbs: frozenset[str]
    of_prepositions: frozenset[str]
    subject_deps: frozenset[str] = frozenset()
    ethnic_markers: frozenset[str] = frozenset()
    other_country_markers: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    located_verbs: frozenset[str] = frozenset()
    place_qualifiers: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    lowercase_common_words: frozenset[str] = frozenset()
    home_sectors: frozenset[str] = frozenset()
    collective_referents: dict[str, tuple[str, ...]] = field(default_factory=dict)
    federal_centre_nouns: frozenset[str] = frozenset()
    place_prepositions: frozenset[str] = frozenset()


@dataclass
class KnowledgeBase:
    """All actor knowledge, indexed for matching."""

    countries: dict[str, Country] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    names: dict[tuple[str, ...], list[AliasEntry]] = field(default_factory=dict)
    name_lengths: dict[str, list[int]] = field(default_factory=dict)
    agents: dict[tuple[str, ...], Agent] = field(default_factory=dict)
    agent_max_len: int = 1
    titles: set[str] = field(default_factory=set)
    offices: dict[tuple[str, str], list[tuple[Role, Entity]]] = field(default_factory=dict)
    cameo_to_iso: dict[str, str | None] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    entity_keys: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # id -> alias keys
    outlets: dict[tuple[str, ...], str] = field(default_factory=dict)  # folded outlet name -> iso3
    # Names that mean an entity only in articles of one home country: iso3 -> folded words -> entry.
    home_aliases: dict[str, dict[tuple[str, ...], AliasEntry]] = field(default_factory=dict)

    # -- building -----------------------------------------------------------------------------

    def add_alias(self, entry: AliasEntry, first: bool = False) -> None:
        """Index one alias; `first` puts it ahead of earlier entries (user files win)."""
        key = pieces(entry.alias)
        if not key:
            return
        bucket = self.names.setdefault(key, [])
        # Identity, not equality: comparing entities field by field is slow and never needed.
        if any(
            e.kind == entry.kind and e.entity is entry.entity and e.country is entry.country for e in bucket
        ):
            return
        bucket.insert(0, entry) if first else bucket.append(entry)
        lengths = self.name_lengths.setdefault(key[0], [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)

    def add_entity(self, entity: Entity, aliases: Iterable[str], first: bool = False) -> None:
        """Register a person or organization under its name and aliases."""
        old = self.entities.get(entity.id)
        if old is not None:
            # A user entry with a known id replaces the package entry, aliases included.
            for key in self.entity_keys.pop(old.id, ()):
                self.names[key] = [e for e in self.names[key] if e.entity is not old]
            for holders in self.offices.values():
                holders[:] = [(r, e) for r, e in holders if e is not old]
        self.entities[entity.id] = entity
        self.entity_keys[entity.id] = [k for k in (pieces(a) for a in (entity.name, *aliases)) if k]
        for alias in (entity.name, *aliases):
            self.add_alias(
                AliasEntry("entity", alias, entity.source, entity=entity, acronym=_acronym(alias)), first
            )
        if entity.kind == "person":
            for role in entity.roles:
                if role.title:
                    self.titles.add(fold(role.title))
                    if role.country:
                        self.offices.setdefault((role.country, fold(role.title)), []).append((role, entity))

    def add_agent(self, agent: Agent) -> None:
        """Register a role noun; a later file's sector wins."""
        key = pieces(agent.phrase)
        if key:
            self.agents[key] = agent
            self.agent_max_len = max(self.agent_max_len, len(key))

    def country_code(self, code: str | None) -> str | None:
        """ISO alpha-3 for a CAMEO/ISO country code; None for non-country codes (IGO, regions)."""
        if not code:
            return None
        code = code.upper()
        if code in self.cameo_to_iso:
            return self.cameo_to_iso[code]
        return code

    # -- reading ------------------------------------------------------------------------------

    def read_dir(self, directory: Path | Any) -> None:
        """Read a knowledge-base directory (package data or a user folder); missing files are skipped."""
        for name, reader in (
            ("countries.tsv", self.read_countries),
            ("people.yaml", lambda p: self.read_entities(p, "person")),
            ("organizations.yaml", lambda p: self.read_entities(p, "org")),
            ("agents.tsv", self.read_agents),
            ("outlets.tsv", self.read_outlets),
        ):
            path = directory / name
            if path.is_file():
                reader(path)

    def read_countries(self, path: Path | Any) -> None:
        """countries.tsv: iso3 iso2 name aliases adjectives capitals cameo."""
        src = _source(path)
        for lineno, row in _tsv_rows(path):
            iso3 = (row.get("iso3") or "").strip().upper()
            name = (row.get("name") or "").strip()
            if len(iso3) != 3 or not name:
                raise InputError(f"{src}:{lineno}", "a country needs iso3 and name")
            country = Country(iso3, name, src)
            self.countries[iso3] = country
            cameo = (row.get("cameo") or "").strip().upper()
            if cameo and cameo != iso3:
                self.cameo_to_iso[cameo] = iso3
            for alias in (name, *_split(row.get("aliases"))):
                self.add_alias(AliasEntry("country", alias, src, country=country, acronym=_acronym(alias)))
            for alias in _split(row.get("capitals")):
                self.add_alias(AliasEntry("capital", alias, src, country=country, acronym=_acronym(alias)))
            for alias in _split(row.get("adjectives")):
                self.add_alias(AliasEntry("adjective", alias, src, country=country, acronym=_acronym(alias)))

    def read_agents(self, path: Path | Any) -> None:
        """agents.tsv: phrase sector note."""
        src = _source(path)
        for lineno, row in _tsv_rows(path):
            phrase, sector = (row.get("phrase") or "").strip(), (row.get("sector") or "").strip().upper()
            if not phrase or not sector:
                raise InputError(f"{src}:{lineno}", "an agent needs phrase and sector")
            self.add_agent(Agent(phrase, sector, src))

    def read_outlets(self, path: Path | Any) -> None:
        """outlets.tsv: outlet country note (the country a news outlet is published in)."""
        src = _source(path)
        for lineno, row in _tsv_rows(path):
            outlet, iso3 = (row.get("outlet") or "").strip(), (row.get("country") or "").strip().upper()
            if not outlet or len(iso3) != 3:
                raise InputError(f"{src}:{lineno}", "an outlet needs outlet and country (ISO alpha-3)")
            self.outlets[pieces(outlet)] = iso3

    def read_entities(self, path: Path | Any, kind: str) -> None:
        """people.yaml or organizations.yaml: a YAML list of entries."""
        src = _source(path)
        data = _yaml(path)
        if data is None:
            return
        if not isinstance(data, list):
            raise InputError(src, f"expected a list of {kind} entries")
        for n, item in enumerate(data, 1):
            self._entity_from_yaml(item, kind, f"{src}:entry {n}")

    def read_user_file(self, path: Path) -> None:
        """A user YAML file: a list of entries, or a mapping with countries/people/organizations/
        agents/discards lists (what `eventcoder actors import` writes). User entries win."""
        if path.is_dir():
            self.read_dir(path)
            return
        src = str(path)
        if path.suffix == ".tsv":
            # A countries.tsv or agents.tsv of the package's format, told apart by its header.
            rows = _tsv_rows(path)
            header = set(rows[0][1]) if rows else set()
            if "iso3" in header:
                self.read_countries(path)
            elif "phrase" in header:
                self.read_agents(path)
            elif rows:
                raise InputError(src, "a .tsv actor file needs an iso3 (countries) or phrase (agents) column")
            self.files.append(src)
            return
        data = _yaml(path)
        if data is None:
            return
        if isinstance(data, list):
            kind = "org" if "org" in path.stem.lower() else "person"
            data = {"organizations" if kind == "org" else "people": data}
        if not isinstance(data, dict):
            raise InputError(src, "expected a mapping with people/organizations/agents/... lists")
        known = {"countries", "people", "organizations", "agents", "discards"}
        unknown = set(data) - known
        if unknown:
            raise InputError(src, f"unknown section(s) {sorted(unknown)}; expected {sorted(known)}")
        for n, item in enumerate(data.get("countries") or [], 1):
            self._country_from_yaml(item, f"{src}:countries {n}")
        for section, kind in (("people", "person"), ("organizations", "org")):
            for n, item in enumerate(data.get(section) or [], 1):
                self._entity_from_yaml(item, kind, f"{src}:{section} {n}", first=True)
        for n, item in enumerate(data.get("agents") or [], 1):
            if not isinstance(item, dict) or not item.get("phrase") or not item.get("sector"):
                raise InputError(f"{src}:agents {n}", "an agent needs phrase and sector")
            self.add_agent(Agent(str(item["phrase"]), str(item["sector"]).upper(), src))
        for phrase in data.get("discards") or []:
            self.add_alias(AliasEntry("discard", str(phrase), src), first=True)
        self.files.append(src)

    def _country_from_yaml(self, item: Any, where: str) -> None:
        if not isinstance(item, dict) or not item.get("iso3"):
            raise InputError(where, "a country entry needs iso3")
        src = where.rsplit(":", 1)[0]
        iso3 = self.country_code(str(item["iso3"])) or str(item["iso3"]).upper()
        country = self.countries.get(iso3) or Country(iso3, str(item.get("name") or iso3), src)
        self.countries.setdefault(iso3, country)
        for kind in ("aliases", "capitals", "adjectives"):
            alias_kind = {"aliases": "country", "capitals": "capital", "adjectives": "adjective"}[kind]
            for alias in item.get(kind) or []:
                alias = str(alias)
                known = self.names.get(pieces(alias), [])
                if any(e.country is not None and e.country.iso3 == iso3 for e in known):
                    # Already known for this country (e.g. "Kabul" as the capital): keep what the
                    # package says, so an imported synonym list does not undo capital metonymy.
                    continue
                entry = AliasEntry(alias_kind, alias, src, country=country, acronym=_acronym(alias))
                self.add_alias(entry, first=True)

    def _entity_from_yaml(self, item: Any, kind: str, where: str, first: bool = False) -> None:
        if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
            raise InputError(where, "an entry needs id and name")
        source = where.rsplit(":", 1)[0]
        roles = [self._role(r, f"{where} role {i}") for i, r in enumerate(item.get("roles") or [], 1)]
        if not roles:
            # An organization without roles is one undated role built from its own fields.
            roles.append(self._role(item, where))
        aliases = [str(a) for a in item.get("aliases") or []]
        entity = Entity(str(item["id"]), str(item["name"]), kind, tuple(roles), source)
        self.add_entity(entity, aliases, first)
        home = self.country_code(item.get("country")) or roles[0].country
        for alias in item.get("home_aliases") or []:
            if home is None:
                raise InputError(where, "home_aliases need the entry's country")
            self.add_home_alias(home, entity, str(alias))

    def add_home_alias(self, iso3: str, entity: Entity, alias: str) -> None:
        """A one-word name that means this entity only in articles whose home country is `iso3`
        ("Congress" in an Indian story is the Indian National Congress)."""
        key = pieces(alias)
        if len(key) != 1:
            raise InputError(entity.source, f"{entity.id}: a home alias is one word, not {alias!r}")
        entry = AliasEntry("entity", alias, entity.source, entity=entity)
        self.home_aliases.setdefault(iso3, {})[key] = entry

    def _role(self, item: Any, where: str) -> Role:
        if not isinstance(item, dict):
            raise InputError(where, "a role must be a mapping")
        country = self.country_code(item.get("country"))
        sector = str(item["sector"]).upper() if item.get("sector") else None
        org = item.get("org") or item.get("code")
        return Role(
            country=country,
            sector=sector,
            title=str(item["title"]) if item.get("title") else None,
            start=parse_day(item.get("from"), where),
            end=parse_day(item.get("until"), where),
            org=str(org).upper() if org else None,
            cameo=str(item["cameo"]).upper() if item.get("cameo") else None,
        )


def load_coref_rules() -> CorefRules:
    """Read coreference.yaml from this package."""
    text = resources.files(__package__).joinpath("coreference.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    family: dict[str, str] = {}
    for group in data.get("sector_families") or []:
        for sector in group:
            family.setdefault(sector, group[0])

    def words(key: str) -> frozenset[str]:
        return frozenset(fold(w) for w in data.get(key) or [])

    return CorefRules(
        person_pronouns=words("person_pronouns"),
        group_pronouns=words("group_pronouns"),
        thing_pronouns=words("thing_pronouns"),
        expletive_heads=words("expletive_heads"),
        definite=words("definite"),
        person_nouns=words("person_nouns") | words("generic_person_nouns"),
        generic_person_nouns=words("generic_person_nouns"),
        group_nouns=words("group_nouns"),
        sector_family=family,
        led_by_verbs=words("led_by_verbs"),
        of_prepositions=words("of_prepositions"),
        subject_deps=words("subject_deps"),
        ethnic_markers=words("ethnic_markers"),
        other_country_markers=words("other_country_markers"),
        common_words=words("common_words"),
        located_verbs=words("located_verbs"),
        place_qualifiers=words("place_qualifiers"),
        place_nouns=words("place_nouns"),
        lowercase_common_words=words("lowercase_common_words") | words("common_words"),
        home_sectors=frozenset(str(s).upper() for s in data.get("home_sectors") or []),
        collective_referents={
            fold(noun): tuple(str(s).upper() for s in sectors)
            for noun, sectors in (data.get("collective_referents") or {}).items()
        },
        federal_centre_nouns=words("federal_centre_nouns"),
        place_prepositions=words("place_prepositions"),
    )


def read_cameo_countries() -> dict[str, str | None]:
    """cameo_countries.tsv: CAMEO codes that are not ISO alpha-3 (None for non-country codes)."""
    path = resources.files(__package__).joinpath("cameo_countries.tsv")
    return {row["cameo"].upper(): (row["iso3"] or None) for _, row in _tsv_rows(path)}


def package_dir() -> Any:
    """The package's knowledge-base directory (src/eventcoder/data/actors)."""
    return resources.files("eventcoder.data").joinpath("actors")


def build_kb(directories: Sequence[Path | Any], extra_files: Sequence[Path] = ()) -> KnowledgeBase:
    """Read knowledge-base directories in order, then user files over them."""
    kb = KnowledgeBase()
    kb.cameo_to_iso.update(read_cameo_countries())
    for directory in directories:
        kb.read_dir(directory)
        kb.files.append(str(directory))
    for extra in extra_files:
        if not Path(extra).exists():
            raise InputError(str(extra), "actor file not found")
        kb.read_user_file(Path(extra))
    return kb


# -- helpers ------------------------------------------------------------------------------------


def _acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters) and " " not in alias.strip()


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _source(path: Path | Any) -> str:
    return getattr(path, "name", str(path))


def read_entry_lines(text: str) -> dict[str, list[Any]] | None:
    """Fast path for files in the importer's layout (`section:` lines, then one JSON object per
    `- {...}` line; valid YAML too); None when the text is laid out any other way."""
    data: dict[str, list[Any]] = {}
    section: list[Any] | None = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("- ") and section is not None:
            try:
                section.append(json.loads(line[2:]))
            except ValueError:
                return None
        elif line.endswith(":") and line[:-1].isidentifier():
            section = data.setdefault(line[:-1], [])
        else:
            return None
    return data


def _yaml(path: Path | Any) -> Any:
    src = _source(path)
    text = path.read_text(encoding="utf-8")
    fast = read_entry_lines(text)
    if fast is not None:
        return fast
    # libyaml's loader when present: hand-written files can still be large.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{src}:{mark.line + 1}" if mark is not None else src
        raise InputError(where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None


def _tsv_rows(path: Path | Any) -> list[tuple[int, dict[str, str]]]:
    text = path.read_text(encoding="utf-8")
    numbered = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.startswith("#")]
    if not numbered:
        return []
    header = numbered[0][1].split("\t")
    rows = []
    for lineno, line in numbered[1:]:
        values = line.split("\t")
        rows.append((lineno, dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))))
    return rows
