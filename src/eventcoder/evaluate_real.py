"""Scoring the coder on real news with yes/no labels (`eventcoder eval` on eval/real/*.jsonl).

A real-news set labels each article (or each sentence of it) with questions such as "did the
police arrest someone?" (KILL, ARREST, FORCE, ... in the IndiaPoliceEvents corpus). We code whole
articles, as a user would, and answer each question from our events (data/real_eval.yaml says
how: a police source and a CAMEO code under the label's prefixes). For a sentence-level file the
annotators' sentences are joined back into their article, coded once, and each event is put back
on the annotators' sentence that holds its words. A keyword baseline (a police word and an action
word in one sentence) is scored on the same items. Coverage figures say how many events with a
named source carry a country and how many located events lie in the set's home country.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .evaluate import N_FOLDS, ArticleCoder, fold_of, json_lines
from .model import Article, Event

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class LabelRule:
    """When an event answers "yes" to a label (see data/real_eval.yaml)."""

    cameo: tuple[str, ...]
    sure: tuple[str, ...] = ()
    needs_words: re.Pattern[str] | None = None


@dataclass(frozen=True)
class RealConfig:
    """The contents of data/real_eval.yaml."""

    police_sectors: frozenset[str]
    police_words: re.Pattern[str]
    labels: dict[str, LabelRule]
    baseline_police: re.Pattern[str]
    baseline_labels: dict[str, re.Pattern[str]]
    home_country: dict[str, str]


def _words_rx(words: Iterable[str], prefix: bool = False) -> re.Pattern[str]:
    tail = r"\w*" if prefix else r"\b"
    alts = "|".join(re.escape(str(w).lower()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts}){tail}", re.IGNORECASE)


@lru_cache(maxsize=1)
def real_config() -> RealConfig:
    """Read data/real_eval.yaml once per process."""
    raw = yaml.safe_load(resources.files("eventcoder.data").joinpath("real_eval.yaml").read_text("utf-8"))
    labels = {
        name: LabelRule(
            cameo=tuple(str(c) for c in spec.get("cameo") or ()),
            sure=tuple(str(c) for c in spec.get("sure") or ()),
            needs_words=_words_rx(spec["needs_words"]) if spec.get("needs_words") else None,
        )
        for name, spec in raw["labels"].items()
    }
    base = raw["baseline"]
    return RealConfig(
        police_sectors=frozenset(raw["police"]["sectors"]),
        police_words=_words_rx(raw["police"]["words"]),
        labels=labels,
        baseline_police=_words_rx(base["police"], prefix=True),
        baseline_labels={k: _words_rx(v, prefix=True) for k, v in base["labels"].items()},
        home_country={str(k): str(v) for k, v in (raw.get("home_country") or {}).items()},
    )


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RealItem:
    """One labelled unit: an article, or one annotator sentence of an article."""

    id: str
    article_id: str
    text: str
    labels: frozenset[str]


@dataclass(frozen=True)
class RealSet:
    """A real-news file read: its items and the articles to code (JSON lines in our input format)."""

    path: str
    level: str  # "article" or "sentence"
    items: tuple[RealItem, ...]
    articles: tuple[dict[str, Any], ...]


def is_real_set(path: Path | str) -> bool:
    """Whether a gold file is a labelled real-news set (records with `labels`, no `events`)."""
    try:
        with open(path, encoding="utf-8") as f:
            first = next((line for line in f if line.strip()), "")
        raw = json.loads(first) if first else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False  # read_gold reports the problem with file:line
    return isinstance(raw, dict) and "labels" in raw and "events" not in raw


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for n, raw in json_lines(path):
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or "id" not in raw:
            raise InputError(f"{path}:{n}", "a labelled record needs 'id' and 'text'")
        if not isinstance(raw.get("labels"), list):
            raise InputError(f"{path}:{n}", "'labels' must be a list")
        yield n, raw


def _sentence_article(sentence_id: str, where: str) -> str:
    head, sep, tail = sentence_id.rpartition("_")
    if not sep or not tail.isdigit():
        raise InputError(where, f"sentence id {sentence_id!r} is not ARTICLE_N")
    return head


def read_real(path: Path | str, folds: Iterable[int] | None = None) -> RealSet:
    """Read a labelled file; records with a `title` field are articles, others sentences whose id
    is ARTICLE_N. Only articles whose id hash falls in `folds` are kept (all when None)."""
    path = Path(path)
    wanted = set(folds) if folds else set(range(1, N_FOLDS + 1))
    rows = list(_records(path))
    level = "article" if rows and "title" in rows[0][1] else "sentence"
    items: list[RealItem] = []
    parts: dict[str, list[dict[str, Any]]] = {}
    for n, raw in rows:
        rid = str(raw["id"])
        art = rid if level == "article" else _sentence_article(rid, f"{path}:{n}")
        if fold_of(art) not in wanted:
            continue
        items.append(RealItem(rid, art, raw["text"], frozenset(map(str, raw["labels"]))))
        parts.setdefault(art, []).append(raw)
    if level == "article":
        keep = ("id", "title", "text", "published", "url", "source")
        articles = [{k: r[k] for k in keep if k in r} for group in parts.values() for r in group]
    else:
        articles = [
            {"id": art, "title": "", "text": "".join(_joined(g)), "published": g[0].get("published")}
            for art, g in parts.items()
        ]
    return RealSet(str(path), level, tuple(items), tuple(articles))


def _joined(sentences: Sequence[dict[str, Any]]) -> Iterator[str]:
    # The annotators' sentences keep their own line breaks; a space keeps two apart otherwise.
    for s in sentences:
        text = s["text"]
        yield text if text.endswith(("\n", " ")) else text + " "


# --- coding -------------------------------------------------------------------------------------


def code_real(real: RealSet, coder: ArticleCoder) -> dict[str, list[Event]]:
    """Code the set's articles through the ordinary input reader (so text repair applies), and
    return each article's events by article id."""
    from .ingest import iter_articles

    out: dict[str, list[Event]] = {a["id"]: [] for a in real.articles}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        src.write_text("".join(json.dumps(a) + "\n" for a in real.articles), encoding="utf-8")
        articles = (a for a in iter_articles([str(src)]) if isinstance(a, Article))
        for result in coder.code_articles(articles):
            out.setdefault(result.article.id, []).extend(result.events)
    return out


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def place_events(items: Sequence[RealItem], events: Sequence[Event]) -> dict[str, list[Event]]:
    """Each event on the annotator sentence that shares most of its words with the event's
    sentence, among those holding its trigger's words (sentence splits and text repair differ)."""
    placed: dict[str, list[Event]] = {it.id: [] for it in items}
    words = [(it, _tokens(it.text)) for it in items]
    for e in events:
        sent = _tokens(e.text)
        trig = _tokens(e.trigger)
        best = max(words, key=lambda w: (trig <= w[1], len(sent & w[1])), default=None)
        if best is not None and (sent & best[1]):
            placed[best[0].id].append(e)
    return placed


