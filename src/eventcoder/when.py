"""The "when" stage: date expressions resolved against the publication date, with a precision.

`find_date_expressions` scans text with a small set of regular expressions (weekdays, month names,
ISO dates, relative words such as "yesterday" or "last month") and resolves each hit to a `When`.
`resolve_when` then decides which of the sentence's dates belongs to the event: one attached to
the trigger in the parse first, else the only date in the sentence, else the publication date for
a freshly reported past act, else unknown.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import UNKNOWN_WHEN, When

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# A bare "Dec. 3" is read in the publication year unless that puts it further than this after
# publication; news reports the recent past far more often than dates weeks ahead.
FUTURE_SLACK_DAYS = 7

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# Month names are matched case-sensitively (capitalised) so that the verbs "may" and "march"
# are not read as months; "Sept." is the AP spelling.
_MON = (
    r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_PERIOD_MOD = (
    r"(?P<mod>early|mid|late|the\s+(?:start|beginning|middle|end)\s+of|the\s+first\s+half\s+of"
    r"|the\s+second\s+half\s+of)"
)
_NUM = r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"

# Order matters: longer, more specific patterns first; overlapping later hits are dropped.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY}\b(?:\s*[-–]\s*\d{{1,2}}\b)?(?:,?\s+{_YEAR}\b)?")),
    ("dmy", re.compile(rf"\b{_DAY}(?:\s*[-–]\s*\d{{1,2}})?\s+(?:of\s+)?{_MON}(?!\w)(?:,?\s+{_YEAR}\b)?")),
    (
        "month",
        re.compile(
            rf"(?i:\b(?:(?P<rel>last|this|next|in|since|until|through|during|by|from)\s+)?)"
            rf"(?:(?i:{_PERIOD_MOD})[\s-]+)?{_MON}(?!\w)(?:,?\s+(?:of\s+)?{_YEAR}\b)?"
        ),
    ),
    ("weekday", re.compile(rf"(?i:\b(?:(?P<rel>last|next|this\s+coming|this|on)\s+)?){_WEEKDAY}{_PART}")),
    ("ago", re.compile(rf"(?i)\b{_NUM}\s+(?P<unit>day|week|month|year)s?\s+ago\b")),
    (
        "relperiod",
        re.compile(
            r"(?i)\b(?P<rel>last|this|next|past|earlier\s+this|later\s+this|earlier\s+in\s+the"
            r"|late\s+last|early\s+last|earlier\s+last)\s+(?P<unit>week|weekend|month|year)\b"
        ),
    ),
    (
        "relday",
        re.compile(
            r"(?i)\b(?P<word>yesterday|today|tonight|tomorrow|last\s+night"
            r"|this\s+(?:morning|afternoon|evening))\b"
        ),
    ),
    ("year", re.compile(rf"(?i:\b(?:(?P<mod>early|mid|late|in|since|until|by|during|of)[\s-]+)?){_YEAR}\b")),
]


@dataclass(frozen=True, slots=True)
class DateHit:
    """One date expression found in text: character offsets, the words, and what they resolve to."""

    start: int
    end: int
    text: str
    when: When


def _month_num(token: str) -> int:
    return MONTHS[token[:3].lower()]


def _day(d: date) -> When:
    return When(d.isoformat(), "day")


def _month(year: int, month: int) -> When:
    return When(f"{year:04d}-{month:02d}", "month")


def _year(year: int) -> When:
    return When(f"{year:04d}", "year")


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


def _infer_year(month: int, day: int, published: date) -> int | None:
    """The year of a day given without one: the publication year unless that is well in the future."""
    for year in (published.year, published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # Feb 29 in a common year: try the other year
        if year == published.year - 1 or candidate <= published + timedelta(days=FUTURE_SLACK_DAYS):
            return year
    return None


def _weekday(weekday: int, rel: str, published: date, future: bool) -> date:
    """Resolve a weekday name: the most recent one on or before publication unless it points ahead."""
    rel = " ".join(rel.lower().split())
    if rel in ("next", "this coming") or (future and rel not in ("last",)):
        ahead = (weekday - published.weekday()) % 7 or 7
        return published + timedelta(days=ahead)
    back = (published.weekday() - weekday) % 7
    if rel == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def _resolve(kind: str, m: re.Match[str], published: date | None, future: bool) -> When | None:
    """Turn one regex match into a `When`, or None when the words do not name a real date.

    Never raises: "next week" from a day at the edge of the calendar (or an ISO date there) is no
    date, and a year that leaves no room for a few days of arithmetic (dedupe's windows) is none."""
    try:
        when = _resolve_match(kind, m, published, future)
    except (OverflowError, ValueError):
        return None
    if when is not None and when.date and not MINYEAR < _year_of(when.date) < MAXYEAR:
        return None
    return when


def _year_of(iso: str) -> int:
    # "2024-12-03", "2024-12", "2024"; arithmetic past the calendar gives "-002" or "10000".
    m = re.match(r"-?\d+", iso)
    return int(m.group(0)) if m else MINYEAR


def _resolve_match(kind: str, m: re.Match[str], published: date | None, future: bool) -> When | None:
    g = m.groupdict()
    if kind == "iso":
        try:
            return _day(date(int(g["year"]), int(g["m"]), int(g["d"])))
        except ValueError:
            return None
    if kind in ("mdy", "dmy"):
        month, day = _month_num(g["mon"]), int(g["day"])
        year = int(g["year"]) if g.get("year") else None
        if year is None:
            if published is None:
                return None
            year = _infer_year(month, day, published)
            if year is None:
                return None
        try:
            return _day(date(year, month, day))
        except ValueError:
            return None
    if kind == "month":
        month = _month_num(g["mon"])
        rel = (g.get("rel") or "").lower()
        if not (g.get("year") or g.get("mod") or rel):
            return None  # a lone capitalised "May" is as likely a name as a month
        if g.get("year"):
            return _month(int(g["year"]), month)
        if published is None:
            return None
        year = published.year
        if rel == "next":
            year += 1 if month <= published.month else 0
        elif rel == "last":
            year -= 1 if month >= published.month else 0
        elif month > published.month and not future:
            year -= 1  # "in July" written in January: the July just past
        elif month < published.month and future:
            year += 1  # "will visit in June" written in December: next June
        return _month(year, month)
    if published is None:
        return None
    if kind == "weekday":
        return _day(_weekday(WEEKDAYS[g["wd"].lower()], g.get("rel") or "", published, future))
    if kind == "ago":
        num = g["num"].lower()
        n = int(num) if num.isdigit() else NUMBER_WORDS[num]
        unit = g["unit"].lower()
        if unit == "day":
            return _day(published - timedelta(days=n))
        if unit == "week":
            d = published - timedelta(days=7 * n)
            return _month(d.year, d.month)
        if unit == "month":
            return _month(*_shift_month(published.year, published.month, -n))
        return _year(published.year - n)
    if kind == "relperiod":
        rel = " ".join(g["rel"].lower().split())
        unit = g["unit"].lower()
        step = -1 if rel in ("last", "past", "late last", "early last", "earlier last") else 0
        step = 1 if rel == "next" else step
        if unit in ("week", "weekend"):
            d = published + timedelta(days=7 * step)
            return _month(d.year, d.month)
        if unit == "month":
            return _month(*_shift_month(published.year, published.month, step))
        return _year(published.year + step)
    if kind == "relday":
        word = " ".join(g["word"].lower().split())
        if word == "yesterday" or word == "last night":
            return _day(published - timedelta(days=1))
        if word == "tomorrow":
            return _day(published + timedelta(days=1))
        return _day(published)
    if kind == "year":
        return _year(int(g["year"]))
    return None


def find_date_expressions(text: str, published: date | None, *, future: bool = False) -> list[DateHit]:
    """Every date expression in `text`, left to right, resolved against `published`.

    `future` says the surrounding clause points ahead ("will meet on Tuesday"), so weekdays and
    bare months resolve forward instead of back.
    """
    return list(_find_cached(text, published, future))


@lru_cache(maxsize=512)
def _find_cached(text: str, published: date | None, future: bool) -> tuple[DateHit, ...]:
    # Several events often share a sentence; scan it once.
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            when = _resolve(kind, m, published, future)
            if when is None:
                continue
            taken.append((start, end))
            hits.append(DateHit(start, end, m.group(0), when))
    hits.sort(key=lambda h: h.start)
    return tuple(hits)


def parse_date_expression(text: str, published: date) -> When | None:
    """Resolve one date expression ("on Tuesday", "Dec. 3", "late June", "2023") or return None."""
    hits = find_date_expressions(text, published)
    return hits[0].when if hits else None


# --- which date belongs to the event -------------------------------------------------------------

# Prepositions that put a date on the predicate they attach to ("captured Hama on Thursday").
_TEMPORAL_PREPS = {
    "on", "since", "in", "at", "during", "until", "till", "by", "from", "before", "after", "over",
}  # fmt: skip
_FUTURE_AUX = {"will", "'ll", "shall", "wo"}
_PERFECT_AUX = {"have", "has", "'ve"}


def _is_future(trigger: Token) -> bool:
    """Future reference: a will/shall auxiliary, "is due/set/expected to", or "plans to" now."""
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in trigger.children):
        return True
    head = trigger.head
    if trigger.dep_ != "xcomp" or head == trigger:
        return False
    if head.lemma_ in {"plan", "intend", "aim", "hope"} and head.tag_ in {"VBZ", "VBP"}:
        return True
    return head.lemma_ in {"due", "set", "expect", "schedule", "go"} and any(
        c.lower_ in _FUTURE_AUX or c.lemma_ == "be" for c in head.children
    )


