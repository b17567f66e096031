"""Read-only queries over the event database, shared by the CLI (`events`, `stats`) and the web view.

Every function takes an open connection and an `EventFilter`; SQL is built from a fixed set of
clauses with bound parameters only, so user text never becomes SQL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from .schema import INTERNAL_COLUMNS

if TYPE_CHECKING:  # duckdb is imported when a database is opened, so `eventcoder --help` stays fast
    import duckdb

BUSY_MESSAGE = "database is being written by another process; retry when the ingest finishes"

# How long a reader waits for a writer's batch transaction to end before giving up. The ingest
# holds its write connection only while it commits a batch, so a short wait is normally enough.
DEFAULT_WAIT_S = 10.0


@dataclass(frozen=True)
class EventFilter:
    """Which events to select; None means "any". All given conditions must hold."""

    actor: str | None = None  # source/target CAMEO prefix, actor_id, country or name (any case)
    country: str | None = None  # source or target country (ISO alpha-3)
    plover_type: str | None = None
    root: str | None = None  # CAMEO root, e.g. "19"
    since: date | None = None
    until: date | None = None
    place: str | None = None  # location name or country

    def is_empty(self) -> bool:
        """True when no condition is set."""
        return all(getattr(self, f.name) is None for f in fields(self))


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def connect(
    path: str | Path, read_only: bool = False, wait_s: float = DEFAULT_WAIT_S
) -> duckdb.DuckDBPyConnection:
    """Open the database; waits up to `wait_s` for another process's write lock, then ConfigError."""
    import duckdb

    path = Path(path)
    if read_only and not path.exists():
        raise ConfigError(f"{path}: no such database (create it with `eventcoder ingest ... --db {path}`)")
    deadline = time.monotonic() + wait_s
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise ConfigError(f"{path}: cannot open database: {exc}") from exc
            if time.monotonic() >= deadline:
                raise ConfigError(f"{path}: {BUSY_MESSAGE}") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.1)  # short polls: writers leave brief gaps


DB_TABLES = ("articles", "mentions", "events")


def open_database(path: str | Path, wait_s: float = DEFAULT_WAIT_S) -> duckdb.DuckDBPyConnection:
    """A read-only connection to an eventcoder database; ConfigError when the file is not one."""
    con = connect(path, read_only=True, wait_s=wait_s)
    try:
        found = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    except BaseException:
        con.close()
        raise
    missing = [t for t in DB_TABLES if t not in found]
    if missing:
        con.close()
        raise ConfigError(
            f"{path}: not an eventcoder database (missing tables: {', '.join(missing)}; "
            "create it with `eventcoder ingest`)"
        )
    return con


# The largest --limit/--offset (CLI) and offset (API): DuckDB refuses values past 64 bits with an
# internal conversion error, and no page anyone means lies beyond a billion rows.
MAX_ROWS = 1_000_000_000


def like_text(text: str) -> str:
    """`text` for a LIKE pattern with ESCAPE '\\': its `%` and `_` match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def where_clause(f: EventFilter, prefix: str = "") -> tuple[str, list[Any]]:
    """SQL condition and parameters for a filter over the events table (alias `prefix`)."""
    p = prefix
    clauses: list[str] = []
    params: list[Any] = []
    if f.actor:
        needle = f.actor.strip()
        sub = []
        for side in ("source", "target"):
            sub.append(
                f"(upper({p}{side}_cameo) LIKE upper(?) || '%' ESCAPE '\\'"
                f" OR lower({p}{side}_actor_id) = lower(?) OR upper({p}{side}_country) = upper(?)"
                f" OR lower({p}{side}_name) LIKE '%' || lower(?) || '%' ESCAPE '\\')"
            )
            params += [like_text(needle), needle, needle, like_text(needle)]
        clauses.append("(" + " OR ".join(sub) + ")")
    if f.country:
        clauses.append(f"(upper({p}source_country) = upper(?) OR upper({p}target_country) = upper(?))")
        params += [f.country, f.country]
    if f.plover_type:
        clauses.append(f"upper({p}plover_type) = upper(?)")
        params.append(f.plover_type)
    if f.root:
        clauses.append(f"{p}cameo_root = ?")
        params.append(f.root.zfill(2))
    if f.since:
        clauses.append(f"{p}day >= ?")
        params.append(f.since)
    if f.until:
        clauses.append(f"{p}day <= ?")
        params.append(f.until)
    if f.place:
        clauses.append(
            f"(lower({p}location_name) = lower(?) OR upper({p}location_country) = upper(?)"
            f" OR lower({p}location_name) LIKE lower(?) || '%' ESCAPE '\\')"
        )
        params += [f.place, f.place, like_text(f.place)]
    return (" AND ".join(clauses) if clauses else "TRUE"), params


ORDERS = {
    "day": "day ASC NULLS LAST, event_key",
    "-day": "day DESC NULLS LAST, event_key",
    "mentions": "n_mentions DESC, day ASC NULLS LAST, event_key",
    "-goldstein": "goldstein ASC, day ASC NULLS LAST, event_key",
    "goldstein": "goldstein DESC, day ASC NULLS LAST, event_key",
    "confidence": "confidence DESC, day ASC NULLS LAST, event_key",
}


def fetch_rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The rows of an executed query as dicts keyed by column name."""
    cols = [d[0] for d in cur.description or ()]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def query_events(
    con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int = 100, offset: int = 0, order: str = "day"
) -> list[dict[str, Any]]:
    """Deduplicated events matching `f`; `order` is one of day, -day, mentions, goldstein, -goldstein,
    confidence."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; one of {', '.join(ORDERS)}")
    where, params = where_clause(f)
    sql = f"SELECT * FROM events WHERE {where} ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?"
    return fetch_rows(con.execute(sql, [*params, int(limit), int(offset)]))


def count_events(con: duckdb.DuckDBPyConnection, f: EventFilter) -> int:
    """Number of deduplicated events matching `f`."""
    where, params = where_clause(f)
    row = con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0


def get_event(con: duckdb.DuckDBPyConnection, event_key: str) -> dict[str, Any] | None:
    """One event by key, or None."""
    found = fetch_rows(con.execute("SELECT * FROM events WHERE event_key = ?", [event_key]))
    return found[0] if found else None


def mentions_for(con: duckdb.DuckDBPyConnection, event_key: str) -> list[dict[str, Any]]:
    """The evidence of one event: its mentions with the article's title, url and source."""
    sql = """
        SELECT m.*, a.title AS article_title, a.url AS article_url, a.source AS source_outlet
        FROM mentions m LEFT JOIN articles a USING (article_id)
        WHERE m.event_key = ?
        ORDER BY m.published NULLS LAST, m.confidence DESC, m.mention_id"""
    rows = fetch_rows(con.execute(sql, [event_key]))
    for row in rows:
        for internal in INTERNAL_COLUMNS:
            row.pop(internal, None)
    return rows


