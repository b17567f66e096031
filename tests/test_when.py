"""The "when" stage: date expressions against a publication date, and which date an event takes."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcoder.model import When
from eventcoder.when import find_date_expressions, parse_date_expression, resolve_when

SUNDAY = date(2024, 12, 8)  # publication day used below: a Sunday

WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FORMATS = {
    "day": re.compile(r"^\d{4}-\d\d-\d\d$"),
    "month": re.compile(r"^\d{4}-\d\d$"),
    "year": re.compile(r"^\d{4}$"),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Tuesday", When("2024-12-03", "day")),
        ("on Sunday", When("2024-12-08", "day")),  # the publication day itself
        ("last Sunday", When("2024-12-01", "day")),
        ("next Tuesday", When("2024-12-10", "day")),
        ("on Monday night", When("2024-12-02", "day")),
        ("Dec. 3", When("2024-12-03", "day")),
        ("December 3", When("2024-12-03", "day")),
        ("3 December", When("2024-12-03", "day")),
        ("Dec. 12", When("2024-12-12", "day")),  # a few days ahead: still this year
        ("Dec. 20", When("2023-12-20", "day")),  # well ahead: last year
        ("since Nov. 27", When("2024-11-27", "day")),
        ("Sept. 11, 2001", When("2001-09-11", "day")),
        ("2024-11-29", When("2024-11-29", "day")),
        ("in early July", When("2024-07", "month")),
        ("late June", When("2024-06", "month")),
        ("mid-December", When("2024-12", "month")),
        ("the end of November", When("2024-11", "month")),
        ("March 2024", When("2024-03", "month")),
        ("in May", When("2024-05", "month")),
        ("earlier this year", When("2024", "year")),
        ("in 2023", When("2023", "year")),
        ("last week", When("2024-12", "month")),
        ("last month", When("2024-11", "month")),
        ("last year", When("2023", "year")),
        ("yesterday", When("2024-12-07", "day")),
        ("last night", When("2024-12-07", "day")),
        ("today", When("2024-12-08", "day")),
        ("three days ago", When("2024-12-05", "day")),
    ],
)
def test_expressions(text: str, expected: When) -> None:
    assert parse_date_expression(text, SUNDAY) == expected


@pytest.mark.parametrize("text", ["Feb. 30", "the 13-year war", "May", "they may march", "no date here"])
def test_not_dates(text: str) -> None:
    assert parse_date_expression(text, SUNDAY) is None


def test_month_across_new_year() -> None:
    # A January article speaking of "December" means the December just past.
    assert parse_date_expression("in December", date(2025, 1, 4)) == When("2024-12", "month")
    assert parse_date_expression("Dec. 30", date(2025, 1, 4)) == When("2024-12-30", "day")


def test_future_weekday() -> None:
    hits = find_date_expressions("on Tuesday", SUNDAY, future=True)
    assert hits[0].when == When("2024-12-10", "day")


def test_offsets_cover_the_words() -> None:
    text = "Talks began on Monday and resumed Dec. 5."
    hits = find_date_expressions(text, SUNDAY)
    assert [text[h.start : h.end] for h in hits] == ["on Monday", "Dec. 5"]


PRECISION_CASES = [
    "yesterday", "in early July", "last month", "earlier this year", "March 2024", "2021-02-03",
    "in 2023", "Dec. 3", "3 December 2020", "two weeks ago", "this week", "late 2019", "next Friday",
]  # fmt: skip
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))


@given(published=days, weekday=st.sampled_from(WEEKDAY_NAMES), prefix=st.sampled_from(["on ", "last ", ""]))
def test_past_weekday_never_after_publication(published: date, weekday: str, prefix: str) -> None:
    when = parse_date_expression(prefix + weekday, published)
    assert when is not None and when.precision == "day" and when.date is not None
    resolved = date.fromisoformat(when.date)
    assert resolved <= published
    assert published - resolved < timedelta(days=8)
    assert WEEKDAY_NAMES[resolved.weekday()] == weekday


@given(published=days, weekday=st.sampled_from(WEEKDAY_NAMES))
def test_next_weekday_is_within_a_week_ahead(published: date, weekday: str) -> None:
    when = parse_date_expression("next " + weekday, published)
    assert when is not None and when.date is not None
    assert timedelta(0) < date.fromisoformat(when.date) - published <= timedelta(days=7)


@given(published=days, day=days)
def test_bare_month_day_is_near_publication(published: date, day: date) -> None:
    text = f"{day:%B} {day.day}"
    when = parse_date_expression(text, published)
    if when is None:  # only Feb 29 can fail, when neither year is a leap year
        assert (day.month, day.day) == (2, 29)
        return
    assert when.date is not None
    resolved = date.fromisoformat(when.date)
    assert (resolved.month, resolved.day) == (day.month, day.day)
    assert resolved <= published + timedelta(days=7)
    if (day.month, day.day) != (2, 29):  # a leap day may have to reach back past a year
        assert published - resolved < timedelta(days=366)


@given(
    published=days,
    text=st.sampled_from(PRECISION_CASES),
)
def test_precision_matches_format(published: date, text: str) -> None:
    when = parse_date_expression(text, published)
    assert when is not None and when.date is not None
    assert FORMATS[when.precision].match(when.date)


# --- sentences: which date belongs to the event --------------------------------------------------


def _resolve(nlp, text: str, trigger: str, published: date | None = SUNDAY) -> When:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return resolve_when(tok.sent, published, tok)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # Attached to the trigger, even with a background date elsewhere in the sentence.
        (
            "Rebels seized Hama on Thursday after an offensive that began on Nov. 27.",
            "seized",
            When("2024-12-05", "day"),
        ),
        (
            "Erdogan and Putin spoke by phone on Monday night, the Kremlin said.",
            "spoke",
            When("2024-12-02", "day"),
        ),
        ("The envoy urged all sides on Dec. 3 to protect civilians.", "urged", When("2024-12-03", "day")),
        ("Fighting has continued since Nov. 27.", "continued", When("2024-11-27", "day")),
        # The only date in the sentence, hanging off another verb.
        (
            "The ministry said on Friday that troops withdrew from the city.",
            "withdrew",
            When("2024-12-06", "day"),
        ),
        # No date: a fresh past act takes the publication day...
        ("Damascus rejected the request.", "rejected", When("2024-12-08", "day")),
        ("Rebels have captured the airport.", "captured", When("2024-12-08", "day")),
        ("A helicopter was shot down.", "shot", When("2024-12-08", "day")),
        ("Rebels said they had shot down a helicopter.", "shot", When("2024-12-08", "day")),
        # ...but present, future and background clauses do not.
        ("Turkey wants a political solution.", "wants", When(None, "unknown")),
        ("The rebels will reach Damascus.", "reach", When(None, "unknown")),
        # A date before "after ..." belongs to the main clause, whatever the parser says.
        (
            "Rebel forces seized Hama, the fourth-largest city, yesterday after troops pulled out.",
            "seized",
            When("2024-12-07", "day"),
        ),
        # A year used as a modifier names a thing, it does not date the event.
        ("Netanyahu said the 1974 agreement had collapsed.", "said", When("2024-12-08", "day")),
        # A future clause reads weekdays forward.
        ("The ministers will meet on Tuesday.", "meet", When("2024-12-10", "day")),
        ("The ministers are expected to meet on Tuesday.", "meet", When("2024-12-10", "day")),
        ("Iran plans to send its envoy on Tuesday.", "send", When("2024-12-10", "day")),
        ("Iran sent its envoy on Tuesday.", "sent", When("2024-12-03", "day")),
        ("The minister will visit Albania in June.", "visit", When("2025-06", "month")),
        ("The minister visited Albania in June.", "visited", When("2024-06", "month")),
        # A date in a relative clause about background does not date the main event.
        ("The envoy met officials who fled Aleppo in 2016.", "met", When("2024-12-08", "day")),
        (
            "The fighting is the worst in Syria since a truce brokered by Russia took hold in March 2020.",
            "fighting",
            When(None, "unknown"),
        ),
    ],
)
def test_sentence_dates(nlp, text: str, trigger: str, expected: When) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(nlp, text, trigger) == expected


@pytest.mark.model
def test_background_relative_clause_keeps_its_own_date(nlp) -> None:  # type: ignore[no-untyped-def]
    when = _resolve(nlp, "The envoy met officials who fled Aleppo in 2016.", "fled")
    assert when == When("2016", "year")


@pytest.mark.model
def test_without_publication_date(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(nlp, "Rebels seized Hama on Thursday.", "seized", None) == When(None, "unknown")
    assert _resolve(nlp, "Rebels seized Hama on Dec. 5, 2024.", "seized", None) == When("2024-12-05", "day")


@given(text=st.text(max_size=80), published=days)
def test_any_text_gives_well_formed_hits(text: str, published: date) -> None:
    for hit in find_date_expressions(text, published):
        assert 0 <= hit.start < hit.end <= len(text) and text[hit.start : hit.end] == hit.text
        assert hit.when.date is not None and FORMATS[hit.when.precision].match(hit.when.date)


@given(
    published=days,
    words=st.lists(
        st.sampled_from(["on", "Tuesday", "Dec.", "3", "late", "June", "2023", "in", "x"]), max_size=8
    ),
)
def test_word_salad_never_raises(published: date, words: list[str]) -> None:
    for hit in find_date_expressions(" ".join(words), published):
        assert hit.when.precision in FORMATS
