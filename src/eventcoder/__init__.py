"""eventcoder: turn news articles into CAMEO/PLOVER political event data, offline.

The Python API (docs/api.md)::

    import eventcoder
    coder = eventcoder.Coder(model="sm")
    events = coder.code("Police arrested two men in Nairobi.", published="2024-05-02")
    frame = eventcoder.to_frame(events)  # needs the [pandas] extra

Names are imported on first use, so `import eventcoder` (and `eventcoder --help`) stays fast: spaCy
loads only when a `Coder` is built.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import Database, as_article, open_db, to_frame
    from .config import CoderConfig
    from .engine import EngineOptions, run_coder
    from .errors import ConfigError, EventcoderError, InputError
    from .model import Actor, Article, ArticleResult, CameoCode, Event, Location, PloverLabel, When
    from .pipeline import Coder
    from .store.query import EventFilter

__all__ = [
    "Actor", "Article", "ArticleResult", "CameoCode", "Coder", "CoderConfig", "ConfigError", "Database",
    "EngineOptions", "Event", "EventFilter", "EventcoderError", "InputError", "Location", "PloverLabel",
    "When", "as_article", "open_db", "run_coder", "to_frame",
]  # fmt: skip

# Public name -> the module that defines it.
_HOMES = {
    "Coder": "pipeline",
    "CoderConfig": "config",
    "EngineOptions": "engine",
    "run_coder": "engine",
    "Database": "api",
    "open_db": "api",
    "to_frame": "api",
    "as_article": "api",
    "EventFilter": "store.query",
    "Actor": "model",
    "Article": "model",
    "ArticleResult": "model",
    "CameoCode": "model",
    "Event": "model",
    "Location": "model",
    "PloverLabel": "model",
    "When": "model",
    "EventcoderError": "errors",
    "InputError": "errors",
    "ConfigError": "errors",
}


def lazy_exports(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` that imports each public name from its home module (relative to
    `package`) on first use and keeps it, so importing the package stays cheap."""

    def getattr_(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{home}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    return getattr_


__getattr__ = lazy_exports(__name__, _HOMES)


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