def _head(tok: Token) -> Token:
    """The token's head, lifted out of an adverbial clause the token precedes: in "seized Hama
    yesterday after troops pulled out" the parser hangs "yesterday" on "pulled", but a word before
    the clause's "after" belongs to the main clause."""
    head = tok.head
    if head.dep_ == "advcl" and any(c.dep_ == "mark" and c.i > tok.i for c in head.children):
        return head.head
    return head


def _attached(tokens: Span, trigger: Token) -> bool:
    """True when the date's words hang off the trigger: a temporal prep or a bare noun modifier."""
    for tok in tokens:
        head = _head(tok)
        if head.i == tok.i:
            continue
        if head == trigger and tok.dep_ in {"npadvmod", "tmod", "advmod", "obl", "nmod"}:
            return True
        if head.dep_ == "prep" and head.lower_ in _TEMPORAL_PREPS and head.head == trigger:
            return True
        if head == trigger and tok.dep_ == "prep" and tok.lower_ in _TEMPORAL_PREPS:
            return True
    return False


def _fresh_past_act(trigger: Token) -> bool:
    """A newly reported past act: simple past, or present perfect, and not background in a relative clause."""
    if any(t.dep_ in {"relcl", "acl"} for t in [trigger, *trigger.ancestors]):
        return False
    if trigger.tag_ == "VBD":
        return True
    if trigger.tag_ == "VBN":
        # Reported speech backshifts: "said they had shot down" reports a fresh act.
        reported = trigger.dep_ == "ccomp" and trigger.head.tag_ == "VBD"
        if reported and any(c.dep_ == "aux" and c.lower_ == "had" for c in trigger.children):
            return True
        # "has seized", and the simple-past passive "was shot down".
        return any(
            (c.dep_ == "aux" and c.lower_ in _PERFECT_AUX)
            or (c.dep_ == "auxpass" and c.lower_ in {"was", "were"})
            for c in trigger.children
        )
    return False


