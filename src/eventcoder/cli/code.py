"""`eventcoder code`: stateless coding of articles to JSONL, CSV or a table."""

from __future__ import annotations

import csv
import json
import sys
from typing import IO, Any

import click

from ..errors import InputError
from ..model import Event
from ..record import csv_header, csv_row, flat_row
from . import main, output_console
from .options import CodingRequest, coding_options, open_output


class EventWriter:
    """Writes events as they come, in one of the output formats."""

    FORMATS = ("jsonl", "csv", "table")

    def __init__(self, out: IO[str], fmt: str) -> None:
        self.out, self.fmt = out, fmt
        self.rows: list[dict[str, Any]] = []
        self.csv: csv.DictWriter[str] | None = None
        if fmt == "csv":
            self.csv = csv.DictWriter(out, fieldnames=csv_header())
            self.csv.writeheader()

    def write(self, event: Event) -> None:
        if self.fmt == "jsonl":
            self.out.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
        elif self.csv is not None:
            self.csv.writerow(csv_row(event))
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
    cols = ["date", "source_name", "plover_type", "cameo_code", "target_name", "location_name", "trigger"]
    for col in cols:
        table.add_column(col.removesuffix("_name") if col == "location_name" else col)
    for row in rows:
        table.add_row(*["" if row[c] is None else str(row[c]) for c in cols])
    output_console(out, 160).print(table)


@main.command("code")
@coding_options
@click.option("--format", "fmt", type=click.Choice(EventWriter.FORMATS), default="jsonl")
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
