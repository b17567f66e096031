"""The "where" stage: the offline gazetteer and which place belongs to an event."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from eventcoder.model import Location
from eventcoder.where import Gazetteer, Place, event_place, normalize


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_normalize() -> None:
    assert normalize("Tall Rif‘at") == normalize("tall rifat")
    assert normalize("Ḩamāh") == "hamah"
    assert normalize("Al-Bab") == "al bab"
    assert normalize("U.S.") == "us"


@pytest.mark.parametrize(
    ("name", "countries", "country", "geonameid"),
    [
        ("Aleppo", ["SYR"], "SYR", 170063),
        ("Hama", ["SYR"], "SYR", 170017),
        ("Hama", [], "SYR", 170017),
        ("Damascus", ["SYR"], "SYR", 170654),
        ("Damascus", [], "SYR", 170654),  # no context: the far larger city wins
        ("Damascus", ["USA"], "SYR", 170654),  # American actors do not make it Damascus, Maryland
        ("Tripoli", [], "LBY", 2210247),
        ("Tripoli", ["LBN"], "LBN", 266826),  # a sizeable city in the actors' country wins
        ("Geneva", ["USA", "RUS"], "CHE", 2660646),  # a small town there does not
        ("Homs", [], "SYR", 169577),
        ("Manbij", [], "SYR", 167357),
        ("Tal Rifaat", [], "SYR", 163476),  # our alias for GeoNames' "Tall Rif‘at"
        ("Ankara", [], "TUR", 323786),
        ("Moscow", [], "RUS", 524901),  # not Moscow, Idaho
    ],
)
def test_geocode_cities(
    gaz: Gazetteer, name: str, countries: list[str], country: str, geonameid: int
) -> None:
    loc = gaz.geocode(name, countries)
    assert loc is not None
    assert (loc.country, loc.geonameid, loc.feature) == (country, geonameid, "city")


def test_geocode_display_and_admin1(gaz: Gazetteer) -> None:
    loc = gaz.geocode("Hamah")
    assert loc is not None and loc.name == "Hama" and loc.admin1 == "Hama"
    aleppo = gaz.geocode("Aleppo")
    assert aleppo is not None and aleppo.admin1 == "Aleppo"
    assert aleppo.lat == pytest.approx(36.2, abs=0.1) and aleppo.lon == pytest.approx(37.16, abs=0.1)


def test_alternate_names_rank_below_primary(gaz: Gazetteer) -> None:
    # "Philadelphia" is an ancient name of Amman: Jordanian context picks Amman, none the US city.
    assert gaz.geocode("Philadelphia", ["JOR"]) == gaz.geocode("Amman")
    us = gaz.geocode("Philadelphia")
    assert us is not None and us.country == "USA"


def test_alternates_skip_codes_and_other_scripts(gaz: Gazetteer) -> None:
    assert gaz.geocode("ALP") is None  # Aleppo's airport code
    assert gaz.geocode("حلب") is None
    assert gaz.geocode("Halab") is not None


@pytest.mark.parametrize(
    ("name", "iso3", "feature"),
    [
        ("Syria", "SYR", "country"),
        ("Turkey", "TUR", "country"),
        ("Türkiye", "TUR", "country"),
        ("the United States", "USA", "country"),
        ("U.S.", "USA", "country"),
        ("Britain", "GBR", "country"),
        ("Golan Heights", "SYR", "region"),
        ("the Gaza Strip", "PSE", "region"),
        ("Northern Ireland", "GBR", "region"),  # not Ireland
        ("Congo", "COD", "country"),
        ("Africa", None, "region"),  # a continent, not Mahdia (whose old name it is)
    ],
)
def test_geocode_countries_and_regions(gaz: Gazetteer, name: str, iso3: str | None, feature: str) -> None:
    loc = gaz.geocode(name)
    assert loc is not None
    assert (loc.country, loc.feature) == (iso3, feature)
    assert loc.lat is not None and loc.lon is not None


def test_country_names_beat_towns_in_actor_countries(gaz: Gazetteer) -> None:
    loc = gaz.geocode("Lebanon", ["USA"])  # not Lebanon, Pennsylvania
    assert loc is not None and (loc.country, loc.feature) == ("LBN", "country")


def test_country_point_is_its_capital(gaz: Gazetteer) -> None:
    syria, damascus = gaz.geocode("Syria"), gaz.geocode("Damascus")
    assert syria is not None and damascus is not None
    assert (syria.lat, syria.lon) == (damascus.lat, damascus.lon)


def test_unknown_names(gaz: Gazetteer) -> None:
    assert gaz.geocode("Nowhereville Xq") is None
    assert gaz.geocode("") is None
    assert gaz.geocode("the") is None


def _tiny_gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    gaz.add(Place("Hama", "SYR", "Hama", 35.13, 36.76, 170017, 460602, "city"), [("Hama", True)])
    return gaz


def test_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A tiny index stands in for the real build (a second or more) so the test stays fast.
    from eventcoder import gazetteer as where

    monkeypatch.setenv("EVENTCODER_CACHE", str(tmp_path))
    builds: list[int] = []
    monkeypatch.setattr(where, "build", lambda: builds.append(1) or _tiny_gazetteer())
    where._load_cached.cache_clear()
    try:
        first = where._load_cached()
        cached = list(tmp_path.glob("gazetteer-*.pickle"))
        assert len(cached) == 1 and builds == [1]
        where._load_cached.cache_clear()
        again = where._load_cached()  # read from disk this time
        assert builds == [1]
        assert again.geocode("hama", ["SYR"]) == first.geocode("Hama") is not None
    finally:
        where._load_cached.cache_clear()


def test_corrupt_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventcoder import gazetteer as where

    monkeypatch.setenv("EVENTCODER_CACHE", str(tmp_path))
    monkeypatch.setattr(where, "build", _tiny_gazetteer)
    where._cache_path().parent.mkdir(parents=True, exist_ok=True)
    where._cache_path().write_bytes(b"not a pickle")
    where._load_cached.cache_clear()
    try:
        assert where._load_cached().geocode("Hama") is not None
        with where._cache_path().open("rb") as fh:
            assert isinstance(pickle.load(fh), Gazetteer)  # the bad file was replaced
    finally:
        where._load_cached.cache_clear()


# --- event_place on parsed sentences -----------------------------------------------------------------


def _place(nlp, gaz: Gazetteer, text: str, trigger: str, countries: list[str] | None = None):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return event_place(tok.sent, tok, gaz, countries or [])


def _name(loc: Location | None) -> str | None:
    return None if loc is None else f"{loc.name}/{loc.country}"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Rebels seized Hama on Thursday.", "seized", "Hama/SYR"),
        ("Rebels captured Aleppo, Syria's second city, in a surprise assault.", "captured", "Aleppo/SYR"),
        ("Fighters took control of the city of Homs late on Saturday.", "took", "Homs/SYR"),
        ("Clashes broke out in the northern Syrian town of Manbij.", "broke", "Manbij/SYR"),
        ("Israeli jets struck targets near Damascus.", "struck", "Damascus/SYR"),
        ("A helicopter was shot down over Idlib province.", "shot", "Idlib/SYR"),
        ("Israeli troops moved into the buffer zone in the Golan Heights.", "moved", "Golan Heights/SYR"),
        ("Iran's foreign minister travelled to Ankara on Monday.", "travelled", "Ankara/TUR"),
        ("Erdogan said in Ankara that the rebels would reach Damascus.", "said", "Ankara/TUR"),
        # The embedded event does not inherit the place of the speech.
        ("Erdogan said in Ankara that the rebels had fought hard.", "fought", None),
        # Places named but not where the act happened.
        ("Erdogan, speaking from Ankara about Aleppo, urged restraint.", "urged", None),
        # A capital as subject or as the object of a verbal act is an actor, not a place.
        ("Damascus rejected the request on Friday.", "rejected", None),
        ("Turkey urged Russia to restrain Damascus.", "urged", None),
        ("Putin and Erdogan spoke by phone.", "spoke", None),
        ("Fidan called on Damascus to reach a settlement.", "called", None),
        # Through a quantifier or a place noun to the name.
        ("Opposition fighters captured most of Aleppo on Saturday.", "captured", "Aleppo/SYR"),
        ("Shells fell on the outskirts of Homs.", "fell", "Homs/SYR"),
        ("The rebels advanced on Damascus from the south.", "advanced", "Damascus/SYR"),
        ("Israel carried out strikes on Damascus.", "strikes", "Damascus/SYR"),
    ],
)
def test_event_place(nlp, gaz: Gazetteer, text: str, trigger: str, expected: str | None) -> None:  # type: ignore[no-untyped-def]
    assert _name(_place(nlp, gaz, text, trigger)) == expected


@pytest.mark.model
def test_place_index_from_events_stage_wins(nlp, gaz: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Rebels captured Hama after fighting in Aleppo.")
    trigger = doc[1]
    hama = next(t for t in doc if t.text == "Hama")
    loc = event_place(trigger.sent, trigger, gaz, ["SYR"], place_i=hama.i)
    assert _name(loc) == "Hama/SYR"


@pytest.mark.model
def test_actor_countries_disambiguate(nlp, gaz: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Police officers clashed with protesters in Tripoli."
    assert _name(_place(nlp, gaz, text, "clashed", ["LBN"])) == "Tripoli/LBN"
    assert _name(_place(nlp, gaz, text, "clashed", [])) == "Tripoli/LBY"


@pytest.mark.model
def test_subject_is_never_the_place(nlp, gaz: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Damascus rejected the request.")
    trigger = doc[1]
    assert event_place(trigger.sent, trigger, gaz, ["SYR"], place_i=0) is None


# --- places right or absent (issue 10) ----------------------------------------------------------------


def _home_place(nlp, gaz: Gazetteer, text: str, trigger: str, home: str | None):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return event_place(tok.sent, tok, gaz, [], home_country=home)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # A month, a common noun or the end of a longer name is not a place.
        ("Thousands joined the protest held in March.", "held"),
        ("The crowd gathered at the Temple before dawn.", "gathered"),
        ("Members walked out of a stormy session in the Lok Sabha.", "walked"),
        ("Rioters torched shops in Naroda-Patia overnight.", "torched"),
        # Lower-case words are not names: the truecaser restores the known ones before parsing.
        ("the crowd was dispersed near the station by constables.", "dispersed"),
    ],
)
def test_not_a_place(nlp, gaz: Gazetteer, text: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    assert _home_place(nlp, gaz, text, trigger, "IND") is None


@pytest.mark.model
def test_temple_mount_is_the_site_itself(nlp, gaz: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    loc = _home_place(nlp, gaz, "Police detained dozens at the Temple Mount on Friday.", "detained", None)
    assert loc is not None and loc.name == "Temple Mount" and loc.country is None


@pytest.mark.model
def test_home_country_settles_and_filters(nlp, gaz: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Police opened fire on a mob in Punjab on Sunday."
    assert _name(_home_place(nlp, gaz, text, "opened", "PAK")) == "Punjab/PAK"
    assert _name(_home_place(nlp, gaz, text, "opened", "IND")) == "Punjab/IND"
    # Indian states are places; a small town abroad is dropped when the story is at home.
    assert _name(_home_place(nlp, gaz, "Curfew was imposed in Gujarat.", "imposed", "IND")) == "Gujarat/IND"
    assert gaz.geocode("Patia", [], None) is not None
    assert gaz.geocode("Patia", [], "IND") is None
    assert _name(gaz.geocode("Dubai", [], "IND")) == "Dubai/ARE"  # a large city abroad stays
