"""Benchmark: spaCy parse alone, the whole single-process pipeline, and the Dask engine.

Each measurement runs in a fresh Python process so peak memory is its own. Writes
bench/results.md (a table and the machine it ran on) and prints it.

    python bench/run.py                          # default: N = 100 and 1000, sm (+ md if installed)
    python bench/run.py --sizes 100,1000,10000 --workers 1,2 --models sm
    python bench/run.py --big 10000              # also parse + pipeline (no Dask) at N = 10000
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import write_corpus  # noqa: E402

MODES = ("parse", "pipeline", "pipeline-nofb", "dask")
SHARED_REAL = ROOT.parent / "shared" / "eval" / "real" / "ipe_dev_articles.jsonl"


# --- one measurement, in its own process ---------------------------------------------------------


class PeakMemory:
    """Samples the resident memory of this process and all its children (Dask workers) in a thread."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.peak = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        try:
            import psutil
        except ImportError:  # psutil is a dev extra: fall back to the kernel's own peaks
            return _rusage_peak()
        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a worker that just exited
                total += child.memory_info().rss
        return int(total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def _rusage_peak() -> int:
    """Peak RSS of this process plus the largest finished child (less exact than sampling)."""
    import resource

    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return int((self_kb + child_kb) * 1024)


def measure(mode: str, corpus: Path, model: str, workers: int, batch_size: int) -> dict[str, Any]:
    """Time one mode over the corpus; returns seconds, counts and peak RSS."""
    from eventcoder.ingest import iter_articles
    from eventcoder.model import Article

    articles = [a for a in iter_articles([str(corpus)]) if isinstance(a, Article)]
    out: dict[str, Any] = {"mode": mode, "model": model, "n": len(articles), "workers": workers}
    with PeakMemory() as mem:
        t0 = time.perf_counter()
        if mode == "parse":
            from eventcoder.nlp import load_pipeline

            nlp = load_pipeline(model)
            t1 = time.perf_counter()
            words = 0
            for doc in nlp.pipe((a.text for a in articles), batch_size=batch_size):
                words += sum(1 for t in doc if not (t.is_punct or t.is_space))
            events = 0
        elif mode in ("pipeline", "pipeline-nofb"):
            from eventcoder.config import CoderConfig
            from eventcoder.pipeline import Coder

            fallback = mode == "pipeline"  # the semantic fallback is on by default
            coder = Coder(CoderConfig(model=model, batch_size=batch_size, fallback=fallback))
            t1 = time.perf_counter()
            words = events = 0
            for result in coder.code_articles(articles):
                words += result.n_words
                events += len(result.events)
        else:
            words, events, t1 = _measure_dask(corpus, model, workers, batch_size)
        t2 = time.perf_counter()
    out.update(
        startup_s=round(t1 - t0, 3),
        run_s=round(t2 - t1, 3),
        words=words,
        events=events,
        peak_rss_mb=round(mem.peak / 2**20, 1),
    )
    return out


def _measure_dask(corpus: Path, model: str, workers: int, batch_size: int) -> tuple[int, int, float]:
    """Start a LocalCluster and load the coder on every worker (startup), then time the coding."""
    import logging
    import tempfile

    import dask
    from distributed import Client, LocalCluster

    from eventcoder.config import CoderConfig
    from eventcoder.scale import LOCAL_WORKER_CONFIG, EngineOptions, code_inputs_dask, worker_coder

    options = CoderConfig(model=model, batch_size=batch_size)
    with (
        dask.config.set(LOCAL_WORKER_CONFIG),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",
            scheduler_kwargs={"dashboard": False},  # as the engine's own cluster (scale._dask_client)
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
        tempfile.TemporaryDirectory() as shards,
    ):
        client.run(worker_coder, options)  # spaCy and the knowledge files load once per worker
        t1 = time.perf_counter()
        engine = EngineOptions(engine="dask", scheduler=cluster.scheduler_address, shards=shards)
        words = events = 0
        for item in code_inputs_dask([str(corpus)], options, engine):
            if not isinstance(item, Exception):
                words += item.n_words
                events += len(item.events)
    return words, events, t1


# --- the driver ---------------------------------------------------------------------------------


def md_installed() -> bool:
    """Whether the md pipeline loads (it is optional: `make install-md`)."""
    probe = "from eventcoder.nlp import load_pipeline; load_pipeline('md')"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True).returncode == 0


