"""Truecasing for all-lower-case and all-caps articles, so that they are parsed like edited text.

The spaCy model reads names by their capitals; archives (`lucknow: chief minister ...`), OCR and
wire headlines in capitals give it none. `truecase` restores them before parsing, changing only
case, so the string keeps its length and every character offset still points into the article's
own text (the evidence sentence is sliced from the original). It capitalises sentence starts, "i",
weekdays and months, a word after a title ("mr advani"), and the known names of the actor
knowledge base and the gazetteer, longest first ("atal bihari vajpayee", "new delhi", "bjp" ->
"BJP"). A single word that is also a common English word ("march", "temple", "congress") is left
as it is unless its context settles it (data/text/truecase.yaml). Normally cased text is returned
unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["Truecaser", "casing", "load_truecaser", "truecase"]

# A text is "lower-cased" when under this share of its words start with a capital, and "all caps"
# when over this share of its letters are capitals (edited news: about 10-15% and 5%).
LOWER_CAPITALISED_MAX = 0.03
UPPER_LETTERS_MIN = 0.7
# Cities this large are names everyone writes capitalised even when the word is also in WordNet's
# noun list ("Delhi", "Paris"); smaller towns with a dictionary word for a name are left alone.
BIG_CITY = 1_000_000
TOWN, KNOWN, SURE = 0, 1, 2  # how far a known name is trusted (see _add_name)

# Words without their possessive ("kenya's" -> "kenya"), so names are found before it.
_WORD = re.compile(r"[^\W\d_]+")
# Dotted initialisms ("u.s.", "u.n.") are always written in capitals, and their dot ends no sentence.
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_DOTTED_BEFORE = re.compile(r"(?:\b[^\W\d_]\.){2,}$")
_NUMBER_NEAR = re.compile(r"\d")
_SENTENCE_START = re.compile(r"(?:\A|\n|[.!?][\"'’”)\]]*[ \t]+)[ \t\"'‘“(\[]*(?=[^\W\d_])")


@dataclass(frozen=True)
class Truecaser:
    """Known names by their lower-case words, and the word lists of data/text/truecase.yaml."""

    names: dict[tuple[str, ...], tuple[str, ...]]
    # first word -> the word counts of the names it starts, longest first (skips most lookups)
    starts: dict[str, tuple[int, ...]]
    always: frozenset[str]
    with_number: frozenset[str]
    name_titles: frozenset[str]
    acronyms_after_the: frozenset[str] = frozenset()

    def truecase(self, text: str) -> str:
        """`text` with capitals restored when it is mostly lower case or all caps; same length."""
        return self._recase(text, casing(text))

    def _recase(self, text: str, mode: str) -> str:
        if mode == "normal":
            return text
        base = _lower_same_length(text) if mode == "upper" else text
        chars = list(base)
        words = [(m.start(), m.end()) for m in _WORD.finditer(base)]
        for start, cased in self._capitals(base, words):
            chars[start : start + len(cased)] = cased
        for m in _DOTTED.finditer(base):
            chars[m.start() : m.end()] = m.group(0).upper()
        return "".join(chars)

    def _capitals(self, text: str, words: list[tuple[int, int]]) -> Iterator[tuple[int, str]]:
        """(offset, cased word) for every word to change."""
        lows = [text[s:e].lower() for s, e in words]
        sentence_starts = _sentence_starts(text)
        starts = self.starts
        i = 0
        after_title = False
        while i < len(words):
            # Most words start no name: skip the call for them (this loop runs on every word).
            n, cased = self._name_at(text, words, lows, i) if lows[i] in starts else (0, ())
            if n:
                for k in range(n):
                    yield words[i + k][0], cased[k]
                after_title = False
                i += n
                continue
            s, e = words[i]
            low = lows[i]
            if low in self.acronyms_after_the and i > 0 and lows[i - 1] == "the":
                yield s, text[s:e].upper()  # "the us" is the US; "told us" stays
                i += 1
                continue
            if (
                low == "i"
                or low in self.always
                or after_title
                or low in self.name_titles
                or s in sentence_starts
                or (low in self.with_number and _beside_number(text, s, e))
            ):
                yield s, text[s].upper() + text[s + 1 : e]
            after_title = low in self.name_titles
            i += 1

    def _name_at(
        self, text: str, words: list[tuple[int, int]], lows: list[str], i: int
    ) -> tuple[int, tuple[str, ...]]:
        """The longest known name starting at word i: (number of words, their cased forms)."""
        lengths = self.starts.get(lows[i])
        if lengths is None:
            return 0, ()  # most words start no name
        for n in lengths:
            if i + n > len(words) or (n > 1 and not _joined(text, words, i, n)):
                continue
            cased = self.names.get(tuple(lows[i : i + n]))
            if cased is not None:
                return n, cased
        return 0, ()


def casing(text: str) -> str:
    """'lower', 'upper' or 'normal': how the text is cased as a whole."""
    # map() over str methods: this runs on every article, normally cased or not.
    letters = sum(map(str.isalpha, text))
    if letters < 20:
        return "normal"  # too short to tell; a headline fragment is parsed as it is
    upper = sum(map(str.isupper, text))
    if upper > UPPER_LETTERS_MIN * letters:
        return "upper"
    words = _WORD.findall(text)
    capitalised = sum(1 for w in words if w[0].isupper())
    if words and capitalised < LOWER_CAPITALISED_MAX * len(words):
        return "lower"
    return "normal"


def truecase(text: str) -> str:
    """`text` truecased with the package's knowledge (see `Truecaser`); unchanged when normal."""
    mode = casing(text)  # read once: it scans the whole text
    if mode == "normal":
        return text
    return load_truecaser()._recase(text, mode)


