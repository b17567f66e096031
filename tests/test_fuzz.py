"""Fuzzing the readers and the CLI with hypothesis: whatever the articles, dates, encodings and
sizes, no internal error ever; every failure is the one-line contract (`eventcoder: error: ...`
naming the input, exit status 2). Example counts are bounded so this runs in seconds."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder.cli import main
from eventcoder.errors import InputError
from eventcoder.ingest import iter_articles
from eventcoder.ingest.readers import MAX_ERRORS_SHOWN, jsonl_articles, parse_published, text_article
from eventcoder.model import Article
from test_serve_common import build_db

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Sentences of our own, so some fuzzed articles code into events.
WORDS = [
    "The", "army", "of", "Syria", "shelled", "rebels", "near", "Hama", "on", "Tuesday", "next", "week",
    "Turkey", "met", "Russia", "in", "Ankara", "yesterday", "Dec.", "3", "2024-12-03", "0001-01-01",
    "police", "arrested", "protesters", "<p>", "</p>", "{", "}", "\u00e9", "\u202e", "\x00", "\t", "\n",
]  # fmt: skip

dates = st.one_of(
    st.none(),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01", "9999-12-31", "2024-02-30", "2024-12-03T10:00:00+14:00", "", "soon"]),
    st.integers(),
    st.text(max_size=12),
)
texts = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.text(max_size=200),
)
article_objects = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(
            st.text(max_size=10), st.integers(), st.booleans(), st.none(), st.lists(st.integers())
        ),
        "title": st.one_of(st.text(max_size=30), st.integers(), st.none()),
        "text": st.one_of(texts, st.integers(), st.none(), st.lists(st.text(max_size=5), max_size=2)),
        "published": dates,
        "source": st.one_of(st.text(max_size=10), st.none(), st.floats()),
        "url": st.one_of(st.text(max_size=20), st.none()),
    },
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"])


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def one_line_contract(line: str) -> None:
    assert line.startswith("eventcoder: error: ") or line.startswith("eventcoder: warning: "), line
    assert "internal error" not in line and "Traceback" not in line


def jsonl_line(obj: Any, garble: int) -> bytes:
    raw = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    if garble == 1:
        return raw[: len(raw) // 2]  # cut off mid-object
    if garble == 2:
        return raw.replace(b'"', b"\xff", 1)  # a byte that is not UTF-8
    return raw


@FAST
@given(st.lists(st.tuples(article_objects, st.integers(0, 4)), max_size=12))
def test_jsonl_reader_yields_articles_or_located_errors(rows: list[tuple[Any, int]]) -> None:
    lines = [jsonl_line(obj, garble) + b"\n" for obj, garble in rows]
    items = list(jsonl_articles(lines, "f.jsonl"))
    n_errors = 0
    for item in items:
        if isinstance(item, InputError):
            n_errors += 1
            assert re.match(r"f\.jsonl(:\d+)?$", item.where), item.where
            assert "\n" not in str(item)
        else:
            assert isinstance(item, Article) and item.id and item.text.strip()
            assert item.published is None or 1800 <= item.published.year <= 2200
    assert n_errors <= MAX_ERRORS_SHOWN + 1


@FAST
@given(st.binary(max_size=3000), encodings)
def test_text_reader_never_raises_on_any_bytes(data: bytes, encoding: str) -> None:
    for blob in (data, encoded(data.decode("latin-1"), encoding)):
        result = text_article(blob, "doc.txt")
        if isinstance(result, InputError):
            assert result.where.startswith("doc.txt") and "\n" not in str(result)
        else:
            assert result.text.strip()


@FAST
@given(dates)
def test_published_parses_or_says_why(value: Any) -> None:
    try:
        day = parse_published(value)
    except ValueError as exc:
        assert "published date" in str(exc)
    else:
        assert day is None or 1800 <= day.year <= 2200


@SLOW
@given(
    st.lists(st.tuples(article_objects, st.integers(0, 4)), min_size=1, max_size=6),
    st.binary(max_size=400),
    st.sampled_from([".jsonl", ".txt", ".html", ".jsonl.gz"]),
)
def test_code_cli_keeps_the_contract(tmp_path: Path, rows: list[Any], noise: bytes, ext: str) -> None:
    path = tmp_path / f"input{ext}"
    if ext == ".jsonl":
        path.write_bytes(b"".join(jsonl_line(obj, garble) + b"\n" for obj, garble in rows))
    elif ext == ".txt":
        text = "\n".join(str(obj.get("text", "")) for obj, _ in rows)
        path.write_bytes(text.encode("utf-8", errors="surrogatepass") + noise)
    else:
        path.write_bytes(noise)  # not HTML, not gzip: must still be one line each
    result = CliRunner().invoke(main, ["code", "-q", str(path)])
    assert result.exit_code in (0, 2), result.output
    records = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    for line in records:
        assert json.loads(line)["event_id"]
    errors = result.stderr.splitlines()
    for line in errors:
        one_line_contract(line)
        assert str(path) in line
    assert (result.exit_code == 2) == any(ln.startswith("eventcoder: error: ") for ln in errors)
    if result.exit_code == 0:
        assert all(isinstance(x, Article) for x in iter_articles([str(path)]))


hostile = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["%", "_", "'; DROP TABLE events; --", "99999999999999999999", "-1", "\\", "\x00"]),
)


@SLOW
@given(
    st.sampled_from(["--actor", "--country", "--type", "--root", "--since", "--until", "--place", "--limit",
                     "--offset", "--order", "--format"]),
    hostile,
    st.sampled_from(["events", "stats"]),
)  # fmt: skip
def test_query_cli_keeps_the_contract(tmp_path_factory: Any, flag: str, value: str, command: str) -> None:
    db = tmp_path_factory.getbasetemp() / "fuzz-events.duckdb"
    if not db.exists():
        build_db(db)
    if command == "stats" and flag in ("--limit", "--offset", "--order", "--format"):
        flag = "--top"
    result = CliRunner().invoke(main, [command, "--db", str(db), flag, value])
    assert result.exit_code in (0, 2), result.output
    for line in result.stderr.splitlines():
        if result.exit_code == 2:
            one_line_contract(line)
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1
