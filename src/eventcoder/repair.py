"""Text repair at ingest: real archives are not clean, so every article passes here once, before
it is parsed or stored.

`repair_article` fixes damaged encodings with `ftfy` (``â€œwe`` becomes ``"we``), HTML entities
left in the text, doubled apostrophes from SQL-escaped archives and odd whitespace; drops archive
boilerplate lines (patterns in data/text/boilerplate.txt), a headline repeated at the top of the
body, and takes the dateline off the first line ("lucknow:", "ANKARA" on its own line,
"MINGORA, Pakistan (Reuters) -", "BAGHDAD, April 9 (Xinhua) --") into `Article.dateline` and
`Article.agency`, so none of it is read as part of the first sentence.
"""

from __future__ import annotations

import dataclasses
import html
import re
from functools import lru_cache
from importlib import resources

import ftfy

from .model import Article

__all__ = ["Dateline", "fix_encoding", "repair_article", "repair_text", "split_dateline"]

# "â€" followed by the replacement character is a right double quote (E2 80 9D) whose last byte
# has no cp1252 glyph and was lost; ftfy cannot know which character it was, but in news copy it
# is the closing quote almost always.
_LOST_CLOSING_QUOTE = "â€\ufffd"
# SQL-escaped archives double the apostrophe inside words ("president''s rule").
_DOUBLED_APOSTROPHE = re.compile(r"(?<=\w)''(?=\w)")
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
# Spaces that are not a plain space, and invisible characters that only get in the tokenizer's way.
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MANY_SPACES = re.compile(r" {2,}")
_MANY_NEWLINES = re.compile(r"\n{3,}")

# Dateline pieces. A place is one to four words; a country may follow after a comma.
_MONTH_DAY = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s*\d{4})?"
_COUNTRY = r"(?:,\s*(?P<country>[A-Z][A-Za-z.'’ -]{1,30}?))?"
_AGENCY_LINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z.'’/ -]{1,40}?)" + _COUNTRY + r"(?:,\s*" + _MONTH_DAY + r")?"
    r"\s*\((?P<agency>[A-Za-z][\w .&'-]{1,30})\)\s*(?:[-–—]{1,2}|:)\s*"
)
_CAPS_DASH = re.compile(
    r"(?P<place>[A-Z][A-Z.'’ -]{1,30}?)" + _COUNTRY + r"(?:,\s*" + _MONTH_DAY + r")?\s*[-–—]{1,2}\s+"
)
_CAPS_OWN_LINE = re.compile(r"(?P<place>[A-Z][A-Z.'’ -]{1,30}?)" + _COUNTRY + r"[ ]*\n")
_COLON = re.compile(r"(?P<place>[A-Za-z][A-Za-z.'’/() -]{0,40}?)\s*[:;](?:\s+|(?=[a-z]))")
_WORD = re.compile(r"[A-Za-z]+")


@dataclasses.dataclass(frozen=True)
class Dateline:
    """A dateline taken off the start of a story: its place words as written, and the agency."""

    place: str
    agency: str | None = None


def repair_article(article: Article) -> Article:
    """The article with its title and text repaired and its dateline moved into its own fields."""
    title = tidy_whitespace(fix_encoding(article.title)).strip()
    text, dateline = repair_text(article.text, title)
    if title == article.title and text == article.text and dateline is None:
        return article
    return dataclasses.replace(
        article,
        title=title,
        text=text,
        dateline=dateline.place if dateline else article.dateline,
        agency=dateline.agency if dateline else article.agency,
    )


def repair_text(text: str, title: str = "") -> tuple[str, Dateline | None]:
    """Repaired body text without boilerplate, repeated headline or dateline; and the dateline."""
    text = tidy_whitespace(fix_encoding(text))
    lines = [line for line in text.split("\n") if not _is_boilerplate(line)]
    text = _cut_link_list("\n".join(lines).strip())
    text = _drop_headline(text, title)
    body, dateline = split_dateline(text)
    if dateline is not None:
        body = _drop_headline(body, title)
    return _MANY_NEWLINES.sub("\n\n", body).strip(), dateline


