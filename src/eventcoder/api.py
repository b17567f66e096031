"""The Python API for notebooks and scripts (exported by `eventcoder/__init__.py`).

    import eventcoder
    coder = eventcoder.Coder(model="sm")                  # or Coder(eventcoder.CoderConfig(...))
    events = coder.code("Police arrested two men in Nairobi.", published="2024-05-02")
    frame = eventcoder.to_frame(events)                   # pandas (pip install 'eventcoder[pandas]')
    with eventcoder.open_db("events.duckdb") as db:
        rows = db.events(country="KEN", limit=20)

Events are `eventcoder.Event` values; their flat view (one column per declared record field, see
eventcoder.record) is what `to_frame` and the CSV output show. The database is read through the
same queries as `eventcoder events` and the web view (eventcoder.store.query).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from .errors import ConfigError, InputError
from .model import Article, ArticleResult, Event
from .record import flat_row

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from .store.query import EventFilter

ArticleLike = Article | Mapping[str, Any] | str
"""What `Coder.code_many` accepts: an Article, a dict with the JSONL input's fields, or a text."""

ErrorPolicy = Literal["raise", "skip", "include"]


def as_article(item: ArticleLike, where: str = "<api>") -> Article:
    """An Article from an Article, a dict (fields of the JSONL input: id, title, text, published,
    source, url) or a plain text; read by the same rules as the readers. Bad input: InputError."""
    from .ingest.readers import json_article, text_article

    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        made = text_article(item.encode("utf-8"), where)
    elif isinstance(item, Mapping):
        made = json_article(json.dumps(dict(item), default=_json_value), where)
    else:
        raise InputError(where, f"expected an Article, a dict or a text, not {type(item).__name__}")
    if isinstance(made, InputError):
        raise made
    return made


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def code_many(coder: Any, articles: Iterable[ArticleLike], errors: ErrorPolicy = "raise") -> Iterator[Any]:
    """`Coder.code_many`: results in input order (see there)."""
    if errors not in ("raise", "skip", "include"):
        raise ConfigError(f"errors must be 'raise', 'skip' or 'include', not {errors!r}")

    def read() -> Iterator[Article | InputError]:
        for n, item in enumerate(articles, start=1):
            try:
                yield as_article(item, f"<article {n}>")
            except InputError as exc:
                yield exc

    from .engine import merge_in_order, partitions

    for part in partitions(read(), coder.config.batch_size):
        outcomes = coder.code_batch([a for a in part if isinstance(a, Article)])
        for outcome in merge_in_order(part, outcomes):
            if isinstance(outcome, InputError):
                if errors == "raise":
                    raise outcome
                if errors == "skip":
                    continue
            yield outcome


# --- DataFrames ---------------------------------------------------------------------------------


def event_rows(items: Iterable[Event | ArticleResult]) -> list[dict[str, Any]]:
    """Flat rows (one column per declared record field) of events or of results' events."""
    rows: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, ArticleResult):
            rows.extend(flat_row(e) for e in item.events)
        elif isinstance(item, Event):
            rows.append(flat_row(item))
    return rows


def to_frame(items: Iterable[Event | ArticleResult | Mapping[str, Any]]) -> pd.DataFrame:
    """A pandas DataFrame of events, results (their events) or rows (`Database.events`).

    pandas is an optional extra: `pip install 'eventcoder[pandas]'`."""
    try:
        import pandas as pd
    except ImportError:
        raise ConfigError("pandas is not installed: pip install 'eventcoder[pandas]'") from None
    items = list(items)
    rows = [dict(i) for i in items if isinstance(i, Mapping)] + event_rows(
        i for i in items if not isinstance(i, Mapping)
    )
    if not rows:
        from .record import columns

        return pd.DataFrame(columns=[c.name for c in columns()])
    return pd.DataFrame(rows)


# --- a stored database --------------------------------------------------------------------------


class Database:
    """A read-only view of an eventcoder database (`open_db`); use it as a context manager or call
    `close()`. Queries are those of `eventcoder events`/`stats` and the web view."""

    def __init__(self, path: str | Path) -> None:
        from .store.query import open_database

        self.path = Path(path)
        self.con: duckdb.DuckDBPyConnection = open_database(self.path)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _filter(self, where: EventFilter | None, conditions: dict[str, Any]) -> EventFilter:
        from .store.query import EventFilter

        known = {f.name for f in fields(EventFilter)}
        unknown = sorted(set(conditions) - known)
        if unknown:
            raise ConfigError(f"unknown filter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        for key in ("since", "until"):
            if isinstance(conditions.get(key), str):
                conditions[key] = date.fromisoformat(conditions[key])
        return EventFilter(**{**(where.__dict__ if where else {}), **conditions})

    def events(
        self,
        where: EventFilter | None = None,
        *,
        limit: int = 1000,
        offset: int = 0,
        order: str = "day",
        as_frame: bool = False,
        **conditions: Any,
    ) -> Any:
        """Deduplicated events matching the filter (an EventFilter and/or its fields as keywords:
        actor, country, plover_type, root, since, until, place); rows as dicts, or a DataFrame."""
        from .store.query import query_events

        rows = query_events(
            self.con, self._filter(where, conditions), limit=limit, offset=offset, order=order
        )
        return to_frame(rows) if as_frame else rows

    def mentions(self, event_key: str) -> list[dict[str, Any]]:
        """The mentions (evidence sentences) of one event."""
        from .store.query import mentions_for

        return mentions_for(self.con, event_key)

    def dyads(
        self, where: EventFilter | None = None, *, limit: int = 200, **conditions: Any
    ) -> list[dict[str, Any]]:
        """Most frequent source -> target pairs (labels as in `query.dyads`)."""
        from .store.query import dyads

        return dyads(self.con, self._filter(where, conditions), limit=limit)

    def totals(self) -> dict[str, int]:
        """Row counts of articles, mentions and events."""
        from .store.query import totals

        return totals(self.con)


def open_db(path: str | Path) -> Database:
    """Open a stored database for reading (ConfigError when it is missing or not ours)."""
    return Database(path)
