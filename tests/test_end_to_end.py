"""End to end through the CLI: the acceptance story of issue 2 and the error contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventcoder.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
STORY_ID = "ad-20241203-erdogan-putin"

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def story_events() -> list[dict]:  # type: ignore[type-arg]
    story = next(line for line in (SAMPLES / "articles.jsonl").read_text().splitlines() if STORY_ID in line)
    result = CliRunner().invoke(main, ["code", "-"], input=story + "\n")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _find(events: list[dict], code_prefix: str) -> list[dict]:  # type: ignore[type-arg]
    return [e for e in events if e["cameo"]["code"].startswith(code_prefix)]


def test_every_record_keeps_to_the_contract(story_events: list[dict]) -> None:  # type: ignore[type-arg]
    keys = {
        "event_id", "article_id", "sentence_index", "text", "source", "target", "cameo", "plover",
        "date", "date_precision", "location", "confidence",
    }  # fmt: skip
    assert story_events
    for event in story_events:
        assert keys <= event.keys()
        assert event["article_id"] == STORY_ID
        assert event["date_precision"] in {"day", "month", "year", "unknown"}
        assert set(event["cameo"]) == {"code", "root", "goldstein", "quad_class"}
        assert event["cameo"]["code"].startswith(event["cameo"]["root"])
        assert 0.0 <= event["confidence"] <= 1.0
    assert len({e["event_id"] for e in story_events}) == len(story_events)


def test_phone_call_between_two_leaders(story_events: list[dict]) -> None:  # type: ignore[type-arg]
    calls = _find(story_events, "041")
    dyads = {(e["source"]["country"], e["target"]["country"]) for e in calls}
    assert ("TUR", "RUS") in dyads
    call = calls[0]
    assert call["plover"]["type"] == "CONSULT"
    assert call["source"]["sector"] == "GOV"
    assert call["date"] == "2024-12-03" and call["date_precision"] == "day"  # "on Tuesday"


def test_appeal_by_the_un_envoy(story_events: list[dict]) -> None:  # type: ignore[type-arg]
    appeals = [e for e in _find(story_events, "02") if e["source"]["name"] == "Geir Pedersen"]
    assert appeals and appeals[0]["plover"]["type"] == "REQUEST"
    assert appeals[0]["source"]["sector"] == "IGO"


def test_rejection_by_damascus(story_events: list[dict]) -> None:  # type: ignore[type-arg]
    rejections = _find(story_events, "12")
    assert any(e["source"]["country"] == "SYR" and e["source"]["sector"] == "GOV" for e in rejections)
    assert all(e["plover"]["type"] == "REJECT" for e in rejections)


def test_city_captured_by_rebels(story_events: list[dict]) -> None:  # type: ignore[type-arg]
    captures = _find(story_events, "192")
    assert captures, "capture of Aleppo not coded as occupying territory"
    aleppo = captures[0]
    assert aleppo["source"]["sector"] == "REB"
    assert aleppo["location"]["name"] == "Aleppo" and aleppo["location"]["country"] == "SYR"
    assert aleppo["date"] == "2024-11-30"  # "on Saturday", published Tuesday 2024-12-03


def test_helicopter_shot_down_is_fighting(story_events: list[dict]) -> None:  # type: ignore[type-arg]
    shots = [e for e in story_events if "shot" in e["trigger"]]
    assert shots and shots[0]["plover"]["type"] == "FIGHT"
    assert shots[0]["cameo"]["root"] == "19"


def test_negated_agreement_is_not_coded(story_events: list[dict]) -> None:  # type: ignore[type-arg]
    negated = [e for e in story_events if "did not agree" in e["text"]]
    assert not [e for e in negated if e["plover"]["type"] == "AGREE"]


def test_malformed_jsonl_names_file_and_line_and_exits_2(tmp_path: Path) -> None:
    good = {"id": "a1", "title": "Talks", "text": "Jordan's king visited Cairo on Monday.",
            "published": "2024-12-09"}  # fmt: skip
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n")
    result = CliRunner().invoke(main, ["code", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and f"{path}:2" in errors[0]
    # the good article on line 1 was still coded
    assert any(json.loads(line)["article_id"] == "a1" for line in result.stdout.splitlines())


def test_missing_input_is_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["code", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr


def test_csv_and_table_formats(tmp_path: Path) -> None:
    text = tmp_path / "2024-12-09-visit.txt"
    text.write_text("Visit\n\nJordan's foreign minister visited Damascus on Monday.\n")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["code", str(text), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    header, *rows = out.read_text().splitlines()
    assert header.startswith("event_id,") and rows
    table = CliRunner().invoke(main, ["code", str(text), "--format", "table"])
    assert table.exit_code == 0 and "CONSULT" in table.stdout
