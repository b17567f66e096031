"""Flags shared by the commands that code articles (`code`, `ingest`)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

import click

from ..errors import InputError
from ..scale import ENGINES

if TYPE_CHECKING:  # the pipeline imports spaCy: loaded when a command codes, not for `--help`
    from ..model import Article, ArticleResult
    from ..pipeline import CoderOptions
    from ..scale import EngineOptions

# Engine flags are kept in the click context, not passed as parameters, so every command decorated
# with `coding_options` gets them without changing its signature; `coded_results` reads them.
ENGINE_META = "eventcoder.engine"
CODER_META = "eventcoder.coder"

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
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=flag) from None


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
    """What a coding command was asked for: its inputs, the coder's options and the defaults."""

    inputs: tuple[str, ...]
    options: CoderOptions
    published: date | None = None
    source: str | None = None

    def results(self, skip: Callable[[Article], bool] | None = None) -> Iterator[ArticleResult | InputError]:
        """Coded results for the engine chosen on the command line, in input order."""
        return coded_results(
            self.inputs, self.options, published=self.published, source=self.source, skip=skip
        )


def coding_options(func: F) -> F:
    """Decorate a command with the input and coder flags; it receives them as one `coding` request."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        request = CodingRequest(
            inputs=tuple(kwargs.pop("inputs")),
            options=coder_options(kwargs.pop("model"), kwargs.pop("actor_files"), kwargs.pop("batch_size")),
            published=parse_day(kwargs.pop("published")),
            source=kwargs.pop("source_name"),
        )
        return func(*args, coding=request, **kwargs)

    decorators = [
        click.argument("inputs", nargs=-1, required=True),
        click.option("--published", help="Publication date YYYY-MM-DD for inputs that carry none."),
        click.option("--source", "source_name", help="Outlet name for inputs that carry none."),
        click.option("--model", default="sm", show_default=True, help="spaCy pipeline: sm or md."),
        click.option(
            "--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
            help="Extra actor file(s) (see `eventcoder actors import`).",
        ),
        click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch."),
        click.option(
            "--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
            expose_value=False, callback=_remember("lexicon_files", CODER_META),
            help="Extra event lexicon file(s) merged over ours (see docs/eval.md).",
        ),
        click.option(
            "--fallback/--no-fallback", default=True, show_default=True, expose_value=False,
            callback=_remember("fallback", CODER_META),
            help="Code predicates the lexicon misses by the semantic fallback (see docs/eval.md).",
        ),
        *engine_flags(),
    ]  # fmt: skip
    wrapped: Any = command
    for deco in reversed(decorators):
        wrapped = deco(wrapped)
    return cast(F, wrapped)


def coder_options(model: str, actor_files: tuple[str, ...], batch_size: int) -> CoderOptions:
    """The coder's options from the command's flags (--lexicon is read from the click context)."""
    from ..pipeline import CoderOptions

    ctx = click.get_current_context(silent=True)
    remembered = ctx.meta.get(CODER_META, {}) if ctx is not None else {}
    return CoderOptions(
        model=model,
        actor_files=tuple(actor_files),
        batch_size=batch_size,
        lexicon_files=tuple(remembered.get("lexicon_files") or ()),
        fallback=remembered.get("fallback", True),
    )


def _remember(name: str, meta: str = ENGINE_META) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        ctx.meta.setdefault(meta, {})[name] = value
        return value

    return callback


def engine_flags() -> list[Callable[[F], F]]:
    """--engine, --scheduler, --workers, --partition-size, --shards, --progress, --quiet."""

    def flag(*names: str, key: str, **kw: Any) -> Callable[[F], F]:
        return click.option(*names, expose_value=False, callback=_remember(key), **kw)

    return [
        flag("--engine", key="engine", type=click.Choice(ENGINES), default="local", show_default=True,
             help="local: this process; dask: a Dask cluster (see docs/scale.md)."),
        flag("--scheduler", key="scheduler", metavar="ADDRESS",
             help="Address of a running Dask scheduler (implies --engine dask); default: a local cluster."),
        flag("--workers", key="workers", type=click.IntRange(min=1),
             help="Worker processes of the local Dask cluster [default: one per CPU core]."),
        flag("--partition-size", key="partition_size", type=click.IntRange(min=1), default=32,
             show_default=True, help="Articles per Dask task."),
        flag("--shards", key="shards", type=click.Path(file_okay=False),
             help="Keep the Dask workers' Parquet shards (events, articles) in this folder."),
        flag("--progress/--no-progress", key="progress", default=None,
             help="Force the progress display on or off [default: on when stderr is a terminal]."),
        flag("--quiet", "-q", key="quiet", is_flag=True, default=False, help="No progress display."),
    ]  # fmt: skip


def engine_options(ctx: click.Context | None = None) -> EngineOptions:
    """The engine flags of the current command as `EngineOptions`."""
    from ..scale import EngineOptions

    ctx = ctx or click.get_current_context()
    flags = dict(ctx.meta.get(ENGINE_META, {}))
    if flags.get("scheduler"):
        flags["engine"] = "dask"
    known = {k: v for k, v in flags.items() if v is not None}
    return EngineOptions(**known)


def coded_results(
    inputs: Sequence[str],
    options: CoderOptions,
    *,
    published: date | None = None,
    source: str | None = None,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Results iterator for the engine chosen on the command line (local or Dask), in input order;
    `skip` drops articles before coding (see `pipeline.code_inputs`)."""
    from ..scale import run_coder

    return run_coder(inputs, options, engine_options(), published=published, source=source, skip=skip)
