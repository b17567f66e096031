"""Progress of a coding run on stderr: a live display on a terminal, plain periodic lines elsewhere.

With a known total (files counted, JSON lines counted before coding) both show it and an ETA. A
plain line ("coded N articles, M events, X/s") goes out every PLAIN_EVERY_S seconds when stderr is
a log file or a pipe, so a long batch job shows it is alive; short runs print nothing.
"""

from __future__ import annotations

import gzip
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from .errors import InputError
from .model import ArticleResult

PLAIN_EVERY_S = 15.0
_COUNT_LIMIT_BYTES = 2 * 2**30  # counting lines of more input than this would delay the start


def count_articles(inputs: Sequence[str]) -> int | None:
    """How many articles (and bad lines) the inputs hold, or None when that is unknown up front
    (stdin, unreadable or compressed input, or too much to count quickly)."""
    from .ingest import expand_inputs

    total = 0
    size = 0
    for item in expand_inputs(inputs):
        if isinstance(item, InputError) or item == "-":
            return None
        path = Path(item)
        if not path.name.lower().endswith((".jsonl", ".jsonl.gz")):
            total += 1
            continue
        try:
            size += path.stat().st_size
            if size > _COUNT_LIMIT_BYTES or path.name.lower().endswith(".gz"):
                return None
            total += _non_blank_lines(path)
        except (OSError, EOFError, gzip.BadGzipFile):
            return None
    return total


def _non_blank_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def eta_text(done: int, total: int | None, elapsed: float) -> str:
    """ "ETA 1m05s" from the rate so far, or "" when it cannot be told."""
    if not total or done <= 0 or elapsed <= 0 or done >= total:
        return ""
    left = (total - done) * elapsed / done
    minutes, seconds = divmod(int(left + 0.5), 60)
    return f"ETA {minutes}m{seconds:02d}s" if minutes else f"ETA {seconds}s"


def plain_progress(
    results: Iterator[ArticleResult | InputError],
    label: str = "coding",
    total: int | None = None,
    every_s: float = PLAIN_EVERY_S,
    out: IO[str] | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Pass results through, writing one plain line every `every_s` seconds (and a last one at the
    end when any was written)."""
    stream = out or sys.stderr
    started = last = time.monotonic()
    done = events = errors = 0
    wrote = False

    def line() -> str:
        elapsed = time.monotonic() - started
        rate = f"{done / elapsed:.1f}/s" if elapsed > 0 else "-"
        of = f" of {total}" if total else ""
        parts = (f"{errors} error(s)" if errors else "", eta_text(done, total, elapsed))
        tail = ", ".join(x for x in parts if x)
        return f"eventcoder: {label}: coded {done}{of} articles, {events} events, {rate}" + (
            f", {tail}" if tail else ""
        )

    for item in results:
        if isinstance(item, InputError):
            errors += 1
        else:
            done += 1
            events += len(item.events)
        now = time.monotonic()
        if now - last >= every_s:
            print(line(), file=stream, flush=True)
            last, wrote = now, True
        yield item
    if wrote:
        print(line(), file=stream, flush=True)


def rich_progress(
    results: Iterator[ArticleResult | InputError], label: str = "coding", total: int | None = None
) -> Iterator[ArticleResult | InputError]:
    """Pass results through while a rich progress display on stderr counts articles and events,
    with a bar, a total and an ETA when the total is known."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(file=sys.stderr)
    columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("[bold]{task.description}")]
    if total:
        columns += [BarColumn(), MofNCompleteColumn(), TextColumn("articles")]
    else:
        columns += [TextColumn("{task.completed} articles")]
    columns += [
        TextColumn("{task.fields[events]} events"),
        TextColumn("{task.fields[errors]} errors"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    ]
    if total:
        columns += [TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=False, redirect_stderr=True) as bar:
        task = bar.add_task(label, total=total or None, events=0, errors=0, rate="")
        n_events = n_errors = 0
        for item in results:
            if isinstance(item, InputError):
                n_errors += 1
                # A bad line is one of the counted lines too: the bar still reaches its total.
                bar.update(task, advance=1 if total else 0, errors=n_errors)
            else:
                n_events += len(item.events)
                elapsed = bar.tasks[task].elapsed or 0.0
                done = bar.tasks[task].completed + 1
                rate = f"{done / elapsed:.1f} art/s" if elapsed > 0 else ""
                bar.update(task, advance=1, events=n_events, rate=rate)
            yield item
