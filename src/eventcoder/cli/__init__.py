"""Command-line entry point. Commands live in sibling modules and only parse flags, call the
library and print; errors become one stderr line and an exit status (2 bad input, 1 internal)."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import IO, TYPE_CHECKING, Any

import click

from ..errors import EventcoderError

if TYPE_CHECKING:
    from rich.console import Console


class EventcoderGroup(click.Group):
    """A click group that turns our exceptions into one line on stderr and the contract's status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # inside the guard: a closed pipe may only show at the last flush
            return result
        except BrokenPipeError:
            closed_pipe()
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


def closed_pipe() -> None:
    """`eventcoder code ... | head -1`: the reader has all it wants. End quietly with status 0, as
    `events` always did (a closed pipe is the reader's choice, not a failure), and point stdout at
    /dev/null so the interpreter's last flush does not complain either."""
    # stdout may have no file descriptor (tests' captured output): nothing to redirect then.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)


def output_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A rich Console for a command's output whose closed pipe ends the command like ours do
    (rich's own handling exits with status 1)."""
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return PipeConsole(file=file, width=width)


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
