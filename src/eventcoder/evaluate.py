"""Scoring coded events against gold examples (`eventcoder eval`).

Each gold record is one sentence with one or more gold events. We code the sentence as an article,
pick for each gold event the predicted event that matches it best (same CAMEO code, else same
PLOVER type or CAMEO root, else the most confident event) and count:

- detection: a gold event is found when the sentence produced any event; a `should_not_code`
  record that produced one is a false positive;
- PLOVER type, CAMEO root and full-code accuracy over all gold events (a missed event is wrong);
- source/target country agreement and mode agreement on events whose PLOVER type is right.

Records are split into folds by a hash of their id, so improvements tuned on folds 1-4 can be
checked on fold 5 (see docs/eval.md).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import yaml

from . import ontology
from .errors import InputError
from .model import Actor, Article, ArticleResult, Event

# PLOVER 0.5b1 labels the gold files use -> current PLOVER labels we emit.
PLOVER_05_TO_CURRENT = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
N_FOLDS = 5
DEFAULT_PUBLISHED = date(2000, 1, 1)
TALLIES = (
    "plover_type", "cameo_root", "cameo_code", "source_country", "target_country", "mode",
    "type_precision", "plover_type_top1", "cameo_root_top1",
)  # fmt: skip


class ArticleCoder(Protocol):
    """Anything that codes articles: `pipeline.Coder`, or `LexiconCoder` for the lexicon alone."""

    def code_articles(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """One result per article, in input order."""
        ...


@dataclass(frozen=True)
class GoldActor:
    """A gold actor reduced to what we compare: its country (ISO) or non-state code, and sector."""

    code: str | None
    sector: str | None


@dataclass(frozen=True)
class GoldEvent:
    """One gold event: PLOVER type (current labels), CAMEO code where the file has one, mode, actors."""

    plover_type: str | None
    cameo_code: str | None
    mode: str | None
    sources: tuple[GoldActor, ...] = ()
    targets: tuple[GoldActor, ...] = ()

    @property
    def cameo_root(self) -> str | None:
        """The two-digit CAMEO root, if the gold gives a code."""
        return self.cameo_code[:2] if self.cameo_code else None


@dataclass(frozen=True)
class GoldRecord:
    """One gold sentence."""

    id: str
    text: str
    published: date
    events: tuple[GoldEvent, ...]
    should_not_code: bool
    line: int

    @property
    def fold(self) -> int:
        """Fold 1..5 from a hash of the id, stable across runs and machines."""
        return fold_of(self.id)


@dataclass
class Tally:
    """A correct/total counter that reports None when nothing was counted."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        """Count one case."""
        self.total += 1
        self.correct += int(ok)

    @property
    def rate(self) -> float | None:
        """correct / total, or None when empty."""
        return self.correct / self.total if self.total else None


@dataclass
class Mismatch:
    """One gold event we got wrong (for `--errors`)."""

    id: str
    fold: int
    text: str
    gold: str
    predicted: str
    trigger: str


@dataclass
class EvalReport:
    """The figures of one evaluation run."""

    gold_file: str
    folds: tuple[int, ...]
    records: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    found: int = 0  # gold events whose sentence produced an event
    false_positives: int = 0  # should_not_code records that produced an event
    plover_type: Tally = field(default_factory=Tally)
    cameo_root: Tally = field(default_factory=Tally)
    cameo_code: Tally = field(default_factory=Tally)
    source_country: Tally = field(default_factory=Tally)
    target_country: Tally = field(default_factory=Tally)
    mode: Tally = field(default_factory=Tally)
    type_precision: Tally = field(default_factory=Tally)  # predicted events whose type is in gold
    # Strict variants: only the sentence's most confident event counts (no choosing by gold).
    plover_type_top1: Tally = field(default_factory=Tally)
    cameo_root_top1: Tally = field(default_factory=Tally)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        """Detection precision: found / (found + should_not_code records coded)."""
        denom = self.found + self.false_positives
        return self.found / denom if denom else None

    @property
    def recall(self) -> float | None:
        """Detection recall: gold events whose sentence produced an event."""
        return self.found / self.gold_events if self.gold_events else None

    def figures(self) -> dict[str, Any]:
        """The headline figures as a flat dict (rates in 0..1, None where not applicable)."""
        return {
            "gold_file": self.gold_file,
            "folds": list(self.folds),
            "records": self.records,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "event_precision": self.precision,
            "event_recall": self.recall,
            "plover_type_accuracy": self.plover_type.rate,
            "cameo_root_accuracy": self.cameo_root.rate,
            "cameo_code_accuracy": self.cameo_code.rate,
            "source_country_agreement": self.source_country.rate,
            "target_country_agreement": self.target_country.rate,
            "mode_accuracy": self.mode.rate,
            "type_precision": self.type_precision.rate,
            "plover_type_top1": self.plover_type_top1.rate,
            "cameo_root_top1": self.cameo_root_top1.rate,
            "counts": {name: asdict(getattr(self, name)) for name in TALLIES},
        }


def fold_of(record_id: str, n_folds: int = N_FOLDS) -> int:
    """Fold number 1..n_folds of a record id."""
    digest = hashlib.sha256(record_id.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % n_folds + 1


# --- reading gold ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], frozenset[str]]:
    text = resources.files("eventcoder.data").joinpath("gold_aliases.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return dict(data.get("countries") or {}), frozenset(data.get("non_state") or ())


def _gold_actor(raw: Any) -> GoldActor | None:
    if not isinstance(raw, dict):
        return None  # a few records carry a bare context word where an actor belongs
    code = raw.get("code") or None
    if code:
        code = _aliases()[0].get(str(code).upper(), str(code).upper())
    sector = raw.get("sector") or None
    return GoldActor(code, str(sector)[:3].upper() if sector else None)


def _gold_event(raw: dict[str, Any], record: dict[str, Any], where: str) -> GoldEvent:
    code = str(raw.get("code") or "").strip()
    if not code:
        raise InputError(where, "gold event without a code")
    if code.isdigit():
        if code not in ontology.cameo_table():
            raise InputError(where, f"unknown CAMEO code {code!r}")
        plover_type = ontology.plover(code).type
        cameo_code: str | None = code
    else:
        plover_type = PLOVER_05_TO_CURRENT.get(code.upper(), code.upper())
        if plover_type not in ontology.PLOVER_TYPES:
            raise InputError(where, f"unknown PLOVER type {code!r}")
        cameo_code = None
    sources = tuple(a for a in map(_gold_actor, raw.get("source") or ()) if a is not None)
    targets = tuple(a for a in map(_gold_actor, raw.get("target") or ()) if a is not None)
    return GoldEvent(plover_type, cameo_code, raw.get("mode") or None, sources, targets)


def json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) of each non-blank line of a JSONL file; an unreadable file or a
    line that is not JSON raises InputError naming it (the callers check each value's shape)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"not JSON: {exc.msg}") from None


def read_gold(path: Path | str) -> list[GoldRecord]:
    """Read a gold JSONL file (format of eval/dev/*.jsonl); bad lines raise InputError(file:line)."""
    path = Path(path)
    records: list[GoldRecord] = []
    for n, raw in json_lines(path):
        where = f"{path}:{n}"
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
            raise InputError(where, "a gold record needs a 'text' string")
        published = DEFAULT_PUBLISHED
        if raw.get("date"):
            try:
                published = date.fromisoformat(str(raw["date"])[:10])
            except ValueError:
                raise InputError(where, f"bad date {raw['date']!r}") from None
        events = tuple(_gold_event(e, raw, where) for e in raw.get("events") or ())
        records.append(
            GoldRecord(
                id=str(raw.get("id") or f"{path.name}:{n}"),
                text=raw["text"],
                published=published,
                events=events,
                should_not_code=bool(raw.get("should_not_code")),
                line=n,
            )
        )
    return records


# --- scoring -----------------------------------------------------------------------------------


def _best_match(gold: GoldEvent, predicted: Sequence[Event]) -> Event | None:
    """Same code, else same type (or root), else the most confident event."""

    def rank(e: Event) -> tuple[int, float]:
        score = 0
        if gold.cameo_code and e.cameo.code == gold.cameo_code:
            score = 3
        elif gold.cameo_root and e.cameo.root == gold.cameo_root:
            score = 2
        elif gold.plover_type and e.plover.type == gold.plover_type:
            score = 1
        return score, e.confidence

    return max(predicted, key=rank, default=None)


def _actor_matches(ours: Actor | None, gold: Sequence[GoldActor]) -> bool:
    if ours is None:
        return False
    non_state = _aliases()[1]
    for g in gold:
        if g.code in non_state:
            if ours.country is None and (
                ours.sector == g.code or (ours.cameo or "").upper().startswith(g.code)
            ):
                return True
        elif g.code and ours.country == g.code:
            return True
    return False


def _label(code: str | None, plover_type: str | None) -> str:
    return f"{code or '-'}/{plover_type or '-'}"


def score_record(report: EvalReport, record: GoldRecord, events: Sequence[Event]) -> None:
    """Add one coded gold record to the report."""
    report.records += 1
    report.predicted_events += len(events)
    if record.should_not_code:
        report.false_positives += int(bool(events))
        return
    gold_types = {g.plover_type for g in record.events}
    for e in events:
        report.type_precision.add(e.plover.type in gold_types)
    top = max(events, key=lambda e: e.confidence, default=None)
    for gold in record.events:
        report.gold_events += 1
        best = _best_match(gold, events)
        report.found += int(best is not None)
        type_ok = best is not None and best.plover.type == gold.plover_type
        if gold.cameo_code is None:
            report.plover_type.add(type_ok)
            report.plover_type_top1.add(top is not None and top.plover.type == gold.plover_type)
        else:
            report.cameo_root.add(best is not None and best.cameo.root == gold.cameo_root)
            report.cameo_code.add(best is not None and best.cameo.code == gold.cameo_code)
            report.cameo_root_top1.add(top is not None and top.cameo.root == gold.cameo_root)
        got = _label(best.cameo.code if best else None, best.plover.type if best else None)
        want = _label(gold.cameo_code, gold.plover_type)
        key = gold.cameo_root or gold.plover_type or "-"
        pred_key = (best.cameo.root if gold.cameo_root else best.plover.type) if best else None
        report.confusion[(key, pred_key or "none")] += 1
        right = best is not None and (best.cameo.root == gold.cameo_root if gold.cameo_code else type_ok)
        if not right:
            report.mismatches.append(
                Mismatch(record.id, record.fold, record.text, want, got, best.trigger if best else "")
            )
        if not type_ok or best is None:
            continue
        if any(g.code for g in gold.sources):
            report.source_country.add(_actor_matches(best.source, gold.sources))
        if any(g.code for g in gold.targets):
            report.target_country.add(_actor_matches(best.target, gold.targets))
        if gold.mode:
            report.mode.add(best.plover.mode == gold.mode)


def evaluate(gold_path: Path | str, coder: ArticleCoder, folds: Iterable[int] | None = None) -> EvalReport:
    """Code every gold sentence (of the chosen folds) with `coder` and score it."""
    wanted = tuple(sorted(set(folds))) if folds else tuple(range(1, N_FOLDS + 1))
    records = [r for r in read_gold(gold_path) if r.fold in wanted]
    report = EvalReport(gold_file=str(gold_path), folds=wanted)
    articles = (
        Article(id=r.id, title="", text=r.text, published=r.published, origin=f"{gold_path}:{r.line}")
        for r in records
    )
    for record, result in zip(records, coder.code_articles(articles), strict=True):
        score_record(report, record, result.events)
    return report


# --- the lexicon alone -------------------------------------------------------------------------


class LexiconCoder:
    """Codes each sentence from the lexicon alone (no actors, dates or places): every token the
    lexicon classifies becomes an event, its confidence lowered by its depth below the sentence
    root so the main clause wins. A baseline for the classifier, independent of extraction."""

    def __init__(self, model: str = "sm", lexicon_files: Sequence[Path | str] = ()) -> None:
        from .events.classify import load_lexicon
        from .nlp import load_pipeline

        self.nlp = load_pipeline(model)
        self.lexicon = load_lexicon(lexicon_files)

    def code_articles(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """One result per article, in input order."""
        from .events.classify import classify
        from .model import PloverLabel, stable_hash
        from .nlp import parse_articles

        for article, doc in parse_articles(self.nlp, articles):
            events: list[Event] = []
            for index, sent in enumerate(doc.sents):
                for tok in sent:
                    cls = classify(tok, self.lexicon)
                    if cls is None:
                        continue
                    depth = sum(1 for _ in tok.ancestors)
                    plover = ontology.plover(cls.code, cls.mode, cls.context)
                    events.append(
                        Event(
                            event_id=stable_hash(article.id, index, tok.i, cls.code),
                            article_id=article.id,
                            sentence_index=index,
                            text=sent.text,
                            source=None,
                            target=None,
                            cameo=ontology.cameo(cls.code),
                            plover=PloverLabel(plover.type, plover.mode, plover.context),
                            confidence=cls.confidence * 0.85**depth,
                            trigger=cls.trigger,
                        )
                    )
            yield ArticleResult(article=article, events=tuple(events))
