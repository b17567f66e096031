"""The event database: batch ingest, idempotence, deduplication across batches, queries, locking.

These tests build `ArticleResult`s by hand (real dataclasses, realistic values) so the store is
tested independently of how events are coded; tests/test_store_cli.py runs the real pipeline.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder import ontology
from eventcoder.errors import ConfigError, InputError
from eventcoder.model import Actor, Article, ArticleResult, Event, Location, When, stable_hash
from eventcoder.store import EventFilter, connect, ingest_results
from eventcoder.store import query as q

ACTORS = {
    "TURGOV": Actor(
        "Turkish President Recep Tayyip Erdogan", "Recep Tayyip Erdogan", "TUR", "GOV", "TURGOV", "erdogan"
    ),
    "RUSGOV": Actor("Russian President Vladimir Putin", "Vladimir Putin", "RUS", "GOV", "RUSGOV", "putin"),
    "SYRREB": Actor("Syrian rebels", "Syrian rebels", "SYR", "REB", "SYRREB"),
    "SYRMIL": Actor("the Syrian army", "Syrian Arab Army", "SYR", "MIL", "SYRMIL"),
    "ISRMIL": Actor("Israeli troops", "Israel Defense Forces", "ISR", "MIL", "ISRMIL"),
    "IGOUNO": Actor("the United Nations", "United Nations", None, "IGO", "IGOUNO", "un"),
}  # fmt: skip
PLACES = {
    "Hama": Location("Hama", "SYR", "Hama", 35.13, 36.76, 170017),
    "Homs": Location("Homs", "SYR", "Homs", 34.73, 36.72, 169577),
    "Moscow": Location("Moscow", "RUS", "Moscow", 55.75, 37.62, 524901),
    "Syria": Location("Syria", "SYR", None, 35.0, 38.0, 163843, feature="country"),
}
# (source, cameo code, target, place): the stories our generated articles report.
STORIES = [
    ("SYRREB", "192", None, "Hama"),
    ("SYRREB", "190", "SYRMIL", "Homs"),
    ("TURGOV", "041", "RUSGOV", None),
    ("TURGOV", "042", "RUSGOV", "Moscow"),
    ("ISRMIL", "190", "SYRMIL", "Syria"),
    ("IGOUNO", "023", "SYRREB", None),
    ("RUSGOV", "112", "TURGOV", None),
]
OUTLETS = ["Levant Wire", "Bosphorus Daily", "Northern Courier", "Gulf Dispatch"]


def make_event(article: Article, i: int, story: tuple[str, str, str | None, str | None], day: date) -> Event:
    """One event mention as the pipeline would produce it for `story` on `day`."""
    src, code, tgt, place = story
    eid = stable_hash(article.id, i, code, src, tgt or "")
    return Event(
        event_id=eid,
        article_id=article.id,
        sentence_index=i,
        text=f"Sentence {i} of {article.id} about {src} {code} {tgt or ''}.",
        source=ACTORS[src],
        target=ACTORS[tgt] if tgt else None,
        cameo=ontology.cameo(code),
        plover=ontology.plover(code),
        when=When(day.isoformat(), "day"),
        location=PLACES[place] if place else None,
        confidence=0.5 + (int(eid[:2], 16) % 40) / 100,
        trigger="captured" if code == "192" else "",
        published=article.published,
        article_source=article.source,
        url=article.url,
    )


def make_results(
    n: int, seed: int = 7, start: date = date(2024, 11, 27), days: int = 12
) -> list[ArticleResult]:
    """`n` articles, each reporting one to three stories on days near its publication date."""
    rnd = random.Random(seed)
    out = []
    for k in range(n):
        published = start + timedelta(days=rnd.randrange(days))
        outlet = OUTLETS[k % len(OUTLETS)]
        aid = f"art-{k:04d}"
        stories = rnd.sample(STORIES, rnd.randint(1, 3))
        article = Article(
            id=aid,
            title=f"Report {k} from {outlet}",
            text=" ".join(f"{s[0]} {s[1]} {s[2]}" for s in stories) + f" ({k})",
            published=published,
            source=outlet,
            url=f"https://example.org/{aid}",
            origin=f"generated:{k}",
        )
        events = tuple(
            make_event(article, i, s, published - timedelta(days=rnd.randrange(2)))
            for i, s in enumerate(stories)
        )
        out.append(ArticleResult(article=article, events=events, n_words=40 + k % 17))
    return out


TABLE_ORDER = {"articles": "article_id", "mentions": "mention_id", "events": "event_key"}


def dump(db: Path, volatile: tuple[str, ...] = ("ingested_at",)) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the three tables (minus timestamps), in a stable order, for comparing databases."""
    con = connect(db, read_only=True)
    try:
        out = {}
        for table, key in TABLE_ORDER.items():
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in volatile
            ]
            out[table] = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {key}").fetchall()
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def sample() -> list[ArticleResult]:
    return make_results(60)


@pytest.fixture(scope="module")
def reference_db(tmp_path_factory: pytest.TempPathFactory, sample: list[ArticleResult]) -> Path:
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    ingest_results(db, sample, batch_size=1000)
    return db