def fix_encoding(text: str) -> str:
    """Mojibake repaired by ftfy, HTML entities decoded, doubled apostrophes made single."""
    if not text:
        return text
    if not text.isascii():  # plain ASCII holds no mojibake: skip ftfy, the slowest step
        text = text.replace(_LOST_CLOSING_QUOTE, "\u201d")
        # Curly quotes are not damage: the stored text keeps them as the outlet wrote them.
        text = ftfy.fix_text(text, uncurl_quotes=False)
    if _ENTITY.search(text):
        # ftfy leaves entities alone in text that also holds "<"; they are never meant literally.
        text = html.unescape(text)
    return _DOUBLED_APOSTROPHE.sub("'", text)


def tidy_whitespace(text: str) -> str:
    """One plain space between words, lines trimmed, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _ODD_SPACE.sub(" ", text))
    lines = (_MANY_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines))


def split_dateline(text: str) -> tuple[str, Dateline | None]:
    """The text without the dateline it starts with, and that dateline (None when there is none)."""
    m = _AGENCY_LINE.match(text)
    if m and _place_like(m.group("place")):
        return text[m.end() :], Dateline(_place_words(m), m.group("agency").strip())
    m = _CAPS_DASH.match(text) or _CAPS_OWN_LINE.match(text)
    if m and _place_like(m.group("place")) and not _mostly_upper(text[m.end() : m.end() + 400]):
        return text[m.end() :], Dateline(_place_words(m))
    m = _COLON.match(text)
    if m and _colon_place(m.group("place")):
        return text[m.end() :], Dateline(m.group("place").strip())
    return text, None


def _place_words(m: re.Match[str]) -> str:
    place = m.group("place").strip()
    country = m.group("country")
    return f"{place}, {country.strip()}" if country else place


def _place_like(place: str) -> bool:
    words = _WORD.findall(place)
    return 0 < len(words) <= 4 and " ".join(words).lower() not in _labels()


def _colon_place(place: str) -> bool:
    """A "city:" dateline: a few words, all lower case, all capitals or each capitalised, and not
    a label ("update:") or a clause ("police said:")."""
    words = _WORD.findall(place.split("(")[0])
    if not 0 < len(words) <= 3 or not _place_like(place):
        return False
    if any(w.lower() in _clause_words() for w in words):
        return False
    return (
        all(w.islower() for w in words) or all(w.isupper() for w in words) or all(w.istitle() for w in words)
    )


def _mostly_upper(text: str) -> bool:
    # In an all-capitals story every line looks like a capitals dateline: leave it alone there.
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _drop_headline(text: str, title: str) -> str:
    """The text without the headline when the body repeats it as its first line."""
    key = _headline_key(title)
    if len(key) < 8:
        return text
    first, _, rest = text.partition("\n")
    if not rest.strip():
        return text  # a one-line document is its own title: the line is the story
    if _headline_key(first) == key:
        return rest.lstrip()
    # Glued to the lead without a line break: only when it is the headline word for word.
    if text.startswith(title) and text[len(title) : len(title) + 1].isspace() and text[len(title) :].strip():
        return text[len(title) :].lstrip()
    return text


def _headline_key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _cut_link_list(text: str) -> str:
    """The text without a trailing list of links to other stories (data/text/link_lists.txt):
    cut at a heading that starts a sentence or a line in the second half of the text."""
    m = _link_list().search(text, len(text) // 2)
    return text[: m.start()].rstrip() if m else text


@lru_cache(maxsize=1)
def _link_list() -> re.Pattern[str]:
    headings = "|".join(re.escape(h) for h in _data_lines("link_lists.txt"))
    return re.compile(rf"(?:(?<=[.!?\"”'’])\s+|^)(?:{headings})\b", re.IGNORECASE | re.MULTILINE)


def _is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and any(p.fullmatch(stripped) for p in _boilerplate())


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(line, re.IGNORECASE) for line in _data_lines("boilerplate.txt"))


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    return frozenset(_data_lines("dateline_labels.txt"))


@lru_cache(maxsize=1)
def _clause_words() -> frozenset[str]:
    # Function words and speech verbs never make up a place name; spaCy's list is already loaded.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says", "told", "asked", "reported", "added"}


def _data_lines(name: str) -> list[str]:
    text = resources.files("eventcoder.data").joinpath("text", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
