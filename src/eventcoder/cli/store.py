"""`eventcoder ingest`, `events`, `stats` and `export`: the event database from the command line."""

from __future__ import annotations

import csv
import functools
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import IO, Any, TypeVar, cast

import click

from ..errors import InputError
from ..model import Article
from ..store import query
from ..store.export import FORMATS as EXPORT_FORMATS
from ..store.export import TABLES as EXPORT_TABLES
from ..store.query import EventFilter
from . import main, output_console
from .options import CodingRequest, check_output, coding_options, db_option, parse_day

F = TypeVar("F", bound=Callable[..., Any])


# The filter flags and the EventFilter field each one fills.
FILTER_FLAGS = ("actor", "country", "plover_type", "root", "since", "until", "place")


def filter_options(func: F) -> F:
    """Decorate a command with the event filter flags; it receives them as one `event_filter`."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        flags = {name: kwargs.pop(name) for name in FILTER_FLAGS}
        return func(*args, event_filter=make_filter(**flags), **kwargs)

    decorators = [
        click.option("--actor", help="CAMEO code prefix, actor id, country code or name (either side)."),
        click.option("--country", help="ISO alpha-3 country of the source or target."),
        click.option("--type", "plover_type", help="PLOVER event type, e.g. ASSAULT."),
        click.option("--root", help="CAMEO root code, e.g. 19."),
        click.option("--since", help="First day YYYY-MM-DD (event date)."),
        click.option("--until", help="Last day YYYY-MM-DD (event date)."),
        click.option("--place", help="Place name or ISO alpha-3 country of the event location."),
    ]
    wrapped: Any = command
    for deco in reversed(decorators):
        wrapped = deco(wrapped)
    return cast(F, wrapped)


def make_filter(
    actor: str | None,
    country: str | None,
    plover_type: str | None,
    root: str | None,
    since: str | None,
    until: str | None,
    place: str | None,
) -> EventFilter:
    """An EventFilter from the command-line flags (bad dates are usage errors)."""
    return EventFilter(
        actor=actor,
        country=country,
        plover_type=plover_type,
        root=root,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        place=place,
    )


@main.command("ingest")
@coding_options
@db_option
@click.option(
    "--commit-every", default=50, show_default=True, type=click.IntRange(min=1),
    help="Articles stored per transaction (a crash loses at most one such batch).",
)  # fmt: skip
def ingest_command(coding: CodingRequest, db_path: str, commit_every: int) -> None:
    """Code INPUTS and store articles, mentions and deduplicated events in the database."""
    from ..store import ingest_results, stored_hashes

    def on_error(err: InputError) -> None:
        click.echo(f"eventcoder: error: {err}", err=True)

    def on_warning(text: str) -> None:
        click.echo(f"eventcoder: warning: {text}", err=True)

    # Articles already stored (same words) are not coded again: a re-run after a crash only codes
    # what is missing. The writer still checks each hash, so this is a saving, not the guarantee.
    stored = stored_hashes(db_path)
    skipped = 0

    def already_stored(article: Article) -> bool:
        nonlocal skipped
        if article.content_hash in stored:
            skipped += 1
            return True
        return False

    # The single call site for either engine: coded_results picks local or Dask from the flags.
    summary = ingest_results(
        db_path,
        coding.results(skip=already_stored),
        batch_size=commit_every,
        on_error=on_error,
        on_warning=on_warning,
    )
    summary.articles_skipped += skipped
    click.echo(f"{db_path}: {summary.line()}")
    if summary.input_errors:
        sys.exit(2)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _print_events(rows: list[dict[str, Any]], fmt: str, out: IO[str]) -> None:
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=_cell) + "\n")
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(v) for k, v in row.items()})
    else:
        from rich.table import Table

        table = Table(show_lines=False)
        for col in ("day", "source", "type", "code", "target", "place", "n", "evidence"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(
                _cell(r["day"] or r["date"]),
                _cell(r["source_name"] or r["source_cameo"]),
                _cell(r["plover_type"]),
                _cell(r["cameo_code"]),
                _cell(r["target_name"] or r["target_cameo"]),
                _cell(r["location_name"]),
                _cell(r["n_mentions"]),
                _cell((r["text"] or "")[:90]),
            )
        output_console(out, 170).print(table)


@main.command("events")
@db_option
@filter_options
@click.option("--limit", default=100, show_default=True, type=click.IntRange(0, query.MAX_ROWS))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0, query.MAX_ROWS))
@click.option(
    "--order", type=click.Choice(sorted(query.ORDERS)), default="day", show_default=True,
    help="Sort by date, number of mentions, Goldstein score or confidence.",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table")
def events_command(
    db_path: str,
    event_filter: EventFilter,
    limit: int,
    offset: int,
    order: str,
    fmt: str,
) -> None:
    """List deduplicated events from the database."""
    f = event_filter
    con = query.open_database(db_path)
    try:
        rows = query.query_events(con, f, limit=limit, offset=offset, order=order)
        total = query.count_events(con, f) if fmt == "table" else 0
    finally:
        con.close()
    try:
        _print_events(rows, fmt, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # `eventcoder events ... | head` closed the pipe: not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    if fmt == "table":
        click.echo(f"{len(rows)} of {total} matching event(s)", err=True)


def _quad_name(q: Any) -> str:
    from ..ontology import QUAD_CLASSES

    return f"{q} {QUAD_CLASSES.get(q, '').lower()}".strip() if q is not None else "(none)"


def dyad_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    """The dyad ranking's rows (query.dyads leaves out events with an unknown side: no dyad)."""
    return [[str(r["source"]), str(r["target"]), f"{r['mean_goldstein']:+.1f}", str(r["n"])] for r in rows]