def test_ingest_counts_and_dedupes(reference_db: Path, sample: list[ArticleResult]) -> None:
    con = connect(reference_db, read_only=True)
    try:
        totals = q.totals(con)
        assert totals["articles"] == len(sample)
        assert totals["mentions"] == sum(len(r.events) for r in sample)
        # 60 articles retelling 7 stories over 12 days: far fewer events than mentions.
        assert totals["events"] < totals["mentions"] / 2
        row = con.execute("SELECT sum(n_mentions), min(n_articles), max(n_sources) FROM events").fetchone()
        assert row is not None and row[0] == totals["mentions"] and row[1] >= 1 and row[2] <= len(OUTLETS)
        # Every mention points at an existing event; every event has its mentions.
        orphans = con.execute(
            "SELECT count(*) FROM mentions m ANTI JOIN events e USING (event_key)"
        ).fetchone()
        assert orphans == (0,)
        # A call and a visit on the same day between the same leaders never share an event.
        mixed = con.execute(
            "SELECT count(*) FROM (SELECT event_key FROM mentions GROUP BY event_key "
            "HAVING bool_or(cameo_code = '041') AND bool_or(cameo_code = '042'))"
        ).fetchone()
        assert mixed == (0,)
        # The event's report span covers its mentions' publication dates.
        bad = con.execute(
            "SELECT count(*) FROM mentions m JOIN events e USING (event_key) "
            "WHERE m.published < e.first_reported OR m.published > e.last_reported"
        ).fetchone()
        assert bad == (0,)
    finally:
        con.close()


def test_rerun_is_idempotent(tmp_path: Path, sample: list[ArticleResult], reference_db: Path) -> None:
    db = tmp_path / "e.duckdb"
    ingest_results(db, sample[:30], batch_size=7)
    summary = ingest_results(db, sample, batch_size=7)
    assert summary.articles_skipped == 30 and summary.articles_stored == 30
    again = ingest_results(db, sample, batch_size=50)
    assert again.articles_stored == 0 and again.articles_skipped == len(sample)
    assert dump(db) == dump(reference_db)


@pytest.mark.parametrize("seed", [1, 2])
def test_any_order_and_batching_gives_the_same_database(
    tmp_path: Path, sample: list[ArticleResult], reference_db: Path, seed: int
) -> None:
    shuffled = list(sample)
    random.Random(seed).shuffle(shuffled)
    db = tmp_path / "e.duckdb"
    ingest_results(db, shuffled, batch_size=seed * 4 + 1)
    assert dump(db) == dump(reference_db)


def test_same_content_under_another_id_is_stored_once(tmp_path: Path, sample: list[ArticleResult]) -> None:
    original = sample[0]
    copy_art = Article(
        id="syndicated-copy",
        title=original.article.title,
        text="  " + original.article.text.replace(" ", "\n ") + "\n",  # whitespace does not matter
        published=original.article.published,
        source="Another Outlet",
    )
    db = tmp_path / "e.duckdb"
    summary = ingest_results(db, [original, ArticleResult(copy_art, ())])
    assert summary.articles_stored == 1 and summary.articles_skipped == 1


def test_known_id_with_new_content_keeps_the_first_version(
    tmp_path: Path, sample: list[ArticleResult]
) -> None:
    first = sample[0]
    changed = ArticleResult(
        Article(first.article.id, first.article.title, first.article.text + " Updated.", origin="b.jsonl:3"),
        (),
    )
    warnings: list[str] = []
    db = tmp_path / "e.duckdb"
    ingest_results(db, [first])
    summary = ingest_results(db, [changed], on_warning=warnings.append)
    assert summary.id_conflicts == 1 and summary.articles_stored == 0
    assert warnings and warnings[0].startswith("b.jsonl:3: article id 'art-0000'")
    con = connect(db, read_only=True)
    row = con.execute("SELECT content_hash FROM articles").fetchall()
    con.close()
    assert row == [(first.article.content_hash,)]


def test_input_errors_are_reported_and_the_rest_stored(tmp_path: Path, sample: list[ArticleResult]) -> None:
    errors: list[InputError] = []
    items: list[ArticleResult | InputError] = [sample[0], InputError("bad.jsonl:2", "not JSON"), sample[1]]
    summary = ingest_results(tmp_path / "e.duckdb", items, on_error=errors.append)
    assert summary.input_errors == 1 and summary.articles_stored == 2
    assert [e.where for e in errors] == ["bad.jsonl:2"]


def test_a_failing_batch_leaves_earlier_batches_and_nothing_else(
    tmp_path: Path, sample: list[ArticleResult], reference_db: Path
) -> None:
    def crashing() -> Iterator[ArticleResult]:
        yield from sample[:25]
        raise KeyboardInterrupt  # Ctrl-C while the coder works on the third batch

    db = tmp_path / "e.duckdb"
    with pytest.raises(KeyboardInterrupt):
        ingest_results(db, crashing(), batch_size=10)
    con = connect(db, read_only=True)
    assert q.totals(con)["articles"] == 20
    con.close()
    summary = ingest_results(db, sample, batch_size=10)
    assert summary.articles_skipped == 20
    assert dump(db) == dump(reference_db)


