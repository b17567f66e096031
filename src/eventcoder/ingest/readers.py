"""One reader per input format. Each yields `Article`s and `InputError`s; none raises on bad input.

Byte positions in "not valid UTF-8 at byte N" are 0-based offsets from the start of the file (or
of stdin), so `xxd -s N FILE` shows the culprit; the file:line prefix says which line it is on.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..model import Article

EXTENSIONS = (".txt", ".jsonl", ".jsonl.gz", ".html", ".htm")
STDIN_NAME = "<stdin>"

_BOM = b"\xef\xbb\xbf"
# Publication dates outside this range are refused at read time (file:line, exit 2): they are typos
# or placeholders (0001-01-01, 9999-12-31), and relative dates ("next week") computed from a day
# at the calendar's edge would leave the range Python's dates can hold.
EARLIEST = date(1800, 1, 1)
LATEST = date(2200, 12, 31)
_NAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?!\d)")


def input_kind(path: Path) -> str | None:
    """'txt', 'jsonl' or 'html' by file name, or None for files we do not read."""
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz")):
        return "jsonl"
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith(".txt"):
        return "txt"
    return None


def walk_folder(folder: Path, top: bool = True) -> Iterator[Path | InputError]:
    """The input files under `folder` (recursive; names sorted at each level, so the order is the
    same on every machine; hidden names and symlinked folders skipped) and, in their place, one
    error for each folder that cannot be read: a run must not quietly miss part of its input."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        why = exc.strerror or str(exc)
        yield InputError(str(folder), f"cannot read this {'folder' if top else 'subfolder'}: {why}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        if is_dir:
            yield from walk_folder(path, top=False)
        elif is_file and input_kind(path) is not None:
            yield path


def with_hash_id(article: Article) -> Article:
    """The article with its id set to a content hash, for inputs that carry no id."""
    return dataclasses.replace(article, id=article.content_hash[:16])


def check_published(day: date) -> date:
    """`day` when it lies between EARLIEST and LATEST, else ValueError saying the range."""
    if not EARLIEST <= day <= LATEST:
        raise ValueError(
            f"published date {day.isoformat()} is outside {EARLIEST.isoformat()}..{LATEST.isoformat()}"
            " (fix the date or leave it out)"
        )
    return day


def parse_published(value: Any) -> date | None:
    """A publication date from YYYY-MM-DD or a full ISO 8601 timestamp; None for empty values."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"bad published date {value!r} (expected YYYY-MM-DD or an ISO timestamp)")
    text = value.strip()
    try:
        if len(text) == 10:
            return check_published(date.fromisoformat(text))
        # The calendar day as the outlet wrote it, in its own time zone: that is what "today" means
        # in the story's text.
        return check_published(datetime.fromisoformat(text).date())
    except ValueError as exc:
        if str(exc).startswith("published date"):
            raise
        raise ValueError(f"bad published date {value!r} (expected YYYY-MM-DD or an ISO timestamp)") from None


def name_date(path: Path) -> date | None:
    """The date a file name starts with (2024-03-05-talks.txt), or None; bad dates raise ValueError."""
    m = _NAME_DATE.match(path.name)
    if not m:
        return None
    try:
        day = date.fromisoformat(m.group(1))
    except ValueError:
        raise ValueError(f"bad published date {m.group(1)!r} in the file name") from None
    return check_published(day)


def decode_utf8(data: bytes, where: str, base: int = 0) -> str | InputError:
    """Strict UTF-8 decoding; the error names the line and the file offset of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return InputError(f"{where}:{line}", f"not valid UTF-8 at byte {base + exc.start}")


# --- plain text ---------------------------------------------------------------------------------


def read_txt_file(
    path: str, published: date | None = None, source: str | None = None
) -> Iterator[Article | InputError]:
    """One article per .txt file: the first non-empty line is the title, the rest the text."""
    try:
        day = name_date(Path(path))
    except ValueError as exc:
        yield InputError(path, str(exc))
        return
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    yield text_article(data, path, published=day or published, source=source)


def text_article(
    data: bytes, where: str, published: date | None = None, source: str | None = None
) -> Article | InputError:
    """An article from the bytes of a plain-text document."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    text = decode_utf8(data, where)
    if isinstance(text, InputError):
        return text
    title, body = split_title(text)
    if not body:
        return InputError(where, "no text")
    return with_hash_id(
        Article(id="", title=title, text=body, published=published, source=source, origin=where)
    )


def split_title(text: str) -> tuple[str, str]:
    """(title, body): the first non-empty line and what follows. A one-line document is all body,
    so `echo "..." | eventcoder code -` codes the sentence instead of reporting no text."""
    lines = text.strip().splitlines()
    if not lines:
        return "", ""
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip()
    if not body:
        return title, title
    return title, body


# --- JSON lines ---------------------------------------------------------------------------------


def read_jsonl_file(
    path: str, published: date | None = None, source: str | None = None
) -> Iterator[Article | InputError]:
    """One article per line of a .jsonl (or .jsonl.gz) file, read line by line."""
    gz = path.lower().endswith(".gz")
    try:
        stream: IO[bytes] = gzip.open(path, "rb") if gz else open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        lines = _guarded_lines(stream, path) if gz else stream
        found = False
        for item in jsonl_articles(lines, path, published=published, source=source):
            found = True
            yield item
        if not found:
            yield InputError(path, "no articles (the file is empty or holds only blank lines)")


def _guarded_lines(stream: IO[bytes], path: str) -> Iterator[bytes]:
    # A corrupt gzip stream fails part-way through; turn that into one error at the line it hit.
    n = 0
    try:
        for n, line in enumerate(stream, 1):  # noqa: B007 - n is read after the loop
            yield line
    except (OSError, EOFError, zlib.error) as exc:
        raise _CorruptStream(f"{path}:{n + 1}", f"not a readable gzip file: {exc}") from None


class _CorruptStream(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.error = InputError(where, message)


# Errors reported one by one per file; the rest are counted in one closing line. A binary file read
# as JSON lines would otherwise print an error for every one of its thousands of "lines".
MAX_ERRORS_SHOWN = 10


def jsonl_articles(
    lines: Iterable[bytes], where: str, published: date | None = None, source: str | None = None
) -> Iterator[Article | InputError]:
    """Articles from JSON lines (bytes); blank lines are skipped, bad ones become errors (the
    first MAX_ERRORS_SHOWN of them, then one "... and N more" line)."""
    hidden = 0
    shown = 0
    for item in _jsonl_items(lines, where, published, source):
        if isinstance(item, InputError):
            if shown >= MAX_ERRORS_SHOWN:
                hidden += 1
                continue
            shown += 1
        yield item
    if hidden:
        yield InputError(where, f"… and {hidden} more bad line(s) not shown")


def _jsonl_items(
    lines: Iterable[bytes], where: str, published: date | None, source: str | None
) -> Iterator[Article | InputError]:
    offset = 0
    try:
        for lineno, raw in enumerate(lines, 1):
            base = offset
            offset += len(raw)
            if lineno == 1 and raw.startswith(_BOM):
                raw, base = raw[len(_BOM) :], base + len(_BOM)
            if not raw.strip():
                continue
            loc = f"{where}:{lineno}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(loc, f"not valid UTF-8 at byte {base + exc.start}")
                continue
            yield json_article(line, loc, published=published, source=source)
    except _CorruptStream as exc:
        yield exc.error


def json_article(
    line: str, where: str, published: date | None = None, source: str | None = None
) -> Article | InputError:
    """One article from one JSON line with fields id, title, text, published, source, url."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return InputError(where, f"malformed JSON: expected an object, got {type(obj).__name__}")
    if "text" not in obj:
        return InputError(where, "missing text field")
    strings: dict[str, str | None] = {}
    for name in ("title", "text", "source", "url"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return InputError(where, f"field {name!r} must be a string, not {type(value).__name__}")
        strings[name] = value
    text = (strings["text"] or "").strip()
    if not text:
        return InputError(where, "no text")
    raw_id = obj.get("id")
    if isinstance(raw_id, bool) or (raw_id is not None and not isinstance(raw_id, str | int)):
        return InputError(where, f"field 'id' must be a string or an integer, not {type(raw_id).__name__}")
    try:
        day = parse_published(obj.get("published"))
    except ValueError as exc:
        return InputError(where, str(exc))
    article = Article(
        id="" if raw_id is None else str(raw_id).strip(),
        title=(strings["title"] or "").strip(),
        text=text,
        published=day or published,
        source=strings["source"] or source,
        url=strings["url"] or None,
        origin=where,
    )
    return article if article.id else with_hash_id(article)


# --- HTML ---------------------------------------------------------------------------------------


def read_html_file(
    path: str, published: date | None = None, source: str | None = None
) -> Iterator[Article | InputError]:
    """One article per HTML page: main text only (boilerplate stripped by trafilatura)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    try:
        day = name_date(Path(path)) or published
    except ValueError as exc:
        yield InputError(path, str(exc))
        return
    yield html_article(data, path, published=day, source=source)


def html_article(
    data: bytes, where: str, published: date | None = None, source: str | None = None
) -> Article | InputError:
    """An article from an HTML page; the page's own date and site name win over the fallbacks."""
    import trafilatura  # slow to import, and only HTML needs it

    # trafilatura reports pages it cannot use through logging; we report them as InputErrors.
    for name in ("trafilatura", "htmldate"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # Bytes, not str: trafilatura honours the page's declared charset (many pages are not UTF-8).
    doc = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Only dates the page states in its metadata, never guesses from the running text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(doc, "text", None) or ""
    title = (getattr(doc, "title", None) or "").strip()
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    # trafilatura keeps the headline as the first paragraph; the title field already has it.
    if paragraphs and title and " ".join(paragraphs[0].split()) == " ".join(title.split()):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        return InputError(where, "no text")
    page_day: date | None = None
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            page_day = parse_published(str(raw_date))
        except ValueError:
            page_day = None  # a garbled meta tag is not the user's fault; fall back
    article = Article(
        id="",
        title=title,
        # Blank lines between paragraphs so a headline-like paragraph is never glued to the next.
        text="\n\n".join(paragraphs),
        published=page_day or published,
        source=(getattr(doc, "sitename", None) or None) or source,
        url=getattr(doc, "url", None) or None,
        origin=where,
    )
    return with_hash_id(article)


# --- stdin --------------------------------------------------------------------------------------


def read_stdin(
    stream: IO[str], published: date | None = None, source: str | None = None
) -> Iterator[Article | InputError]:
    """stdin: JSON lines if the first non-space character is `{`, else one plain-text article."""
    lines = _byte_lines(stream)
    head: list[bytes] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    first = b"".join(head).lstrip().removeprefix(_BOM).lstrip()
    if first.startswith(b"{"):
        yield from jsonl_articles(_chain(head, lines), STDIN_NAME, published=published, source=source)
        return
    data = b"".join(_chain(head, lines))
    if not data.strip():
        yield InputError(STDIN_NAME, "no text")
    elif looks_like_html(data):
        yield html_article(data, STDIN_NAME, published=published, source=source)
    else:
        yield text_article(data, STDIN_NAME, published=published, source=source)


_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|main|section|div|p|h[1-6]|title|meta)\b",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_html(data: bytes) -> bool:
    """Whether a document on stdin is an HTML page: it opens with a doctype or a common tag."""
    return _HTML_START.match(data.removeprefix(_BOM)[:4096]) is not None


def _byte_lines(stream: IO[str]) -> Iterator[bytes]:
    # Prefer the raw bytes so bad UTF-8 is reported, not silently replaced by the text layer.
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        yield from buffer
    else:
        for line in stream:
            yield line.encode("utf-8", "surrogateescape")


def _chain(head: list[bytes], rest: Iterator[bytes]) -> Iterator[bytes]:
    yield from head
    yield from rest
