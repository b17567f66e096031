"""Flags shared by the commands that code articles (`code`, `ingest`)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

import click

from ..config import MODELS
from ..engine import ENGINES
from ..errors import InputError

if TYPE_CHECKING:  # the pipeline imports spaCy: loaded when a command codes, not for `--help`
    from ..config import CoderConfig
    from ..engine import EngineOptions
    from ..model import Article, ArticleResult

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "events.duckdb"

# The database flag of every command that reads or writes one (ingest, events, stats, export, serve).
db_option = click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    help="DuckDB database file.",
)  # fmt: skip


def parse_day(value: str | None, flag: str = "--published") -> date | None:
    """YYYY-MM-DD or None; a bad value is a usage error naming the flag."""
    if value is None:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=flag) from None
    if flag == "--published":
        from ..ingest.readers import check_published  # the readers' own range (docs/store.md)

        try:
            check_published(day)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint=flag) from None
    return day


def open_output(path: str) -> IO[str]:
    """Open an output file for writing; a path we cannot write is bad input naming the path."""
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None


def check_output(path: str) -> None:
    """Fail with an InputError naming `path` when its folder is missing or not writable."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise InputError(path, f"cannot write: no such folder {str(folder)!r}")
    if not os.access(folder, os.W_OK):
        raise InputError(path, "cannot write: permission denied")


@dataclass(frozen=True)
class CodingRequest:
    """What a coding command was asked for: its inputs, the coder's config, the engine and the
    defaults for inputs that carry no date or outlet. Built whole from the flags by
    `coding_options`; nothing travels beside it."""

    inputs: tuple[str, ...]
    config: CoderConfig
    engine: EngineOptions
    published: date | None = None
    source: str | None = None

    def results(self, skip: Callable[[Article], bool] | None = None) -> Iterator[ArticleResult | InputError]:
        """Coded results for the engine chosen on the command line, in input order; `skip` drops
        articles before coding (the store's "already stored?")."""
        from ..engine import run_coder

        return run_coder(
            self.inputs, self.config, self.engine, published=self.published, source=self.source, skip=skip
        )


# The flags `coding_options` turns into the request's CoderConfig and EngineOptions.
CONFIG_FLAGS = ("model", "actor_files", "lexicon_files", "batch_size", "fallback")
ENGINE_FLAGS = ("engine", "scheduler", "workers", "partition_size", "shards", "progress", "quiet")


def coding_options(func: F) -> F:
    """Decorate a command with the input, coder and engine flags; it receives them as one
    `coding` request (a CodingRequest)."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        request = coding_request(kwargs)
        return func(*args, coding=request, **kwargs)

    wrapped: Any = command
    for deco in reversed([*input_flags(), *coder_flags(), *engine_flags()]):
        wrapped = deco(wrapped)
    return cast(F, wrapped)


def coding_request(flags: dict[str, Any]) -> CodingRequest:
    """The request from the parsed flags (removed from `flags`)."""
    from ..actors.petrarch import user_actor_file
    from ..config import CoderConfig

    # What `actors import` wrote to the per-user file is used without --actors (docs/actors.md).
    user = user_actor_file()
    if user is not None and user.is_file() and str(user) not in flags["actor_files"]:
        flags["actor_files"] = (str(user), *flags["actor_files"])
    config = CoderConfig(**{name: flags.pop(name) for name in CONFIG_FLAGS})
    return CodingRequest(
        inputs=tuple(flags.pop("inputs")),
        config=config,
        engine=engine_options({name: flags.pop(name) for name in ENGINE_FLAGS}),
        published=parse_day(flags.pop("published")),
        source=flags.pop("source_name"),
    )


def input_flags() -> list[Callable[[F], F]]:
    """INPUTS, --published, --source."""
    return [
        click.argument("inputs", nargs=-1, required=True),
        click.option("--published", help="Publication date YYYY-MM-DD for inputs that carry none."),
        click.option("--source", "source_name", help="Outlet name for inputs that carry none."),
    ]


def coder_flags() -> list[Callable[[F], F]]:
    """--model, --actors, --lexicon, --batch-size, --fallback: the fields of CoderConfig."""
    return [
        click.option("--model", default="sm", show_default=True,
                     help=f"spaCy pipeline: {' or '.join(MODELS)}, or an installed pipeline's package name."),
        click.option(
            "--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
            help="Extra actor file(s) (see `eventcoder actors import`).",
        ),
        click.option("--batch-size", default=32, show_default=True, type=click.IntRange(min=1),
                     help="Articles per spaCy batch."),
        click.option(
            "--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
            help="Extra event lexicon file(s) merged over ours (see docs/eval.md).",
        ),
        click.option("--fallback/--no-fallback", default=True, show_default=True,
                     help="Let the semantic fallback code predicates the lexicon does not know."),
    ]  # fmt: skip


def engine_flags() -> list[Callable[[F], F]]:
    """--engine, --scheduler, --workers, --partition-size, --shards, --progress, --quiet."""
    return [
        click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                     help="local: this process; dask: a Dask cluster (see docs/scale.md)."),
        click.option(
            "--scheduler", metavar="ADDRESS",
            help="Address of a running Dask scheduler (implies --engine dask) [default: a local cluster].",
        ),
        click.option("--workers", type=click.IntRange(min=1),
                     help="Worker processes of the local Dask cluster [default: one per CPU core]."),
        click.option("--partition-size", type=click.IntRange(min=1), default=32, show_default=True,
                     help="Articles per Dask task."),
        click.option("--shards", type=click.Path(file_okay=False),
                     help="Keep the Dask workers' Parquet shards (events, articles) in this folder."),
        click.option("--progress/--no-progress", default=None,
                     help="Force the progress display on or off [default: on when stderr is a terminal]."),
        click.option("--quiet", "-q", is_flag=True, default=False, help="No progress display."),
    ]  # fmt: skip


def engine_options(flags: dict[str, Any]) -> EngineOptions:
    """The engine flags as `EngineOptions` (a scheduler address implies the Dask engine)."""
    from ..engine import EngineOptions

    if flags.get("scheduler"):
        flags = {**flags, "engine": "dask"}
    return EngineOptions(**{k: v for k, v in flags.items() if v is not None})
