"""`eventcoder actors lookup` and `eventcoder actors import` through the CLI runner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from eventcoder.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_lookup_prints_rule_and_code() -> None:
    result = CliRunner().invoke(main, ["actors", "lookup", "Turkish troops"])
    assert result.exit_code == 0, result.output
    assert "TURMIL" in result.output and "agent" in result.output


def test_lookup_unknown_exits_zero() -> None:
    result = CliRunner().invoke(main, ["actors", "lookup", "Zzyzx Qwerty"])
    assert result.exit_code == 0
    assert "unknown" in result.output


def test_lookup_bad_date_is_usage_error() -> None:
    result = CliRunner().invoke(main, ["actors", "lookup", "Ankara", "--date", "2024-13-01"])
    assert result.exit_code == 2


def test_import_then_lookup_with_date(tmp_path: Path) -> None:
    into = tmp_path / "mine.yaml"
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["actors", "import", str(FIXTURES / "petrarch" / "Test.Countries.actors.txt"), "--into", str(into)],
    )
    assert result.exit_code == 0, result.output
    assert "2 people" in result.output and into.exists()
    result = runner.invoke(
        main, ["actors", "lookup", "Viktor Orban", "--date", "2005-01-01", "--actors", str(into)]
    )
    assert result.exit_code == 0, result.output
    assert "HUNELI" in result.output and "2002-05-27" in result.output
    result = runner.invoke(
        main, ["actors", "lookup", "Viktor Orban", "--date", "2012-01-01", "--actors", str(into)]
    )
    assert "HUNGOV" in result.output


def test_bad_user_file_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("people: [oops\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["actors", "lookup", "Ankara", "--actors", str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml" in result.output


def test_import_refuses_a_file_that_is_not_a_dictionary(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just some words\nand more words\n", encoding="utf-8")
    into = tmp_path / "mine.yaml"
    result = CliRunner().invoke(main, ["actors", "import", str(notes), "--into", str(into)])
    assert result.exit_code == 2 and "notes.txt" in result.output
    assert not into.exists()
    result = CliRunner().invoke(
        main, ["actors", "import", str(notes), "--into", str(into), "--kind", "discards"]
    )
    assert result.exit_code == 0 and "2 discards" in result.output


def test_lookup_town_names_its_country() -> None:
    result = CliRunner().invoke(main, ["actors", "lookup", "Aleppo"])
    assert result.exit_code == 0, result.output
    assert "place" in result.output and "SYR" in result.output and "SYRGOV" not in result.output
