"""Issue 12, "nothing lost, nothing silent": hostile input and edge cases end in the one-line
contract (file:line, exit 2) or quietly, never in an internal error; nothing good is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner, Result

from eventcoder.cli import main
from eventcoder.errors import InputError
from eventcoder.ingest import expand_inputs, iter_articles
from eventcoder.ingest.readers import MAX_ERRORS_SHOWN, looks_like_html, parse_published
from eventcoder.model import Article
from eventcoder.when import find_date_expressions
from test_serve_common import build_db

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
EC = str(Path(sys.executable).with_name("eventcoder"))
FIXTURES = Path(__file__).parent / "fixtures"

# Our own sentences.
TALKS = "The foreign minister of Turkey met the Russian ambassador in Ankara on Tuesday."
STRIKE = "Syrian government forces shelled rebel positions near Hama on Monday, residents said."


def article_line(i: int, published: str = "2024-12-03", text: str = TALKS) -> str:
    return json.dumps({"id": f"a{i}", "title": f"Report {i}", "text": text, "published": published})


def error_lines(result: Result) -> list[str]:
    lines = [ln for ln in result.output.splitlines() if ln.startswith("eventcoder:")]
    assert "internal error" not in result.output and "Traceback" not in result.output
    return lines


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("lost") / "events.duckdb")


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1799-12-31", "2201-01-01"])
def test_published_outside_the_range_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=r"outside 1800-01-01\.\.2200-12-31"):
        parse_published(value)


def test_published_at_the_ends_of_the_range_is_kept() -> None:
    assert parse_published("1800-01-01") == date(1800, 1, 1)
    assert parse_published("2200-12-31T23:00:00+02:00") == date(2200, 12, 31)


def test_bad_dates_are_one_line_each_and_good_articles_are_read(tmp_path: Path) -> None:
    lines = [article_line(i) for i in range(3)]
    lines.insert(1, article_line(90, "0001-01-01"))
    lines.append(article_line(91, "9999-12-31", TALKS + " They will meet again next week."))
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_articles([str(path)]))
    errors = [str(x) for x in items if isinstance(x, InputError)]
    assert [x.id for x in items if isinstance(x, Article)] == ["a0", "a1", "a2"]
    assert errors[0].startswith(f"{path}:2: published date 0001-01-01 is outside")
    assert errors[1].startswith(f"{path}:5: published date 9999-12-31 is outside")


def test_published_flag_and_file_name_dates_are_checked_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["code", "--published", "0001-01-01", "-"], input=TALKS)
    assert result.exit_code == 2 and "outside 1800-01-01..2200-12-31" in result.output
    named = tmp_path / "0001-01-01-talks.txt"
    named.write_text("Talks\n" + TALKS + "\n", encoding="utf-8")
    (err,) = list(iter_articles([str(named)]))
    assert isinstance(err, InputError) and "outside" in str(err)


@pytest.mark.parametrize("published", [date.max, date.min, date(9999, 12, 28), date(1, 1, 3)])
def test_relative_dates_at_the_calendar_edge_never_raise(published: date) -> None:
    text = (
        "They will meet next week, next month and next year, tomorrow, on Friday, on Dec. 30, "
        "on 9999-12-31 and 0001-01-01; two weeks ago, last week, yesterday and 3 years ago."
    )
    for future in (False, True):
        for hit in find_date_expressions(text, published, future=future):
            year = int((hit.when.date or "2000").split("-")[0])
            assert 1 < year < 9999  # room left for the few days of arithmetic downstream


# --- folders ------------------------------------------------------------------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Make `denied` unreadable to os.scandir (chmod does not stop root, who runs some CIs)."""
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Talks\n" + TALKS + "\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("Strike\n" + STRIKE + "\n", encoding="utf-8")
    _deny(monkeypatch, locked)
    items = list(expand_inputs([str(tmp_path)]))
    assert items[0] == str(tmp_path / "a.txt")
    assert isinstance(items[1], InputError)
    assert str(items[1]) == f"{locked}: cannot read this subfolder: Permission denied"
    result = CliRunner().invoke(main, ["code", "-q", str(tmp_path)])
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"eventcoder: error: {locked}: cannot read this subfolder: Permission denied"
    ]