# --- answering ----------------------------------------------------------------------------------


def is_police(event: Event, cfg: RealConfig) -> bool:
    """Whether the event's source is the police (its sector, or its words name them)."""
    s = event.source
    if s is None:
        return False
    return s.sector in cfg.police_sectors or bool(cfg.police_words.search(s.text or ""))


def predicted_labels(events: Iterable[Event], cfg: RealConfig) -> set[str]:
    """The labels our events answer "yes" for."""
    out: set[str] = set()
    for e in events:
        if not is_police(e, cfg):
            continue
        code = e.cameo.code
        for name, rule in cfg.labels.items():
            if not code.startswith(rule.cameo):
                continue
            if rule.needs_words is None or code.startswith(rule.sure) or rule.needs_words.search(e.text):
                out.add(name)
    return out


def baseline_labels(text: str, cfg: RealConfig) -> set[str]:
    """The keyword baseline: a police word and a label's action word in one sentence."""
    out: set[str] = set()
    for sent in re.split(r"(?<=[.!?])\s+|\n+", text):
        if cfg.baseline_police.search(sent):
            out |= {k for k, rx in cfg.baseline_labels.items() if rx.search(sent)}
    return out


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class LabelScore:
    """True/false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        """Count one item."""
        self.tp += int(predicted and gold)
        self.fp += int(predicted and not gold)
        self.fn += int(gold and not predicted)

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp), None when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn), None when the label never occurs."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float:
        """F1; 0.0 when there is no true positive."""
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def figures(self) -> dict[str, Any]:
        """Counts and rates as a dict."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}  # fmt: skip


