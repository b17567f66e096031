"""Truecasing: lower-cased and all-caps articles are coded like normally cased ones."""

from __future__ import annotations

import collections
import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from eventcoder.ingest import iter_articles
from eventcoder.model import Article
from eventcoder.repair import repair_article
from eventcoder.truecase import casing, truecase

ROOT = Path(__file__).resolve().parents[1]
EVAL_DEV = ROOT.parent / "shared" / "eval" / "dev"


class TestCasing:
    def test_modes(self) -> None:
        assert casing("the council met in the capital on monday and agreed a budget.") == "lower"
        assert casing("THE COUNCIL MET IN THE CAPITAL ON MONDAY AND AGREED A BUDGET.") == "upper"
        assert casing("The Council met in Valletta on Monday and agreed a budget.") == "normal"
        assert casing("too short") == "normal"

    def test_normal_text_is_untouched(self) -> None:
        text = "The council met in Valletta on Monday; the mayor was absent."
        assert truecase(text) is text


class TestTruecase:
    def test_same_length_and_only_case_changes(self) -> None:
        text = "kolkata traders said i would see the chief minister in new delhi on friday, march 8."
        out = truecase(text)
        assert len(out) == len(text) and out.lower() == text.lower()

    def test_names_sentence_starts_days_and_i(self) -> None:
        out = truecase(
            "police said the prime minister flew to new delhi on friday. i was told the bjp agreed."
        )
        assert out.startswith("Police said")
        assert "New Delhi" in out and "Friday" in out and ". I was" in out and "BJP" in out

    def test_countries_and_possessives(self) -> None:
        out = truecase(
            "the talks between pakistan and india resumed after kenya's envoy left for the u.s. later."
        )
        assert "Pakistan" in out and "India" in out and "Kenya's" in out and "U.S." in out
        assert "U.S. later" in out  # the initialism's dot does not start a sentence

    def test_common_words_stay_common(self) -> None:
        out = truecase("the march went past the temple and the police station near the court in the city.")
        for word in ("march", "temple", "police", "station", "court"):
            assert f" {word} " in out, word

    def test_months_beside_a_number(self) -> None:
        out = truecase("the assembly will meet on march 4 and again in may 2003; a march may follow.")
        assert "March 4" in out and "May 2003" in out and "a march may follow" in out

    def test_us_after_the(self) -> None:
        out = truecase("officials told us that the us envoy and the uk minister would meet the council.")
        assert "told us" in out and "the US envoy" in out and "the UK minister" in out

    def test_all_caps(self) -> None:
        text = "TROOPS ENTERED KARACHI ON MONDAY, PAKISTANI OFFICIALS SAID. THE MARCH WAS CALLED OFF."
        out = truecase(text)
        assert len(out) == len(text)
        assert out.startswith("Troops entered Karachi on Monday, Pakistani officials said. The march")


def _event_keys(coder, articles: Iterable[Article]) -> dict[str, collections.Counter[tuple]]:  # type: ignore[no-untyped-def,type-arg]
    out: dict[str, collections.Counter[tuple]] = collections.defaultdict(collections.Counter)  # type: ignore[type-arg]
    for result in coder.code_articles(articles):
        for e in result.events:
            src = e.source.country if e.source else None
            tgt = e.target.country if e.target else None
            out[result.article.id][(e.cameo.code if e.cameo else None, src, tgt)] += 1
    return out


def _kept_share(coder, articles: list[Article], recase) -> float:  # type: ignore[no-untyped-def]
    """Share of events (type and actor countries) still found when every text is re-cased."""
    base = _event_keys(coder, articles)
    recased = [
        repair_article(Article(id=a.id, title=recase(a.title), text=recase(a.text), published=a.published))
        for a in articles
    ]
    other = _event_keys(coder, recased)
    total = sum(sum(c.values()) for c in base.values())
    kept = sum(sum((c & other[k]).values()) for k, c in base.items())
    assert total > 0
    return kept / total


@pytest.mark.parametrize("recase", [str.lower, str.upper], ids=["lower", "upper"])
def test_samples_keep_their_events_in_any_casing(coder, recase) -> None:  # type: ignore[no-untyped-def]
    samples = [a for a in iter_articles([str(ROOT / "samples")]) if isinstance(a, Article)]
    assert _kept_share(coder, samples, recase) >= 0.9


@pytest.mark.shared
@pytest.mark.parametrize("name", ["cameo_codebook_examples.jsonl", "plover_gsr_cameo_examples.jsonl"])
def test_dev_gold_lower_cased_keeps_its_events(coder, name: str) -> None:  # type: ignore[no-untyped-def]
    path = EVAL_DEV / name
    if not path.exists():
        pytest.skip("../shared/eval/dev is not present")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [repair_article(Article(id=r["id"], title="", text=r["text"])) for r in rows]
    assert _kept_share(coder, articles, str.lower) >= 0.9


def test_evidence_sentence_is_in_the_articles_own_words(coder) -> None:  # type: ignore[no-untyped-def]
    text = "police arrested twelve protesters in karachi on monday. the crowd had blocked a road."
    article = Article(id="lc1", title="", text=text)
    (result,) = coder.code_articles([article])
    assert result.events
    for event in result.events:
        assert event.text in text  # sliced from the original, not the truecased copy


class TestParseTexts:
    def test_caseless_text_is_parsed_truecased_and_remembers_its_words(self, coder) -> None:  # type: ignore[no-untyped-def]
        from eventcoder.nlp import original_text, parse_texts

        lower = "the mayor of nairobi met traders on monday. they agreed to reopen the market."
        normal = "The mayor of Nairobi met traders on Monday. They agreed to reopen the market."
        doc_lower, doc_normal = parse_texts(coder.nlp, [lower, normal], 2)
        assert doc_lower.text == truecase(lower) != lower
        assert original_text(doc_lower) == lower
        assert doc_normal.text == normal and original_text(doc_normal) == normal
        assert original_text(coder.nlp(normal)) == normal  # a Doc parsed elsewhere: its own text


def test_truecaser_method_matches_the_function() -> None:
    from eventcoder.truecase import load_truecaser

    for text in ("the minister of kenya spoke in mombasa on friday.", "THE ARMY SHELLED GAZA ON TUESDAY."):
        assert load_truecaser().truecase(text) == truecase(text) != text
