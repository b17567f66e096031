"""Scale-out: code articles on a Dask cluster, with bounded memory and progress bars.

The client streams articles from the readers into partitions of K articles and submits at most a
few partitions at a time. Each worker process builds one `Coder` (spaCy pipeline, actor knowledge,
gazetteer) the first time it sees a `CoderConfig` and keeps it, codes its partition and
writes the results as two Parquet shards (event records and article rows). The client reads the
shards back in input order, so `eventcoder code --engine dask` prints exactly what the
single-process engine prints.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import CoderConfig
from .engine import ENGINES, EngineOptions, Outcome, merge_in_order, partitions, read_articles
from .errors import ConfigError, InputError
from .model import Article, ArticleResult, Event
from .record import article_from_row, article_row, shard_schemas

if TYPE_CHECKING:
    import pyarrow as pa
    from distributed import Client, Future

    from .pipeline import Coder

__all__ = [
    "ENGINES", "EngineOptions", "code_inputs_dask", "code_partition", "shard_schemas", "worker_coder",
]  # fmt: skip

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


# --- worker side --------------------------------------------------------------------------------

# One Coder per config per process, keyed by `CoderConfig.cache_key()` (the whole config plus the
# modification times of its knowledge files, which a long-lived cluster may outlive).
_CODERS: dict[Any, Coder] = {}
# A worker with several threads must not run one spaCy pipeline from two of them at once.
_CODER_LOCK = threading.Lock()

# An article a worker could not code: its position among the partition's articles and its error.
WorkerError = tuple[int, str, str]


def worker_coder(config: CoderConfig) -> Coder:
    """The process's Coder for this config, built on first use (spaCy loads once per worker)."""
    key = config.cache_key()
    coder = _CODERS.get(key)
    if coder is None:
        from .pipeline import Coder

        coder = _CODERS[key] = Coder(config)
        # The shard writer's import (~0.2 s) belongs to start-up too, not to the first partition.
        import pyarrow.parquet  # noqa: F401
    return coder


def code_partition(
    articles: list[Article], config: CoderConfig, index: int, shard_dir: str | None
) -> tuple[str | bytes, str | bytes, list[WorkerError]]:
    """Code one partition on a worker: Parquet shard paths if `shard_dir` is set, else their bytes,
    and the articles that could not be coded (as plain data: an exception need not pickle)."""
    with _CODER_LOCK:
        outcomes = list(worker_coder(config).code_outcomes(articles))
    results = [o for o in outcomes if isinstance(o, ArticleResult)]
    errors = [(i, o.where, o.message) for i, o in enumerate(outcomes) if isinstance(o, InputError)]
    events, arts = results_to_tables(results)
    if shard_dir is None:
        return _parquet_bytes(events), _parquet_bytes(arts), errors
    os.makedirs(shard_dir, exist_ok=True)
    paths = (
        os.path.join(shard_dir, f"events-{index:06d}.parquet"),
        os.path.join(shard_dir, f"articles-{index:06d}.parquet"),
    )
    import pyarrow.parquet as pq

    pq.write_table(events, paths[0])
    pq.write_table(arts, paths[1])
    return paths[0], paths[1], errors


# --- Parquet shards -----------------------------------------------------------------------------


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
        article_rows.append({"seq": seq, **article_row(result, record=True)})
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
    return [
        ArticleResult(
            article=article_from_row(row), events=tuple(by_seq.get(row["seq"], ())), n_words=row["n_words"]
        )
        for row in articles.to_pylist()
    ]


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
    config: CoderConfig | None = None,
    engine: EngineOptions | None = None,
    *,
    published: date | None = None,
    source: str | None = None,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[Outcome]:
    """Like `pipeline.code_inputs`, but partitions are coded on a Dask cluster (same results).
    `skip` is checked here, on the client, where the store's connection lives."""
    config = config or CoderConfig()
    engine = engine or EngineOptions(engine="dask")
    with ExitStack() as stack:
        client = stack.enter_context(_dask_client(engine))
        in_flight = _in_flight(client, engine)
        shard_dir, keep = _shard_dir(engine, stack)
        pending: deque[tuple[list[Article | InputError], Future | None]] = deque()
        items = read_articles(inputs, published, source, skip)
        for index, part in enumerate(partitions(items, engine.partition_size)):
            if index % 16 == 15:
                in_flight = _in_flight(client, engine)  # a remote cluster may have grown or shrunk
            arts = [a for a in part if isinstance(a, Article)]
            future = (
                client.submit(code_partition, arts, config, index, shard_dir, pure=False) if arts else None
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


def _collect(part: list[Article | InputError], future: Future | None, keep: bool) -> Iterator[Outcome]:
    outcomes: list[Outcome] = []
    if future is not None:
        ev_ref, art_ref, errors = future.result()
        future.release()
        coded = iter(tables_to_results(_read_shard(ev_ref, not keep), _read_shard(art_ref, not keep)))
        failed = {i: InputError(where, message) for i, where, message in errors}
        n = sum(1 for a in part if isinstance(a, Article))
        outcomes = [failed[i] if i in failed else next(coded) for i in range(n)]
    yield from merge_in_order(part, outcomes)


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
