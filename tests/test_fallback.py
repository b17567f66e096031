"""The semantic fallback (events/fallback.py): calibration, abstention, and its path in the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventcoder.cli import main
from eventcoder.events import fallback as F
from eventcoder.events.classify import classify, load_lexicon


@pytest.fixture(scope="module")
def fb() -> F.Fallback:
    built = F.build_fallback(load_lexicon())
    assert built is not None, "the phrase table data/lexicon/fallback_vectors.npz is missing (make fallback)"
    return built


def test_threshold_is_calibrated_on_held_out_lexicon_lemmas(fb: F.Fallback) -> None:
    cfg = F.settings()
    assert cfg.min_threshold <= fb.threshold < 1.0
    pairs = F.held_out_guesses(fb)
    said = [(p, g) for p, g in pairs if g.code != F.NONE and g.similarity >= fb.threshold]
    right = sum(p.code[:2] == g.code[:2] for p, g in said)
    # Every lemma is predicted with its own phrases held out; those that speak are mostly right.
    assert len(said) >= 50 and right / len(said) >= cfg.target_precision - 1e-9
    # Non-event verbs held out are rarely taken for events.
    negatives = [g for p, g in pairs if p.code == F.NONE]
    wrong = sum(g.code != F.NONE and g.similarity >= fb.threshold for g in negatives)
    assert negatives and wrong / len(negatives) < 0.1


def test_calibrate_picks_the_lowest_similarity_that_keeps_precision() -> None:
    proto = F.Prototype("x", "173", 1.0, "x")
    good = [(proto, F.Guess("173", 0.9 - i / 100)) for i in range(30)]
    bad = [(proto, F.Guess("190", 0.5 - i / 100)) for i in range(30)]
    # Precision over all guesses at or above the threshold: 30 right and 7 wrong is still >= 0.8.
    assert F.calibrate(good + bad, 0.8, 0.1) == pytest.approx(0.5 - 6 / 100)
    assert F.calibrate(good + bad, 0.8, 0.6) == 0.6  # the floor wins
    assert F.calibrate(bad, 0.8, 0.3) == 1.0  # never precise enough: always abstain


def test_codes_an_unknown_spelling_and_abstains_on_non_events(fb: F.Fallback, nlp) -> None:  # type: ignore[no-untyped-def]
    # "highjacked": a misspelling the lexicon does not hold ("vandalised" now finds its -ize entry).
    doc = nlp("Gunmen highjacked the bus and then they ate lunch.")
    highjacked = next(t for t in doc if t.lower_ == "highjacked")
    ate = next(t for t in doc if t.lower_ == "ate")
    lex = load_lexicon()
    assert classify(highjacked, lex) is None
    cls = classify(highjacked, lex, fallback=fb)
    assert cls is not None and cls.code[:2] == "18" and cls.coded_by == "fallback"
    assert cls.confidence <= F.settings().max_confidence
    assert classify(ate, lex, fallback=fb) is None


def test_a_lexicon_word_that_codes_nothing_is_not_overridden(fb: F.Fallback, nlp) -> None:  # type: ignore[no-untyped-def]
    # "take" is in the lexicon; "took steps" is no event there, and the fallback is not asked.
    doc = nlp("The council took several steps.")
    took = next(t for t in doc if t.lower_ == "took")
    assert classify(took, load_lexicon(), fallback=fb) is None


def test_record_says_which_path_coded_and_the_switch(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Gunmen highjacked a bus near Leeds on Monday.\n", encoding="utf-8")
    runner = CliRunner()
    on = runner.invoke(main, ["code", str(src), "--format", "jsonl", "--published", "2024-03-04", "-q"])
    assert on.exit_code == 0, on.output
    records = [json.loads(line) for line in on.output.splitlines() if line.strip()]
    assert any(r["coded_by"] == "fallback" and r["cameo"]["code"].startswith("18") for r in records)
    off = runner.invoke(
        main, ["code", str(src), "--format", "jsonl", "--published", "2024-03-04", "-q", "--no-fallback"]
    )
    assert off.exit_code == 0, off.output
    assert all(json.loads(line)["coded_by"] == "lexicon" for line in off.output.splitlines() if line.strip())
