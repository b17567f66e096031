"""Dask engine: partitions, order, Parquet shards, equivalence with the local engine, progress,
CLI flags, and the benchmark corpus generator."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from eventcoder import scale
from eventcoder.config import CoderConfig
from eventcoder.engine import merge_in_order, partitions, show_progress, with_progress
from eventcoder.errors import InputError
from eventcoder.ingest import iter_articles
from eventcoder.model import (
    Actor,
    Article,
    ArticleResult,
    CameoCode,
    Event,
    Location,
    PloverLabel,
    When,
    stable_hash,
)
from eventcoder.scale import (
    EngineOptions,
    code_inputs_dask,
    results_to_tables,
    tables_to_results,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


# --- partitions and ordering --------------------------------------------------------------------


def test_partitions_sizes_and_laziness() -> None:
    assert list(partitions(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(partitions([], 4)) == []
    assert list(partitions(range(4), 4)) == [[0, 1, 2, 3]]

    def endless() -> Iterator[int]:
        n = 0
        while True:
            yield n
            n += 1

    first = next(partitions(endless(), 5))  # must not try to read everything first
    assert first == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError):
        list(partitions(range(3), 0))


def _article(i: int) -> Article:
    return Article(id=f"a{i}", title="", text=f"Story {i}.", origin=f"f.jsonl:{i}")


def test_merge_in_order_puts_errors_back_between_results() -> None:
    part: list[Article | InputError] = [
        InputError("f.jsonl:1", "no text"),
        _article(2),
        InputError("f.jsonl:3", "malformed JSON: x"),
        _article(4),
    ]
    results = [ArticleResult(_article(2), ()), ArticleResult(_article(4), ())]
    merged = list(merge_in_order(part, results))
    assert [type(x).__name__ for x in merged] == [
        "InputError",
        "ArticleResult",
        "InputError",
        "ArticleResult",
    ]
    with pytest.raises(RuntimeError):
        list(merge_in_order(part, results[::-1]))


# --- Parquet round trip -------------------------------------------------------------------------


def _event(article: Article, k: int, **kw: Any) -> Event:
    return Event(
        event_id=stable_hash(article.id, k),
        article_id=article.id,
        sentence_index=k,
        text=f"Sentence {k} of {article.id}.",
        source=Actor("Kenyan police", "Kenya Police", "KEN", "COP", "KENCOP", "ken-police"),
        target=None if k % 2 else Actor("protesters", None, None, "OPP", "OPP"),
        cameo=CameoCode("173", "17", -5.0, 4),
        plover=PloverLabel("ARREST", None, ("protest",) if k else ()),
        when=When("2024-05-02", "day") if k % 2 == 0 else When("2024-05", "month"),
        location=Location("Kenya", "KEN", None, 0.5, 37.5, 192950, feature="country") if k else None,
        confidence=0.8123,
        trigger="arrested",
        published=article.published,
        article_source=article.source,
        url=article.url,
        **kw,
    )


def test_shard_tables_round_trip_records() -> None:
    arts = [_article(i) for i in range(3)]
    results = [
        ArticleResult(arts[0], (_event(arts[0], 0), _event(arts[0], 1)), n_words=40),
        ArticleResult(arts[1], (), n_words=3),
        ArticleResult(arts[2], (_event(arts[2], 2),), n_words=12),
    ]
    events, articles = results_to_tables(results)
    back = tables_to_results(events, articles)
    assert [r.article for r in back] == arts
    assert [r.n_words for r in back] == [40, 3, 12]
    assert [[e.to_record() for e in r.events] for r in back] == [
        [e.to_record() for e in r.events] for r in results
    ]


def test_shard_keeps_record_keys_it_does_not_know(monkeypatch: pytest.MonkeyPatch) -> None:
    # A later version of the record may add keys; the shard must carry them, not drop them.
    original = Event.to_record

    def extended(self: Event) -> dict[str, Any]:
        record = original(self)
        return {**record, "mentions": 3, "location": {**record["location"], "geohash": "kzf0"}}

    monkeypatch.setattr(Event, "to_record", extended)
    art = _article(1)
    events, _ = results_to_tables([ArticleResult(art, (_event(art, 1),))])
    record = json.loads(events.column("record")[0].as_py())
    assert record["mentions"] == 3 and record["location"]["geohash"] == "kzf0"


def test_shard_columns_carry_every_field_of_the_record() -> None:
    # The typed columns are what users query; a field the schema lacks would vanish from them.
    art = _article(1)
    events, _ = results_to_tables([ArticleResult(art, (_event(art, 0), _event(art, 1)))])
    for row in events.to_pylist():
        record = json.loads(row.pop("record"))
        row.pop("seq")
        assert row == record


# --- the Dask engine with a stand-in coder (in-process cluster: fast) ---------------------------


def stand_in_config(tag: str) -> CoderConfig:
    """A config no real coder is built for: the tests put a stand-in coder in the worker's cache
    under its key, so no spaCy model is loaded."""
    return CoderConfig(model=f"stand-in-{tag}")


class StandInCoder:
    """Codes one event per sentence-final full stop, so results depend on each article's text."""

    def code_outcomes(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        return self.code_articles(articles)

    def code_articles(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            n = a.text.count(".")
            yield ArticleResult(a, tuple(_event(a, k) for k in range(n)), n_words=len(a.text.split()))


@pytest.fixture(scope="module")
def inprocess_cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0"
    ) as cluster:
        yield cluster.scheduler_address


def _feed(tmp_path: Path) -> Path:
    rows = []
    for i in range(11):
        if i in (3, 7):
            rows.append("{not json")
        else:
            rows.append(json.dumps({"id": f"n{i}", "text": "One. " * (i % 4 + 1)}))
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(rows) + "\n")
    return path


