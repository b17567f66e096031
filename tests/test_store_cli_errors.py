"""Bad input to the database commands (and `code -o`): one stderr line, status 2, no traceback.

None of these reach the spaCy model, so they run without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from eventcoder.cli import main
from test_serve_common import build_db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("errors") / "events.duckdb")


@pytest.fixture(scope="module")
def not_a_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("errors") / "notes.duckdb"
    path.write_text("these are notes, not a database\n", encoding="utf-8")
    return path


def one_error_line(result: Result, *needles: str) -> str:
    """The single output line of a failed command, after checking status 2 and no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("eventcoder: error: ")
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


@pytest.mark.parametrize("command", ["events", "stats"])
def test_a_file_that_is_not_a_database(command: str, not_a_db: Path) -> None:
    result = CliRunner().invoke(main, [command, "--db", str(not_a_db)])
    one_error_line(result, str(not_a_db), "cannot open database")


def test_a_duckdb_file_without_our_tables(tmp_path: Path) -> None:
    import duckdb

    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    result = CliRunner().invoke(main, ["events", "--db", str(other)])
    one_error_line(result, "not an eventcoder database", "missing tables")


@pytest.mark.parametrize("flag", ["--since", "--until"])
def test_a_bad_date_flag_is_one_line_naming_the_flag(flag: str, db: Path) -> None:
    result = CliRunner().invoke(main, ["events", "--db", str(db), flag, "8 Dec"])
    one_error_line(result, flag, "YYYY-MM-DD", "events --help")


def test_an_unknown_command_is_one_line() -> None:
    one_error_line(CliRunner().invoke(main, ["evnets"]), "evnets")


@pytest.mark.parametrize("fmt", ["csv", "parquet", "plover", "gdelt"])
def test_export_into_a_missing_folder(fmt: str, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", fmt, "-o", str(out)])
    one_error_line(result, str(out), "cannot write")
    assert not out.parent.exists()


def test_export_onto_a_directory(db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "csv", "-o", str(tmp_path)])
    one_error_line(result, "is a directory")


def test_export_still_writes_where_it_can(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("\n") > 1


def test_code_into_a_missing_folder(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome text.\n", encoding="utf-8")
    out = tmp_path / "missing" / "events.jsonl"
    result = CliRunner().invoke(main, ["code", str(article), "-o", str(out)])
    one_error_line(result, str(out), "cannot write")
