"""The event database (DuckDB): schema, batch ingest with deduplication, queries and exports."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    """Import a public name from its submodule on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
