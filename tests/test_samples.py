"""The bundled sample articles (samples/): well-formed, dated, and covering what the demo needs."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FIELDS = {"id", "title", "text", "published", "source", "url"}
DATED_NAME = re.compile(r"^(\d{4}-\d\d-\d\d)-[a-z0-9-]+\.(txt|html)$")
# The stories are about the offensive of 27 November 2024 and what followed it.
PERIOD = (date(2024, 11, 27), date(2024, 12, 31))


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    lines = (SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _words(text: str) -> int:
    return len(text.split())


def test_jsonl_fields_and_ids(records: list[dict[str, str]]) -> None:
    assert len(records) >= 8
    for rec in records:
        assert set(rec) == FIELDS, rec.get("id")
        assert all(isinstance(rec[f], str) and rec[f].strip() for f in FIELDS), rec["id"]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


def test_jsonl_dates_and_lengths(records: list[dict[str, str]]) -> None:
    for rec in records:
        day = date.fromisoformat(rec["published"])
        assert PERIOD[0] <= day <= PERIOD[1], rec["id"]
        assert 80 <= _words(rec["text"]) <= 300, rec["id"]


def test_several_outlets(records: list[dict[str, str]]) -> None:
    assert len({r["source"] for r in records}) >= 4


def test_same_capture_reported_twice(records: list[dict[str, str]]) -> None:
    # Deduplication needs one event told by two outlets on different days, in different words.
    hama = [r for r in records if "Hama" in r["title"]]
    assert len({r["source"] for r in hama}) >= 2
    assert len({r["published"] for r in hama}) >= 2
    assert len({r["text"] for r in hama}) == len(hama)


def test_acceptance_story(records: list[dict[str, str]]) -> None:
    # One article carries every kind of event the acceptance test looks for.
    text = next(r["text"] for r in records if r["id"] == "ad-20241203-erdogan-putin")
    for words in ("by phone", "urged", "rebuffed", "captured", "shot down", "did not agree"):
        assert words in text, words


def test_extra_files_carry_their_date_in_the_name() -> None:
    files = sorted((SAMPLES / "extra").iterdir())
    assert {f.suffix for f in files} >= {".txt", ".html"}
    for f in files:
        m = DATED_NAME.match(f.name)
        assert m, f.name
        assert PERIOD[0] <= date.fromisoformat(m.group(1)) <= PERIOD[1]
    txt = next(f for f in files if f.suffix == ".txt")
    first = txt.read_text(encoding="utf-8").splitlines()[0]
    assert first.strip() and not first.endswith(".")  # the title line


def test_html_has_boilerplate_around_one_story() -> None:
    html = next((SAMPLES / "extra").glob("*.html")).read_text(encoding="utf-8")
    for part in ("<nav", "<footer", "cookie", "<article"):
        assert part in html
    story = html[html.index("<article") : html.index("</article>")]
    assert 80 <= _words(re.sub(r"<[^>]+>", " ", story)) <= 300


def test_ingest_reads_every_sample_with_a_date() -> None:
    from eventcoder.ingest import iter_articles
    from eventcoder.model import Article

    items = list(iter_articles([str(SAMPLES)]))
    articles = [a for a in items if isinstance(a, Article)]
    assert len(articles) == len(items)  # no input errors
    n_jsonl = len((SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines())
    assert len(articles) == n_jsonl + len(list((SAMPLES / "extra").iterdir()))
    assert all(a.published is not None for a in articles)
    html = next(a for a in articles if a.origin.endswith(".html"))
    assert "cookies" not in html.text and "All rights reserved" not in html.text
