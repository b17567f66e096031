"""`eventcoder actors`: look up how a name resolves, and import PETRARCH dictionaries."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click

from ..actors import ActorResolver, Resolution
from ..actors.petrarch import DEFAULT_USER_FILE, KINDS, USER_FILE_ENV, import_dictionary, user_actor_file
from . import main, output_console
from .options import parse_day


@main.group("actors")
def actors_group() -> None:
    """Inspect and extend the actor knowledge base."""


@actors_group.command("lookup")
@click.argument("name")
@click.option("--date", "on", help="Resolve roles as of this day (YYYY-MM-DD); default: latest role.")
@click.option(
    "--actors", "actor_files", multiple=True, type=click.Path(exists=True),
    help="Extra actor file(s) merged over the built-in knowledge base.",
)  # fmt: skip
def lookup_command(name: str, on: str | None, actor_files: tuple[str, ...]) -> None:
    """Show how NAME resolves (country, sector, CAMEO code) and which rule matched."""
    day = parse_day(on, "--date")
    user = user_actor_file()
    files = [user] if user is not None and user.is_file() else []
    resolver = ActorResolver.load(extra_files=[*files, *(Path(p) for p in actor_files)])
    results = resolver.lookup(name, day)
    if not results:
        click.echo(f"{name}: unknown")
        return
    print_resolutions(results)


def print_resolutions(results: list[Resolution]) -> None:
    """A table of resolutions, one row per matching entry."""
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("kind", "name", "country", "sector", "cameo", "id", "matched", "source", "rule"):
        table.add_column(col, overflow="fold")
    for r in results:
        a = r.actor
        cells = (r.kind, a.name, a.country, a.sector, a.cameo, a.actor_id, r.alias, r.source, r.rule)
        table.add_row(*["" if c is None else str(c) for c in cells])
    output_console(width=200).print(table)


@actors_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--into", type=click.Path(dir_okay=False), default=None,
    help=f"User actor file (YAML) to merge into; created if missing [default: {DEFAULT_USER_FILE},"
    " which every command loads by itself].",
)  # fmt: skip
@click.option(
    "--kind", type=click.Choice(KINDS), help="Dictionary kind; default: from the file name/content."
)
def import_command(files: tuple[str, ...], into: str | None, kind: str | None) -> None:
    """Import PETRARCH/Phoenix dictionaries (actors, agents, discards) into a user actor file."""
    user = user_actor_file()
    if into is None and user is None:
        raise click.BadParameter(f"{USER_FILE_ENV} is empty: say where with --into", param_hint="--into")
    target = Path(into).expanduser() if into is not None else cast(Path, user)
    countries = set(ActorResolver.load().kb.countries)
    for name in files:
        report = import_dictionary(Path(name), target, countries, kind)
        counts = ", ".join(f"{n} {section}" for section, n in report.counts.items() if n) or "nothing"
        click.echo(f"{name}: imported {counts}; skipped {len(report.skipped)} line(s)")
        for line in report.skipped[:5]:
            click.echo(f"  skipped {line}", err=True)
        if len(report.skipped) > 5:
            click.echo(f"  ... and {len(report.skipped) - 5} more", err=True)
    if user is not None and target.resolve() == user.resolve():
        click.echo(f"wrote {target}; `code`, `ingest` and `actors lookup` use it from now on")
    else:
        click.echo(f"wrote {target}; use it with: eventcoder code --actors {target} ...")
