"""`eventcoder code`: stateless coding of articles to JSONL, CSV or a table."""

from __future__ import annotations

import csv
import json
import sys
from typing import IO, Any

import click

from ..errors import InputError
from ..model import Event, actor_columns
from . import main, output_console
from .options import CodingRequest, coding_options, open_output

CSV_COLUMNS = [
    "event_id", "article_id", "sentence_index", "date", "date_precision",
    "source_name", "source_country", "source_sector", "source_cameo",
    "target_name", "target_country", "target_sector", "target_cameo",
    "cameo_code", "cameo_root", "goldstein", "quad_class", "plover_type", "plover_mode",
    "location", "location_country", "lat", "lon", "confidence", "trigger", "text",
]  # fmt: skip


def flat_row(event: Event) -> dict[str, Any]:
    """One event as a flat row (CSV and table output; CSV keeps the columns of CSV_COLUMNS)."""
    loc = event.location
    return {
        "event_id": event.event_id,
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "date": event.when.date,
        "date_precision": event.when.precision,
        **actor_columns("source", event.source),
        **actor_columns("target", event.target),
        "cameo_code": event.cameo.code,
        "cameo_root": event.cameo.root,
        "goldstein": event.cameo.goldstein,
        "quad_class": event.cameo.quad_class,
        "plover_type": event.plover.type,
        "plover_mode": event.plover.mode,
        "location": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "confidence": round(event.confidence, 3),
        "trigger": event.trigger,
        "text": event.text,
    }


class EventWriter:
    """Writes events as they come, in one of the output formats."""

    def __init__(self, out: IO[str], fmt: str) -> None:
        self.out, self.fmt = out, fmt
        self.rows: list[dict[str, Any]] = []
        self.csv: csv.DictWriter[str] | None = None
        if fmt == "csv":
            self.csv = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            self.csv.writeheader()

    def write(self, event: Event) -> None:
        if self.fmt == "jsonl":
            self.out.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
        elif self.csv is not None:
            self.csv.writerow(flat_row(event))
        else:
            self.rows.append(flat_row(event))

    def close(self) -> None:
        if self.fmt == "table":
            print_table(self.rows, self.out)
        self.out.flush()


def print_table(rows: list[dict[str, Any]], out: IO[str]) -> None:
    """A readable table with rich (falls back to plain text when not a terminal)."""
    from rich.table import Table

    table = Table(show_lines=False)
    cols = ["date", "source_name", "plover_type", "cameo_code", "target_name", "location", "trigger"]
    for col in cols:
        table.add_column(col)
    for row in rows:
        table.add_row(*["" if row[c] is None else str(row[c]) for c in cols])
    output_console(out, 160).print(table)


@main.command("code")
@coding_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default="jsonl")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
def code_command(coding: CodingRequest, fmt: str, output: str | None) -> None:
    """Code INPUTS (.txt, .jsonl, .html, folders, or - for stdin) and write one event per line."""
    out: IO[str] = open_output(output) if output else sys.stdout
    writer = EventWriter(out, fmt)
    bad = 0
    try:
        for item in coding.results():
            if isinstance(item, InputError):
                bad += 1
                click.echo(f"eventcoder: error: {item}", err=True)
                continue
            for event in item.events:
                writer.write(event)
        writer.close()
    finally:
        if output:
            out.close()
    if bad:
        sys.exit(2)
