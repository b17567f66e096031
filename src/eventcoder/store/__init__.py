"""The event database (DuckDB): schema, batch ingest with deduplication, queries and exports."""

from __future__ import annotations

from .query import EventFilter, connect
from .writer import IngestSummary, ingest_results, stored_hashes

__all__ = ["EventFilter", "IngestSummary", "connect", "ingest_results", "stored_hashes"]