def _expected(path: Path) -> list[Any]:
    coder = StandInCoder()
    out: list[Any] = []
    for item in iter_articles([str(path)]):
        out.append(item if isinstance(item, InputError) else next(coder.code_articles([item])))
    return out


def _flatten(items: Iterable[ArticleResult | InputError]) -> list[Any]:
    return [
        str(x) if isinstance(x, InputError) else (x.article, [e.to_record() for e in x.events], x.n_words)
        for x in items
    ]


@pytest.mark.parametrize("keep_shards", [False, True])
def test_dask_engine_order_errors_and_shards(
    inprocess_cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep_shards: bool
) -> None:
    options = stand_in_config("order")
    monkeypatch.setitem(scale._CODERS, options.cache_key(), StandInCoder())
    feed = _feed(tmp_path)
    shards = tmp_path / "shards"
    engine = EngineOptions(
        engine="dask",
        scheduler=inprocess_cluster,
        partition_size=3,
        max_in_flight=2,
        shards=str(shards) if keep_shards else None,
    )
    got = list(code_inputs_dask([str(feed)], options, engine))  # type: ignore[arg-type]
    assert _flatten(got) == _flatten(_expected(feed))
    assert [str(x) for x in got if isinstance(x, InputError)] == [
        f"{feed}:4: malformed JSON: Expecting property name enclosed in double quotes at column 2",
        f"{feed}:8: malformed JSON: Expecting property name enclosed in double quotes at column 2",
    ]
    if keep_shards:
        # 11 lines in partitions of 3: four partitions, each with an events and an articles shard.
        assert len(list(shards.glob("events-*.parquet"))) == 4
        n_events = sum(pq.read_table(p).num_rows for p in shards.glob("events-*.parquet"))
        assert n_events == sum(len(x.events) for x in got if isinstance(x, ArticleResult))


