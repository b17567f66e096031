"""`eventcoder eval` on labelled real news (the format of eval/real/*.jsonl), with our own texts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventcoder import ontology
from eventcoder.cli import main
from eventcoder.errors import InputError
from eventcoder.evaluate_real import (
    baseline_labels,
    evaluate_real,
    is_real_set,
    place_events,
    read_real,
    real_config,
)
from eventcoder.model import Actor, Article, ArticleResult, Event, Location, PloverLabel

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Our own short stories, labelled as the corpus labels them (did the police ... ?).
ARTICLES = [
    {
        "id": "r1",
        "title": "",
        "text": "police arrested twelve men in surat on monday after the clashes. the town was calm later.",
        "published": "2002-03-04",
        "labels": ["ARREST", "ANY_ACTION"],
    },
    {
        "id": "r2",
        "title": "",
        "text": "a mob set fire to shops in the old city. police fired in the air to disperse the crowd.",
        "published": "2002-03-05",
        "labels": ["FORCE", "ANY_ACTION"],
    },
    {
        "id": "r3",
        "title": "",
        "text": "the minister visited the relief camp and promised more aid.",
        "published": "2002-03-06",
        "labels": [],
    },
]


def _sentences() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for art in ARTICLES:
        text = str(art["text"])
        parts = [p.strip() + " " for p in text.split(". ") if p.strip()]
        for n, part in enumerate(parts):
            labels = art["labels"] if n == 0 or "police" in part else []
            if art["id"] == "r2":
                labels = art["labels"] if "police" in part else []
            row = {"id": f"{art['id']}_{n}", "text": part, "labels": labels, "published": art["published"]}
            rows.append(row)
    return rows


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _event(article_id: str, code: str, text: str, source: Actor | None, trigger: str = "") -> Event:
    plo = ontology.plover(code)
    return Event(
        event_id=f"{article_id}-{code}-{trigger}",
        article_id=article_id,
        sentence_index=0,
        text=text,
        source=source,
        target=None,
        cameo=ontology.cameo(code),
        plover=PloverLabel(plo.type, plo.mode),
        confidence=0.8,
        trigger=trigger,
        location=Location(name="Surat", country="IND", lat=None, lon=None),
    )


class FakeCoder:
    """Prepared events per article id: scoring tested without spaCy."""

    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events
        self.seen: list[Article] = []

    def code_articles(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            self.seen.append(a)
            yield ArticleResult(a, tuple(self.events.get(a.id, ())))


POLICE = Actor("police", sector="COP", country="IND")
MOB = Actor("a mob")


def test_reads_articles_and_sentences(tmp_path: Path) -> None:
    arts = _write(tmp_path / "ipe_x_articles.jsonl", ARTICLES)
    sents = _write(tmp_path / "ipe_x_sentences.jsonl", _sentences())
    assert is_real_set(arts) and is_real_set(sents)
    a = read_real(arts)
    assert a.level == "article" and [i.id for i in a.items] == ["r1", "r2", "r3"]
    s = read_real(sents)
    assert s.level == "sentence" and {i.article_id for i in s.items} == {"r1", "r2", "r3"}
    # The sentences are joined back into one article each, in order.
    joined = {x["id"]: x["text"] for x in s.articles}
    assert "police arrested twelve men" in str(joined["r1"]) and str(joined["r1"]).startswith("police")


def test_bad_sentence_id_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.jsonl", [{"id": "nosuffix", "text": "x", "labels": []}])
    with pytest.raises(InputError, match=r"bad\.jsonl:1"):
        read_real(path)


def test_article_level_scoring(tmp_path: Path) -> None:
    arts = _write(tmp_path / "ipe_x_articles.jsonl", ARTICLES)
    coder = FakeCoder(
        {
            "r1": [_event("r1", "173", "police arrested twelve men", POLICE, "arrested")],
            # force by a mob is not police force; the police's firing is
            "r2": [
                _event("r2", "180", "a mob set fire to shops", MOB, "set fire"),
                _event("r2", "190", "police fired in the air", Actor("police"), "fired"),
            ],
            "r3": [_event("r3", "173", "someone was detained", Actor("the minister"), "detained")],
        }
    )
    report = evaluate_real(arts, coder)
    assert report.level == "article" and report.items == 3
    assert (report.coder["ARREST"].tp, report.coder["ARREST"].fp) == (1, 0)
    assert (report.coder["FORCE"].tp, report.coder["FORCE"].fp, report.coder["FORCE"].fn) == (1, 0, 0)
    assert report.coder["KILL"].fp == 0  # nobody died in r2's sentence
    assert report.macro_f1() == pytest.approx((0.0 + 1.0 + 1.0) / 3)
    # baseline: "police arrested" and "police fired" are both in one sentence
    assert report.baseline["ARREST"].tp == 1 and report.baseline["FORCE"].tp == 1
    assert report.home_country == "IND" and report.located == 4 and report.located_home == 4
    assert (report.named_sources, report.named_with_country) == (4, 1)
    # the labels field never reaches the coder; the text does
    assert [a.id for a in coder.seen] == ["r1", "r2", "r3"]


def test_kill_needs_a_death() -> None:
    cfg = real_config()
    from eventcoder.evaluate_real import predicted_labels

    shot = _event("k", "190", "police fired on the crowd and two people died", POLICE, "fired")
    assert predicted_labels([shot], cfg) == {"FORCE", "KILL"}
    warn = _event("k", "190", "police fired on the crowd", POLICE, "fired")
    assert predicted_labels([warn], cfg) == {"FORCE"}
    assert baseline_labels("Two men were killed. Police arrived later.", cfg) == set()
    assert baseline_labels("Police shot dead two men.", cfg) == {"KILL", "FORCE"}


def test_sentence_level_places_events_on_their_sentence(tmp_path: Path) -> None:
    sents = _write(tmp_path / "ipe_x_sentences.jsonl", _sentences())
    real = read_real(sents)
    r2 = [i for i in real.items if i.article_id == "r2"]
    fired = _event("r2", "190", "police fired in the air to disperse the crowd.", POLICE, "fired")
    placed = place_events(r2, [fired])
    assert [i.id for i in r2 if placed[i.id]] == ["r2_1"]
    coder = FakeCoder({"r2": [fired]})
    report = evaluate_real(sents, coder)
    assert report.level == "sentence"
    assert (report.coder["FORCE"].tp, report.coder["FORCE"].fp, report.coder["FORCE"].fn) == (1, 0, 0)
    assert report.coder["ARREST"].fn == 1  # r1's arrest sentence got no event


def test_cli_takes_several_gold_files(tmp_path: Path) -> None:
    arts = _write(tmp_path / "ipe_x_articles.jsonl", ARTICLES)
    gold = _write(
        tmp_path / "cameo.jsonl",
        [{"id": "G-1", "text": "Police detained six students.", "events": [{"code": "173"}]}],
    )
    out = CliRunner().invoke(main, ["eval", str(arts), str(gold), "--json"])
    assert out.exit_code == 0, out.output
    figures = json.loads(out.output)
    assert [f["gold_file"] for f in figures] == [str(arts), str(gold)]
    assert figures[0]["level"] == "article" and figures[0]["labels"]["ARREST"]["tp"] == 1
    assert figures[1]["cameo_root_accuracy"] == 1.0
    text = CliRunner().invoke(main, ["eval", str(arts)])
    assert text.exit_code == 0 and "police ARREST" in text.output and "macro F1" in text.output


REAL = SHARED / "eval" / "real"


@pytest.mark.skipif(not REAL.exists(), reason="../shared/eval/real is not present")
def test_real_dev_set_reads_and_baseline_is_sane() -> None:
    # The reading and the keyword baseline over the real dev half (coding it all takes minutes).
    real = read_real(REAL / "ipe_dev_articles.jsonl", folds=[5])
    assert real.level == "article" and len(real.items) > 50
    cfg = real_config()
    hits = sum("ARREST" in baseline_labels(i.text, cfg) for i in real.items if "ARREST" in i.labels)
    assert hits > 0
    sents = read_real(REAL / "ipe_dev_sentences.jsonl", folds=[5])
    assert sents.level == "sentence" and {i.article_id for i in sents.items} == {i.id for i in real.items}
