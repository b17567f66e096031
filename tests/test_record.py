"""One declaration per record field: a field declared in eventcoder.record reaches every output
(JSONL, CSV, DataFrame, the store, the Dask shards, the exports), and an older database opens."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from eventcoder import record
from eventcoder.cli.code import EventWriter
from eventcoder.model import Actor, Article, ArticleResult, CameoCode, Event, Location, PloverLabel, When
from eventcoder.scale import results_to_tables, tables_to_results
from eventcoder.store import connect, ingest_results
from eventcoder.store.export import export
from eventcoder.store.schema import SCHEMA_VERSION, ensure_schema


def _result() -> ArticleResult:
    article = Article(
        id="r1",
        title="Arrests",
        text="Police arrested two men.",
        published=date(2024, 5, 2),
        source="Daily Example",
        origin="in.jsonl:1",
        dateline="NAIROBI",
        agency="Example Wire",
    )
    event = Event(
        event_id="e1",
        article_id="r1",
        sentence_index=0,
        text="Police arrested two men.",
        source=Actor("Police", None, "KEN", "COP", "KENCOP", inferred=("country",)),
        target=Actor("two men", inferred=()),
        cameo=CameoCode("173", "17", -5.0, 4),
        plover=PloverLabel("COERCE", "arrest", ("protest",)),
        when=When("2024-05-01", "day"),
        location=Location("Nairobi", "KEN", "30", -1.28, 36.82, 184745),
        confidence=0.8567,
        trigger="arrested",
        published=date(2024, 5, 2),
        article_source="Daily Example",
        coded_by="fallback",
    )
    return ArticleResult(article, (event,), n_words=4)


def _one_row(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    cur = con.execute(f"SELECT * FROM {table}")
    return dict(zip([d[0] for d in cur.description or ()], cur.fetchone() or (), strict=True))


def _one_row(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    cur = con.execute(f"SELECT * FROM {table}")
    return dict(zip([d[0] for d in cur.description or ()], cur.fetchone() or (), strict=True))


def _outputs(tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The one event as each output shows it: name -> {column or key: value}."""
    result = _result()
    [event] = result.events
    out: dict[str, dict[str, Any]] = {"jsonl": json.loads(json.dumps(event.to_record()))}

    buffer = io.StringIO()
    writer = EventWriter(buffer, "csv")
    writer.write(event)
    writer.close()
    out["csv"] = next(csv.DictReader(io.StringIO(buffer.getvalue())))

    events, articles = results_to_tables([result])
    out["shard"] = events.to_pylist()[0]
    out["shard_article"] = articles.to_pylist()[0]
    [back] = tables_to_results(events, articles)
    assert back.article == result.article
    assert [e.to_record() for e in back.events] == [out["jsonl"]]

    db = tmp_path / "x.duckdb"
    ingest_results(db, [result])
    con = connect(db, read_only=True)
    try:
        out["store"] = _one_row(con, "mentions")
        out["store_article"] = _one_row(con, "articles")
        assert export(con, "parquet", tmp_path / "m.parquet", table="mentions") == 1
        out["export_parquet"] = pq.read_table(tmp_path / "m.parquet").to_pylist()[0]
        assert export(con, "csv", tmp_path / "m.csv", table="mentions") == 1
        with (tmp_path / "m.csv").open(encoding="utf-8") as fh:
            out["export_csv"] = next(csv.DictReader(fh))
    finally:
        con.close()
    return out


def test_new_record_fields_reach_every_output(tmp_path: Path) -> None:
    out = _outputs(tmp_path)
    assert out["jsonl"]["source"]["inferred"] == ["country"] and out["jsonl"]["coded_by"] == "fallback"
    assert out["shard"]["source"]["inferred"] == ["country"] and out["shard"]["coded_by"] == "fallback"
    for name in ("store", "export_parquet"):
        assert out[name]["source_inferred"] == ["country"] and out[name]["target_inferred"] == []
        assert out[name]["coded_by"] == "fallback"
    for name in ("csv", "export_csv"):
        assert out[name]["source_inferred"] == "country" and out[name]["coded_by"] == "fallback"
    for name in ("store_article", "shard_article"):
        assert out[name]["dateline"] == "NAIROBI" and out[name]["agency"] == "Example Wire"


def test_a_declared_field_is_one_declaration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Declare a field the record does not have: every output carries it, nothing else changes.
    loud = record.Field("trigger_loud", record.STR, lambda e: e.trigger.upper())
    monkeypatch.setattr(record, "EVENT_FIELDS", (*record.EVENT_FIELDS, loud))
    record.columns.cache_clear()
    record.shard_schemas.cache_clear()
    try:
        out = _outputs(tmp_path)
    finally:
        record.columns.cache_clear()
        record.shard_schemas.cache_clear()
    for name in ("jsonl", "csv", "shard", "store", "export_parquet", "export_csv"):
        assert out[name]["trigger_loud"] == "ARRESTED", name


def test_csv_keeps_its_columns_and_order() -> None:
    header = record.csv_header()
    old = [
        "event_id", "article_id", "sentence_index", "date", "date_precision",
        "source_name", "source_country", "source_sector", "source_cameo",
        "target_name", "target_country", "target_sector", "target_cameo",
        "cameo_code", "cameo_root", "goldstein", "quad_class", "plover_type", "plover_mode",
        "location", "location_country", "lat", "lon", "confidence", "trigger", "text",
    ]  # fmt: skip
    assert [c for c in header if c in old] == old
    assert header[-1] == "text" and {"source_inferred", "target_inferred", "coded_by"} <= set(header)


def test_flat_row_reads_actor_name_or_words_and_rounds_confidence() -> None:
    row = record.flat_row(_result().events[0])
    assert row["source_name"] == "Police" and row["target_name"] == "two men"
    assert row["confidence"] == 0.857 and row["location_name"] == "Nairobi"
    parts = record.parts_from_row(record.flat_row(_result().events[0], stored=True))
    assert parts["source"].country == "KEN" and parts["location"].feature == "city"


def test_database_of_the_previous_version_opens_and_gains_the_new_columns(tmp_path: Path) -> None:
    # The version-1 tables as the previous release created them (columns of that release).
    db = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, content_hash VARCHAR UNIQUE, title VARCHAR,"
        " published DATE, source VARCHAR, url VARCHAR, origin VARCHAR, n_words INTEGER,"
        " ingested_at TIMESTAMP, n_mentions INTEGER)"
    )
    old_mentions = [c for c, _ in record.duckdb_columns() if c not in ("source_inferred", "target_inferred")]
    old_mentions = [c for c in old_mentions if c != "coded_by"]
    con.execute(
        "CREATE TABLE mentions ("
        + ", ".join(f"{c} {'VARCHAR[]' if c == 'plover_context' else 'VARCHAR'}" for c in old_mentions)
        + ", event_key VARCHAR, day DATE, block_key VARCHAR, win_lo DATE, win_hi DATE, own_key VARCHAR)"
    )
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    con = duckdb.connect(str(db))
    try:
        assert ensure_schema(con) == SCHEMA_VERSION == 2
        cols = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns").fetchall()}
        assert {"source_inferred", "coded_by", "dateline", "agency"} <= cols
        migrations = con.execute("SELECT key FROM meta WHERE key LIKE 'migration:%'").fetchall()
        assert ("migration:0002_inferred_coded_by_dateline",) in migrations
    finally:
        con.close()
