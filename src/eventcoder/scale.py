"""Scale-out: code articles on a Dask cluster, with bounded memory and progress bars.

The client streams articles from the readers into partitions of K articles and submits at most a
few partitions at a time. Each worker process builds one `Coder` (spaCy pipeline, actor knowledge,
gazetteer) the first time it sees a set of `CoderOptions` and keeps it, codes its partition and
writes the results as two Parquet shards (event records and article rows). The client reads the
shards back in input order, so `eventcoder code --engine dask` prints exactly what the
single-process engine prints.
"""

from __future__ import annotations

import functools
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import ConfigError, InputError
from .model import Article, ArticleResult, Event

if TYPE_CHECKING:
    import pyarrow as pa
    from distributed import Client, Future

    from .pipeline import Coder, CoderOptions

T = TypeVar("T")

ENGINES = ("local", "dask")

# Measured on spaCy coding: the worker's statistical profiler (a stack sample every 10 ms) and
# Dask's aggressive malloc trimming each cost several percent of CPU; neither helps here.
# The event loop's latency tick (every 20 ms) and the memory and system monitors (100 and 500 ms)
# wake a second thread that takes the GIL from the coding thread: spaCy coded about 12 % slower in
# a worker than in a plain process with the defaults, about 4 % slower with these slower ticks,
# and the client's own CPU use (scheduler included) fell by a third, which the workers get back.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": 64 * 2**20,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


@dataclass(frozen=True)
class EngineOptions:
    """How to run the coder: in this process or on Dask, and whether to show progress."""

    engine: str = "local"
    scheduler: str | None = None  # address of a running Dask scheduler; None: start a LocalCluster
    workers: int | None = None  # LocalCluster size; None: one per CPU core
    partition_size: int = 32  # articles per Dask task
    max_in_flight: int | None = None  # partitions submitted but not yet read back; None: 2 per worker
    shards: str | None = None  # keep the Parquet shards here; None: a temporary folder
    progress: bool | None = None  # None: only when stderr is a terminal
    quiet: bool = False

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r} (expected one of {', '.join(ENGINES)})")
        if self.partition_size < 1:
            raise ConfigError("the partition size must be at least 1")


