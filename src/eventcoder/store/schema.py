"""DuckDB schema of the event database and its named migrations.

The column names of `articles`, `mentions`, `events` and `meta` are a contract with the web view
(serve/): columns may be added, never renamed. Columns after the "store-internal" marker are ours
(dedupe blocking and date windows) and readers need not use them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import record

if TYPE_CHECKING:  # imported by the read layer, which the CLI loads for --help
    import duckdb

SCHEMA_VERSION = 2


# Columns only the store has, after the record's (see eventcoder.record): the event a mention
# belongs to, its first day, and dedupe's blocking key and date window; when an article was stored.
STORE_COLUMNS: tuple[tuple[str, record.Type], ...] = (
    ("event_key", record.STR),
    ("day", record.DATE),
    ("block_key", record.STR),
    ("win_lo", record.DATE),
    ("win_hi", record.DATE),
    ("own_key", record.STR),
)
# The store-internal columns of `mentions` (dedupe's bookkeeping): readers and exports leave them out.
INTERNAL_COLUMNS = ("block_key", "win_lo", "win_hi", "own_key")
ARTICLE_STORE_COLUMNS: tuple[tuple[str, record.Type], ...] = (
    ("ingested_at", record.TIMESTAMP),
    ("n_mentions", record.INT),
)


def _ddl(table: str, columns: list[tuple[str, str]], primary: str) -> str:
    cols = ",\n    ".join(f"{name} {sql}{' PRIMARY KEY' if name == primary else ''}" for name, sql in columns)
    return f"CREATE TABLE IF NOT EXISTS {table} (\n    {cols}\n)"


def article_columns() -> list[tuple[str, str]]:
    """The `articles` table: the record's article fields, then the store's own columns."""
    cols = [(n, t.duckdb) for n, t in record.stored_article_columns()]
    cols += [(n, t.duckdb) for n, t in ARTICLE_STORE_COLUMNS]
    return [(n, f"{t} UNIQUE" if n == "content_hash" else t) for n, t in cols]


def mention_columns() -> list[tuple[str, str]]:
    """The `mentions` table: the record's flat columns (eventcoder.record), then the store-internal
    ones (dedupe blocking and date windows)."""
    return record.duckdb_columns() + [(n, t.duckdb) for n, t in STORE_COLUMNS]


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
    con.execute(_ddl("articles", article_columns(), "article_id"))
    con.execute(_ddl("mentions", mention_columns(), "mention_id"))
    for ddl in (EVENTS, META):
        con.execute(ddl)


def add_declared_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Add every declared column a table of an older database lacks (new record fields)."""
    for table, columns in (("articles", article_columns()), ("mentions", mention_columns())):
        have = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
            ).fetchall()
        }
        for name, sql in columns:
            if name not in have:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql.replace(' UNIQUE', '')}")


# Named migrations, applied in order; each brings the schema from version i to i + 1. A database
# created now gets every declared column from the first; an older one gets the new columns from
# the migration that names them.
MIGRATIONS: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
    ("0001_initial", _v1),
    # Actor.inferred (source_inferred, target_inferred), Event.coded_by, Article.dateline/agency.
    ("0002_inferred_coded_by_dateline", add_declared_columns),
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
