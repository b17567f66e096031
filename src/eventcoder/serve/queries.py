"""Read-only data for the web view.

The filters and the event queries are the store's (eventcoder.store.query), so the page and the
`events` command select the same events; the aggregates only the views need (network by actor name,
map points, page summary) are here, built on the store's filter clause. Request values are always
bound parameters, never SQL text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from ..store import query as _store
from ..store.query import (
    EventFilter,
    actors,
    connect,
    count_events,
    dyads,
    fetch_rows,
    get_event,
    mentions_for,
    open_database,
    query_events,
    timeline,
    where_clause,
)

__all__ = [
    "ORDERS", "TIMELINE_KEYS", "EventFilter", "actors", "check_database", "count_events", "dyads",
    "get_event", "mentions_for", "open_read", "places", "query_events", "summary", "timeline",
]  # fmt: skip

# The orders of the store's queries; the timeline keys the API offers (a subset of the store's).
ORDERS = tuple(_store.ORDERS)
TIMELINE_KEYS = ("quad_class", "plover_type", "cameo_root")
# How long a request waits for an ingest's batch to commit before answering "busy".
READ_WAIT_S = 5.0


def check_database(path: str | Path) -> None:
    """Fail with a ConfigError unless `path` is an eventcoder database we can read."""
    open_database(path, wait_s=READ_WAIT_S).close()


def open_read(path: str | Path, wait_s: float = READ_WAIT_S) -> duckdb.DuckDBPyConnection:
    """A read-only connection for one request; the caller closes it when the request is done.

    Not held between requests: an `eventcoder ingest` into the same file can commit its batches
    while the view is open, and the next request sees them.
    """
    return connect(path, read_only=True, wait_s=wait_s)


def places(cur: duckdb.DuckDBPyConnection, f: EventFilter, limit: int = 2000) -> list[dict[str, Any]]:
    """Geolocated events grouped by place: coordinates, count and mean Goldstein score."""
    where, params = where_clause(f)
    sql = (
        "SELECT location_name AS name, location_country AS country, lat, lon, count(*) AS n,"
        " round(avg(goldstein), 2) AS mean_goldstein"
        f" FROM events WHERE {where} AND lat IS NOT NULL AND lon IS NOT NULL"
        " GROUP BY name, country, lat, lon ORDER BY n DESC, name LIMIT ?"
    )
    return fetch_rows(cur.execute(sql, [*params, limit]))


def summary(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Totals and the date range of the whole database (for the page header)."""
    row = cur.execute(
        "SELECT count(*), min(day), max(day), (SELECT count(*) FROM articles) FROM events"
    ).fetchone()
    n_events, first, last, n_articles = row if row else (0, None, None, 0)
    types = [r[0] for r in cur.execute(
        "SELECT DISTINCT plover_type FROM events WHERE plover_type IS NOT NULL ORDER BY 1"
    ).fetchall()]  # fmt: skip
    return {
        "n_events": n_events,
        "n_articles": n_articles,
        "first_day": first,
        "last_day": last,
        "plover_types": types,
    }
