"""Storing coded articles: one DuckDB transaction per batch of articles.

Each batch inserts its new articles and their mentions, reclusters the affected dedupe blocks
(see eventcoder.dedupe) and rewrites the events those blocks touch, then commits. The write
connection is opened per batch and closed after the commit, so readers (`events`, `serve`) can
open the file between batches, and a crash loses at most the batch in flight: the next run skips
the stored articles and finishes the work, giving the same tables as an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .. import dedupe, record
from ..errors import InputError
from ..model import ArticleResult, Event
from .query import connect, totals
from .schema import ARTICLE_STORE_COLUMNS, STORE_COLUMNS, ensure_schema

DEFAULT_BATCH = 50
# A writer waits this long for another process (a reader between our batches) to let go.
WRITE_WAIT_S = 120.0
# Connection policy between batches (see ingest_results).
RELEASE_IF_WAITED_S = 0.25
HOLD_S = 2.0
READER_GAP_S = 0.15


@dataclass
class IngestSummary:
    """What one ingest did (counts over the whole run)."""

    articles_read: int = 0
    articles_stored: int = 0
    articles_skipped: int = 0  # same content already stored (or twice in this input)
    id_conflicts: int = 0  # an id already stored with different content: first version kept
    mentions_stored: int = 0
    events_touched: int = 0
    input_errors: int = 0
    batches: int = 0
    seconds: float = 0.0
    totals: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        """One readable line for the CLI."""
        t = self.totals
        parts = [
            f"stored {self.articles_stored} article(s)",
            f"{self.mentions_stored} mention(s)",
            f"skipped {self.articles_skipped} already stored",
        ]
        if self.id_conflicts:
            parts.append(f"{self.id_conflicts} id conflict(s)")
        if self.input_errors:
            parts.append(f"{self.input_errors} input error(s)")
        if not t:
            return ", ".join(parts) + f"; nothing to store, no database written ({self.seconds:.1f}s)"
        tail = (
            f"; database now holds {t.get('articles', 0)} articles, {t.get('mentions', 0)} mentions, "
            f"{t.get('events', 0)} events"
        )
        return ", ".join(parts) + tail + f" ({self.seconds:.1f}s)"


def mention_schema() -> pa.Schema:
    """Arrow schema of the rows inserted into `mentions` (the record's flat columns, then ours)."""
    return record.arrow_schema(STORE_COLUMNS)


def article_schema() -> pa.Schema:
    """Arrow schema of the rows inserted into `articles`."""
    return pa.schema(
        [(n, t.arrow_type()) for n, t in (*record.stored_article_columns(), *ARTICLE_STORE_COLUMNS)]
    )


def mention_row(event: Event, key: dedupe.MentionKey, rules: dedupe.DedupeRules) -> dict[str, Any]:
    """The `mentions` row of one coded event (event_key filled in later)."""
    row = record.flat_row(event, stored=True)
    row.update(
        event_key=None,
        day=dedupe.first_day(event.when),
        block_key=dedupe.block_key(key, rules),
        win_lo=key.win_lo,
        win_hi=key.win_hi,
        own_key=dedupe.event_key_for(event.event_id),  # event_key = own_key marks a cluster leader
    )
    return row


def _table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


# Rebuilds the events listed in `affected` from their mentions. Each group of fields comes from
# the mention best placed to give it: the most specific code, the most precise date, a
# city-level place over a country, the most confident sentence as evidence. One pass picks the
# four mentions per event (arg_min over a sort key that ends in the unique mention_id, so a tie
# always goes the same way), and their fields are fetched by primary key: a syndicated story's
# event with thousands of mentions is no longer sorted four times over on every batch.
REBUILD_EVENTS = """
INSERT INTO events BY NAME
WITH m AS (SELECT * FROM mentions WHERE event_key IN (SELECT event_key FROM affected)),
agg AS (
    SELECT event_key, count(*) AS n_mentions, count(DISTINCT article_id) AS n_articles,
           count(DISTINCT coalesce(article_source, '#' || article_id)) AS n_sources,
           min(published) AS first_reported, max(published) AS last_reported,
           max(confidence) AS confidence,
           arg_min(mention_id, (-length(cameo_code), -confidence, mention_id)) AS act_id,
           arg_min(mention_id, (
               CASE date_precision WHEN 'day' THEN 0 WHEN 'month' THEN 1 WHEN 'year' THEN 2 ELSE 3 END,
               day IS NULL, coalesce(day, DATE '9999-12-31'), -confidence, mention_id)) AS dt_id,
           arg_min(mention_id, (coalesce(location_feature, '') = 'country', -confidence, mention_id))
               FILTER (WHERE location_name IS NOT NULL) AS loc_id,
           arg_min(mention_id, (-confidence, mention_id)) AS txt_id
    FROM m GROUP BY event_key)
SELECT agg.event_key,
       act.cameo_code, act.cameo_root, act.goldstein, act.quad_class, act.plover_type, act.plover_mode,
       act.plover_context,
       act.source_name, act.source_country, act.source_sector, act.source_cameo, act.source_actor_id,
       act.target_name, act.target_country, act.target_sector, act.target_cameo, act.target_actor_id,
       dt.date, dt.date_precision, dt.day,
       loc.location_name, loc.location_country, loc.location_admin1, loc.location_feature,
       loc.lat, loc.lon, loc.geonameid,
       agg.n_mentions, agg.n_articles, agg.n_sources, agg.first_reported, agg.last_reported,
       agg.confidence, txt.text, txt.url, txt.article_id, txt.sentence_index
FROM agg JOIN mentions act ON act.mention_id = agg.act_id JOIN mentions dt ON dt.mention_id = agg.dt_id
JOIN mentions txt ON txt.mention_id = agg.txt_id LEFT JOIN mentions loc ON loc.mention_id = agg.loc_id
"""

_KEY_COLUMNS = ", ".join([*record.key_columns(), "event_key", "win_lo", "win_hi"])


def _write_batch(
    con: duckdb.DuckDBPyConnection,
    results: list[ArticleResult],
    summary: IngestSummary,
    rules: dedupe.DedupeRules,
    warn: Callable[[str], None],
) -> None:
    """Store one batch atomically: articles, mentions, reclustered events."""
    hashes = [r.article.content_hash for r in results]
    ids = [r.article.id for r in results]
    con.execute("BEGIN TRANSACTION")
    try:
        stored = con.execute(
            "SELECT article_id, content_hash FROM articles "
            "WHERE content_hash IN (SELECT unnest(?::VARCHAR[]))"
            " OR article_id IN (SELECT unnest(?::VARCHAR[]))",
            [hashes, ids],
        ).fetchall()
        seen_hash = {h for _, h in stored}
        seen_id = {i: h for i, h in stored}
        now = datetime.now().replace(microsecond=0)
        article_rows: list[dict[str, Any]] = []
        mention_rows: list[dict[str, Any]] = []
        new_keys: list[dedupe.MentionKey] = []
        seen_mentions: set[str] = set()
        for res in results:
            art = res.article
            h = art.content_hash
            if h in seen_hash:
                summary.articles_skipped += 1
                continue
            if art.id in seen_id:
                summary.id_conflicts += 1
                warn(
                    f"{art.origin or art.id}: article id {art.id!r} is already stored with different "
                    "content; kept the stored version (give the new text its own id to store both)"
                )
                continue
            seen_hash.add(h)
            seen_id[art.id] = h
            n = 0
            for ev in res.events:
                if ev.event_id in seen_mentions:
                    continue
                seen_mentions.add(ev.event_id)
                key = dedupe.mention_key(ev, rules)
                new_keys.append(key)
                mention_rows.append(mention_row(ev, key, rules))
                n += 1
            article_rows.append({**record.article_row(res), "ingested_at": now, "n_mentions": n})
        if not article_rows:
            con.execute("COMMIT")
            return
        changes, old_key = _recluster(con, new_keys, rules)
        for row in mention_rows:
            row["event_key"] = changes[row["mention_id"]]
        moved = [(mid, k) for mid, k in changes.items() if mid in old_key]
        affected = {row["event_key"] for row in mention_rows}
        affected.update(old_key[mid] for mid, _ in moved)
        affected.update(k for _, k in moved)

        con.register("new_articles", _table(article_rows, article_schema()))
        con.execute("INSERT INTO articles BY NAME SELECT * FROM new_articles")
        con.unregister("new_articles")
        if mention_rows:
            con.register("new_mentions", _table(mention_rows, mention_schema()))
            con.execute("INSERT INTO mentions BY NAME SELECT * FROM new_mentions")
            con.unregister("new_mentions")
        if moved:
            con.register("moved", pa.table({"mention_id": [m for m, _ in moved], "k": [k for _, k in moved]}))
            con.execute(
                "UPDATE mentions SET event_key = moved.k FROM moved"
                " WHERE mentions.mention_id = moved.mention_id"
            )
            con.unregister("moved")
        if affected:
            con.register("affected", pa.table({"event_key": sorted(affected)}))
            con.execute("DELETE FROM events WHERE event_key IN (SELECT event_key FROM affected)")
            con.execute(REBUILD_EVENTS)
            con.unregister("affected")
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('last_ingest', ?)",
            [datetime.now().isoformat(timespec="seconds")],
        )
        con.execute("COMMIT")
    except BaseException:
        # A failed or interrupted batch leaves nothing behind; stored batches are untouched.
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
    summary.articles_stored += len(article_rows)
    summary.mentions_stored += len(mention_rows)
    summary.events_touched += len(affected)


