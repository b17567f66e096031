"""Command-line entry point. Commands live in sibling modules and only parse flags, call the
library and print; errors become one stderr line and an exit status (2 bad input, 1 internal)."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import EventcoderError


class EventcoderGroup(click.Group):
    """A click group that turns our exceptions into one line on stderr and the contract's status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EventcoderError as exc:
            click.echo(f"eventcoder: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            # click would print the usage block and a hint over three lines; the contract asks for one.
            hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
            click.echo(f"eventcoder: error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("eventcoder: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # the last line of defence: one line, status 1
            click.echo(f"eventcoder: internal error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(1)


@click.group(cls=EventcoderGroup)
@click.version_option(package_name="eventcoder")
def main() -> None:
    """eventcoder: code news articles into CAMEO/PLOVER political event data, offline."""


def _register() -> None:
    # Each module adds its commands to `main`; imported here so `main` sees them all.
    from . import code as _code  # noqa: F401

    for name in ("actors", "eval", "store", "serve"):
        try:
            __import__(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise


_register()
