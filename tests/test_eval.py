"""`eventcoder eval`: reading gold files, choosing the event to compare, and the figures."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventcoder import ontology
from eventcoder.cli import main
from eventcoder.errors import InputError
from eventcoder.evaluate import LexiconCoder, evaluate, fold_of, read_gold
from eventcoder.model import Actor, Article, ArticleResult, Event, PloverLabel

# Our own sentences, in the two gold formats of eval/dev.
PLOVER_GOLD = [
    {
        "id": "T-1",
        "text": "Chile and Peru agreed to share intelligence.",
        "date": "2021-05-04",
        "events": [
            {
                "code": "AGREE",
                "source": [{"actorText": "Chile", "code": "CHL"}],
                "target": [{"actorText": "Peru", "code": "PER", "sector": "GOV"}],
            }
        ],
    },
    {
        "id": "T-2",
        "text": "The union demanded the release of the strikers.",
        "events": [{"code": "DEMAND", "source": [{"code": "IGO"}], "target": []}],
    },
    {
        "id": "T-3",
        "text": "Artillery units shelled the port of Odesa.",
        "events": [{"code": "FIGHT", "mode": "heavy-weapons", "source": [], "target": []}],
    },
    {"id": "T-4", "text": "The weather was mild on Tuesday.", "events": [], "should_not_code": True},
]
CAMEO_GOLD = [
    {"id": "C-1", "text": "The envoy visited Hanoi.", "events": [{"code": "042"}], "root_code": "04"},
    {"id": "C-2", "text": "Police detained six students.", "events": [{"code": "173"}], "root_code": "17"},
    {"id": "C-3", "text": "The minister praised the mediators.", "events": [{"code": "051"}]},
]


def _write(path: Path, records: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _event(article_id: str, code: str, conf: float, src: Actor | None = None, **kw: object) -> Event:
    cam = ontology.cameo(code)
    plo = ontology.plover(code, kw.get("mode"))  # type: ignore[arg-type]
    return Event(
        event_id=f"{article_id}-{code}",
        article_id=article_id,
        sentence_index=0,
        text="",
        source=src,
        target=kw.get("target"),  # type: ignore[arg-type]
        cameo=cam,
        plover=PloverLabel(plo.type, plo.mode),
        confidence=conf,
    )


class FakeCoder:
    """Returns prepared events per article id, so scoring is tested without spaCy."""

    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events
        self.seen: list[Article] = []

    def code_articles(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            self.seen.append(a)
            yield ArticleResult(a, tuple(self.events.get(a.id, ())))


def test_plover_scoring(tmp_path: Path) -> None:
    gold = _write(tmp_path / "p.jsonl", PLOVER_GOLD)
    chl = Actor("Chile", country="CHL", sector="GOV")
    per = Actor("Peru", country="PER")
    un = Actor("the union", sector="IGO", cameo="IGOUNO")
    coder = FakeCoder(
        {
            # best match by type wins over the more confident statement
            "T-1": [_event("T-1", "010", 0.9), _event("T-1", "0314", 0.5, chl, target=per)],
            "T-2": [_event("T-2", "1053", 0.8, un)],
            "T-3": [_event("T-3", "1823", 0.7)],  # wrong type
            "T-4": [_event("T-4", "010", 0.3)],  # should not be coded
        }
    )
    report = evaluate(gold, coder)
    assert [a.published.isoformat() for a in coder.seen if a.published] == [
        "2021-05-04", "2000-01-01", "2000-01-01", "2000-01-01",
    ]  # fmt: skip
    assert report.gold_events == 3 and report.found == 3 and report.false_positives == 1
    assert report.recall == 1.0 and report.precision == pytest.approx(0.75)
    assert (report.plover_type.correct, report.plover_type.total) == (2, 3)
    assert (report.plover_type_top1.correct, report.plover_type_top1.total) == (1, 3)
    assert (report.source_country.correct, report.source_country.total) == (2, 2)
    assert (report.target_country.correct, report.target_country.total) == (1, 1)
    assert report.mode.total == 0  # T-3's type is wrong, so its mode is not compared
    assert report.cameo_root.total == 0
    assert [m.id for m in report.mismatches] == ["T-3"]
    assert report.confusion[("FIGHT", "ASSAULT")] == 1


def test_cameo_scoring_and_folds(tmp_path: Path) -> None:
    gold = _write(tmp_path / "c.jsonl", CAMEO_GOLD)
    coder = FakeCoder(
        {
            "C-1": [_event("C-1", "040", 0.6)],  # root right, code wrong
            "C-2": [_event("C-2", "173", 0.9)],
            "C-3": [],  # missed
        }
    )
    report = evaluate(gold, coder)
    assert (report.cameo_root.correct, report.cameo_root.total) == (2, 3)
    assert (report.cameo_code.correct, report.cameo_code.total) == (1, 3)
    assert report.recall == pytest.approx(2 / 3)
    assert report.plover_type.total == 0
    figures = report.figures()
    assert figures["cameo_root_accuracy"] == pytest.approx(2 / 3)
    only = fold_of("C-2")
    sub = evaluate(gold, FakeCoder({}), folds=[only])
    assert sub.records == sum(1 for r in CAMEO_GOLD if fold_of(str(r["id"])) == only)


def test_folds_are_stable_and_balanced() -> None:
    ids = [f"REC-{i}" for i in range(2000)]
    counts = Counter(fold_of(i) for i in ids)
    assert set(counts) == {1, 2, 3, 4, 5}
    assert min(counts.values()) > 300
    assert fold_of("PLOVER-GSR01-AGREE-0001") == fold_of("PLOVER-GSR01-AGREE-0001")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('{"id": "x"}', "'text'"),
        ('{"text": "a", "events": [{"code": "WIBBLE"}]}', "unknown PLOVER type"),
        ('{"text": "a", "events": [{"code": "999"}]}', "unknown CAMEO code"),
        ('{"text": "a", "date": "soon", "events": []}', "bad date"),
    ],
)
def test_bad_gold_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text('{"text": "fine", "events": []}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_gold(path)
    assert err.value.where == f"{path}:2" and message in err.value.message


def test_gold_labels_are_mapped_to_current_plover(tmp_path: Path) -> None:
    records = read_gold(_write(tmp_path / "p.jsonl", PLOVER_GOLD))
    assert records[1].events[0].plover_type == "REQUEST"
    assert records[0].events[0].sources[0].code == "CHL"


def test_lexicon_coder_on_our_sentences(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = _write(tmp_path / "c.jsonl", CAMEO_GOLD)
    report = evaluate(gold, LexiconCoder())
    assert report.cameo_root.rate == 1.0
    assert report.cameo_code.rate == 1.0


def test_cli_eval_json_and_table(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = _write(tmp_path / "c.jsonl", CAMEO_GOLD)
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(gold), "--lexicon-only", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["cameo_root_accuracy"] == 1.0 and figures["records"] == 3
    table = runner.invoke(main, ["eval", str(gold), "--lexicon-only", "--errors", "5"])
    assert table.exit_code == 0 and "CAMEO root accuracy" in table.output
    bad = runner.invoke(main, ["eval", str(gold), "--folds", "9"])
    assert bad.exit_code == 2


def test_cli_eval_bad_gold_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("nope\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(path), "--lexicon-only"])
    assert result.exit_code == 2
    assert "bad.jsonl:1" in result.output


# Floors a little below what the lexicon reaches on the dev files (docs/eval.md has the figures);
# a change that loses accuracy fails here.
LEXICON_FLOORS = {
    "cameo_codebook_examples.jsonl": {"cameo_root_accuracy": 0.85, "cameo_root_top1": 0.74},
    "plover_gsr_cameo_examples.jsonl": {"plover_type_accuracy": 0.82, "plover_type_top1": 0.71},
}
PIPELINE_FLOORS = {
    # The whole pipeline (extraction, actors) moves with other stages, so these floors have slack
    # (measured 2026-12-03 after the issue 11 dev-gold work: root 86.6%, full code 49.1%, type
    # 85.1%, source 86.4%, target 83.7%).
    "cameo_codebook_examples.jsonl": {"cameo_root_accuracy": 0.84, "cameo_code_accuracy": 0.46},
    "plover_gsr_cameo_examples.jsonl": {
        "plover_type_accuracy": 0.82,
        "source_country_agreement": 0.83,
        "target_country_agreement": 0.80,
    },
}


@pytest.fixture(scope="module")
def lexicon_coder(nlp):  # type: ignore[no-untyped-def]
    return LexiconCoder()


@pytest.mark.parametrize("name", sorted(LEXICON_FLOORS))
def test_lexicon_stays_above_floors(shared_eval: Path, lexicon_coder, name: str) -> None:  # type: ignore[no-untyped-def]
    figures = evaluate(shared_eval / name, lexicon_coder).figures()
    for key, floor in LEXICON_FLOORS[name].items():
        assert figures[key] >= floor, (name, key, figures[key])


@pytest.mark.parametrize("name", sorted(PIPELINE_FLOORS))
def test_pipeline_stays_above_floors(shared_eval: Path, coder, name: str) -> None:  # type: ignore[no-untyped-def]
    figures = evaluate(shared_eval / name, coder).figures()
    for key, floor in PIPELINE_FLOORS[name].items():
        assert figures[key] >= floor, (name, key, figures[key])
