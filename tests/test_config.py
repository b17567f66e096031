"""The coder's one configuration value, and what the coding path does with it: `eval --lexicon`,
batch-size validation, per-article isolation on both engines and long articles coded in parts."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventcoder.cli import main
from eventcoder.config import CoderConfig
from eventcoder.errors import ConfigError, InputError
from eventcoder.model import Article, ArticleResult
from eventcoder.nlp import split_text

EVENTCODER = str(Path(sys.executable).with_name("eventcoder"))
GOLD = [
    {"id": "C-1", "text": "The envoy visited Hanoi.", "events": [{"code": "042"}]},
    {"id": "C-2", "text": "Police detained six students.", "events": [{"code": "173"}]},
    {"id": "C-3", "text": "The minister praised the mediators.", "events": [{"code": "051"}]},
]
# A user's lexicon that gives detain and visit the wrong code (111, criticize).
WRONG_LEXICON = 'verbs:\n  detain: {code: "111"}\n  visit: {code: "111"}\n'


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# --- the config ---------------------------------------------------------------------------------


def test_config_is_immutable_hashable_and_ships_whole() -> None:
    config = CoderConfig(lexicon_files=["a.yaml"], actor_files="b.yaml")  # type: ignore[arg-type]
    assert config.lexicon_files == ("a.yaml",) and config.actor_files == ("b.yaml",)
    assert pickle.loads(pickle.dumps(config)) == config
    assert {config: 1}[CoderConfig(lexicon_files=("a.yaml",), actor_files=("b.yaml",))] == 1
    with pytest.raises(AttributeError):
        config.model = "md"  # type: ignore[misc]
    assert config.with_options(fallback=False).fallback is False and config.fallback is True


@pytest.mark.parametrize(
    "options", [{"batch_size": 0}, {"batch_size": -5}, {"part_chars": 10}, {"model": ""}, {"colour": "red"}]
)
def test_config_refuses_bad_options(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        CoderConfig.from_options(**options)


def test_no_module_state_for_the_lexicon() -> None:
    from eventcoder.events import classify

    assert not hasattr(classify, "use_lexicon") and not hasattr(classify, "_active")


# --- eval --lexicon (issue 9: silently ignored without --lexicon-only) ---------------------------


@pytest.mark.model
def test_eval_uses_the_lexicon_with_the_full_coder(tmp_path: Path) -> None:
    gold = _jsonl(tmp_path / "gold.jsonl", GOLD)
    lexicon = tmp_path / "wrong.yaml"
    lexicon.write_text(WRONG_LEXICON, encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(main, ["eval", str(gold), "--json"])
    assert plain.exit_code == 0, plain.output
    wrong = runner.invoke(main, ["eval", str(gold), "--json", "--lexicon", str(lexicon)])
    assert wrong.exit_code == 0, wrong.output
    before, after = json.loads(plain.output), json.loads(wrong.output)
    assert before["cameo_code_accuracy"] == 1.0
    # Two of the three sentences now code as 111: the file was read.
    assert after["cameo_code_accuracy"] == pytest.approx(1 / 3)


# --- --batch-size at the edge -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["code", "ingest"])
@pytest.mark.parametrize("engine", ["local", "dask"])
@pytest.mark.parametrize("value", ["0", "-5"])
def test_batch_size_below_one_is_a_usage_error(tmp_path: Path, command: str, engine: str, value: str) -> None:
    feed = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Police arrested two men."}])
    args = [command, str(feed), "--batch-size", value, "--engine", engine]
    if command == "ingest":
        args += ["--db", str(tmp_path / "x.duckdb")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "--batch-size" in result.output and "internal error" not in result.output
    assert not (tmp_path / "x.duckdb").exists()


# --- long articles ------------------------------------------------------------------------------


def test_split_text_cuts_between_paragraphs_then_sentences() -> None:
    para = " ".join(f"Sentence number {i} is here." for i in range(40))  # ~1,100 characters
    text = "\n\n".join([para] * 6)
    parts = split_text(text, 2_500)
    assert "".join(parts) == text
    assert all(len(p) <= 2_500 for p in parts) and len(parts) >= 3
    # Paragraphs fit: every cut is at a blank line.
    assert all(p.endswith("\n\n") for p in parts[:-1])
    one_long = " ".join(f"Clause {i} ends here." for i in range(400))
    pieces = split_text(one_long, 1_000)
    assert "".join(pieces) == one_long and all(len(p) <= 1_000 for p in pieces)
    assert all(p.rstrip().endswith(".") for p in pieces)  # never inside a sentence
    assert split_text("x" * 2_500, 1_000) == ["x" * 1_000, "x" * 1_000, "x" * 500]


@pytest.mark.model
def test_long_article_is_coded_in_parts_like_its_paragraphs(coder: Any) -> None:
    from eventcoder.pipeline import Coder

    story = (
        "Kenyan police arrested twelve protesters in Nairobi on Tuesday.\n\n"
        "The foreign minister of Egypt met his Jordanian counterpart in Amman.\n\n"
    )
    text = story * 40  # ~5,400 characters
    small = Coder(coder.config.with_options(part_chars=1_000))
    article = Article(id="long", title="", text=text, origin="long.txt")
    [whole] = coder.code_batch([article])
    [parts] = small.code_batch([article])
    assert isinstance(whole, ArticleResult) and isinstance(parts, ArticleResult)
    key = [(e.sentence_index, e.cameo.code, e.trigger) for e in whole.events]
    assert [(e.sentence_index, e.cameo.code, e.trigger) for e in parts.events] == key
    assert len({e.event_id for e in parts.events}) == len(parts.events) == 80
    assert parts.n_words == whole.n_words


# --- per-article isolation ----------------------------------------------------------------------


@pytest.mark.model
def test_an_article_that_fails_is_one_error_and_the_rest_are_coded(
    coder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail_on_bad(article: Article, doc: Any, sentence_offset: int = 0) -> ArticleResult:
        if "poison" in article.text:
            raise OverflowError("date value out of range")
        return real(article, doc, sentence_offset)

    real = coder.code_doc
    monkeypatch.setattr(coder, "code_doc", fail_on_bad)
    articles = [
        Article(id=str(i), title="", text=t, origin=f"in.jsonl:{i + 1}")
        for i, t in enumerate(["Police arrested two men.", "A poison pill.", "Rebels shelled the town."])
    ]
    out = list(coder.code_outcomes(articles))
    assert [type(o) for o in out] == [ArticleResult, InputError, ArticleResult]
    error = out[1]
    assert isinstance(error, InputError) and error.where == "in.jsonl:2"
    assert "OverflowError" in error.message and "skipped" in error.message
    with pytest.raises(InputError):
        list(coder.code_articles(articles))


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_failing_article_is_skipped_and_the_others_stored(tmp_path: Path, engine: str) -> None:
    # A date at the end of the calendar plus "next week" overflowed in the date stage (issue 12):
    # both engines report that article on one line with file:line, store the others, exit 2.
    rows: list[dict[str, Any]] = [
        {"id": f"a{i}", "text": f"Police arrested {i + 2} protesters in Nairobi."} for i in range(4)
    ]
    rows.insert(
        2, {"id": "bad", "text": "Police will arrest the leaders next week.", "published": "9999-12-31"}
    )
    feed = _jsonl(tmp_path / "in.jsonl", rows)
    db = tmp_path / "x.duckdb"
    args = ["ingest", str(feed), "--db", str(db), "--engine", engine, "--workers", "1", "--quiet"]
    done = subprocess.run([EVENTCODER, *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and f"{feed}:3:" in errors[0] and "internal error" not in errors[0]
    assert "stored 4 article(s)" in done.stdout
