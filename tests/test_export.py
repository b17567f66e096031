"""Exports: CSV and Parquet load back with the same rows; PLOVER, GDELT and ICEWS layouts."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from eventcoder.store import EventFilter, connect, ingest_results
from eventcoder.store.export import GDELT_COLUMNS, ICEWS_COLUMNS, INTERNAL, export, fips_code, gdelt_id
from test_store import make_results


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "e.duckdb"
    ingest_results(path, make_results(40, seed=5))
    return path


@pytest.fixture
def con(db: Path) -> Any:
    c = connect(db, read_only=True)
    yield c
    c.close()


def _same(a: Any, b: Any) -> bool:
    # CSV cannot tell an empty text from a missing one; pandas reads both as missing.
    if a is None or a == "" or (isinstance(a, float) and math.isnan(a)):
        return b is None or b == "" or (isinstance(b, float) and math.isnan(b))
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b))
    return str(a) == str(b)


@pytest.mark.parametrize("table", ["events", "mentions"])
def test_parquet_and_csv_round_trip(con: Any, tmp_path: Path, table: str) -> None:
    order = "event_key" if table == "events" else "mention_id"
    internal = [c for c in INTERNAL if table == "mentions"]
    skip = f"EXCLUDE ({', '.join(internal)})" if internal else ""
    stored = con.execute(f"SELECT * {skip} FROM {table} ORDER BY {order}")
    cols = [d[0] for d in stored.description]
    rows = stored.fetchall()
    parquet, csv_path = tmp_path / f"{table}.parquet", tmp_path / f"{table}.csv"
    assert export(con, "parquet", parquet, table=table) == len(rows)
    assert export(con, "csv", csv_path, table=table) == len(rows)

    # DuckDB reads the Parquet back with identical typed rows.
    back = duckdb.sql(f"SELECT {', '.join(cols)} FROM '{parquet}' ORDER BY {order}").fetchall()
    assert back == rows
    # pandas reads both files with the same rows (CSV read as text so codes keep leading zeros).
    for frame in (pd.read_parquet(parquet), pd.read_csv(csv_path, dtype=str)):
        assert list(frame.columns) == cols
        frame = frame.sort_values(order).reset_index(drop=True)
        assert len(frame) == len(rows)
        for i, row in enumerate(rows):
            for j, col in enumerate(cols):
                want = row[j]
                got = frame.at[i, col]
                if isinstance(want, list):
                    # Parquet keeps the list; CSV holds it ';'-joined, and an empty list reads as NaN.
                    want = ";".join(want) or None
                    if got is not None and not isinstance(got, str | float):
                        got = ";".join(got) or None
                if hasattr(got, "item"):
                    got = got.item()
                assert _same(want, got), (col, want, got)


def test_csv_of_a_filter_has_only_matching_rows(con: Any, tmp_path: Path) -> None:
    out = tmp_path / "fights.csv"
    n = export(con, "csv", out, EventFilter(root="19"))
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n > 0 and {r["cameo_root"] for r in rows} == {"19"}
    mentions = tmp_path / "fight_mentions.csv"
    m = export(con, "csv", mentions, EventFilter(root="19"), table="mentions")
    with mentions.open(encoding="utf-8") as fh:
        keys = {r["event_key"] for r in csv.DictReader(fh)}
    assert m >= n and keys == {r["event_key"] for r in rows}


def test_plover_json(con: Any, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    n = export(con, "plover", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    typed = con.execute("SELECT count(*) FROM events WHERE plover_type IS NOT NULL").fetchone()[0]
    assert len(records) == n == typed
    rec = next(r for r in records if r["event_type"] == "FIGHT" and r["location"])
    assert {"id", "date", "event_type", "mode", "context", "actors", "location"} <= set(rec)
    assert set(rec["actors"]) == {"actor", "recipient"}
    assert rec["actors"]["actor"]["country"] in {"SYR", "ISR"}
    assert rec["location"]["geonameid"] and rec["num_mentions"] >= 1


def test_gdelt_table(con: Any, tmp_path: Path) -> None:
    out = tmp_path / "events.gdelt.tsv"
    n = export(con, "gdelt", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(GDELT_COLUMNS) == 61 and lines[0].split("\t") == GDELT_COLUMNS
    assert len(lines) == n + 1 and all(len(line.split("\t")) == 61 for line in lines)
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    visit = next(r for r in rows if r["EventCode"] == "042")
    assert visit["Actor1Code"] == "TURGOV" and visit["Actor1CountryCode"] == "TUR"
    assert visit["Actor1Type1Code"] == "GOV" and visit["Actor2Code"] == "RUSGOV"
    assert visit["EventBaseCode"] == "042" and visit["EventRootCode"] == "04" and visit["QuadClass"] == "1"
    assert visit["ActionGeo_CountryCode"] == "RS"  # FIPS for Russia, as GDELT writes it
    assert visit["ActionGeo_FeatureID"] == "524901" and len(visit["SQLDATE"]) == 8
    assert visit["AvgTone"] == "" and visit["SOURCEURL"].startswith("https://example.org/")
    assert int(visit["GLOBALEVENTID"]) == gdelt_id(
        con.execute(
            "SELECT event_key FROM events WHERE cameo_code = '042' ORDER BY day NULLS LAST, event_key"
        ).fetchone()[0]
    )
    country_level = next(r for r in rows if r["ActionGeo_FullName"] == "Syria")
    assert country_level["ActionGeo_Type"] == "1" and country_level["ActionGeo_CountryCode"] == "SY"
    assert fips_code("SYR") == "SY" and fips_code(None) == ""


def test_icews_table(con: Any, tmp_path: Path) -> None:
    out = tmp_path / "events.icews.tsv"
    n = export(con, "icews", out)
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) == n and list(rows[0]) == ICEWS_COLUMNS
    capture = next(r for r in rows if r["CAMEO Code"] == "192")
    assert capture["Source Country"] == "Syria" and capture["Source Sectors"] == "REB"
    assert capture["City"] == "Hama" and capture["Country"] == "Syria" and capture["Latitude"]
    assert capture["Event Text"] and capture["Publisher"] and capture["Sentence Number"].isdigit()
    un = next(r for r in rows if r["Source Name"] == "United Nations")
    assert un["Source Country"] == "" and un["Source Sectors"] == "IGO"


def test_unknown_format_or_table(con: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export(con, "xml", tmp_path / "x")
    with pytest.raises(ValueError):
        export(con, "gdelt", tmp_path / "x", table="mentions")