@main.command("stats")
@db_option
@filter_options
@click.option(
    "--top", default=10, show_default=True, type=click.IntRange(1, 10_000), help="Rows per ranking."
)
def stats_command(
    db_path: str,
    event_filter: EventFilter,
    top: int,
) -> None:
    """Summarise the database: totals, events by type, QuadClass, top dyads and by day."""
    from rich.table import Table

    f = event_filter
    con = query.open_database(db_path)
    try:
        totals = query.totals(con)
        n_events = query.count_events(con, f)
        span = con.execute(
            "SELECT min(day), max(day), count(DISTINCT article_source) FROM mentions"
        ).fetchone()
        by_type = query.counts_by(con, "plover_type", f)
        by_quad = query.counts_by(con, "quad_class", f)
        top_dyads = query.dyads(con, f, limit=top)
        top_actors = query.actors(con, f, limit=top)
        by_day = query.counts_by(con, "day", f)
    finally:
        con.close()

    console = output_console(sys.stdout, 120)
    summary = Table(title=f"eventcoder database {db_path}", show_header=False)
    summary.add_column("what")
    summary.add_column("n", justify="right")
    summary.add_row("articles", str(totals["articles"]))
    summary.add_row("mentions (coded event records)", str(totals["mentions"]))
    summary.add_row("events (deduplicated)", str(totals["events"]))
    if not f.is_empty():
        summary.add_row("events matching the filter", str(n_events))
    if totals["events"]:
        summary.add_row("mentions per event", f"{totals['mentions'] / totals['events']:.2f}")
    if span and span[0]:
        summary.add_row("event dates", f"{span[0]} .. {span[1]}")
    if span:
        summary.add_row("sources (outlets)", str(span[2]))
    console.print(summary)

    def ranking(title: str, head: list[str], rows: list[list[str]]) -> None:
        table = Table(title=title)
        for i, col in enumerate(head):
            table.add_column(col, justify="right" if i == len(head) - 1 else "left")
        for row in rows:
            table.add_row(*row)
        console.print(table)

    ranking(
        "Events by PLOVER type",
        ["type", "events"],
        [[_cell(r["key"]) or "(no PLOVER type)", str(r["n"])] for r in by_type],
    )
    ranking(
        "Events by QuadClass", ["QuadClass", "events"], [[_quad_name(r["key"]), str(r["n"])] for r in by_quad]
    )
    ranking(
        f"Top {top} dyads",
        ["source", "target", "mean Goldstein", "events"],
        dyad_rows(top_dyads),
    )
    ranking(
        f"Top {top} actors",
        ["actor", "country", "sector", "events"],
        [[_cell(r["actor"]), _cell(r["country"]), _cell(r["sector"]), str(r["n"])] for r in top_actors],
    )
    dated = [r for r in by_day if r["key"] is not None]
    undated = sum(r["n"] for r in by_day if r["key"] is None)
    if len(dated) > 62:
        # Too many days to read: fold into months.
        months: dict[str, int] = {}
        for r in dated:
            month = r["key"].strftime("%Y-%m")
            months[month] = months.get(month, 0) + r["n"]
        rows = [[m, str(n)] for m, n in months.items()]
        title = "Events by month"
    else:
        rows = [[r["key"].isoformat(), str(r["n"])] for r in dated]
        title = "Events by day"
    if undated:
        rows.append(["(date unknown)", str(undated)])
    ranking(title, ["day" if title.endswith("day") else "month", "events"], rows)


@main.command("export")
@db_option
@filter_options
@click.option(
    "--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS),
    help="plover: JSON lines; gdelt, icews: tab-separated; csv; parquet.",
)  # fmt: skip
@click.option(
    "--table", "table", type=click.Choice(EXPORT_TABLES), default="events", show_default=True,
    help="For csv/parquet: export deduplicated events or every mention.",
)  # fmt: skip
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Output file.")
def export_command(
    db_path: str,
    event_filter: EventFilter,
    fmt: str,
    table: str,
    output: str,
) -> None:
    """Export events as PLOVER JSON, GDELT- or ICEWS-style tables, CSV or Parquet."""
    from ..store.export import export

    if table == "mentions" and fmt not in ("csv", "parquet"):
        raise click.BadParameter("--table mentions needs --format csv or parquet", param_hint="--table")
    import duckdb

    f = event_filter
    check_output(output)
    con = query.open_database(db_path)
    try:
        n = export(con, fmt, output, f, table=table, note=lambda text: click.echo(text, err=True))
    except (OSError, duckdb.IOException) as exc:
        # The folder looked writable but the file was not (a read-only mount, /proc, ...).
        raise InputError(output, f"cannot write: {getattr(exc, 'strerror', None) or exc}") from None
    finally:
        con.close()
    click.echo(f"wrote {n} {table if table == 'mentions' else 'event'} row(s) to {output} ({fmt})", err=True)