def test_queries(reference_db: Path) -> None:
    con = connect(reference_db, read_only=True)
    try:
        everything = q.count_events(con, EventFilter())
        assert len(q.query_events(con, EventFilter(), limit=10_000)) == everything
        fights = q.query_events(con, EventFilter(plover_type="fight"), limit=10_000)
        assert fights and all(e["plover_type"] == "FIGHT" for e in fights)
        assert q.count_events(con, EventFilter(root="19")) == len(
            [e for e in q.query_events(con, EventFilter(), limit=10_000) if e["cameo_root"] == "19"]
        )
        erdogan = q.query_events(con, EventFilter(actor="erdogan"), limit=10_000)
        assert erdogan and all("erdogan" in (e["source_actor_id"], e["target_actor_id"]) for e in erdogan)
        assert q.count_events(con, EventFilter(actor="TUR")) == len(erdogan)  # CAMEO prefix
        assert q.count_events(con, EventFilter(actor="vladimir")) == q.count_events(
            con, EventFilter(actor="putin")
        )
        assert q.count_events(con, EventFilter(country="ISR")) > 0
        in_hama = q.query_events(con, EventFilter(place="hama"), limit=10_000)
        assert in_hama and {e["location_name"] for e in in_hama} == {"Hama"}
        syria = q.count_events(con, EventFilter(place="SYR"))
        assert syria >= len(in_hama)
        window = EventFilter(since=date(2024, 12, 1), until=date(2024, 12, 3))
        days = {e["day"] for e in q.query_events(con, window, limit=10_000)}
        assert days and min(days) >= date(2024, 12, 1) and max(days) <= date(2024, 12, 3)
        ordered = q.query_events(con, EventFilter(), limit=10_000, order="-day")
        assert [e["day"] for e in ordered] == sorted((e["day"] for e in ordered), reverse=True)
        page = q.query_events(con, EventFilter(), limit=5, offset=5)
        assert page == q.query_events(con, EventFilter(), limit=10)[5:]
        with pytest.raises(ValueError):
            q.query_events(con, EventFilter(), order="day; DROP TABLE events")

        tl = q.timeline(con, EventFilter(), by="plover_type")
        assert sum(r["n"] for r in tl) == everything
        assert {"day", "key", "n"} <= set(tl[0])
        top = q.dyads(con, EventFilter(), limit=3)
        assert len(top) == 3 and top[0]["n"] >= top[-1]["n"] and "mean_goldstein" in top[0]
        people = q.actors(con, EventFilter(), limit=50)
        assert {"Recep Tayyip Erdogan", "United Nations"} <= {a["actor"] for a in people}

        busiest = q.query_events(con, EventFilter(), limit=1, order="mentions")[0]
        evidence = q.mentions_for(con, busiest["event_key"])
        assert len(evidence) == busiest["n_mentions"]
        assert all(m["article_title"].startswith("Report ") for m in evidence)
        assert "block_key" not in evidence[0]
    finally:
        con.close()


HOLD_WRITE = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
    """
)


def test_readers_wait_for_a_batch_then_give_a_clear_message(tmp_path: Path, reference_db: Path) -> None:
    db = tmp_path / "busy.duckdb"
    db.write_bytes(reference_db.read_bytes())
    # Another process holding the write lock for a short while (one batch): the reader waits.
    with subprocess.Popen([sys.executable, "-c", HOLD_WRITE, str(db), "1.5"], stdout=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"locked"
        con = connect(db, read_only=True, wait_s=20)
        assert q.totals(con)["articles"] == 60
        con.close()
    # Holding it longer than the reader is willing to wait: one clear line.
    with subprocess.Popen([sys.executable, "-c", HOLD_WRITE, str(db), "10"], stdout=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"locked"
        with pytest.raises(ConfigError, match="being written by another process"):
            connect(db, read_only=True, wait_s=0.3)
        proc.kill()


def test_missing_database_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such database"):
        connect(tmp_path / "nope.duckdb", read_only=True)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(range(24)), st.integers(1, 12), st.integers(0, 23))
def test_store_round_trip_any_order_batches_and_repeats(
    tmp_path_factory: pytest.TempPathFactory, order: list[int], batch: int, repeat_from: int
) -> None:
    """Whatever the order, batch size and repeated input, the database equals a one-batch run."""
    base = make_results(24, seed=13)
    reference = tmp_path_factory.mktemp("hyp") / "ref.duckdb"
    ingest_results(reference, base, batch_size=100)
    db = tmp_path_factory.mktemp("hyp") / "e.duckdb"
    ingest_results(db, [base[i] for i in order[:repeat_from]], batch_size=batch)
    ingest_results(db, [base[i] for i in order], batch_size=batch)  # re-run over everything
    assert dump(db) == dump(reference)
