"""English words: whether a word is in the English lemma lists the spaCy pipeline ships. A word
outside them that acts in a sentence ("kharge said", "the paramhans refused") is a name, most
often a person's; in a lower-cased archive the parser's tags alone cannot tell."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every word of the lemmatizer's lemma index (nouns, verbs, adjectives, adverbs), loaded once
    per process from the pipeline the coder already holds."""
    from ..nlp import load_pipeline

    lookups = load_pipeline().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    index = lookups.get_table("lemma_index")
    return frozenset().union(*(frozenset(index[k]) for k in index))


def is_english_word(word: str) -> bool:
    """Whether `word` (lower case) is an ordinary English word, not a name."""
    return word in english_words()
