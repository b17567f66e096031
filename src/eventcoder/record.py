"""The record's fields, declared once: name, type and how to read each from an `Event`.

Everything that writes events derives its shape from `EVENT_FIELDS` and `ARTICLE_FIELDS`:

- the contract's JSON record (`to_record`, the JSONL output; key order as declared),
- the flat row (`flat_row`: CSV output, DataFrames, the store's `mentions` rows), where a field of
  a group is named `<group>_<name>` unless it declares its own flat name,
- the Arrow schemas of the Dask engine's Parquet shards (`shard_schemas`) and of the store's
  insert tables (`arrow_schema`), and the DuckDB column types of the store's DDL (`duckdb_columns`),
- the CSV columns (`csv_columns`) and the columns deduplication reads back (`KEY` fields).

A new field is one `Field` below (and, for the store, one named migration that adds its column;
see store/schema.py). tests/test_record.py proves it reaches every output.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from .model import Article, ArticleResult, Event


@dataclass(frozen=True)
class Type:
    """A column type in each of our formats (pyarrow is imported only when a schema is built)."""

    name: str
    arrow: str  # a pyarrow type factory: string, int32, int64, float64, date32, list_string
    duckdb: str

    def arrow_type(self, record: bool = False) -> pa.DataType:
        """The Arrow type; in the JSON record (and the shards that carry it) a date is ISO text."""
        import pyarrow as pa

        if record and self.arrow == "date32":
            return pa.string()
        if self.arrow == "list_string":
            return pa.list_(pa.string())
        if self.arrow == "timestamp_us":
            return pa.timestamp("us")
        return getattr(pa, self.arrow)()


STR = Type("str", "string", "VARCHAR")
INT = Type("int", "int32", "INTEGER")
BIGINT = Type("bigint", "int64", "BIGINT")
FLOAT = Type("float", "float64", "DOUBLE")
DATE = Type("date", "date32", "DATE")
STRS = Type("strs", "list_string", "VARCHAR[]")
TIMESTAMP = Type("timestamp", "timestamp_us", "TIMESTAMP")


@dataclass(frozen=True)
class Field:
    """One leaf of the record.

    `get` reads the value from the object of its group (the Event for top-level fields, the Actor
    for `source`/`target`, ...); `flat_get`, when given, reads the flat value instead (a flat row
    has no nesting, so e.g. an actor's name falls back to its words). `flat` overrides the flat
    column name, `stored` the store's column name, `csv` says whether CSV output shows it and
    `key` whether deduplication reads it back from stored rows."""

    name: str
    type: Type
    get: Callable[[Any], Any]
    flat: str | None = None
    stored: str | None = None
    csv: bool = True
    key: bool = False
    flat_get: Callable[[Any], Any] | None = None
    attr: str | None = None  # the Event attribute it is read back into, when not `name` ("when.date")


@dataclass(frozen=True)
class Group:
    """A nested object of the record (`source`, `cameo`, ...): None when `get` gives None."""

    name: str
    get: Callable[[Event], Any]
    fields: tuple[Field, ...]
    kind: str = ""  # the eventcoder.model class its fields are read back into (parts_from_row)


def _round3(value: float) -> float:
    return round(float(value), 3)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _actor_fields() -> tuple[Field, ...]:
    return (
        Field("text", STR, lambda a: a.text, csv=False, key=True),
        Field("name", STR, lambda a: a.name, key=True, flat_get=lambda a: a.name or a.text),
        Field("country", STR, lambda a: a.country, key=True),
        Field("sector", STR, lambda a: a.sector, key=True),
        Field("cameo", STR, lambda a: a.cameo, key=True),
        Field("actor_id", STR, lambda a: a.actor_id, csv=False, key=True),
        Field("inferred", STRS, lambda a: list(a.inferred)),
    )


# The event record of ../contract.md, in its key order (extensions after the contract's keys).
EVENT_FIELDS: tuple[Field | Group, ...] = (
    Field("event_id", STR, lambda e: e.event_id, stored="mention_id", key=True),
    Field("article_id", STR, lambda e: e.article_id),
    Field("sentence_index", INT, lambda e: e.sentence_index),
    Field("text", STR, lambda e: e.text),
    Group("source", lambda e: e.source, _actor_fields(), "Actor"),
    Group("target", lambda e: e.target, _actor_fields(), "Actor"),
    Group(
        "cameo",
        lambda e: e.cameo,
        (
            Field("code", STR, lambda c: c.code, key=True),
            Field("root", STR, lambda c: c.root, key=True),
            Field("goldstein", FLOAT, lambda c: c.goldstein, flat="goldstein"),
            Field("quad_class", INT, lambda c: c.quad_class, flat="quad_class"),
        ),
        "CameoCode",
    ),
    Group(
        "plover",
        lambda e: e.plover,
        (
            Field("type", STR, lambda p: p.type, key=True),
            Field("mode", STR, lambda p: p.mode, key=True),
            Field("context", STRS, lambda p: list(p.context), csv=False),
        ),
        "PloverLabel",
    ),
    Field("date", STR, lambda e: e.when.date, attr="when.date"),
    Field("date_precision", STR, lambda e: e.when.precision, attr="when.precision"),
    Group(
        "location",
        lambda e: e.location,
        (
            Field("name", STR, lambda x: x.name, key=True),
            Field("country", STR, lambda x: x.country, key=True),
            Field("admin1", STR, lambda x: x.admin1, csv=False),
            Field("lat", FLOAT, lambda x: x.lat, flat="lat"),
            Field("lon", FLOAT, lambda x: x.lon, flat="lon"),
            Field("geonameid", BIGINT, lambda x: x.geonameid, flat="geonameid", csv=False, key=True),
            Field("feature", STR, lambda x: x.feature, csv=False, key=True),
        ),
        "Location",
    ),
    Field("confidence", FLOAT, lambda e: _round3(e.confidence)),
    Field("trigger", STR, lambda e: e.trigger),
    Field("published", DATE, lambda e: e.published, csv=False),
    Field("article_source", STR, lambda e: e.article_source, csv=False),
    Field("url", STR, lambda e: e.url, csv=False),
    Field("coded_by", STR, lambda e: e.coded_by),
)

# An article's row (the store's `articles` table and the shards' article table), read from an
# ArticleResult; `attr` is the Article attribute a shard row is read back into.
ARTICLE_FIELDS: tuple[tuple[Field, str | None], ...] = (
    (Field("article_id", STR, lambda r: r.article.id), "id"),
    (Field("content_hash", STR, lambda r: r.article.content_hash), None),
    (Field("title", STR, lambda r: r.article.title), "title"),
    (Field("text", STR, lambda r: r.article.text, stored=""), "text"),  # shards only, not stored
    (Field("published", DATE, lambda r: r.article.published), "published"),
    (Field("source", STR, lambda r: r.article.source), "source"),
    (Field("url", STR, lambda r: r.article.url), "url"),
    (Field("origin", STR, lambda r: r.article.origin), "origin"),
    (Field("n_words", INT, lambda r: r.n_words), None),
    (Field("dateline", STR, lambda r: r.article.dateline), "dateline"),
    (Field("agency", STR, lambda r: r.article.agency), "agency"),
)

# CSV keeps the identity and the date first and the sentence last, the other columns as declared.
CSV_FRONT = ("event_id", "article_id", "sentence_index", "date", "date_precision")
CSV_BACK = ("text",)
# CSV names that differ from the flat ones (kept from earlier versions of the CSV output).
CSV_NAMES = {"location_name": "location"}


# --- flat columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A flat column of an event: its name, stored name, type and how to read it."""

    name: str
    stored: str
    type: Type
    field: Field
    group: Group | None

    def value(self, event: Event) -> Any:
        obj = event if self.group is None else self.group.get(event)
        if obj is None:
            return None
        return (self.field.flat_get or self.field.get)(obj)


@functools.cache
def columns() -> tuple[Column, ...]:
    """The flat columns of an event, in declared order."""
    out: list[Column] = []
    for item in EVENT_FIELDS:
        if isinstance(item, Group):
            for f in item.fields:
                name = f.flat or f"{item.name}_{f.name}"
                out.append(Column(name, f.stored or name, f.type, f, item))
        else:
            out.append(Column(item.name, item.stored or item.name, item.type, item, None))
    return tuple(out)


def flat_row(event: Event, stored: bool = False) -> dict[str, Any]:
    """One event as a flat row keyed by flat names (or by the store's names with `stored`)."""
    return {(c.stored if stored else c.name): c.value(event) for c in columns()}


def csv_columns() -> list[str]:
    """The flat columns CSV output shows, in CSV order."""
    shown = [c.name for c in columns() if c.field.csv]
    middle = [n for n in shown if n not in CSV_FRONT and n not in CSV_BACK]
    return [*CSV_FRONT, *middle, *CSV_BACK]


def csv_row(event: Event) -> dict[str, Any]:
    """One event as a CSV row (lists joined with ';', as the store's CSV export writes them)."""
    row = flat_row(event)
    out: dict[str, Any] = {}
    for name in csv_columns():
        value = row[name]
        out[CSV_NAMES.get(name, name)] = ";".join(value) if isinstance(value, list) else value
    return out


def csv_header() -> list[str]:
    return [CSV_NAMES.get(n, n) for n in csv_columns()]


def key_columns() -> list[str]:
    """Stored columns deduplication reads back from a mention row."""
    return [c.stored for c in columns() if c.field.key]


def list_columns() -> frozenset[str]:
    """Stored names of the list-valued columns (joined with ';' where a format has no lists)."""
    return frozenset(c.stored for c in columns() if c.type is STRS)


def duckdb_columns() -> list[tuple[str, str]]:
    """(stored name, DuckDB type) of every flat column."""
    return [(c.stored, c.type.duckdb) for c in columns()]


def arrow_schema(extra: tuple[tuple[str, Type], ...] = ()) -> pa.Schema:
    """Arrow schema of stored flat rows (the store's names), plus store-only columns."""
    import pyarrow as pa

    return pa.schema(
        [(c.stored, c.type.arrow_type()) for c in columns()] + [(n, t.arrow_type()) for n, t in extra]
    )


# --- the nested record --------------------------------------------------------------------------


def _record_value(f: Field, obj: Any) -> Any:
    value = f.get(obj)
    return _iso(value) if f.type is DATE else value


def to_record(event: Event) -> dict[str, Any]:
    """The contract's JSON object (keys in declared order)."""
    out: dict[str, Any] = {}
    for item in EVENT_FIELDS:
        if isinstance(item, Group):
            obj = item.get(event)
            out[item.name] = None if obj is None else {f.name: _record_value(f, obj) for f in item.fields}
        else:
            out[item.name] = _record_value(item, event)
    return out


def shard_event_fields() -> Iterator[tuple[str, pa.DataType]]:
    """Arrow fields of the record, nested as in `to_record` (dates as ISO text)."""
    import pyarrow as pa

    for item in EVENT_FIELDS:
        if isinstance(item, Group):
            yield item.name, pa.struct([(f.name, f.type.arrow_type(record=True)) for f in item.fields])
        else:
            yield item.name, item.type.arrow_type(record=True)


@functools.cache
def shard_schemas() -> tuple[pa.Schema, pa.Schema]:
    """The Arrow schemas of the Dask engine's event and article shards."""
    import pyarrow as pa

    events = pa.schema(
        [
            ("seq", pa.int64()),  # position of the event's article in the partition
            *shard_event_fields(),
            # The whole record as JSON: what the client rebuilds events from, so a key or nested field
            # that a later version of the record adds survives even before the columns above know it.
            ("record", pa.string()),
        ]
    )
    articles = pa.schema(
        [("seq", pa.int64())] + [(f.name, f.type.arrow_type(record=True)) for f, _ in ARTICLE_FIELDS]
    )
    return events, articles


def article_row(result: ArticleResult, record: bool = False) -> dict[str, Any]:
    """An article's row: for the store (typed, stored fields only) or for a shard (`record`)."""
    row: dict[str, Any] = {}
    for f, _ in ARTICLE_FIELDS:
        if f.stored == "" and not record:
            continue
        value = f.get(result)
        row[f.name] = _iso(value) if record and f.type is DATE else value
    return row


def stored_article_columns() -> list[tuple[str, Type]]:
    """(name, type) of the article fields the store keeps."""
    return [(f.name, f.type) for f, _ in ARTICLE_FIELDS if f.stored != ""]


def article_from_row(row: dict[str, Any]) -> Article:
    """An Article from a shard's article row (inverse of `article_row(..., record=True)`)."""
    from .model import Article

    values: dict[str, Any] = {}
    for f, attr in ARTICLE_FIELDS:
        if attr is None:
            continue
        value = row.get(f.name)
        values[attr] = date.fromisoformat(value) if f.type is DATE and value else value
    values["title"] = values.get("title") or ""
    values["origin"] = values.get("origin") or ""
    return Article(**values)


# The groups deduplication reads back from stored rows (their key columns are enough to build them).
ROW_PARTS = ("source", "target", "location")


def parts_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The actors and the place of a stored mention row (any subset of its columns), as model
    objects (`source`, `target`, `location`; None where the row has none)."""
    from . import model

    parts: dict[str, Any] = {}
    by_group: dict[str, dict[str, Any]] = {}
    for c in columns():
        if c.group is not None and c.group.name in ROW_PARTS and c.stored in row:
            by_group.setdefault(c.group.name, {})[c.field.name] = row[c.stored]
    for item in EVENT_FIELDS:
        if not isinstance(item, Group) or item.name not in ROW_PARTS:
            continue
        values = by_group.get(item.name, {})
        if all(v is None for v in values.values()):
            parts[item.name] = None
            continue
        cls = getattr(model, item.kind)
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}
        # A missing value keeps the class's own default ("city", ()), else stays None.
        kwargs = {
            k: (tuple(v) if isinstance(v, list) else v)
            for k, v in values.items()
            if v is not None or defaults.get(k) in (None, dataclasses.MISSING)
        }
        parts[item.name] = cls(**kwargs)
    return parts


def _from_json(f: Field, value: Any) -> Any:
    if value is None:
        return None
    if f.type is DATE:
        return date.fromisoformat(value)
    if f.type is STRS:
        return tuple(value)
    if f.type in (INT, BIGINT):
        return int(value)
    return float(value) if f.type is FLOAT else value


def _build(cls: Any, values: dict[str, Any]) -> Any:
    """`cls(**values)`, where a missing or null value takes the class's own default if it has one."""
    kwargs: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):
        value = values.get(spec.name)
        if value is None and spec.default is not dataclasses.MISSING:
            value = spec.default
        if spec.name in values or spec.default is dataclasses.MISSING:
            kwargs[spec.name] = value
    return cls(**kwargs)


def from_record(r: Mapping[str, Any]) -> Event:
    """An Event from its JSON record (inverse of `to_record`; the Dask client reads shards so)."""
    from . import model

    top: dict[str, Any] = {}
    when: dict[str, Any] = {}
    for item in EVENT_FIELDS:
        value = r.get(item.name)
        if isinstance(item, Group):
            group = None
            if value is not None:
                group = _build(
                    getattr(model, item.kind), {f.name: _from_json(f, value.get(f.name)) for f in item.fields}
                )
            top[item.name] = group
        elif item.attr and item.attr.startswith("when."):
            when[item.attr.removeprefix("when.")] = value
        elif item.name in r:
            top[item.attr or item.name] = _from_json(item, value)
    top["when"] = _build(model.When, when)
    return _build(model.Event, top)