def run_coder(
    inputs: Sequence[str],
    options: CoderOptions | None = None,
    engine: EngineOptions | None = None,
    *,
    published: date | None = None,
    source: str | None = None,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Results for the chosen engine, in input order, with a progress bar when one is wanted.
    `skip` drops articles before coding (the store's "already stored?"), as in `code_inputs`."""
    engine = engine or EngineOptions()
    if engine.engine == "dask":
        results = code_inputs_dask(inputs, options, engine, published=published, source=source, skip=skip)
    else:
        from .pipeline import code_inputs

        results = code_inputs(inputs, options, published=published, source=source, skip=skip)
    label = "dask" if engine.engine == "dask" else "coding"
    if show_progress(engine):
        results = with_progress(results, label, total=_count(inputs))
    elif not (engine.quiet or engine.progress is False):
        from .progress import plain_progress  # a log file or a pipe: a plain line now and then

        results = plain_progress(results, label, total=_count(inputs))
    return results


def _count(inputs: Sequence[str]) -> int | None:
    from .progress import count_articles

    return count_articles(inputs)


# --- partitions ---------------------------------------------------------------------------------


def partitions(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter), read lazily."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    part: list[T] = []
    for item in items:
        part.append(item)
        if len(part) == size:
            yield part
            part = []
    if part:
        yield part


def merge_in_order(
    part: Sequence[Article | InputError], results: Sequence[ArticleResult]
) -> Iterator[ArticleResult | InputError]:
    """Put the coded articles back between the input errors of their partition, in input order."""
    coded = iter(results)
    for item in part:
        if isinstance(item, InputError):
            yield item
            continue
        result = next(coded, None)
        if result is None or result.article.id != item.id:
            raise RuntimeError(f"partition results out of step at {item.origin}")
        yield result


# --- worker side --------------------------------------------------------------------------------

_CODERS: dict[Any, Coder] = {}
# A worker with several threads must not run one spaCy pipeline from two of them at once.
_CODER_LOCK = threading.Lock()


def _coder_key(options: Any) -> Any:
    # A long-lived cluster outlives edits to the user's knowledge files (every `*_files` option:
    # actors, lexicons): their mtimes are part of the key.
    names = [n for n in getattr(options, "__dataclass_fields__", {}) if n.endswith("_files")]
    files = [f for n in names for f in getattr(options, n) or ()]
    return (options, tuple(os.stat(f).st_mtime_ns if os.path.exists(f) else None for f in files))


def worker_coder(options: CoderOptions) -> Coder:
    """The process's Coder for these options, built on first use (spaCy loads once per worker)."""
    key = _coder_key(options)
    coder = _CODERS.get(key)
    if coder is None:
        from .pipeline import Coder

        coder = _CODERS[key] = Coder(options)
        # The shard writer's import (~0.2 s) belongs to start-up too, not to the first partition.
        import pyarrow.parquet  # noqa: F401
    return coder


def code_partition(
    articles: list[Article], options: CoderOptions, index: int, shard_dir: str | None
) -> tuple[str, str] | tuple[bytes, bytes]:
    """Code one partition on a worker: Parquet shard paths if `shard_dir` is set, else their bytes."""
    with _CODER_LOCK:
        results = list(worker_coder(options).code_articles(articles))
    events, arts = results_to_tables(results)
    if shard_dir is None:
        return _parquet_bytes(events), _parquet_bytes(arts)
    os.makedirs(shard_dir, exist_ok=True)
    paths = (
        os.path.join(shard_dir, f"events-{index:06d}.parquet"),
        os.path.join(shard_dir, f"articles-{index:06d}.parquet"),
    )
    import pyarrow.parquet as pq

    pq.write_table(events, paths[0])
    pq.write_table(arts, paths[1])
    return paths


# --- Parquet shards -----------------------------------------------------------------------------


@functools.cache
def shard_schemas() -> tuple[pa.Schema, pa.Schema]:
    """The Arrow schemas of the event and article shards (pyarrow is imported on first use)."""
    import pyarrow as pa

    actor = pa.struct(
        [(k, pa.string()) for k in ("text", "name", "country", "sector", "cameo", "actor_id")]
        + [("inferred", pa.list_(pa.string()))]
    )
    events = pa.schema(
        [
            ("seq", pa.int64()),  # position of the event's article in the partition
            ("event_id", pa.string()),
            ("article_id", pa.string()),
            ("sentence_index", pa.int64()),
            ("text", pa.string()),
            ("source", actor),
            ("target", actor),
            (
                "cameo",
                pa.struct(
                    [
                        ("code", pa.string()),
                        ("root", pa.string()),
                        ("goldstein", pa.float64()),
                        ("quad_class", pa.int64()),
                    ]
                ),
            ),
            (
                "plover",
                pa.struct([("type", pa.string()), ("mode", pa.string()), ("context", pa.list_(pa.string()))]),
            ),
            ("date", pa.string()),
            ("date_precision", pa.string()),
            (
                "location",
                pa.struct(
                    [
                        ("name", pa.string()),
                        ("country", pa.string()),
                        ("admin1", pa.string()),
                        ("lat", pa.float64()),
                        ("lon", pa.float64()),
                        ("geonameid", pa.int64()),
                        ("feature", pa.string()),
                    ]
                ),
            ),
            ("confidence", pa.float64()),
            ("trigger", pa.string()),
            ("published", pa.string()),
            ("article_source", pa.string()),
            ("url", pa.string()),
            ("coded_by", pa.string()),
            # The whole record as JSON: what the client rebuilds events from, so a key or nested field
            # that a later version of the record adds survives even before the columns above know it.
            ("record", pa.string()),
        ]
    )
    articles = pa.schema(
        [
            ("seq", pa.int64()),
            ("id", pa.string()),
            ("title", pa.string()),
            ("text", pa.string()),
            ("published", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
            ("origin", pa.string()),
            ("n_words", pa.int64()),
            ("content_hash", pa.string()),
        ]
    )
    return events, articles


def _event_columns() -> frozenset[str]:
    return frozenset(shard_schemas()[0].names) - {"seq", "record"}


def results_to_tables(results: Sequence[ArticleResult]) -> tuple[pa.Table, pa.Table]:
    """Event rows (the contract's record) and article rows for a list of results."""
    import pyarrow as pa

    event_schema, article_schema = shard_schemas()
    columns = _event_columns()
    event_rows: list[dict[str, Any]] = []
    article_rows: list[dict[str, Any]] = []
    for seq, result in enumerate(results):
        a = result.article
        article_rows.append(
            {
                "seq": seq,
                "id": a.id,
                "title": a.title,
                "text": a.text,
                "published": a.published.isoformat() if a.published else None,
                "source": a.source,
                "url": a.url,
                "origin": a.origin,
                "n_words": result.n_words,
                "content_hash": a.content_hash,
            }
        )
        for event in result.events:
            record = event.to_record()
            row = {k: v for k, v in record.items() if k in columns}
            row["seq"] = seq
            row["record"] = json.dumps(record, ensure_ascii=False)
            event_rows.append(row)
    return (
        pa.Table.from_pylist(event_rows, schema=event_schema),
        pa.Table.from_pylist(article_rows, schema=article_schema),
    )


def tables_to_results(events: pa.Table, articles: pa.Table) -> list[ArticleResult]:
    """Inverse of `results_to_tables`."""
    by_seq: dict[int, list[Event]] = {}
    for row in events.select(["seq", "record"]).to_pylist():
        by_seq.setdefault(row["seq"], []).append(Event.from_record(json.loads(row["record"])))
    results = []
    for row in articles.to_pylist():
        article = Article(
            id=row["id"],
            title=row["title"],
            text=row["text"],
            published=date.fromisoformat(row["published"]) if row["published"] else None,
            source=row["source"],
            url=row["url"],
            origin=row["origin"],
        )
        results.append(
            ArticleResult(article=article, events=tuple(by_seq.get(row["seq"], ())), n_words=row["n_words"])
        )
    return results


def _parquet_bytes(table: pa.Table) -> bytes:
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _read_shard(ref: str | bytes, remove: bool) -> pa.Table:
    import pyarrow.parquet as pq

    if isinstance(ref, bytes):
        return pq.read_table(io.BytesIO(ref))
    table = pq.read_table(ref)
    if remove:
        os.unlink(ref)
    return table


# --- client side --------------------------------------------------------------------------------


def code_inputs_dask(
    inputs: Sequence[str],
    options: CoderOptions | None = None,
    engine: EngineOptions | None = None,
    *,
    published: date | None = None,
    source: str | None = None,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Like `pipeline.code_inputs`, but partitions are coded on a Dask cluster (same results)."""
    from .ingest import iter_articles

    if options is None:
        from .pipeline import CoderOptions

        options = CoderOptions()
    engine = engine or EngineOptions(engine="dask")
    with ExitStack() as stack:
        client = stack.enter_context(_dask_client(engine))
        in_flight = _in_flight(client, engine)
        shard_dir, keep = _shard_dir(engine, stack)
        pending: deque[tuple[list[Article | InputError], Future | None]] = deque()
        items: Iterable[Article | InputError] = iter_articles(inputs, published=published, source=source)
        if skip is not None:
            # Checked here, on the client, where the store's connection lives.
            items = (x for x in items if isinstance(x, InputError) or not skip(x))
        for index, part in enumerate(partitions(items, engine.partition_size)):
            if index % 16 == 15:
                in_flight = _in_flight(client, engine)  # a remote cluster may have grown or shrunk
            arts = [a for a in part if isinstance(a, Article)]
            future = (
                client.submit(code_partition, arts, options, index, shard_dir, pure=False) if arts else None
            )
            pending.append((part, future))
            # Bounded: the reader waits while this many partitions are out, whatever the input size.
            while len(pending) >= in_flight:
                yield from _collect(*pending.popleft(), keep=keep)
        while pending:
            yield from _collect(*pending.popleft(), keep=keep)


def _in_flight(client: Client, engine: EngineOptions) -> int:
    """Partitions to keep submitted: enough to keep every worker thread busy, and no more."""
    if engine.max_in_flight:
        return engine.max_in_flight
    return 2 * max(1, sum(client.nthreads().values()))


def _collect(
    part: list[Article | InputError], future: Future | None, keep: bool
) -> Iterator[ArticleResult | InputError]:
    results: list[ArticleResult] = []
    if future is not None:
        ev_ref, art_ref = future.result()
        future.release()
        results = tables_to_results(_read_shard(ev_ref, not keep), _read_shard(art_ref, not keep))
    yield from merge_in_order(part, results)


def _shard_dir(engine: EngineOptions, stack: ExitStack) -> tuple[str | None, bool]:
    """Where workers write shards, and whether to keep them after reading."""
    if engine.shards:
        Path(engine.shards).mkdir(parents=True, exist_ok=True)
        return str(Path(engine.shards).resolve()), True
    if engine.scheduler:
        # A remote worker cannot see our temp folder: it sends the shard bytes back instead.
        return None, False
    tmp = tempfile.mkdtemp(prefix="eventcoder-shards-")
    stack.callback(shutil.rmtree, tmp, True)
    return tmp, False


@contextmanager
def _dask_client(engine: EngineOptions) -> Iterator[Client]:
    """A Client on the given scheduler, or on a LocalCluster started here and stopped on exit."""
    import dask
    from distributed import Client, LocalCluster

    if engine.scheduler:
        try:
            client = Client(engine.scheduler, timeout="20s")
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {engine.scheduler}: {exc}") from exc
        with client:
            yield client
        return
    n = engine.workers or os.cpu_count() or 1
    with (
        dask.config.set(LOCAL_WORKER_CONFIG),
        LocalCluster(
            n_workers=n,
            threads_per_worker=1,  # spaCy is CPU bound: parallelism comes from processes
            processes=True,
            dashboard_address="127.0.0.1:0",  # any free port, never the shared 8787
            # No Bokeh dashboard even where bokeh is installed: its periodic updates take client CPU.
            scheduler_kwargs={"dashboard": False},
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


# --- progress -----------------------------------------------------------------------------------


def show_progress(engine: EngineOptions) -> bool:
    """Progress bars: never with --quiet, always when forced, else only if stderr is a terminal."""
    if engine.quiet or engine.progress is False:
        return False
    return bool(engine.progress) or sys.stderr.isatty()


def with_progress(
    results: Iterator[ArticleResult | InputError], label: str = "coding", total: int | None = None
) -> Iterator[ArticleResult | InputError]:
    """Pass results through while a rich progress display on stderr counts articles and events
    (with a bar and an ETA when `total` is known; see eventcoder.progress)."""
    from .progress import rich_progress

    return rich_progress(results, label, total)