# Stored mentions that `dedupe.alone` calls events of their own (no actor, no place: see
# `mention_key_from_row`): no new mention can join them, so they are never loaded as candidates.
_ALONE = (
    "(coalesce(nullif(m.source_text, ''), nullif(m.source_name, ''), nullif(m.source_cameo, '')) IS NULL"
    " AND coalesce(nullif(m.target_text, ''), nullif(m.target_name, ''), nullif(m.target_cameo, '')) IS NULL"
    " AND nullif(m.location_name, '') IS NULL)"
)


def _load_candidates(
    con: duckdb.DuckDBPyConnection, ranges: dict[str, list[tuple[date, date]]], leaders_only: bool = False
) -> list[tuple[dedupe.MentionKey, str]]:
    """Stored mentions (or only cluster leaders) of the given blocks whose date window meets one of
    the block's ranges."""
    rows = [(bk, lo, hi) for bk, spans in ranges.items() for lo, hi in spans]
    if not rows:
        return []
    con.register(
        "load_ranges",
        pa.table(
            {
                "block_key": [r[0] for r in rows],
                "lo": pa.array([r[1] for r in rows], pa.date32()),
                "hi": pa.array([r[2] for r in rows], pa.date32()),
            }
        ),
    )
    cur = con.execute(
        f"SELECT {_KEY_COLUMNS} FROM mentions m WHERE EXISTS (SELECT 1 FROM load_ranges r "
        "WHERE r.block_key = m.block_key AND m.win_hi >= r.lo AND m.win_lo <= r.hi)"
        + f" AND NOT {_ALONE}"
        + (" AND m.event_key = m.own_key" if leaders_only else "")
    )
    cols = [d[0] for d in cur.description or ()]
    rules = dedupe.load_rules()
    out = []
    for values in cur.fetchall():
        row = dict(zip(cols, values, strict=True))
        out.append((dedupe.mention_key_from_row(row, rules), row["event_key"]))
    con.unregister("load_ranges")
    return out