def test_dask_engine_skips_what_the_caller_already_has(
    inprocess_cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = stand_in_config("skip")
    monkeypatch.setitem(scale._CODERS, options.cache_key(), StandInCoder())
    feed = _feed(tmp_path)
    engine = EngineOptions(engine="dask", scheduler=inprocess_cluster, partition_size=3)
    stored = {"n1", "n5", "n10"}
    got = code_inputs_dask(
        [str(feed)],
        options,  # type: ignore[arg-type]
        engine,
        skip=lambda a: a.id in stored,
    )
    ids = [x.article.id for x in got if isinstance(x, ArticleResult)]
    assert ids == ["n0", "n2", "n4", "n6", "n8", "n9"]


def test_dask_engine_bounds_partitions_in_flight(
    inprocess_cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = stand_in_config("bounded")
    monkeypatch.setitem(scale._CODERS, options.cache_key(), StandInCoder())
    feed = tmp_path / "many.jsonl"
    feed.write_text("".join(json.dumps({"id": str(i), "text": "A."}) + "\n" for i in range(40)))
    read = 0
    real = scale.partitions

    def counting(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
        nonlocal read
        for part in real(items, size):
            read += 1
            yield part

    monkeypatch.setattr(scale, "partitions", counting)
    engine = EngineOptions(engine="dask", scheduler=inprocess_cluster, partition_size=2, max_in_flight=3)
    results = code_inputs_dask([str(feed)], options, engine)  # type: ignore[arg-type]
    next(results)
    # One result out means the reader is at most max_in_flight partitions ahead, not at the end.
    assert read <= 3
    assert len([next(results), *results]) == 39
    assert read == 20


# --- the real pipeline on a LocalCluster of 2 worker processes ----------------------------------


def _equivalence_inputs(tmp_path: Path) -> list[str]:
    if SAMPLES.is_dir() and any(SAMPLES.iterdir()):
        return [str(SAMPLES)]
    texts = [
        "Border talks\nThe foreign minister of Egypt met his Jordanian counterpart in Amman on Monday.",
        "Arrests\nKenyan police arrested twelve protesters in Nairobi on Tuesday.",
        "Shelling\nRussian forces shelled Kharkiv overnight, Ukrainian officials said on Wednesday.",
        "Aid\nThe European Union pledged new humanitarian aid to Sudan last week.",
        "Rebuke\nChina criticized the Philippines over a confrontation in the South China Sea.",
    ]
    for i, text in enumerate(texts):
        (tmp_path / f"2024-05-0{i + 1}-story{i}.txt").write_text(text + "\n")
    return [str(tmp_path)]


@pytest.mark.slow
@pytest.mark.model
def test_dask_local_cluster_matches_local_engine(tmp_path: Path, coder: Any) -> None:
    inputs = _equivalence_inputs(tmp_path)
    local = list(coder.code_articles(a for a in iter_articles(inputs) if isinstance(a, Article)))
    engine = EngineOptions(engine="dask", workers=2, partition_size=2)
    remote = [x for x in code_inputs_dask(inputs, coder.config, engine) if isinstance(x, ArticleResult)]
    assert [r.article for r in remote] == [r.article for r in local]
    assert [r.n_words for r in remote] == [r.n_words for r in local]

    def records(results: list[ArticleResult]) -> list[dict[str, Any]]:
        rows = [e.to_record() for r in results for e in r.events]
        return sorted(rows, key=lambda d: json.dumps(d, sort_keys=True))

    assert records(remote) == records(local)
    assert records(local), "the equivalence check needs articles that produce events"


@pytest.mark.slow
def test_local_cluster_workers_get_the_quiet_settings() -> None:
    # The slower ticks only help if the spawned worker processes see them, not just the client.
    import dask

    def settings() -> tuple[Any, ...]:
        return (
            dask.config.get("distributed.admin.tick.interval"),
            dask.config.get("distributed.worker.profile.enabled"),
            os.environ.get("OMP_NUM_THREADS"),
        )

    with scale._dask_client(EngineOptions(engine="dask", workers=1)) as client:
        seen = list(client.run(settings).values())
        assert client.scheduler_info()["services"].get("dashboard") != 8787  # never the shared port
    assert seen == [("1s", False, "1")]


# --- progress and flags -------------------------------------------------------------------------


def test_show_progress_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert not show_progress(EngineOptions())
    assert show_progress(EngineOptions(progress=True))
    assert not show_progress(EngineOptions(progress=True, quiet=True))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert show_progress(EngineOptions())
    assert not show_progress(EngineOptions(quiet=True))
    assert not show_progress(EngineOptions(progress=False))


def test_with_progress_passes_everything_through(capsys: pytest.CaptureFixture[str]) -> None:
    art = _article(1)
    items: list[ArticleResult | InputError] = [
        ArticleResult(art, (_event(art, 0), _event(art, 1))),
        InputError("x.jsonl:2", "no text"),
        ArticleResult(_article(3), ()),
    ]
    assert list(with_progress(iter(items))) == items
    err = capsys.readouterr().err
    assert "2 articles" in err and "2 events" in err and "1 errors" in err


def test_engine_options_reject_bad_values() -> None:
    from eventcoder.errors import ConfigError

    with pytest.raises(ConfigError):
        EngineOptions(engine="spark")
    with pytest.raises(ConfigError):
        EngineOptions(partition_size=0)


def test_cli_engine_flags_reach_engine_options() -> None:
    from eventcoder.cli.options import CodingRequest, coding_options

    seen: list[EngineOptions] = []

    @click.command()
    @coding_options
    def probe(coding: CodingRequest) -> None:
        seen.append(coding.engine)

    runner = CliRunner()
    args = ["in.jsonl", "--engine", "dask", "--workers", "3", "--partition-size", "8", "--quiet"]
    assert runner.invoke(probe, args).exit_code == 0
    assert seen[-1] == EngineOptions(engine="dask", workers=3, partition_size=8, quiet=True)
    assert runner.invoke(probe, ["in.jsonl", "--scheduler", "tcp://10.0.0.5:8786"]).exit_code == 0
    assert seen[-1].engine == "dask" and seen[-1].scheduler == "tcp://10.0.0.5:8786"
    assert runner.invoke(probe, ["in.jsonl"]).exit_code == 0
    assert seen[-1] == EngineOptions()
    assert runner.invoke(probe, ["in.jsonl", "--engine", "spark"]).exit_code == 2
    assert runner.invoke(probe, ["in.jsonl", "--workers", "0"]).exit_code == 2


# --- benchmark corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bench_corpus() -> Any:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return corpus


def test_bench_corpus_is_deterministic_and_varied(bench_corpus: Any) -> None:
    a, b = bench_corpus.generate(60, seed=5), bench_corpus.generate(60, seed=5)
    assert a == b
    assert a != bench_corpus.generate(60, seed=6)
    texts = [x["text"] for x in a]
    assert not any("{" in t or "}" in t or "  " in t for t in texts)
    sentences = [s for t in texts for s in t.replace("\n\n", " ").split(". ")]
    assert len(set(sentences)) / len(sentences) > 0.6
    assert len({x["published"] for x in a}) > 30
    assert all(x["text"][0].isupper() for x in a)


def test_bench_corpus_file_reads_back_through_ingest(bench_corpus: Any, tmp_path: Path) -> None:
    path = bench_corpus.write_corpus(25, tmp_path / "c.jsonl", seed=2)
    items = list(iter_articles([str(path)]))
    assert len(items) == 25 and all(isinstance(x, Article) for x in items)


def test_bench_templates_reject_unknown_slots(bench_corpus: Any, tmp_path: Path) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text("event_sentences: ['{src} met {nobody}.']\nfiller_sentences: []\ntitles: []\n")
    with pytest.raises(ValueError, match="nobody"):
        bench_corpus.load_templates(bad)


def test_worker_cache_key_follows_actor_file_edits(tmp_path: Path) -> None:
    actors = tmp_path / "actors.yaml"
    actors.write_text("- name: one\n")
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("verbs: {}\n")
    config = CoderConfig(actor_files=(str(actors),), lexicon_files=(str(lexicon),))
    before = config.cache_key()
    assert config.cache_key() == before
    os.utime(actors, ns=(1, 1))
    after_actors = config.cache_key()
    assert after_actors != before
    os.utime(lexicon, ns=(1, 1))
    assert config.cache_key() != after_actors
