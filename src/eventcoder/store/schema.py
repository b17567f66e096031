"""DuckDB schema of the event database and its named migrations.

The column names of `articles`, `mentions`, `events` and `meta` are a contract with the web view
(serve/): columns may be added, never renamed. Columns after the "store-internal" marker are ours
(dedupe blocking and date windows) and readers need not use them.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

SCHEMA_VERSION = 1

ARTICLES = """
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY,
    content_hash VARCHAR UNIQUE,
    title VARCHAR,
    published DATE,
    source VARCHAR,
    url VARCHAR,
    origin VARCHAR,
    n_words INTEGER,
    ingested_at TIMESTAMP,
    n_mentions INTEGER
)"""

MENTIONS = """
CREATE TABLE IF NOT EXISTS mentions (
    mention_id VARCHAR PRIMARY KEY,
    event_key VARCHAR,
    article_id VARCHAR,
    sentence_index INTEGER,
    text VARCHAR,
    trigger VARCHAR,
    source_text VARCHAR, source_name VARCHAR, source_country VARCHAR, source_sector VARCHAR,
    source_cameo VARCHAR, source_actor_id VARCHAR,
    target_text VARCHAR, target_name VARCHAR, target_country VARCHAR, target_sector VARCHAR,
    target_cameo VARCHAR, target_actor_id VARCHAR,
    cameo_code VARCHAR, cameo_root VARCHAR, goldstein DOUBLE, quad_class INTEGER,
    plover_type VARCHAR, plover_mode VARCHAR, plover_context VARCHAR[],
    date VARCHAR, date_precision VARCHAR, day DATE,
    location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
    lat DOUBLE, lon DOUBLE, geonameid BIGINT,
    confidence DOUBLE, published DATE, article_source VARCHAR, url VARCHAR,
    -- store-internal: dedupe blocking key and the date window used for clustering
    location_feature VARCHAR, block_key VARCHAR, win_lo DATE, win_hi DATE, own_key VARCHAR
)"""

EVENTS = """
CREATE TABLE IF NOT EXISTS events (
    event_key VARCHAR PRIMARY KEY,
    cameo_code VARCHAR, cameo_root VARCHAR, goldstein DOUBLE, quad_class INTEGER,
    plover_type VARCHAR, plover_mode VARCHAR,
    source_name VARCHAR, source_country VARCHAR, source_sector VARCHAR, source_cameo VARCHAR,
    source_actor_id VARCHAR,
    target_name VARCHAR, target_country VARCHAR, target_sector VARCHAR, target_cameo VARCHAR,
    target_actor_id VARCHAR,
    date VARCHAR, date_precision VARCHAR, day DATE,
    location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT,
    n_mentions INTEGER, n_articles INTEGER, n_sources INTEGER,
    first_reported DATE, last_reported DATE, confidence DOUBLE, text VARCHAR,
    plover_context VARCHAR[], location_admin1 VARCHAR, location_feature VARCHAR, url VARCHAR,
    article_id VARCHAR, sentence_index INTEGER
)"""

META = "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"


def _v1(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in (ARTICLES, MENTIONS, EVENTS, META):
        con.execute(ddl)


# Named migrations, applied in order; each brings the schema from version i to i + 1.
MIGRATIONS: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
    ("0001_initial", _v1),
]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version recorded in `meta`, 0 for an empty database."""
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()
    if not has_meta or not has_meta[0]:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def ensure_schema(con: duckdb.DuckDBPyConnection) -> int:
    """Create or migrate the schema inside one transaction; returns the resulting version."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        from ..errors import ConfigError

        raise ConfigError(
            f"database schema version {current} is newer than this eventcoder ({SCHEMA_VERSION})"
        )
    if current == SCHEMA_VERSION:
        return current
    con.execute("BEGIN TRANSACTION")
    try:
        for name, step in MIGRATIONS[current:]:
            step(con)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('migration:' || ?, current_timestamp::VARCHAR)",
                [name],
            )
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