@dataclass
class RealReport:
    """Figures of one real-news file."""

    gold_file: str
    level: str
    folds: tuple[int, ...]
    items: int = 0
    articles: int = 0
    events: int = 0
    labels: tuple[str, ...] = ()
    coder: dict[str, LabelScore] = field(default_factory=dict)
    baseline: dict[str, LabelScore] = field(default_factory=dict)
    named_sources: int = 0
    named_with_country: int = 0
    located: int = 0
    located_home: int = 0
    home_country: str | None = None
    fallback_events: int = 0

    def macro_f1(self, which: str = "coder") -> float | None:
        """Mean F1 over the labels."""
        scores = self.coder if which == "coder" else self.baseline
        return sum(scores[k].f1 for k in self.labels) / len(self.labels) if self.labels else None

    def figures(self) -> dict[str, Any]:
        """The figures as a flat JSON-able dict."""
        return {
            "gold_file": self.gold_file,
            "level": self.level,
            "folds": list(self.folds),
            "items": self.items,
            "articles": self.articles,
            "events": self.events,
            "fallback_events": self.fallback_events,
            "labels": {k: self.coder[k].figures() for k in self.labels},
            "baseline": {k: self.baseline[k].figures() for k in self.labels},
            "macro_f1": self.macro_f1("coder"),
            "baseline_macro_f1": self.macro_f1("baseline"),
            "named_sources": self.named_sources,
            "named_sources_with_country": self.named_with_country,
            "located_events": self.located,
            "located_in_home_country": self.located_home,
            "home_country": self.home_country,
        }


def home_country_of(path: Path | str, cfg: RealConfig) -> str | None:
    """The home country the set's file name says (data/real_eval.yaml `home_country`)."""
    name = Path(path).name
    return next((c for prefix, c in cfg.home_country.items() if name.startswith(prefix)), None)


def evaluate_real(
    path: Path | str,
    coder: ArticleCoder,
    folds: Iterable[int] | None = None,
    labels: Sequence[str] = ("KILL", "ARREST", "FORCE"),
    home_country: str | None = None,
) -> RealReport:
    """Code a labelled real-news file and score the labels, the baseline and the coverage."""
    cfg = real_config()
    unknown = [lab for lab in labels if lab not in cfg.labels]
    if unknown:
        raise InputError(str(path), f"no rule for label(s) {unknown} in data/real_eval.yaml")
    wanted = tuple(sorted(set(folds))) if folds else tuple(range(1, N_FOLDS + 1))
    real = read_real(path, wanted)
    report = RealReport(str(path), real.level, wanted, items=len(real.items), articles=len(real.articles))
    report.labels = tuple(labels)
    report.coder = {k: LabelScore() for k in labels}
    report.baseline = {k: LabelScore() for k in labels}
    report.home_country = home_country or home_country_of(path, cfg)
    by_article = code_real(real, coder)
    per_item = _events_per_item(real, by_article)
    for item in real.items:
        ours = predicted_labels(per_item[item.id], cfg)
        base = baseline_labels(item.text, cfg)
        for k in labels:
            report.coder[k].add(k in ours, k in item.labels)
            report.baseline[k].add(k in base, k in item.labels)
    _coverage(report, [e for evs in by_article.values() for e in evs])
    return report


def _events_per_item(real: RealSet, by_article: dict[str, list[Event]]) -> dict[str, list[Event]]:
    if real.level == "article":
        return {it.id: by_article.get(it.article_id, []) for it in real.items}
    groups: dict[str, list[RealItem]] = {}
    for it in real.items:
        groups.setdefault(it.article_id, []).append(it)
    out: dict[str, list[Event]] = {}
    for art, items in groups.items():
        out.update(place_events(items, by_article.get(art, [])))
    return out


def _coverage(report: RealReport, events: Sequence[Event]) -> None:
    report.events = len(events)
    report.fallback_events = sum(e.coded_by == "fallback" for e in events)
    named = [e for e in events if e.source is not None and e.source.text]
    report.named_sources = len(named)
    report.named_with_country = sum(bool(e.source and e.source.country) for e in named)
    located = [e for e in events if e.location is not None and e.location.country]
    report.located = len(located)
    if report.home_country:
        report.located_home = sum(
            e.location is not None and e.location.country == report.home_country for e in located
        )
