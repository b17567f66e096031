"""Readers: every format, folders, stdin, and every kind of bad input with its exact file:line."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from eventcoder.errors import InputError
from eventcoder.ingest import iter_articles
from eventcoder.model import Article

FALLBACK = date(2021, 6, 1)

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<title>Border talks resume | The Valley Courier</title>
<meta property="og:title" content="Border talks resume">
<meta property="og:site_name" content="The Valley Courier">
{date_meta}
</head><body>
<nav><a href="/">Front page</a> <a href="/sport">Sport</a> Sign up for our newsletter</nav>
<article>
<h1>Border talks resume</h1>
<p>Negotiators from Armenia and Azerbaijan sat down again in Geneva on Monday, a week after
the previous round broke up without an agreement on the disputed crossing points.</p>
<p>A spokesman for the mediators said both delegations had brought revised maps and that a
further session was planned before the end of the month.</p>
</article>
<footer>All rights reserved. Manage cookie preferences. Follow us on social media.</footer>
</body></html>
"""


def articles(items: list[Article | InputError]) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


def errors(items: list[Article | InputError]) -> list[str]:
    return [str(e) for e in items if isinstance(e, InputError)]


def read(*inputs: str | Path, **kw: object) -> list[Article | InputError]:
    return list(iter_articles([str(i) for i in inputs], **kw))  # type: ignore[arg-type]


# --- .txt ---------------------------------------------------------------------------------------


