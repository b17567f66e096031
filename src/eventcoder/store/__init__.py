"""The event database (DuckDB): schema, batch ingest with deduplication, queries and exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy_exports

if TYPE_CHECKING:
    from .query import EventFilter, connect
    from .writer import IngestSummary, ingest_results, stored_hashes

__all__ = ["EventFilter", "IngestSummary", "connect", "ingest_results", "stored_hashes"]

# Where each public name lives. Imported on first use: the writer pulls in duckdb and pyarrow,
# which the CLI should not pay for when it only parses flags or prints help.
_HOMES = {
    "EventFilter": "query",
    "connect": "query",
    "IngestSummary": "writer",
    "ingest_results": "writer",
    "stored_hashes": "writer",
}


__getattr__ = lazy_exports(__name__, _HOMES)