def _lower_same_length(text: str) -> str:
    # str.lower() may change the length ("İ" -> "i̇"): keep such letters as they are.
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _sentence_starts(text: str) -> set[int]:
    """Offsets of the words that open a sentence: at the start, after a new line, or after
    . ! ? (and closing quotes) and a space, but not after an initialism ("the u.s. team")."""
    out = set()
    for m in _SENTENCE_START.finditer(text):
        before = text[max(0, m.start() - 12) : m.start() + 1]
        if m.start() > 0 and text[m.start()] == "." and _DOTTED_BEFORE.search(before):
            continue
        out.add(m.end())
    return out


def _beside_number(text: str, start: int, end: int) -> bool:
    return bool(_NUMBER_NEAR.search(text[max(0, start - 4) : start])) or bool(
        _NUMBER_NEAR.search(text[end : end + 3])
    )


def _joined(text: str, words: list[tuple[int, int]], i: int, n: int) -> bool:
    """The words i..i+n-1 follow one another with only spaces or hyphens between them."""
    return all(
        not text[words[k][1] : words[k + 1][0]].strip(" -") and words[k + 1][0] - words[k][1] <= 2
        for k in range(i, i + n - 1)
    )


@lru_cache(maxsize=1)
def load_truecaser() -> Truecaser:
    """The truecaser built from data/text/truecase.yaml, the actor knowledge base and the
    gazetteer; built once per process, on the first text that needs it."""
    raw = yaml.safe_load(
        resources.files("eventcoder.data").joinpath("text", "truecase.yaml").read_text(encoding="utf-8")
    )
    common = _common_words(raw["common_words"])
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    for cased, trust in _known_names():
        _add_name(names, cased, trust, common)
    starts: dict[str, set[int]] = {}
    for key in names:
        starts.setdefault(key[0], set()).add(len(key))
    return Truecaser(
        names=names,
        starts={first: tuple(sorted(ns, reverse=True)) for first, ns in starts.items()},
        always=frozenset(raw["always"]),
        with_number=frozenset(raw["with_number"]),
        name_titles=frozenset(raw["name_titles"]),
        acronyms_after_the=frozenset(raw.get("acronyms_after_the") or ()),
    )


def _add_name(names: dict[tuple[str, ...], tuple[str, ...]], cased: str, trust: int, common: Common) -> None:
    """Index one name. `trust` is SURE for countries, regions, capitals, nationality adjectives and
    big cities (only stop words and our common-word list block them), KNOWN for the actor
    knowledge base's names (verbs and adjectives block them too: "aid"), and TOWN for other
    gazetteer towns (any dictionary word blocks them: "Temple", Texas; "March", England)."""
    words = tuple(_WORD.findall(cased))
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or not any(ch.isupper() for ch in "".join(words)):
        return
    key = tuple(w.lower() for w in words)
    if any(len(w) != len(k) for w, k in zip(words, key, strict=True)):
        return  # a case change that is not letter for letter cannot keep offsets
    if len(key) == 1:
        word = key[0]
        if len(word) < 2 or word in common.never:
            return
        if (word in common.words and trust < SURE) or (word in common.dictionary and trust < KNOWN):
            return
    elif all(k in common.never for k in key):
        return  # "the supreme court" is capitalised, "the state government" is not
    elif trust == TOWN and all(k in common.never or k in common.words or k in common.dictionary for k in key):
        return  # a town called "Old City" does not make every old city a name
    names.setdefault(key, words)


@dataclass(frozen=True)
class Common:
    never: frozenset[str]  # stop words and our list: never a name on their own
    words: frozenset[str]  # verbs, adjectives, adverbs: a name alone only when sure ("Pakistani")
    dictionary: frozenset[str]  # nouns of the English lemma lists (also holds "delhi", "bush")


def _common_words(listed: Iterable[str]) -> Common:
    from spacy.lang.en.stop_words import STOP_WORDS

    from .nlp import load_pipeline

    lookups = load_pipeline().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    index = lookups.get_table("lemma_index")
    tables = [set(index[k]) for k in index]
    nouns = max(tables, key=len)
    others = set().union(*(t for t in tables if t is not nouns))
    return Common(
        never=frozenset(STOP_WORDS) | frozenset(listed),
        words=frozenset(others),
        dictionary=frozenset(nouns),
    )


def _known_names() -> Iterator[tuple[str, int]]:
    """(name as written, trust) from the actor knowledge base and the gazetteer."""
    from .actors import ActorResolver
    from .gazetteer import Gazetteer

    for entries in ActorResolver.load().kb.names.values():
        for entry in entries:
            if entry.kind != "discard":
                yield entry.alias, SURE if entry.kind in {"country", "capital", "adjective"} else KNOWN
    gaz = Gazetteer.load()
    for place in gaz.places:
        big = place.feature != "city" or place.population >= BIG_CITY or place.capital
        yield place.name, SURE if big else TOWN