def run_one(mode: str, corpus: Path, model: str, workers: int, batch_size: int) -> dict[str, Any]:
    """Run `measure` in a fresh interpreter and return its JSON."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", mode, "--corpus", str(corpus)]
    cmd += ["--models", model, "--workers", str(workers), "--batch-size", str(batch_size)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def machine_info() -> list[str]:
    """Lines describing the machine and the load on it when the run started."""
    import spacy

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        mem = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:
        mem = "unknown"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return [
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; memory {mem}",
        f"- load average at start (1, 5, 15 min): {load}",
        f"- Python {platform.python_version()}, spaCy {spacy.__version__}, {platform.platform()}",
    ]


def rate(row: dict[str, Any], key: str) -> float:
    """Per-second throughput of a row for `n` (articles) or `words`."""
    return row[key] / row["run_s"] if row["run_s"] > 0 else float("nan")


def label(row: dict[str, Any]) -> str:
    """Name of a row's mode for the table."""
    return f"dask-{row['workers']}" if row["mode"] == "dask" else row["mode"]


def render(rows: list[dict[str, Any]], info: list[str], args: argparse.Namespace) -> str:
    """results.md: machine, table, ratios and the linearity check."""
    lines = ["# eventcoder benchmark", "", *info, f"- corpus: bench/corpus.py, seed {args.seed}"]
    lines += [f"- best of {max(1, args.repeat)} run(s) per row, batch size {args.batch_size}", ""]
    lines += [
        "| model | N | mode | startup s | run s | articles/s | words/s | events | peak RSS MB |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['model']} | {r['n']} | {label(r)} | {r['startup_s']:.1f} | {r['run_s']:.1f} "
            f"| {rate(r, 'n'):.1f} | {rate(r, 'words'):.0f} | {r['events']} | {r['peak_rss_mb']:.0f} |"
        )
    by = {(r["model"], r["n"], label(r)): r for r in rows}
    lines += ["", "Ratios (run time, startup excluded):", ""]
    for model, n in sorted({(r["model"], r["n"]) for r in rows}):
        parse, pipe = by.get((model, n, "parse")), by.get((model, n, "pipeline"))
        if parse and pipe:
            lines.append(f"- {model}, N={n}: pipeline / parse time = {pipe['run_s'] / parse['run_s']:.2f}")
        d1, d2 = by.get((model, n, "dask-1")), by.get((model, n, "dask-2"))
        if d1 and d2:
            lines.append(
                f"- {model}, N={n}: dask-2 / dask-1 throughput = {rate(d2, 'n') / rate(d1, 'n'):.2f}"
            )
    sizes = sorted({r["n"] for r in rows})
    if len(sizes) >= 2:
        lines += ["", "Linearity (seconds per article, pipeline):", ""]
        for model in sorted({r["model"] for r in rows}):
            per = {n: by[(model, n, "pipeline")]["run_s"] / n for n in sizes if (model, n, "pipeline") in by}
            text = ", ".join(f"N={n}: {1000 * s:.1f} ms" for n, s in per.items())
            lines.append(f"- {model}: {text}")
    lines += [
        "",
        "startup = loading the pipeline (and, for Dask, starting the cluster and loading it on every",
        "worker); run = coding the corpus once loaded. Peak RSS sums this process and its children.",
        "On a machine shared with other work the figures are noisy (see the load average above):",
        "compare rows of one run, and use --repeat to keep the fastest of several runs.",
        "",
    ]
    return "\n".join(lines)


