"""The per-row error report of an import as CSV (the page's download and `--errors FILE`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Protocol

from outward.imports.models import ImportRowError

HEADER = ("row", "column", "reason", "value")
# A cell starting with one of these runs as a formula in a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


class _Echo:
    def write(self, text: str) -> str:
        return text


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _cells(error: ImportRowError) -> tuple[str, str, str, str]:
    return (str(error.row), _safe(error.column), error.reason, _safe(error.value))


def write_errors(errors: Iterable[ImportRowError], handle: _Writable) -> int:
    """Write the report to an open text file; how many errors it lists."""
    writer = csv.writer(handle)
    writer.writerow(HEADER)
    count = 0
    for error in errors:
        writer.writerow(_cells(error))
        count += 1
    return count


def stream_errors(errors: Iterable[ImportRowError]) -> Iterator[str]:
    """The report line by line, for a streaming HTTP response."""
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for error in errors:
        yield writer.writerow(_cells(error))
