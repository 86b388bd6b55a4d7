"""Errors the library raises. Each message says what went wrong and where."""

from __future__ import annotations


class KgError(Exception):
    """Base class: a problem the user can act on (bad input, busy store...)."""


class InputError(KgError):
    """An input file cannot be read as an article."""

    def __init__(self, path: object, problem: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class StoreError(KgError):
    """The store cannot be opened or written."""


class StoreBusy(StoreError):
    """Another process holds the store for writing."""


class QueryError(KgError):
    """A stored or given query cannot be run."""
