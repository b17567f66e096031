"""`eventcoder eval`: score the coder against gold examples and print the figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..evaluate import N_FOLDS, ArticleCoder, EvalReport, LexiconCoder, evaluate
from . import main


def _parse_folds(value: str | None) -> tuple[int, ...] | None:
    if not value:
        return None
    try:
        folds = tuple(sorted({int(v) for v in value.split(",") if v.strip()}))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a list like 1,2,3,4", param_hint="--folds") from None
    if not folds or any(f < 1 or f > N_FOLDS for f in folds):
        raise click.BadParameter(f"folds are numbered 1..{N_FOLDS}", param_hint="--folds")
    return folds


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def print_report(report: EvalReport, errors: int) -> None:
    """The figures as a rich table, then up to `errors` mismatches."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=140)
    name = Path(report.gold_file).name
    table = Table(title=f"{name}  (folds {','.join(map(str, report.folds))})")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("n", justify="right")
    table.add_row("records / gold events", str(report.records), str(report.gold_events))
    table.add_row("predicted events", str(report.predicted_events), "")
    table.add_row("event precision", _pct(report.precision), "")
    table.add_row("event recall", _pct(report.recall), str(report.gold_events))
    rows = [
        ("PLOVER type accuracy", report.plover_type),
        ("PLOVER type, top event only", report.plover_type_top1),
        ("CAMEO root accuracy", report.cameo_root),
        ("CAMEO root, top event only", report.cameo_root_top1),
        ("CAMEO full-code accuracy", report.cameo_code),
        ("source country (type right)", report.source_country),
        ("target country (type right)", report.target_country),
        ("mode (type right, gold has one)", report.mode),
        ("predicted events with a gold type", report.type_precision),
    ]
    for name, tally in rows:
        if tally.total:
            table.add_row(name, _pct(tally.rate), str(tally.total))
    console.print(table)
    for m in report.mismatches[:errors]:
        head = f"{m.id} fold {m.fold}: gold {m.gold} got {m.predicted} ({m.trigger})"
        console.print(head, highlight=False, markup=False)
        console.print(f"    {m.text}", highlight=False, markup=False)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--model", default="sm", show_default=True, help="spaCy pipeline: sm or md.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--folds", help=f"Only these folds (1..{N_FOLDS}, by id hash), e.g. 1,2,3,4 or 5.")
@click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra lexicon file(s) merged over ours.")  # fmt: skip
@click.option("--lexicon-only", is_flag=True, help="Score the lexicon alone (no extraction, actors).")
@click.option("--errors", default=0, show_default=True, help="Also list this many mismatches.")
def eval_command(
    gold: str,
    model: str,
    as_json: bool,
    folds: str | None,
    lexicon_files: tuple[str, ...],
    lexicon_only: bool,
    errors: int,
) -> None:
    """Score the coder against GOLD.jsonl (format of eval/dev/*.jsonl) and print the figures."""
    chosen = _parse_folds(folds)
    coder: ArticleCoder
    if lexicon_only:
        coder = LexiconCoder(model, lexicon_files)
    else:
        from ..pipeline import Coder

        coder = Coder(model=model, lexicon_files=lexicon_files)
    report = evaluate(gold, coder, chosen)
    if as_json:
        sys.stdout.write(json.dumps(report.figures(), indent=2) + "\n")
    else:
        print_report(report, errors)
