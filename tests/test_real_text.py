"""Real archive text (../shared/eval/real, read at test time only): no dateline, headline or
boilerplate inside any event, repaired encodings in the evidence, places in the right country."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from eventcoder.model import Article
from eventcoder.repair import repair_article

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "real" / "ipe_dev_articles.jsonl"
N_ARTICLES = 80  # enough for a few hundred events while keeping the suite quick
DAMAGE = re.compile("â€|Ã|\ufffd")
BOILERPLATE = re.compile(r"this story is from|facebook twitter", re.IGNORECASE)


@pytest.fixture(scope="module")
def coded(coder):  # type: ignore[no-untyped-def]
    if not REAL.exists():
        pytest.skip("../shared/eval/real is not present")
    rows = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines()[:N_ARTICLES]]
    articles = [
        repair_article(Article(id=r["id"], title=r["title"], text=r["text"], published=None)) for r in rows
    ]
    return list(coder.code_articles(articles))


@pytest.mark.shared
def test_no_layout_or_damage_inside_events(coded) -> None:  # type: ignore[no-untyped-def]
    n_events = 0
    for result in coded:
        dateline = (result.article.dateline or "").lower()
        for event in result.events:
            n_events += 1
            texts = [event.text] + [a.text for a in (event.source, event.target) if a is not None]
            for text in texts:
                assert not DAMAGE.search(text), (event.article_id, text)
                assert not BOILERPLATE.search(text), (event.article_id, text)
                if dateline:
                    assert not text.lower().startswith(dateline + ":"), (event.article_id, text)
    assert n_events > 200


@pytest.mark.shared
def test_located_events_are_in_india(coded) -> None:  # type: ignore[no-untyped-def]
    located = [e.location for r in coded for e in r.events if e.location is not None and e.location.country]
    assert len(located) >= 20
    in_india = sum(loc.country == "IND" for loc in located)
    assert in_india >= 0.9 * len(located)


@pytest.mark.shared
def test_named_sources_mostly_carry_a_country(coded) -> None:  # type: ignore[no-untyped-def]
    # Issue 10's aim is 70% on the whole dev half (82% measured); a little slack for 80 articles.
    named = [e.source for r in coded for e in r.events if e.source is not None and e.source.text]
    assert len(named) >= 200
    with_country = sum(bool(s.country) for s in named)
    assert with_country >= 0.72 * len(named), (with_country, len(named))
