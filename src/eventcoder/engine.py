"""The one engine switch: code inputs in this process or on a Dask cluster, same results either way.

Both engines read the inputs the same way (`read_articles`: readers plus the caller's "skip this
article?"), cut them into the same partitions and put each partition's outcomes back between its
input errors with the same helper (`merge_in_order`); they differ only in where a partition is
coded. Nothing here imports spaCy or Dask: the local engine is `pipeline`, the Dask one `scale`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from .errors import ConfigError, InputError
from .model import Article, ArticleResult

if TYPE_CHECKING:
    from .config import CoderConfig

T = TypeVar("T")

Outcome = ArticleResult | InputError
"""What coding one input item gives: the article's result, or one error naming file:line."""

# The engines `--engine` offers, in the order shown.
ENGINES = ("local", "dask")


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
    config: CoderConfig | None = None,
    engine: EngineOptions | None = None,
    *,
    published: date | None = None,
    source: str | None = None,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[Outcome]:
    """Results for the chosen engine, in input order, with a progress bar when one is wanted.
    `skip` drops articles before coding (the store's "already stored?")."""
    engine = engine or EngineOptions()
    results: Iterator[Outcome]
    if engine.engine == "dask":
        from .scale import code_inputs_dask

        results = code_inputs_dask(inputs, config, engine, published=published, source=source, skip=skip)
    else:
        from .pipeline import code_inputs

        results = code_inputs(inputs, config, published=published, source=source, skip=skip)
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


def read_articles(
    inputs: Sequence[str],
    published: date | None = None,
    source: str | None = None,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[Article | InputError]:
    """The inputs' articles and, in place, their errors; articles `skip` accepts are left out."""
    from .ingest import iter_articles

    for item in iter_articles(inputs, published=published, source=source):
        if isinstance(item, InputError) or skip is None or not skip(item):
            yield item


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


def merge_in_order(part: Sequence[Article | InputError], outcomes: Sequence[Outcome]) -> Iterator[Outcome]:
    """Put the outcomes of a partition's articles (one each, in order) back between its input
    errors, so every engine reports in input order."""
    coded = iter(outcomes)
    for item in part:
        if isinstance(item, InputError):
            yield item
            continue
        outcome = next(coded, None)
        if outcome is None or (isinstance(outcome, ArticleResult) and outcome.article.id != item.id):
            raise RuntimeError(f"partition results out of step at {item.origin}")
        yield outcome


# --- progress -----------------------------------------------------------------------------------


def show_progress(engine: EngineOptions) -> bool:
    """Progress bars: never with --quiet, always when forced, else only if stderr is a terminal."""
    if engine.quiet or engine.progress is False:
        return False
    return bool(engine.progress) or sys.stderr.isatty()


def with_progress(
    results: Iterator[Outcome], label: str = "coding", total: int | None = None
) -> Iterator[Outcome]:
    """Pass results through while a rich progress display on stderr counts articles and events
    (with a bar and an ETA when `total` is known; see eventcoder.progress)."""
    from .progress import rich_progress

    return rich_progress(results, label, total)