def test_txt_title_body_and_fallback_date(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text("\n\n  Rebels seize a hill town  \n\nFighters took the town overnight.\nResidents fled.\n")
    [a] = read(f, published=FALLBACK, source="Wire")
    assert isinstance(a, Article)
    assert a.title == "Rebels seize a hill town"
    assert a.text == "Fighters took the town overnight.\nResidents fled."
    assert a.published == FALLBACK
    assert a.source == "Wire"
    assert a.origin == str(f)
    assert a.id == a.content_hash[:16]


def test_txt_date_from_file_name_beats_flag(tmp_path: Path) -> None:
    f = tmp_path / "2023-11-30_ceasefire.txt"
    f.write_text("Ceasefire holds\nThe truce held for a third day.\n")
    [a] = read(f, published=FALLBACK)
    assert isinstance(a, Article)
    assert a.published == date(2023, 11, 30)


def test_txt_one_line_is_the_text(tmp_path: Path) -> None:
    f = tmp_path / "one.txt"
    f.write_text("Police detained twelve protesters in the capital.\n")
    [a] = read(f)
    assert isinstance(a, Article)
    assert a.text == "Police detained twelve protesters in the capital."


def test_txt_id_is_content_hash_and_stable_across_paths(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\nSame body.\n")
    (tmp_path / "b.txt").write_text("Title\n\nSame   body.\n")
    a, b = articles(read(tmp_path / "a.txt", tmp_path / "b.txt"))
    assert a.id == b.id


def test_txt_utf8_bom_is_ignored(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfHeadline\nBody text here.\n")
    [a] = read(f)
    assert isinstance(a, Article)
    assert a.title == "Headline"


def test_txt_empty_is_no_text(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_text("  \n\n \n")
    assert errors(read(f)) == [f"{f}: no text"]


def test_txt_bad_utf8_names_line_and_byte(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes(b"Title\nfine line\nna\xefve\n")
    assert errors(read(f)) == [f"{f}:3: not valid UTF-8 at byte 18"]


def test_txt_bad_date_in_file_name(tmp_path: Path) -> None:
    f = tmp_path / "2024-02-30-report.txt"
    f.write_text("Title\nBody.\n")
    [msg] = errors(read(f))
    assert msg.startswith(f"{f}: bad published date '2024-02-30'")


# --- .jsonl -------------------------------------------------------------------------------------


def jsonl(path: Path, rows: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_fields_and_origin(tmp_path: Path) -> None:
    f = jsonl(
        tmp_path / "feed.jsonl",
        [
            {
                "id": "x1",
                "title": "Strike",
                "text": "Workers walked out.",
                "published": "2022-01-05",
                "source": "Gazette",
                "url": "https://example.org/1",
            },
            "",
            {"id": 7, "text": "Talks stalled.", "published": "2022-01-06T23:30:00-05:00"},
            {"text": "No id here.", "published": None},
        ],
    )
    a, b, c = articles(read(f, published=FALLBACK, source="Fallback"))
    assert (a.id, a.title, a.text, a.published, a.source, a.url, a.origin) == (
        "x1",
        "Strike",
        "Workers walked out.",
        date(2022, 1, 5),
        "Gazette",
        "https://example.org/1",
        f"{f}:1",
    )
    # The day as written by the outlet, not converted to UTC.
    assert (b.id, b.published, b.origin, b.source) == ("7", date(2022, 1, 6), f"{f}:3", "Fallback")
    assert c.id == c.content_hash[:16]
    assert c.published == FALLBACK
    assert c.origin == f"{f}:4"


def test_jsonl_errors_name_file_and_line(tmp_path: Path) -> None:
    f = jsonl(
        tmp_path / "bad.jsonl",
        [
            {"text": "Good one."},
            '{"text": "unterminated',
            {"title": "no body"},
            {"text": "   "},
            {"text": "Dated badly.", "published": "03/05/2024"},
            "[1, 2]",
            {"text": 12},
            {"text": "Good two."},
        ],
    )
    items = read(f)
    assert [a.text for a in articles(items)] == ["Good one.", "Good two."]
    errs = errors(items)
    assert errs[0].startswith(f"{f}:2: malformed JSON: ")
    assert errs[1:] == [
        f"{f}:3: missing text field",
        f"{f}:4: no text",
        f"{f}:5: bad published date '03/05/2024' (expected YYYY-MM-DD or an ISO timestamp)",
        f"{f}:6: malformed JSON: expected an object, got list",
        f"{f}:7: field 'text' must be a string, not int",
    ]


def test_jsonl_errors_come_in_input_order(tmp_path: Path) -> None:
    f = jsonl(tmp_path / "mixed.jsonl", [{"text": "One."}, "oops", {"text": "Two."}])
    kinds = [type(x).__name__ for x in read(f)]
    assert kinds == ["Article", "InputError", "Article"]


def test_jsonl_bad_utf8_offset_is_from_file_start(tmp_path: Path) -> None:
    f = tmp_path / "enc.jsonl"
    first = b'{"text": "ok"}\n'
    f.write_bytes(first + b'{"text": "caf\xe9"}\n')
    assert errors(read(f)) == [f"{f}:2: not valid UTF-8 at byte {len(first) + 13}"]


def test_jsonl_gz(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl.gz"
    with gzip.open(f, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "g1", "text": "Compressed story."}) + "\n")
        out.write("{broken\n")
    items = read(f)
    assert [a.id for a in articles(items)] == ["g1"]
    assert errors(items)[0].startswith(f"{f}:2: malformed JSON")


def test_jsonl_is_streamed_not_read_whole(tmp_path: Path) -> None:
    f = jsonl(tmp_path / "big.jsonl", [{"id": str(i), "text": f"Story {i}."} for i in range(1000)])
    it = iter_articles([str(f)])
    first = next(it)
    assert isinstance(first, Article) and first.id == "0"
    # Truncating the file after the first read shows the reader did not slurp it.
    with open(f, "r+b") as handle:
        handle.truncate(0)
    rest = list(it)
    assert len(rest) < 999


# --- .html --------------------------------------------------------------------------------------


def test_html_main_text_title_and_meta_date(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="2024-04-08T09:15:00Z">'
    f = tmp_path / "2020-01-01-page.html"
    f.write_text(PAGE.format(date_meta=meta), encoding="utf-8")
    [a] = read(f, published=FALLBACK, source="Flag")
    assert isinstance(a, Article)
    assert a.title == "Border talks resume"
    assert "Negotiators from Armenia and Azerbaijan" in a.text
    assert "further session was planned" in a.text
    for boiler in ("newsletter", "cookie", "Front page", "rights reserved"):
        assert boiler not in a.text
    assert not a.text.startswith("Border talks resume")  # the headline is the title, not the body
    assert a.published == date(2024, 4, 8)  # page metadata beats file name and flag
    assert a.source == "The Valley Courier"
    assert a.origin == str(f)


def test_html_date_falls_back_to_file_name_then_flag(tmp_path: Path) -> None:
    named = tmp_path / "2019-07-14-page.htm"
    named.write_text(PAGE.format(date_meta=""), encoding="utf-8")
    plain = tmp_path / "page.html"
    plain.write_text(PAGE.format(date_meta=""), encoding="utf-8")
    a, b = articles(read(named, plain, published=FALLBACK))
    assert a.published == date(2019, 7, 14)
    assert b.published == FALLBACK


def test_html_without_text_is_no_text(tmp_path: Path) -> None:
    f = tmp_path / "blank.html"
    f.write_text("<html><head><title>Nothing</title></head><body></body></html>")
    assert errors(read(f)) == [f"{f}: no text"]


# --- folders, paths, stdin ----------------------------------------------------------------------


def test_folder_recursive_sorted_known_extensions_only(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "one.txt").write_text("T\nFrom b.\n")
    (tmp_path / "a" / "deep" / "two.txt").write_text("T\nFrom a/deep.\n")
    (tmp_path / "a" / "z.jsonl").write_text('{"text": "From a/z."}\n')
    (tmp_path / "a" / "notes.md").write_text("ignored\n")
    (tmp_path / ".hidden" / "x.txt").write_text("T\nHidden.\n")
    (tmp_path / "c.TXT").write_text("T\nUpper-case extension.\n")
    texts = [a.text for a in articles(read(tmp_path))]
    assert texts == ["From a/deep.", "From a/z.", "From b.", "Upper-case extension."]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    [msg] = errors(read(tmp_path))
    assert msg.startswith(f"{tmp_path}: no .txt")


def test_missing_and_unsupported_paths(tmp_path: Path) -> None:
    odd = tmp_path / "table.csv"
    odd.write_text("a,b\n")
    missing = tmp_path / "nope.txt"
    items = read(missing, odd)
    assert errors(items)[0] == f"{missing}: no such file or directory"
    assert errors(items)[1].startswith(f"{odd}: unsupported input type")


def test_inputs_keep_command_line_order(tmp_path: Path) -> None:
    (tmp_path / "z.txt").write_text("T\nZed.\n")
    (tmp_path / "a.txt").write_text("T\nAy.\n")
    assert [a.text for a in articles(read(tmp_path / "z.txt", tmp_path / "a.txt"))] == ["Zed.", "Ay."]


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = '\n  {"id": "s1", "text": "From a pipe."}\nnot json\n{"id": "s2", "text": "Second."}\n'
    monkeypatch.setattr("sys.stdin", io.StringIO(data))
    items = read("-", source="Pipe")
    assert [(a.id, a.origin, a.source) for a in articles(items)] == [
        ("s1", "<stdin>:2", "Pipe"),
        ("s2", "<stdin>:4", "Pipe"),
    ]
    assert errors(items)[0].startswith("<stdin>:3: malformed JSON")


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Headline here\n\nThe army withdrew from the valley.\n"))
    [a] = read("-", published=FALLBACK)
    assert isinstance(a, Article)
    assert (a.title, a.text, a.origin, a.published) == (
        "Headline here",
        "The army withdrew from the valley.",
        "<stdin>",
        FALLBACK,
    )


def test_stdin_bytes_bad_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    class Binary(io.StringIO):
        buffer = io.BytesIO(b'{"text": "ok"}\n{"text": "\xff"}\n')

    monkeypatch.setattr("sys.stdin", Binary())
    assert errors(read("-")) == ["<stdin>:2: not valid UTF-8 at byte 25"]


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("   \n"))
    assert errors(read("-")) == ["<stdin>: no text"]


def test_jsonl_utc_timestamp_and_bad_id(tmp_path: Path) -> None:
    f = jsonl(
        tmp_path / "ts.jsonl",
        [
            {"id": "z", "text": "Zulu time.", "published": "2024-02-29T23:59:59Z"},
            {"id": True, "text": "Odd id."},
        ],
    )
    items = read(f)
    assert [a.published for a in articles(items)] == [date(2024, 2, 29)]
    assert errors(items) == [f"{f}:2: field 'id' must be a string or an integer, not bool"]


def test_jsonl_gz_that_is_not_gzip(tmp_path: Path) -> None:
    f = tmp_path / "fake.jsonl.gz"
    f.write_text('{"text": "plain, not compressed"}\n')
    [msg] = errors(read(f))
    assert msg.startswith(f"{f}:1: not a readable gzip file")
