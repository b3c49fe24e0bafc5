"""CSV files a spreadsheet can open safely: the one writer for every export in the product.

A text cell that starts with ``= + - @`` (or a tab or carriage return, which some
spreadsheets skip before looking) is run as a formula when the file is opened: a customer
who writes ``=HYPERLINK("http://evil", "click")`` as feedback would otherwise plant a link
or a command in an analyst's spreadsheet (CSV injection, OWASP). Such cells are written
with a leading apostrophe, which spreadsheets show as text. Numbers stay numbers: a
number, or text that is only a number ("-0.40", "+3"), is left as it is, so a sentiment of
-0.4 is still -0.4; "-2+3" or "-1+cmd|..." is not a number and is neutralised.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
NUMBER = re.compile(_NUMBER)


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def safe_cell(value: Any) -> Any:
    """The value, with a leading apostrophe if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose rows have their text cells made safe (see the module)."""

    def __init__(self, handle: Writable, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _Echo:
    def write(self, text: str) -> str:
        return text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Iterable[Any]]) -> None:
    """A UTF-8 CSV file of a header and rows."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = SafeWriter(handle)
        writer.writerow(header)
        writer.writerows(rows)


def stream_csv(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The CSV line by line, for a streaming HTTP response."""
    writer = SafeWriter(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table with its text cells made safe, vectorised for large tables."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if not pd.api.types.is_object_dtype(column) and not pd.api.types.is_string_dtype(column):
            continue
        try:
            risky = column.str.startswith(FORMULA_STARTS, na=False).astype(bool)
            risky &= ~column.str.fullmatch(_NUMBER, na=False).astype(bool)
        except AttributeError:  # no text in this column (lists, dates as objects)
            continue
        if bool(risky.any()):
            out[name] = column.where(~risky, "'" + column.astype(str))
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out
