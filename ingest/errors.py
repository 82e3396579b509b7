"""The one error the parser raises for input that is not a readable report text."""

from __future__ import annotations

INPUT_ERROR_KINDS = ("empty", "binary", "encoding", "too_large", "parse")


class InputError(Exception):
    """Input the parser cannot turn into a report; `kind` says why, the message what to do."""

    def __init__(self, kind: str, message: str) -> None:
        if kind not in INPUT_ERROR_KINDS:
            raise ValueError(f"unknown InputError kind {kind!r}; expected {INPUT_ERROR_KINDS}")
        super().__init__(message)
        self.kind = kind
        self.message = message


# What raw.errors.error_kind can hold: the parser's kinds, plus the loader's own -- a file it
# could not read (io) and a parse stopped at the per-file time limit (timeout).
LOAD_ERROR_KINDS = (*INPUT_ERROR_KINDS, "io", "timeout")
