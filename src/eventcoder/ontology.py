"""CAMEO code table and the CAMEO->PLOVER crosswalk, read from data/cameo.tsv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .model import CameoCode, PloverLabel

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None


# CAMEO's QuadClass names, by number (the CLI's stats and the web view show these).
QUAD_CLASSES = {
    1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict",
}  # fmt: skip


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CodeInfo]:
    """All CAMEO codes keyed by code ("01" roots included, "041" etc.)."""
    text = resources.files("eventcoder.data").joinpath("cameo.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    table: dict[str, CodeInfo] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[row["code"]] = CodeInfo(
            code=row["code"],
            root=row["root"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover_type=row["plover_type"] or None,
            plover_mode=row["plover_mode"] or None,
        )
    return table


def cameo(code: str) -> CameoCode:
    """The CameoCode for a code; a 2-digit root is widened to its "X0" base code. KeyError if unknown."""
    table = cameo_table()
    if len(code) == 2:
        code = code + "0"
    info = table[code]
    return CameoCode(info.code, info.root, info.goldstein, info.quad_class, info.name)


def plover(code: str, mode: str | None = None, context: tuple[str, ...] = ()) -> PloverLabel:
    """PLOVER label for a CAMEO code; an explicit mode from the events stage wins over the table's."""
    info = cameo_table()[code if len(code) > 2 else code + "0"]
    return PloverLabel(info.plover_type, mode or info.plover_mode, context)
