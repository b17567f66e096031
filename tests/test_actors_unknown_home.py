"""Unknown domestic actors take the article's home country, as ICEWS codes them: names the
knowledge base does not know, "the centre" of a federation, a split "supreme court", plural
nouns opening a sentence. Actors abroad keep theirs. Sentences are our own; the lower-cased ones
are parsed as the pipeline parses an archive (from a truecased copy)."""

from __future__ import annotations

from datetime import date

import pytest

from eventcoder.actors import ActorResolver, DocActors
from eventcoder.model import Actor
from eventcoder.nlp import parse_texts


@pytest.fixture(scope="module")
def code(nlp):  # type: ignore[no-untyped-def]
    resolver = ActorResolver.load()

    def run(text: str, **kw: str) -> DocActors:
        doc = next(parse_texts(nlp, [text], 1))
        return resolver.annotate(doc, date(2002, 3, 6), **kw)

    return run


def actor(da: DocActors, word: str, nth: int = 0) -> Actor | None:
    return da.actor_for([t for t in da.doc if t.lower_ == word][nth])


PUNE = "pune: the district collector met party workers on monday. "


class TestUnknownNames:
    def test_unknown_surname_takes_the_home_country(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "the buses would run again from tuesday, kharvade said.")
        found = actor(da, "kharvade")
        assert da.home_country == "IND"
        assert found is not None and found.country == "IND" and found.inferred == ("country",)
        assert found.sector == "CVL"

    def test_title_gives_the_sector(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "activist dhondiba tambolkar said the water tanks had not come.")
        found = actor(da, "tambolkar")
        assert found is not None and found.country == "IND" and found.sector not in (None, "CVL")

    def test_pronoun_carries_it(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "kharvade said the roads were open. he added that schools would reopen.")
        he = actor(da, "he")
        assert he is not None and he.country == "IND"

    def test_foreign_cue_blocks_it(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "kharvade of the nepali embassy said the border posts were closed.")
        found = actor(da, "kharvade")
        assert found is None or found.country != "IND"

    def test_no_home_no_country(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code("kharvade said the buses would run again. he said the roads were open.")
        found = actor(da, "kharvade")
        assert da.home_country is None and (found is None or found.country is None)

    def test_english_words_are_no_names(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "the report said the buses would run again from tuesday.")
        assert actor(da, "report") is None


class TestInstitutions:
    def test_the_centre_is_the_federal_government(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "the centre asked the state government to send more police.")
        centre = actor(da, "centre")
        assert centre is not None and centre.cameo == "INDGOV" and centre.inferred == ("country",)

    def test_a_place_called_centre_is_not(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "a relief centre opened in the town. people gathered in the centre of the town.")
        assert actor(da, "centre") is None and actor(da, "centre", 1) is None

    def test_split_supreme_court(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "the party said it would abide by the supreme court verdict on the land.")
        supreme = actor(da, "supreme")
        assert supreme is not None and supreme.sector == "JUD" and supreme.country == "IND"

    def test_plural_opening_a_sentence(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "mobs set fire to two buses near the market. miscreants threw stones.")
        mobs, miscreants = actor(da, "mobs"), actor(da, "miscreants")
        assert mobs is not None and mobs.cameo == "INDCVL"
        assert miscreants is not None and miscreants.country == "IND"


class TestNameParts:
    def test_a_name_part_that_is_no_english_word(self, code) -> None:  # type: ignore[no-untyped-def]
        # "das" is in the dictionary's lists; "mahant" is not, so "mahant das" reads as a name.
        da = code(PUNE + "the buses would run again, said mahant das.")
        found = actor(da, "das")
        assert found is not None and found.country == "IND"

    def test_a_home_town_is_a_place(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "the godhra incident was discussed at length.")
        found = actor(da, "godhra")
        assert found is not None and found.country == "IND"
        resolver = ActorResolver.load()
        token = next(t for t in da.doc if t.lower_ == "godhra")
        assert resolver.places.town_in(token, "IND") and not resolver.places.town_in(token, "PAK")

    def test_capitalised_group_noun_is_no_name(self, code) -> None:  # type: ignore[no-untyped-def]
        da = code(PUNE + "a Group of youths ransacked two shops near the market.")
        assert actor(da, "group") is None
        youths = actor(da, "youths")
        assert youths is not None and youths.cameo == "INDCVL"


def test_an_opening_name_that_is_an_english_word_keeps_its_spelling(nlp) -> None:  # type: ignore[no-untyped-def]
    from eventcoder.actors.context import _opening_lemma

    doc = next(parse_texts(nlp, ["Congress approved the aid package on Tuesday."], 1))
    assert doc[0].pos_ == "PROPN"
    assert _opening_lemma(doc[0]) == ("congress",)
    doc = next(parse_texts(nlp, ["Villagers said the road was closed."], 1))
    assert _opening_lemma(doc[0]) in {("villager",)}