def test_unreadable_folder_given_directly_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _deny(monkeypatch, tmp_path)
    result = CliRunner().invoke(main, ["code", "-q", str(tmp_path)])
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert "cannot read this folder" in line and "holds no" not in line and "no .txt" not in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_unreadable_subfolder_by_its_mode(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        items = list(expand_inputs([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    assert [str(x) for x in items] == [f"{locked}: cannot read this subfolder: Permission denied"]


def test_folder_order_is_unchanged(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a.txt", "b/1.jsonl", "c.htm", ".hidden/x.txt", "b/.x.txt", "ab.txt", "z.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    found = [Path(str(x)).relative_to(tmp_path).as_posix() for x in expand_inputs([str(tmp_path)])]
    assert found == ["a.txt", "ab.txt", "b/1.jsonl", "b/2.txt", "c.htm"]


# --- closed pipes -------------------------------------------------------------------------------


def _first_line_then_close(args: list[str]) -> tuple[int, str]:
    """Run eventcoder, read one line of its output, close the pipe (as `| head -1` does)."""
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.wait(timeout=120)
    assert first
    return proc.returncode, err


def test_code_into_a_closed_pipe_ends_quietly() -> None:
    rc, err = _first_line_then_close([EC, "code", "-q", "samples/"])
    assert rc == 0, err
    assert err == ""


def test_stats_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    db = build_db(tmp_path / "events.duckdb")
    # Enough output that it cannot all sit in the pipe's buffer before the reader stops.
    rc, err = _first_line_then_close(
        [sys.executable, "-c", "import sys; from eventcoder.cli import main; sys.argv[0] = 'eventcoder'; "
         "[main(['stats', '--db', sys.argv[1]], standalone_mode=False) for _ in range(400)]", str(db)]
    )  # fmt: skip
    assert rc == 0, err
    assert err == ""


# --- offsets, limits, LIKE, HEAD ----------------------------------------------------------------


def test_huge_offset_is_a_usage_error(db: Path) -> None:
    for flag in ("--offset", "--limit"):
        result = CliRunner().invoke(main, ["events", "--db", str(db), flag, "99999999999999999999"])
        assert result.exit_code == 2
        (line,) = error_lines(result)
        assert flag in line and "1000000000" in line
    result = CliRunner().invoke(main, ["stats", "--db", str(db), "--top", "99999999999999999999"])
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert "--top" in line


@pytest.fixture(scope="module")
def client(db: Path) -> Any:
    from eventcoder.serve.app import create_app

    with TestClient(create_app(db)) as c:
        yield c


def test_api_huge_offset_is_422(client: Any) -> None:
    r = client.get("/api/events", params={"offset": "99999999999999999999"})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("offset:")
    assert client.get("/api/events", params={"offset": "1000000000"}).json()["events"] == []


@pytest.mark.parametrize(("needle", "expected"), [("%", 0), ("%%", 0), ("_u%", 0), ("\\", 0), ("_", 2)])
def test_like_wildcards_match_literally(client: Any, db: Path, needle: str, expected: int) -> None:
    # Only the two events of the actor whose name holds "__pwned" have an underscore anywhere.
    assert client.get("/api/events", params={"actor": needle}).json()["total"] == expected
    assert client.get("/api/events", params={"place": needle}).json()["total"] == 0
    result = CliRunner().invoke(main, ["events", "--db", str(db), "--actor", needle, "--format", "jsonl"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == expected


def test_like_still_matches_names_and_prefixes(client: Any) -> None:
    assert client.get("/api/events", params={"actor": "ukr"}).json()["total"] > 0
    assert client.get("/api/events", params={"place": "gen"}).json()["total"] > 0


@pytest.mark.parametrize("url", ["/", "/api/meta"])
def test_head_answers_200(client: Any, url: str) -> None:
    r = client.head(url)
    assert r.status_code == 200
    assert client.get(url).status_code == 200


# --- item 7 -------------------------------------------------------------------------------------


def test_empty_jsonl_is_bad_input_like_an_empty_txt(tmp_path: Path) -> None:
    for name in ("empty.jsonl", "blank.jsonl"):
        (tmp_path / name).write_text("" if name == "empty.jsonl" else "\n  \n", encoding="utf-8")
        result = CliRunner().invoke(main, ["code", "-q", str(tmp_path / name)])
        assert result.exit_code == 2
        (line,) = error_lines(result)
        assert line.startswith(f"eventcoder: error: {tmp_path / name}: no articles")


def test_binary_input_prints_a_few_errors_then_a_count(tmp_path: Path) -> None:
    path = tmp_path / "noise.jsonl"
    path.write_bytes(b"".join(bytes([0xFF, 0xFE, 0x41 + i % 26, 0x80]) + b"\n" for i in range(300)))
    result = CliRunner().invoke(main, ["code", "-q", str(path)])
    assert result.exit_code == 2
    lines = error_lines(result)
    assert len(lines) == MAX_ERRORS_SHOWN + 1
    assert lines[0] == f"eventcoder: error: {path}:1: not valid UTF-8 at byte 0"
    assert (
        lines[-1] == f"eventcoder: error: {path}: … and {300 - MAX_ERRORS_SHOWN} more bad line(s) not shown"
    )


def test_errors_are_capped_per_file(tmp_path: Path) -> None:
    bad = "\n".join("{not json" for _ in range(MAX_ERRORS_SHOWN + 3)) + "\n"
    (tmp_path / "one.jsonl").write_text(bad, encoding="utf-8")
    (tmp_path / "two.jsonl").write_text(bad, encoding="utf-8")
    errors = [str(x) for x in iter_articles([str(tmp_path)]) if isinstance(x, InputError)]
    assert len(errors) == 2 * (MAX_ERRORS_SHOWN + 1)
    assert sum("… and 3 more" in e for e in errors) == 2


def test_ingest_of_a_missing_path_leaves_no_database(tmp_path: Path) -> None:
    target = tmp_path / "new.duckdb"
    result = CliRunner().invoke(main, ["ingest", "-q", str(tmp_path / "nothere.jsonl"), "--db", str(target)])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output
    assert not target.exists() and not Path(str(target) + ".wal").exists()


def test_html_on_stdin_is_read_as_html() -> None:
    page = (
        "<!DOCTYPE html>\n<html><head><title>Talks in Ankara</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Talks in Ankara</h1><p>{TALKS}</p><p>{STRIKE}</p></article></body></html>\n"
    )
    assert looks_like_html(page.encode())
    assert not looks_like_html(b"Talks in Ankara\n" + TALKS.encode())
    result = CliRunner().invoke(main, ["code", "-q", "--published", "2024-12-03", "-"], input=page)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and all("<" not in r["text"] for r in records)
    assert {r["text"] for r in records} <= {TALKS, STRIKE}


def test_imported_actors_are_used_without_the_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_file = tmp_path / "config" / "actors.yaml"
    monkeypatch.setenv("EVENTCODER_USER_ACTORS", str(user_file))
    # The fixture's invented NGO, unknown to the built-in knowledge base.
    text = "Balkan River Watch accused the Hungarian government of polluting the Danube on Monday."

    def sources() -> list[Any]:
        result = CliRunner().invoke(main, ["code", "-q", "--published", "2015-03-02", "-"], input=text)
        assert result.exit_code == 0, result.output
        return [json.loads(line)["source"] for line in result.output.splitlines()]

    assert sources() and not any(s and s["cameo"] == "NGOENV" for s in sources())
    dictionary = FIXTURES / "petrarch" / "Test.Countries.actors.txt"
    imported = CliRunner().invoke(main, ["actors", "import", str(dictionary)])
    assert imported.exit_code == 0, imported.output
    assert user_file.is_file() and "use it from now on" in imported.output
    assert any(s and s["cameo"] == "NGOENV" for s in sources())
    lookup = CliRunner().invoke(main, ["actors", "lookup", "Balkan River Watch"])
    assert "NGOENV" in lookup.output
    monkeypatch.setenv("EVENTCODER_USER_ACTORS", "")  # empty: no user file at all
    assert not any(s and s["cameo"] == "NGOENV" for s in sources())


def test_stats_never_shows_an_unknown_dyad(tmp_path: Path) -> None:
    db = build_db(tmp_path / "events.duckdb")
    con = duckdb.connect(str(db))
    # Many events whose two sides are unknown: their group would top the dyad ranking.
    for i in range(30):
        con.execute(
            "INSERT INTO events (event_key, cameo_code, cameo_root, goldstein, quad_class, day)"
            " VALUES (?, '010', '01', 0.0, 1, DATE '2024-02-01')",
            [f"anon{i}"],
        )
    con.execute(
        "INSERT INTO events (event_key, cameo_code, cameo_root, goldstein, quad_class, source_cameo)"
        " VALUES ('half', '010', '01', 0.0, 1, 'SYRREB')"
    )
    con.close()
    result = CliRunner().invoke(main, ["stats", "--db", str(db), "--top", "50"])
    assert result.exit_code == 0, result.output
    dyads = result.output.split("dyads")[1].split("Top 50 actors")[0]
    cells = [[c.strip() for c in row.split("│")[1:-1]] for row in dyads.splitlines() if row.startswith("│")]
    assert cells and all(len(c) == 4 for c in cells)
    assert not any(c[0] in ("-", "(unknown)") and c[1] in ("-", "(unknown)") for c in cells)
    assert not any("-" in (c[0], c[1]) for c in cells)
    # A dyad needs both sides: an event with one unknown side is left out of the dyad view (the one
    # read layer, store.query.dyads, serves the CLI and the web alike).
    assert "(unknown)" not in dyads and "SYRREB" not in dyads


def test_plover_export_says_what_it_left_out(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "events.duckdb"
    copy.write_bytes(db.read_bytes())
    con = duckdb.connect(str(copy))
    con.execute("UPDATE events SET plover_type = NULL WHERE event_key IN ('ev00', 'ev01')")
    con.close()
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["export", "--db", str(copy), "--format", "plover", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "left out 2 event(s) without a PLOVER type" in result.output
    kept = out.read_text(encoding="utf-8").splitlines()
    assert f"wrote {len(kept)} event row(s)" in result.output


def test_plain_progress_lines_with_total_and_eta() -> None:
    import io

    from eventcoder.model import ArticleResult
    from eventcoder.progress import count_articles, eta_text, plain_progress

    assert count_articles([str(ROOT / "samples")]) == 12
    assert count_articles(["-"]) is None
    assert eta_text(10, 40, 5.0) == "ETA 15s" and eta_text(10, 1000, 10.0) == "ETA 16m30s"
    art = Article(id="x", title="", text=TALKS)
    items: list[ArticleResult | InputError] = [ArticleResult(art, ()), InputError("f:2", "no text")] * 3
    out = io.StringIO()
    assert list(plain_progress(iter(items), total=6, every_s=0.0, out=out)) == items
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("eventcoder: coding: coded 1 of 6 articles, 0 events, ")
    assert lines[-1].startswith("eventcoder: coding: coded 3 of 6 articles, 0 events, ")
    assert "3 error(s)" in lines[-1]
    quiet = io.StringIO()
    list(plain_progress(iter(items), total=6, every_s=3600.0, out=quiet))
    assert quiet.getvalue() == ""  # a short run prints nothing
