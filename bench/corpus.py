"""Synthetic news-style articles for timing runs, from the templates in bench/templates.yaml.

Deterministic for a given seed: `generate(n, seed)` returns the same articles on every machine.
Usage: python bench/corpus.py N OUT.jsonl [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

TEMPLATES = Path(__file__).with_name("templates.yaml")
FIRST_DAY = date(2023, 1, 1)
N_DAYS = 730


def load_templates(path: Path = TEMPLATES) -> dict[str, list[str]]:
    """The template lists, checked for the slots the generator knows how to fill."""
    data: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = {"src", "tgt", "place", "when", "num", "topic", "weapon", "group", "official"}
    known |= {f"{k}_cap" for k in known}
    for key in ("event_sentences", "filler_sentences", "titles"):
        for template in data[key]:
            for _, slot, _, _ in string.Formatter().parse(template):
                if slot and slot not in known:
                    raise ValueError(f"{path}: unknown slot {{{slot}}} in {template!r}")
    return data


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Filler:
    """Fills one template; draws every slot fresh so two sentences rarely match."""

    def __init__(self, rng: random.Random, data: dict[str, list[str]]) -> None:
        self.rng, self.data = rng, data

    def fill(self, template: str) -> str:
        src, tgt = self.rng.sample(self.data["actors"], 2)
        when = self.rng.choice(self.data["when"])
        values = {
            "src": src,
            "tgt": tgt,
            "place": self.rng.choice(self.data["places"]),
            "when": when,
            "num": str(self.rng.choice([2, 3, 4, 5, 7, 9, 12, 15, 20, 25, 40, 60, 100, 250])),
            "topic": self.rng.choice(self.data["topics"]),
            "weapon": self.rng.choice(self.data["weapons"]),
            "group": self.rng.choice(self.data["groups"]),
            "official": self.rng.choice(self.data["officials"]),
        }
        # An empty time phrase cannot open a sentence.
        values["when_cap"] = when or self.rng.choice([w for w in self.data["when"] if w])
        values.update({f"{k}_cap": _cap(v) for k, v in list(values.items()) if not k.endswith("_cap")})
        text = template.format(**values)
        text = re.sub(r"\s+([,.])", r"\1", re.sub(r"\s+", " ", text)).strip()
        return _cap(text)


def generate(n: int, seed: int = 13) -> list[dict[str, Any]]:
    """`n` articles as JSONL-ready dicts (id, title, text, published, source)."""
    data = load_templates()
    rng = random.Random(seed)
    filler = _Filler(rng, data)
    articles = []
    for i in range(n):
        n_events = rng.randint(3, 10)
        n_filler = rng.randint(2, 8)
        sentences = [filler.fill(rng.choice(data["event_sentences"])) for _ in range(n_events)]
        sentences += [filler.fill(rng.choice(data["filler_sentences"])) for _ in range(n_filler)]
        rng.shuffle(sentences)
        # Two to four paragraphs, as in wire copy.
        cuts = sorted(rng.sample(range(1, len(sentences)), k=min(len(sentences) - 1, rng.randint(1, 3))))
        paragraphs = [
            " ".join(sentences[a:b]) for a, b in zip([0, *cuts], [*cuts, len(sentences)], strict=True)
        ]
        articles.append(
            {
                "id": f"bench-{seed}-{i:06d}",
                "title": filler.fill(rng.choice(data["titles"])).rstrip("."),
                "text": "\n\n".join(paragraphs),
                "published": (FIRST_DAY + timedelta(days=rng.randrange(N_DAYS))).isoformat(),
                "source": rng.choice(data["sources"]),
            }
        )
    return articles


def write_corpus(n: int, out: Path, seed: int = 13) -> Path:
    """Write `generate(n, seed)` as JSONL to `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for article in generate(n, seed):
            f.write(json.dumps(article, ensure_ascii=False) + "\n")
    return out


def main() -> None:
    """Command line: write a corpus of N articles."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    write_corpus(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