def _recluster(
    con: duckdb.DuckDBPyConnection, new_keys: list[dedupe.MentionKey], rules: dedupe.DedupeRules
) -> tuple[dict[str, str], dict[str, str]]:
    """New event keys (of new and of moved mentions) and the stored keys of the mentions loaded.

    Loads as little as it can: first the stored clusters' leaders in short date ranges around the
    new mentions (enough when new mentions join or start events without disturbing others), then
    for blocks that need it every mention in those ranges, then every later mention."""
    ranges = dedupe.block_ranges(new_keys, rules)
    far = date(9999, 12, 31)
    changes: dict[str, str] = {}
    old_key: dict[str, str] = {}
    todo = new_keys
    for stage in ("leaders", "ranges", "all"):
        if stage == "all":
            load = {bk: [(cut, far)] for bk, cut in dedupe.block_cuts(todo, rules).items()}
        else:
            load = {bk: ranges[bk] for bk in {dedupe.block_key(k, rules) for k in todo} if bk in ranges}
        existing = _load_candidates(con, load, leaders_only=stage == "leaders")
        old_key.update({m.mention_id: k for m, k in existing})
        unsettled: set[str] = set()
        changes.update(
            dedupe.assign(
                existing,
                todo,
                rules,
                ranges=None if stage == "all" else ranges,
                unsettled=None if stage == "all" else unsettled,
                leaders_only=stage == "leaders",
            )
        )
        todo = [k for k in todo if dedupe.block_key(k, rules) in unsettled]
        if not todo:
            break
    return changes, old_key