def _background(span: Span, trigger: Token) -> bool:
    """True when the date sits in a relative or adverbial clause the trigger is not part of."""
    root = span.root
    if _head(root) != root.head:
        return False  # a date before an adverbial clause's "after"/"when" is not inside it
    for anc in root.ancestors:
        clause = anc.dep_ in {"relcl", "acl", "advcl"} or (anc.dep_ == "conj" and anc.pos_ in {"VERB", "AUX"})
        if clause and not (anc.left_edge.i <= trigger.i <= anc.right_edge.i):
            return True
        if anc == trigger:
            return False
    return False


def _tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens in the dependency tree (large when they are not connected)."""
    up_a = {a.i: 0}
    for n, anc in enumerate(a.ancestors, 1):
        up_a[anc.i] = n
    if b.i in up_a:
        return up_a[b.i]
    for n, anc in enumerate(b.ancestors, 1):
        if anc.i in up_a:
            return up_a[anc.i] + n
    return 1000


def _sentence_hits(sent: Span, published: date | None, future: bool) -> Iterator[tuple[DateHit, Span]]:
    """Date expressions of the sentence with the tokens they cover."""
    for hit in find_date_expressions(sent.text, published, future=future):
        span = sent.doc.char_span(
            sent.start_char + hit.start, sent.start_char + hit.end, alignment_mode="expand"
        )
        if span is None or not len(span):
            continue
        root = span.root
        if hit.text.isdigit() and root.head.i > root.i and root.head.pos_ in {"NOUN", "PROPN"}:
            continue  # "the 1974 agreement", "the 2024 election": a name, not when the event was
        yield hit, span


def resolve_when(sent: Span, published: date | None, trigger: Token | None) -> When:
    """The date of the event whose predicate is `trigger` in `sent`, resolved against `published`."""
    future = trigger is not None and _is_future(trigger)
    hits = list(_sentence_hits(sent, published, future))
    if trigger is not None:
        attached = [h for h, span in hits if _attached(span, trigger)]
        if attached:
            return attached[0].when
        hits = [(h, span) for h, span in hits if not _background(span, trigger)]
    if len(hits) == 1:
        return hits[0][0].when
    if hits and trigger is not None:
        # Several dates, none on the trigger: take the one closest in the tree, if it is close.
        dist, pos = min((_tree_distance(span.root, trigger), n) for n, (_, span) in enumerate(hits))
        if dist <= 3:
            return hits[pos][0].when
        return UNKNOWN_WHEN
    if hits:
        return UNKNOWN_WHEN
    if published is not None and trigger is not None and _fresh_past_act(trigger):
        return _day(published)
    return UNKNOWN_WHEN
