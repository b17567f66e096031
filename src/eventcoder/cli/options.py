"""Flags shared by the commands that code articles (`code`, `ingest`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import click

from ..pipeline import CoderOptions

F = TypeVar("F", bound=Callable[..., Any])


def parse_day(value: str | None, flag: str = "--published") -> date | None:
    """YYYY-MM-DD or None; a bad value is a usage error naming the flag."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=flag) from None


def coding_options(func: F) -> F:
    """Decorate a command with the input and coder flags."""
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
    ]  # fmt: skip
    for deco in reversed(decorators):
        func = deco(func)
    return func


def coder_options(model: str, actor_files: tuple[str, ...], batch_size: int) -> CoderOptions:
    return CoderOptions(model=model, actor_files=tuple(actor_files), batch_size=batch_size)
