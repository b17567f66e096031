"""List CAMEO codes (cameo.tsv) that no lexicon entry can produce.

A code counts as producible when a verb or noun entry, one of its rules, or a frame map
(whose key code is itself producible) yields it. Run: python tools/lexicon_audit.py [--all]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "eventcoder" / "data"


def entry_codes(entries: dict) -> dict[str, set[str]]:
    """Code -> lemmas that produce it directly (entry code or rule code)."""
    found: dict[str, set[str]] = {}
    for lemma, entry in (entries or {}).items():
        if not isinstance(entry, dict):
            continue
        codes = [entry.get("code")] + [r.get("code") for r in entry.get("rules", []) or []]
        for code in codes:
            if code:
                found.setdefault(str(code), set()).add(lemma)
    return found


def frame_codes(frames: dict, direct: set[str]) -> dict[str, set[str]]:
    """Code -> frames that map some producible complement code (or word key) to it."""
    found: dict[str, set[str]] = {}
    for name, frame in frames.items():
        for key, code in (frame.get("map") or {}).items():
            key = str(key)
            if not key.isdigit() or any(c.startswith(key) for c in direct):
                found.setdefault(str(code), set()).add(f"frame:{name}")
    return found


def main() -> None:
    lex = DATA / "lexicon"
    verbs = yaml.safe_load((lex / "verbs.yaml").read_text())
    nouns = yaml.safe_load((lex / "nouns.yaml").read_text())
    frames = yaml.safe_load((lex / "frames.yaml").read_text())
    found = entry_codes(verbs)
    for code, lemmas in entry_codes(nouns).items():
        found.setdefault(code, set()).update(lemmas)
    for code, names in frame_codes(frames, set(found)).items():
        found.setdefault(code, set()).update(names)
    rows = [
        r
        for r in csv.reader(
            (line for line in (DATA / "cameo.tsv").open() if not line.startswith("#")),
            delimiter="\t",
        )
    ][1:]
    missing = [r for r in rows if r[0] not in found]
    for r in rows if "--all" in sys.argv else missing:
        print(r[0], r[2], "|", ",".join(sorted(found.get(r[0], set())))[:80])
    print(f"{len(missing)} of {len(rows)} codes have no producing entry", file=sys.stderr)


if __name__ == "__main__":
    main()