def _batches(
    items: Iterable[ArticleResult | InputError],
    size: int,
    on_error: Callable[[InputError], None],
    summary: IngestSummary,
) -> Iterator[list[ArticleResult]]:
    batch: list[ArticleResult] = []
    for item in items:
        if isinstance(item, InputError):
            summary.input_errors += 1
            on_error(item)
            continue
        summary.articles_read += 1
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stored_hashes(db_path: str | Path) -> set[str]:
    """Content hashes already in the database (empty when it does not exist yet)."""
    if not Path(db_path).exists():
        return set()
    con = connect(db_path, read_only=True, wait_s=WRITE_WAIT_S)
    try:
        has = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'articles'")
        row = has.fetchone()
        if not row or not row[0]:
            return set()
        return {h for (h,) in con.execute("SELECT content_hash FROM articles").fetchall()}
    finally:
        con.close()


def ingest_results(
    db_path: str | Path,
    results: Iterable[ArticleResult | InputError],
    batch_size: int = DEFAULT_BATCH,
    on_error: Callable[[InputError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store coded articles (from any engine) in batches of `batch_size`, one transaction each."""
    started = time.monotonic()
    summary = IngestSummary()
    rules = dedupe.load_rules()
    # A database that does not exist yet is created with the first batch to store, so a run whose
    # every input is bad (a mistyped path) leaves no empty file behind.
    prepared = Path(db_path).exists()
    if prepared:
        _prepare(db_path)
    con: duckdb.DuckDBPyConnection | None = None
    opened_at = last_commit = time.monotonic()
    try:
        for batch in _batches(results, max(1, batch_size), on_error or (lambda e: None), summary):
            waited = time.monotonic() - last_commit
            if not prepared:
                _prepare(db_path)
                prepared = True
            if con is None:
                con = connect(db_path, wait_s=WRITE_WAIT_S)
                opened_at = time.monotonic()
            _write_batch(con, batch, summary, rules, on_warning or (lambda s: None))
            last_commit = time.monotonic()
            summary.batches += 1
            # Readers can only open the file while no writer has it. When the coder is the slow
            # part, let go after every batch (readers get in while the next batch is coded);
            # when results come fast, keep it for HOLD_S and then leave a short gap.
            if waited > RELEASE_IF_WAITED_S or last_commit - opened_at > HOLD_S:
                con.close()
                con = None
                if waited <= RELEASE_IF_WAITED_S:
                    time.sleep(READER_GAP_S)
            if on_batch:
                on_batch(summary)
    finally:
        if con is not None:
            con.close()
    if prepared:
        reader = connect(db_path, read_only=True, wait_s=WRITE_WAIT_S)
        try:
            summary.totals = totals(reader)
        finally:
            reader.close()
    summary.seconds = time.monotonic() - started
    return summary


def _prepare(db_path: str | Path) -> None:
    """Create or migrate the database's schema (its own short connection)."""
    setup = connect(db_path, wait_s=WRITE_WAIT_S)
    try:
        ensure_schema(setup)
    finally:
        setup.close()