def ingest_section(copies: int) -> str:
    """Ingest throughput into an empty database and a grown one (bench/ingest.py, own process)."""
    cmd = [sys.executable, str(BENCH / "ingest.py"), "--throughput", "--copies", str(copies)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout


# --- the semantic fallback's cost (issue 11): pipeline / parse with it on and off ----------------


def real_sized_corpus(n: int, out: Path, seed: int) -> str:
    """Articles of real news length: the first `n` of the real dev set when ../shared has it
    (read at run time, never copied into the project), else synthetic stories joined to ~600 words."""
    if SHARED_REAL.exists():
        rows = [json.loads(line) for line in SHARED_REAL.read_text(encoding="utf-8").splitlines()[:n]]
        keep = ("id", "title", "text", "published")
        out.write_text("".join(json.dumps({k: r[k] for k in keep if k in r}) + "\n" for r in rows), "utf-8")
        return f"the first {len(rows)} articles of ../shared/eval/real/ipe_dev_articles.jsonl"
    small = out.with_suffix(".small.jsonl")
    write_corpus(n * 6, small, seed)
    rows = [json.loads(line) for line in small.read_text(encoding="utf-8").splitlines()]
    joined = [
        {**rows[i], "text": "\n\n".join(r["text"] for r in rows[i : i + 6])} for i in range(0, len(rows), 6)
    ]
    out.write_text("".join(json.dumps(r) + "\n" for r in joined), encoding="utf-8")
    return f"{len(joined)} synthetic articles of six stories each"


class TimedParse:
    """Stands in for a coder's spaCy pipeline and counts the CPU seconds spent inside its `pipe`
    (the parse), so one pipeline run also gives its own parse time: the ratio of the two, taken
    batch by batch in the same minutes, is far less disturbed by other work than two runs are."""

    def __init__(self, nlp: Any) -> None:
        self.nlp, self.cpu_s = nlp, 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def pipe(self, texts: Any, **options: Any) -> Any:
        docs = iter(self.nlp.pipe(texts, **options))
        while True:
            start = time.process_time()
            try:
                doc = next(docs)
            except StopIteration:
                self.cpu_s += time.process_time() - start
                return
            self.cpu_s += time.process_time() - start
            yield doc


# The rows of the fallback section, in the order they are measured (interleaved, see below).
FALLBACK_MODES = ("parse", "parse-truecased", "pipeline", "pipeline-nofb")


def measure_fallback(corpus: Path, model: str, batch_size: int, repeat: int) -> dict[str, Any]:
    """CPU and wall seconds of the parse alone and of the whole pipeline (fallback on and off) on
    one corpus, in one process with everything loaded first, so start-up and loading are left out.

    On a shared machine a slow minute slows whichever run falls in it, so the runs are interleaved
    (parse, parse of the truecased copies, pipeline on, pipeline off, then again) and each keeps its
    fastest of `repeat`; CPU time (process_time) leaves out the time other work holds the cores.
    "parse-truecased" parses exactly the texts the pipeline hands spaCy (a lower-case or all-caps
    article is parsed from a truecased copy, see nlp.parse_texts): the honest baseline. Truecasing
    itself is part of the pipeline's time, not the baseline's."""
    from eventcoder.config import CoderConfig
    from eventcoder.ingest import iter_articles
    from eventcoder.model import Article
    from eventcoder.pipeline import Coder
    from eventcoder.truecase import truecase

    articles = [a for a in iter_articles([str(corpus)]) if isinstance(a, Article)]
    coders = {
        "pipeline": Coder(CoderConfig(model=model, batch_size=batch_size, fallback=True)),
        "pipeline-nofb": Coder(CoderConfig(model=model, batch_size=batch_size, fallback=False)),
    }
    nlp = coders["pipeline"].nlp
    texts = [a.text for a in articles]
    inputs = {"parse": texts, "parse-truecased": [truecase(t) for t in texts]}
    for coder in coders.values():  # warm up: lazy tables, first-call caches
        list(coder.code_articles(articles[:batch_size]))
        coder.nlp = TimedParse(nlp)  # type: ignore[assignment]

    def once(mode: str) -> tuple[int, int]:
        if mode in inputs:
            docs = nlp.pipe(inputs[mode], batch_size=batch_size)
            return sum(sum(1 for t in doc if not (t.is_punct or t.is_space)) for doc in docs), 0
        words = events = 0
        for result in coders[mode].code_articles(articles):
            words += result.n_words
            events += len(result.events)
        return words, events

    best: dict[str, dict[str, Any]] = {}
    for _ in range(max(1, repeat)):
        for mode in FALLBACK_MODES:
            timed = coders[mode].nlp if mode in coders else None
            parse0 = timed.cpu_s if isinstance(timed, TimedParse) else 0.0
            c0, w0 = time.process_time(), time.perf_counter()
            words, events = once(mode)
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
            # The pipeline over the parse it ran itself (1.0 for the parse rows).
            own = cpu / (timed.cpu_s - parse0) if isinstance(timed, TimedParse) else 1.0
            row = best.setdefault(mode, {"mode": mode, "cpu_s": cpu, "wall_s": wall, "own_ratio": own})
            row.update(cpu_s=min(row["cpu_s"], cpu), wall_s=min(row["wall_s"], wall))
            row.update(own_ratio=min(row["own_ratio"], own), words=words, events=events, n=len(articles))
    return {"rows": [best[m] for m in FALLBACK_MODES], "repeat": max(1, repeat)}


def run_fallback(corpus: Path, model: str, batch_size: int, repeat: int) -> list[dict[str, Any]]:
    """`measure_fallback` in a fresh interpreter (nothing loaded or cached by another run)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure-fallback", "--corpus", str(corpus)]
    cmd += ["--models", model, "--batch-size", str(batch_size), "--repeat", str(repeat)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    rows: list[dict[str, Any]] = json.loads(proc.stdout.strip().splitlines()[-1])["rows"]
    return rows


def fallback_rows(args: argparse.Namespace, model: str) -> tuple[list[dict[str, Any]], list[str]]:
    """parse (as written and truecased), pipeline (fallback on) and pipeline-nofb on the synthetic
    and the real-sized corpus."""
    say: Callable[[str], None] = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    args.cache.mkdir(parents=True, exist_ok=True)
    synthetic = args.cache / f"corpus-{args.fallback_n}-{args.seed}.jsonl"
    if not synthetic.exists():
        write_corpus(args.fallback_n, synthetic, args.seed)
    real = args.cache / f"real-sized-{args.fallback_n // 2}.jsonl"
    what = real_sized_corpus(args.fallback_n // 2, real, args.seed)
    rows: list[dict[str, Any]] = []
    for name, corpus in (("synthetic", synthetic), ("real-sized", real)):
        for row in run_fallback(corpus, model, args.batch_size, args.repeat):
            row["corpus"] = name
            say(f"fallback bench {name} {row['mode']}: {row['cpu_s']:.1f} s CPU, {row['wall_s']:.1f} s wall")
            rows.append(row)
    notes = [
        f"- synthetic: bench/corpus.py, N={args.fallback_n}; real-sized: {what}",
        f"- one process per corpus, everything loaded first; the four runs interleaved, best of "
        f"{max(1, args.repeat)} each (CPU = process time, wall = elapsed)",
    ]
    return rows, notes


def render_fallback(rows: list[dict[str, Any]], notes: list[str]) -> str:
    """The fallback section of results.md: times and pipeline/parse ratios, fallback on and off.
    The ratios divide by the parse of the texts the pipeline parses (truecased copies)."""
    lines = ["", "## Semantic fallback: pipeline / parse, on and off", "", *notes, ""]
    lines += [
        "| corpus | N | mode | CPU s | wall s | words | events | / parse, CPU | / parse, wall "
        "| / own parse, CPU |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    names = {
        "parse": "parse, text as written",
        "parse-truecased": "parse, truecased (baseline)",
        "pipeline": "pipeline, fallback on",
        "pipeline-nofb": "pipeline, fallback off",
    }
    base = {r["corpus"]: r for r in rows if r["mode"] == "parse-truecased"}
    for r in rows:
        b = base[r["corpus"]]
        cpu, wall = r["cpu_s"] / b["cpu_s"], r["wall_s"] / b["wall_s"]
        lines.append(
            f"| {r['corpus']} | {r['n']} | {names[r['mode']]} | {r['cpu_s']:.1f} | {r['wall_s']:.1f} "
            f"| {r['words']} | {r['events']} | {cpu:.2f} | {wall:.2f} | {r['own_ratio']:.2f} |"
        )
    lines += [
        "",
        "/ parse: over the best parse of the truecased texts (what the pipeline hands spaCy).",
        "/ own parse: the pipeline's CPU time over the CPU time spent inside spaCy during that same",
        "run, best of the runs; the steadiest figure on a shared machine.",
    ]
    return "\n".join([*lines, ""])


def main() -> None:
    """Parse flags and run the benchmark (or one measurement, with --measure)."""
    parser = argparse.ArgumentParser(description="eventcoder benchmark")
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes for every mode")
    parser.add_argument("--big", default="", help="extra sizes for parse and pipeline only")
    parser.add_argument("--models", default="", help="sm,md (default: sm, plus md if installed)")
    parser.add_argument("--workers", default="1,2", help="Dask worker counts")
    parser.add_argument("--dask-all-models", action="store_true", help="Dask runs for md too")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell; the fastest is kept")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    parser.add_argument("--cache", type=Path, default=BENCH / ".cache", help="where corpora are written")
    parser.add_argument(
        "--ingest-copies",
        type=int,
        default=10_000,
        help="syndicated articles in the grown database of the ingest section (0: no ingest section)",
    )
    parser.add_argument("--ingest-only", action="store_true", help="run the ingest section alone")
    parser.add_argument(
        "--fallback-n", type=int, default=300, help="synthetic articles for the fallback section"
    )
    parser.add_argument("--only-fallback", action="store_true", help="run only the fallback section")
    parser.add_argument("--measure", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--measure-fallback", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        result = measure(args.measure, args.corpus, args.models, int(args.workers), args.batch_size)
        print(json.dumps(result))
        return

    if args.measure_fallback:
        fb = measure_fallback(args.corpus, args.models or "sm", args.batch_size, args.repeat)
        print(json.dumps(fb))
        return

    if args.ingest_only:
        print(ingest_section(args.ingest_copies))
        return
    models = [m for m in args.models.split(",") if m] or (["sm", "md"] if md_installed() else ["sm"])
    workers = [int(w) for w in args.workers.split(",") if w]
    sizes = [int(n) for n in args.sizes.split(",") if n]
    big = [int(n) for n in args.big.split(",") if n]
    info = machine_info()
    if args.only_fallback:
        fb_rows, notes = fallback_rows(args, models[0])
        text = "\n".join(["# eventcoder benchmark: the semantic fallback", "", *info]) + render_fallback(
            fb_rows, notes
        )
        args.out.with_name("results-fallback.md").write_text(text, encoding="utf-8")
        print(text)
        return
    plan: list[tuple[str, int, str, int]] = []
    for model in models:
        for n in sizes:
            plan += [(model, n, "parse", 1), (model, n, "pipeline", 1)]
            if model == models[0] or args.dask_all_models:
                plan += [(model, n, "dask", w) for w in workers]
        plan += [(model, n, mode, 1) for n in big for mode in ("parse", "pipeline")]
    rows = []
    say: Callable[[str], None] = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    for model, n, mode, w in plan:
        corpus = args.cache / f"corpus-{n}-{args.seed}.jsonl"
        if not corpus.exists():
            write_corpus(n, corpus, args.seed)
        # On a shared machine the fastest of several runs is the least disturbed one.
        runs = [run_one(mode, corpus, model, w, args.batch_size) for _ in range(max(1, args.repeat))]
        row = min(runs, key=lambda r: r["run_s"])
        say(f"{model} N={n} {label(row)}: {row['run_s']:.1f} s, {rate(row, 'n'):.1f} articles/s")
        rows.append(row)
    text = render(rows, info, args)
    if args.ingest_copies:
        text += "\n" + ingest_section(args.ingest_copies)
    text += render_fallback(*fallback_rows(args, models[0]))  # after the ingest section, not over it
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
