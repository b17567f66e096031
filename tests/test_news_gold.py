"""Our own wire-style gold set (tests/fixtures/news_gold): an independent check of the coder.

The figures the floors sit under are in docs/news-gold.md. The set is ours and ships with the
repository, so this test does not need ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder import ontology
from eventcoder.evaluate import EvalReport, evaluate, read_gold

NEWS_GOLD = Path(__file__).parent / "fixtures" / "news_gold" / "news_gold.jsonl"

# A little under the after-fix figures of 2026-11-23 (precision 96.9%, recall 100%, type 90.3%,
# top event 74.2%, source 94.5%, target 62.8%, 2 of 13 should-not-code sentences coded); the
# actors stage moves with other work, so there is some slack.
FLOORS = {
    "event_precision": 0.93,
    "event_recall": 0.95,
    "plover_type_accuracy": 0.85,
    "plover_type_top1": 0.68,
    "source_country_agreement": 0.88,
    "target_country_agreement": 0.55,
}
MAX_FALSE_POSITIVES = 3


@pytest.fixture(scope="module")
def report(coder) -> EvalReport:  # type: ignore[no-untyped-def]
    return evaluate(NEWS_GOLD, coder)


def test_gold_file_is_well_formed() -> None:
    records = read_gold(NEWS_GOLD)
    assert 50 <= len(records) <= 70
    negatives = [r for r in records if r.should_not_code]
    assert 10 <= len(negatives) <= 15 and all(not r.events for r in negatives)
    assert len({r.id for r in records}) == len(records)
    coded = [r for r in records if not r.should_not_code]
    assert all(r.events for r in coded)
    assert {g.plover_type for r in coded for g in r.events} <= set(ontology.PLOVER_TYPES)
    # Publication dates of real events, 2022-2026.
    assert all(2022 <= r.published.year <= 2026 for r in records)


def test_our_cameo_codes_agree_with_the_plover_labels() -> None:
    import json

    for line in NEWS_GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for event in record["events"]:
            assert ontology.plover(event["cameo"]).type == event["code"], record["id"]


def test_news_gold_stays_above_floors(report: EvalReport) -> None:
    figures = report.figures()
    for key, floor in FLOORS.items():
        assert figures[key] >= floor, (key, figures[key])
    assert report.false_positives <= MAX_FALSE_POSITIVES
