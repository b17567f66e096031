"""Ingest throughput as the database grows, with syndicated wire copy (the same story re-published).

Two sample stories are coded once; the database is filled with N syndicated copies of them (each
with its own id and outlet, the events of the original with their own ids: what coding a copy that
differs by one neutral sentence gives). Then M new articles (copies of the stories with one sentence
changed, coded for real) are ingested into a fresh database and into the grown one.

    python bench/ingest.py --copies 3000 --new 200      # the figures of docs/store.md
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SAMPLES = ROOT / "samples" / "articles.jsonl"
# Two sample stories with several events each (ids in samples/articles.jsonl).
STORIES = ("lw-20241128-offensive", "bd-20241130-aleppo")
OUTLETS = ("Wire One", "Wire Two", "Daily Courier", "Evening Post", "Harbour Times", "Valley News")


def sample_stories() -> list[dict[str, Any]]:
    """The sample stories the copies are made from."""
    rows = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = [r for r in rows if r["id"] in STORIES]
    if len(found) != len(STORIES):
        raise SystemExit(f"{SAMPLES}: stories {STORIES} not found")
    return found


def changed_copies(stories: list[dict[str, Any]], n: int, tag: str) -> list[dict[str, Any]]:
    """`n` new articles: the stories with one sentence changed (a different closing sentence)."""
    out = []
    for i in range(n):
        story = dict(stories[i % len(stories)])
        sentences = story["text"].split(". ")
        sentences[-1] = f"Copy {tag}-{i} of this report was edited by the night desk."
        story["text"] = ". ".join(sentences)
        story["id"] = f"{story['id']}-{tag}-{i}"
        story["source"] = OUTLETS[i % len(OUTLETS)]
        out.append(story)
    return out


def syndicated_results(base: list[Any], n: int) -> Iterator[Any]:
    """`n` coded results: copies of the coded `base` results under new ids and outlets."""
    from eventcoder.model import stable_hash

    for i in range(n):
        res = base[i % len(base)]
        art = res.article
        new_id = f"{art.id}-syn-{i}"
        text = art.text + f" Syndicated copy number {i}."
        article = dataclasses.replace(art, id=new_id, text=text, source=OUTLETS[i % len(OUTLETS)])
        events = tuple(
            dataclasses.replace(
                ev,
                event_id=stable_hash(new_id, ev.event_id),
                article_id=new_id,
                article_source=article.source,
            )
            for ev in res.events
        )
        yield dataclasses.replace(res, article=article, events=events)


def code(rows: list[dict[str, Any]], folder: Path, name: str) -> list[Any]:
    """Code articles given as JSON rows (in this process, sm model)."""
    from eventcoder.model import ArticleResult
    from eventcoder.pipeline import code_inputs

    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return [r for r in code_inputs([str(path)]) if isinstance(r, ArticleResult)]


def store(db: Path, results: list[Any]) -> float:
    """Seconds to store coded results (the ingest's store step, batches of 50)."""
    from eventcoder.store import ingest_results

    t0 = time.perf_counter()
    summary = ingest_results(db, results)
    if summary.articles_stored != len(results):
        raise SystemExit(f"stored {summary.articles_stored} of {len(results)}")
    return time.perf_counter() - t0


def grown_database(folder: Path, base: list[Any], copies: int) -> Path:
    """A database holding `copies` syndicated copies of the base stories."""
    db = folder / f"grown-{copies}.duckdb"
    t = store(db, list(syndicated_results(base, copies)))
    print(f"filled {db.name} with {copies} syndicated articles in {t:.1f} s", file=sys.stderr)
    return db


def growth(copies: int, new: int, repeat: int = 1) -> dict[str, float]:
    """Ingest (code + store) of `new` changed copies into a fresh and into a grown database."""
    from eventcoder.pipeline import Coder

    Coder()  # spaCy and the knowledge files load once, outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stories = sample_stories()
        base = code(stories, folder, "stories.jsonl")
        grown = grown_database(folder, base, copies)
        rows = changed_copies(stories, new, "new")
        fresh_s, grown_s, code_s = [], [], []
        for r in range(max(1, repeat)):
            t0 = time.perf_counter()
            results = code(rows, folder, "new.jsonl")
            code_s.append(time.perf_counter() - t0)
            fresh = folder / f"fresh-{r}.duckdb"
            fresh_s.append(store(fresh, results))
            target = folder / f"grown-copy-{r}.duckdb"
            shutil.copy(grown, target)
            grown_s.append(store(target, results))
        c, f, g = min(code_s), min(fresh_s), min(grown_s)
    return {
        "copies": copies,
        "new": new,
        "code_s": round(c, 2),
        "store_fresh_s": round(f, 2),
        "store_grown_s": round(g, 2),
        "ingest_fresh_s": round(c + f, 2),
        "ingest_grown_s": round(c + g, 2),
        "ratio": round((c + g) / (c + f), 2),
    }


def throughput(copies: int = 10_000, new: int = 200) -> dict[str, float]:
    """Ingest throughput of `new` changed copies into an empty database and into one holding
    `copies` syndicated articles: the store step timed on its own (the same coded results both
    times), and the whole ingest (coding, timed once, plus the store step)."""
    from eventcoder.pipeline import Coder

    Coder()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stories = sample_stories()
        base = code(stories, folder, "stories.jsonl")
        grown = grown_database(folder, base, copies)
        t0 = time.perf_counter()
        results = code(changed_copies(stories, new, "new"), folder, "new.jsonl")
        code_s = time.perf_counter() - t0
        empty_s = store(folder / "empty.duckdb", results)
        grown_s = store(grown, results)
    return {
        "copies": copies,
        "new": new,
        "store_empty_per_s": round(new / empty_s, 1),
        "store_grown_per_s": round(new / grown_s, 1),
        "ingest_empty_per_s": round(new / (code_s + empty_s), 1),
        "ingest_grown_per_s": round(new / (code_s + grown_s), 1),
    }


def render_section(row: dict[str, float]) -> str:
    """The ingest section of bench/results.md."""
    return "\n".join(
        [
            "## Ingest throughput as the database grows",
            "",
            f"{row['new']} new articles (sample stories with one sentence changed) stored into an empty",
            f"database and into one holding {row['copies']:,} syndicated copies of two sample stories",
            "(bench/ingest.py; sm model, batches of 50).",
            "",
            "| database | store step, articles/s | whole ingest (coding + store), articles/s |",
            "|---|---:|---:|",
            f"| empty | {row['store_empty_per_s']} | {row['ingest_empty_per_s']} |",
            f"| {row['copies']:,} syndicated articles | {row['store_grown_per_s']} "
            f"| {row['ingest_grown_per_s']} |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3000)
    parser.add_argument("--new", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--throughput", action="store_true", help="the bench section instead")
    args = parser.parse_args()
    if args.throughput:
        print(render_section(throughput(args.copies, args.new)))
        return
    print(json.dumps(growth(args.copies, args.new, args.repeat)))


if __name__ == "__main__":
    main()
