"""`eventcoder eval`: score the coder against gold examples and print the figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..evaluate import N_FOLDS, ArticleCoder, EvalReport, LexiconCoder, evaluate
from ..evaluate_real import RealReport, evaluate_real, is_real_set
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


def print_real_report(report: RealReport) -> None:
    """A labelled real-news file: per label P/R/F1 of the coder and the keyword baseline, coverage."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=140)
    name = Path(report.gold_file).name
    folds = ",".join(map(str, report.folds))
    table = Table(title=f"{name}  ({report.level} level, {report.items} items, folds {folds})")
    for col in ("label", "P", "R", "F1", "baseline P", "baseline R", "baseline F1", "gold yes"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for lab in report.labels:
        ours, base = report.coder[lab], report.baseline[lab]
        table.add_row(
            f"police {lab}", _pct(ours.precision), _pct(ours.recall), f"{ours.f1:.2f}",
            _pct(base.precision), _pct(base.recall), f"{base.f1:.2f}", str(ours.tp + ours.fn),
        )  # fmt: skip
    ours_macro, base_macro = report.macro_f1() or 0.0, report.macro_f1("baseline") or 0.0
    table.add_row("macro F1", "", "", f"{ours_macro:.2f}", "", "", f"{base_macro:.2f}", "")
    console.print(table)
    named = f"{report.named_with_country}/{report.named_sources}"
    console.print(f"events {report.events} ({report.fallback_events} by the fallback); named sources "
                  f"with a country {named} ({_pct(_ratio(report.named_with_country, report.named_sources))})",
                  highlight=False, markup=False)  # fmt: skip
    if report.home_country:
        where = f"{report.located_home}/{report.located}"
        share = _pct(_ratio(report.located_home, report.located))
        line = f"located events in {report.home_country}: {where} ({share})"
        console.print(line, highlight=False, markup=False)


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


@main.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", default="sm", show_default=True, help="spaCy pipeline: sm or md.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (a list for several files).")
@click.option("--folds", help=f"Only these folds (1..{N_FOLDS}, by id hash), e.g. 1,2,3,4 or 5.")
@click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra lexicon file(s) merged over ours.")  # fmt: skip
@click.option("--lexicon-only", is_flag=True, help="Score the lexicon alone (no extraction, actors).")
@click.option("--errors", default=0, show_default=True, help="Also list this many mismatches.")
@click.option("--labels", default="KILL,ARREST,FORCE", show_default=True,
              help="Real-news sets: the labels to score.")  # fmt: skip
@click.option("--country", help="Real-news sets: the home country (ISO alpha-3) located events should be in.")
@click.option("--fallback/--no-fallback", default=True, show_default=True,
              help="Use the semantic fallback for predicates the lexicon does not know.")  # fmt: skip
def eval_command(
    gold: tuple[str, ...],
    model: str,
    as_json: bool,
    folds: str | None,
    lexicon_files: tuple[str, ...],
    lexicon_only: bool,
    errors: int,
    labels: str,
    country: str | None,
    fallback: bool,
) -> None:
    """Score the coder against gold files: sentence gold in the format of eval/dev/*.jsonl, or
    labelled real news in the format of eval/real/*.jsonl (article or sentence level)."""
    chosen = _parse_folds(folds)
    real = [is_real_set(g) for g in gold]
    if lexicon_only and any(real):
        raise click.BadParameter("real-news sets need the whole coder", param_hint="--lexicon-only")
    coder = _coder(model, lexicon_files, lexicon_only, fallback)
    wanted = tuple(lab.strip().upper() for lab in labels.split(",") if lab.strip())
    figures: list[dict[str, object]] = []
    for path, is_real in zip(gold, real, strict=True):
        if is_real:
            real_report = evaluate_real(path, coder, chosen, wanted, country)
            figures.append(real_report.figures())
            if not as_json:
                print_real_report(real_report)
        else:
            report = evaluate(path, coder, chosen)
            figures.append(report.figures())
            if not as_json:
                print_report(report, errors)
    if as_json:
        sys.stdout.write(json.dumps(figures[0] if len(figures) == 1 else figures, indent=2) + "\n")


def _coder(model: str, lexicon_files: tuple[str, ...], lexicon_only: bool, fallback: bool) -> ArticleCoder:
    if lexicon_only:
        return LexiconCoder(model, lexicon_files)
    from ..pipeline import Coder

    return Coder(model=model, lexicon_files=lexicon_files, fallback=fallback)