_TIMELINE_KEYS = {
    "quad_class",
    "plover_type",
    "cameo_root",
    "source_country",
    "target_country",
    "location_country",
}


def timeline(con: duckdb.DuckDBPyConnection, f: EventFilter, by: str = "quad_class") -> list[dict[str, Any]]:
    """Events per day split by a column (quad_class, plover_type, cameo_root, *_country): {day, key, n}."""
    if by not in _TIMELINE_KEYS:
        raise ValueError(f"cannot group by {by!r}; one of {', '.join(sorted(_TIMELINE_KEYS))}")
    where, params = where_clause(f)
    sql = f"""
        SELECT day, {by} AS key, count(*) AS n FROM events
        WHERE {where} AND day IS NOT NULL
        GROUP BY ALL ORDER BY day, key NULLS LAST"""
    return fetch_rows(con.execute(sql, params))


# An actor's label in aggregates (CLI `stats`, the web view's network, `Database.dyads`): its name
# (the canonical name, else the words of the text), else its CAMEO code when it has no name.
# Events with an actor missing on either side have no dyad and are left out.
_SRC = "coalesce(nullif(source_name, ''), source_cameo)"
_TGT = "coalesce(nullif(target_name, ''), target_cameo)"


def dyads(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int = 200) -> list[dict[str, Any]]:
    """Most frequent directed source->target pairs by actor label (name first, CAMEO code as
    fallback): {source, target, n, mean_goldstein}."""
    where, params = where_clause(f)
    sql = f"""
        SELECT {_SRC} AS source, {_TGT} AS target, count(*) AS n,
               round(avg(goldstein), 2) AS mean_goldstein
        FROM events WHERE {where} AND {_SRC} IS NOT NULL AND {_TGT} IS NOT NULL
        GROUP BY ALL ORDER BY n DESC, source, target LIMIT ?"""
    return fetch_rows(con.execute(sql, [*params, int(limit)]))


def actors(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int = 200) -> list[dict[str, Any]]:
    """Most frequent actors in either role: {actor, country, sector, n}."""
    where, params = where_clause(f)
    sql = f"""
        WITH e AS (SELECT * FROM events WHERE {where}),
        roles AS (
            SELECT coalesce(source_name, source_cameo) AS actor, source_country AS country,
                   source_sector AS sector FROM e WHERE source_name IS NOT NULL OR source_cameo IS NOT NULL
            UNION ALL
            SELECT coalesce(target_name, target_cameo), target_country, target_sector
            FROM e WHERE target_name IS NOT NULL OR target_cameo IS NOT NULL)
        SELECT actor, country, sector, count(*) AS n FROM roles
        GROUP BY ALL ORDER BY n DESC, actor LIMIT ?"""
    return fetch_rows(con.execute(sql, [*params, int(limit)]))


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts: articles, mentions, events."""
    out: dict[str, int] = {}
    for table in DB_TABLES:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        out[table] = int(row[0]) if row else 0
    return out


def counts_by(
    con: duckdb.DuckDBPyConnection, column: str, f: EventFilter | None = None
) -> list[dict[str, Any]]:
    """Events per value of one column (plover_type, quad_class, cameo_root, day, ...): {key, n}."""
    if column not in _TIMELINE_KEYS | {"day", "date_precision", "location_name"}:
        raise ValueError(f"cannot count by {column!r}")
    where, params = where_clause(f or EventFilter())
    order = "key" if column == "day" else "n DESC, key"
    sql = f"SELECT {column} AS key, count(*) AS n FROM events WHERE {where} GROUP BY ALL ORDER BY {order}"
    return fetch_rows(con.execute(sql, params))
