"""One exception hierarchy. The CLI turns these into one stderr line and an exit status."""

from __future__ import annotations


class EventcoderError(Exception):
    """Base class; `exit_code` is what the CLI returns (2 bad input, 1 internal failure)."""

    exit_code = 1


class InputError(EventcoderError):
    """Bad user input. `where` is "file:line" (or "file") so the message names the place."""

    exit_code = 2

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class ConfigError(EventcoderError):
    """A missing model, dictionary or database the user asked for."""

    exit_code = 2
