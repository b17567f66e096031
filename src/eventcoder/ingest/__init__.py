"""Readers that turn user inputs into `Article`s, streamed one at a time.

Inputs are `.txt`, `.jsonl` (optionally gzipped), `.html`/`.htm` files, folders (searched
recursively, in sorted order) and `-` for stdin. Bad input is yielded as an `InputError` value
naming file:line so one broken line never stops a batch; the caller decides what to do with it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..model import Article
from ..repair import repair_article
from .readers import (
    EXTENSIONS,
    input_kind,
    read_html_file,
    read_jsonl_file,
    read_stdin,
    read_txt_file,
    walk_folder,
)

__all__ = ["EXTENSIONS", "expand_inputs", "iter_articles"]


def iter_articles(
    inputs: Sequence[str], published: date | None = None, source: str | None = None
) -> Iterator[Article | InputError]:
    """Read every input in order, yielding articles and, in place, errors for bad input. Every
    article's text is repaired here, once, so what is parsed and stored is the repaired text."""
    for item in _read_inputs(inputs, published, source):
        yield item if isinstance(item, InputError) else repair_article(item)


def _read_inputs(
    inputs: Sequence[str], published: date | None, source: str | None
) -> Iterator[Article | InputError]:
    for item in expand_inputs(inputs):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            yield from read_stdin(sys.stdin, published=published, source=source)
        else:
            yield from _read_file(item, published, source)


def expand_inputs(inputs: Sequence[str]) -> Iterator[str | InputError]:
    """Files to read, in order: folders expand to their readable files (recursive, sorted)."""
    for raw in inputs:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for child in walk_folder(path):
                found = True
                yield child if isinstance(child, InputError) else str(child)
            if not found:
                yield InputError(raw, f"no {', '.join(EXTENSIONS)} files in this folder")
        elif not path.exists():
            yield InputError(raw, "no such file or directory")
        elif input_kind(path) is None:
            yield InputError(raw, f"unsupported input type (expected {', '.join(EXTENSIONS)} or a folder)")
        else:
            yield raw


def _read_file(path: str, published: date | None, source: str | None) -> Iterator[Article | InputError]:
    kind = input_kind(Path(path))
    if kind == "jsonl":
        yield from read_jsonl_file(path, published=published, source=source)
    elif kind == "html":
        yield from read_html_file(path, published=published, source=source)
    else:
        yield from read_txt_file(path, published=published, source=source)
