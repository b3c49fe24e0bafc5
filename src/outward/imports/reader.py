"""Streaming a feedback file row by row: CSV (csv module), XLSX (openpyxl read-only), JSONL.

Never loads the file: rows come one at a time with their number as a person sees it (CSV
and XLSX: the header is row 1, the first data row is row 2; JSONL: the line number), and
the reader says how far through the file it is. Encoding and delimiter detection are the
analytics core's (`outward.analytics.io`), so `outward analyze` and imports read files alike.

A row the reader cannot split into cells (more cells than the header, a line that is not
a JSON object) comes out as a reason (a str) instead of cells: the importer reports it as
an error of that row, and goes on. Wholly blank rows are not rows.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from outward.analytics.io import InputError, detect_delimiter, detect_encoding

FORMATS: dict[str, str] = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl"}
FORMATS[".ndjson"] = "jsonl"
JSONL_HEADER_LINES = 200
MAX_CELL_CHARS = 10_000_000

Record = tuple[int, dict[str, str] | str]

csv.field_size_limit(MAX_CELL_CHARS)

# An XLSX is a zip: a few hundred KB can unpack to gigabytes of XML ("decompression bomb"),
# which openpyxl would parse in full (all shared strings are read before the first row).
# The zip's directory is checked first; Python's zipfile never yields more than a member's
# declared size (a member that lies fails its CRC check), so the declared sizes are bounds.
XLSX_MAX_UNPACKED_BYTES = 1 << 30
XLSX_MAX_RATIO = 100  # unpacked / packed, for members past XLSX_RATIO_FROM bytes
XLSX_RATIO_FROM = 8 << 20
XLSX_MAX_SHARED_STRINGS = 5_000_000
_SHARED_COUNT = re.compile(rb'uniqueCount="(\d+)"|count="(\d+)"')


def file_format(name: str) -> str:
    """ "csv", "xlsx" or "jsonl" from a file name; InputError for anything else."""
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f'unsupported file type "{suffix or name}": use .csv, .xlsx or .jsonl '
            "(JSON lines, one object per line)"
        )
    return FORMATS[suffix]


def _unique(names: list[str]) -> list[str]:
    """Header names made unique ("Note", "Note (2)"), blank ones named by position."""
    seen: dict[str, int] = {}
    out = []
    for position, raw in enumerate(names, start=1):
        name = raw.strip() or f"Column {position}"
        count = seen.get(name, 0) + 1
        seen[name] = count
        out.append(name if count == 1 else f"{name} ({count})")
    return out


def cell_text(value: Any) -> str:
    """A cell as text: dates in ISO 8601, whole floats without ".0", nested JSON as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested JSON objects as dotted keys: {"via": {"channel": "web"}} -> {"via.channel": "web"}."""
    flat: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = cell_text(value)
    return flat


@dataclass
class Table:
    """An open file: its header, its rows from a given row on, and how far the reading is."""

    path: Path
    format: str
    header: list[str]
    size: int
    encoding: str = "utf-8"
    delimiter: str = ","
    _handle: IO[bytes] | None = None
    _text: io.TextIOWrapper | None = None  # held, or its collection would close _handle
    _book: Any = None
    _total_rows: int | None = None
    _rows_seen: int = 0

    def progress(self) -> float:
        """The share of the file read so far, 0 to 1 (bytes; rows for a workbook)."""
        if self.format == "xlsx":
            if not self._total_rows:
                return 0.0
            return min(1.0, self._rows_seen / self._total_rows)
        if self._handle is None or not self.size:
            return 0.0
        if self._handle.closed:
            return 1.0
        return min(1.0, self._handle.tell() / self.size)

    def rows(self, start_row: int = 0) -> Iterator[Record]:
        """(row number, cells by column) for each non-blank row numbered start_row or later."""
        readers = {"csv": self._csv_rows, "xlsx": self._xlsx_rows, "jsonl": self._jsonl_rows}
        for number, cells in readers[self.format]():
            if number >= start_row:
                yield number, cells

    def close(self) -> None:
        if self._text is not None:
            self._text.close()
        if self._handle is not None:
            self._handle.close()
        if self._book is not None:
            self._book.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # CSV

    def _csv_rows(self) -> Iterator[Record]:
        self._handle = self.path.open("rb")
        self._text = io.TextIOWrapper(self._handle, encoding=self.encoding, newline="")
        reader = csv.reader(self._text, delimiter=self.delimiter)
        width = len(self.header)
        try:
            next(reader, None)
            number = 1
            for cells in reader:
                number += 1
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    yield number, f"{len(cells)} cells, but the header names {width} columns"
                    continue
                yield number, dict(zip(self.header, cells, strict=False))
        except csv.Error as error:
            raise InputError(
                f'cannot read "{self.path.name}" as CSV after row {number}: {error}'
            ) from None

    # XLSX

    def _xlsx_rows(self) -> Iterator[Record]:
        sheet = self._open_sheet()
        self._total_rows = sheet.max_row
        rows = sheet.iter_rows(values_only=True)
        next(rows, None)
        for number, values in enumerate(rows, start=2):
            self._rows_seen = number
            cells = [cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(self.header) and any(c.strip() for c in cells[len(self.header) :]):
                yield number, f"{len(cells)} cells, but the header names {len(self.header)} columns"
                continue
            yield number, dict(zip(self.header, cells, strict=False))

    def _open_sheet(self) -> Any:
        # openpyxl ships no type hints: imported by name, its objects are Any.
        openpyxl = importlib.import_module("openpyxl")
        invalid = importlib.import_module("openpyxl.utils.exceptions").InvalidFileException
        try:
            self._book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            return self._book.worksheets[0]
        except (invalid, OSError, KeyError, ValueError, IndexError, zipfile.BadZipFile) as error:
            raise InputError(
                f'"{self.path.name}" is not a readable Excel workbook ({error})'
            ) from None

    # JSONL

    def _jsonl_rows(self) -> Iterator[Record]:
        self._handle = self.path.open("rb")
        self._text = io.TextIOWrapper(self._handle, encoding=self.encoding)
        for number, line in enumerate(self._text, start=1):
            if not line.strip():
                continue
            parsed = _json_object(line)
            if isinstance(parsed, str):
                yield number, parsed
            else:
                yield number, flatten(parsed)


def _json_object(line: str) -> dict[str, Any] | str:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return f"not valid JSON ({error.msg})"
    except RecursionError:
        return "not valid JSON (nested too deeply)"
    if not isinstance(value, dict):
        return "not a JSON object"
    return value


def _csv_header(path: Path, encoding: str, delimiter: str) -> list[str]:
    with path.open(encoding=encoding, newline="") as handle:
        try:
            header = next(csv.reader(handle, delimiter=delimiter), None)
        except csv.Error as error:
            raise InputError(f'cannot read the header of "{path.name}": {error}') from None
    if not header or not any(h.strip() for h in header):
        raise InputError(f'"{path.name}" has no header row')
    return _unique(header)


def check_workbook(path: Path, name: str | None = None) -> None:
    """InputError, naming the reason, for a workbook that is not a zip or that unpacks to
    more than the limits above. Reads the zip's directory and the first bytes of its shared
    strings only, so it is cheap enough for a web request."""
    shown = name or path.name
    try:
        with zipfile.ZipFile(path) as book:
            members = book.infolist()
            unpacked = sum(m.file_size for m in members)
            if unpacked > XLSX_MAX_UNPACKED_BYTES:
                raise InputError(
                    f'"{shown}" unpacks to {unpacked >> 20:,} MB, more than the '
                    f"{XLSX_MAX_UNPACKED_BYTES >> 20:,} MB a workbook may hold here; "
                    "save it as CSV instead"
                )
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > XLSX_RATIO_FROM and ratio > XLSX_MAX_RATIO:
                    raise InputError(
                        f'"{shown}" is refused: its part {member.filename} unpacks '
                        f"{ratio:,.0f} times larger than it is stored (at most "
                        f"{XLSX_MAX_RATIO} times), as a decompression bomb does"
                    )
            shared = next((m for m in members if m.filename.endswith("sharedStrings.xml")), None)
            if shared is not None:
                with book.open(shared) as handle:
                    head = handle.read(4096)
                found = _SHARED_COUNT.search(head)
                count = int(found.group(1) or found.group(2)) if found else 0
                if count > XLSX_MAX_SHARED_STRINGS:
                    raise InputError(
                        f'"{shown}" declares {count:,} distinct texts, more than the '
                        f"{XLSX_MAX_SHARED_STRINGS:,} a workbook may hold here; "
                        "save it as CSV instead"
                    )
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise InputError(f'"{shown}" is not a readable Excel workbook ({error})') from None


def _xlsx_header(table: Table) -> list[str]:
    try:
        first = next(table._open_sheet().iter_rows(values_only=True), None)
    finally:
        table.close()
        table._book = None
    if first is None or not any(v is not None and str(v).strip() for v in first):
        raise InputError(f'"{table.path.name}" is empty: its first sheet has no header row')
    return _unique([cell_text(v) for v in first])


def _jsonl_header(path: Path, encoding: str) -> list[str]:
    keys: dict[str, None] = {}
    with path.open(encoding=encoding) as handle:
        for number, line in enumerate(handle, start=1):
            if number > JSONL_HEADER_LINES:
                break
            if line.strip() and isinstance(parsed := _json_object(line), dict):
                keys.update(dict.fromkeys(flatten(parsed)))
    if not keys:
        raise InputError(f'"{path.name}" holds no JSON object in its first lines')
    return list(keys)


def open_table(path: Path, fmt: str | None = None) -> Table:
    """Open a file for streaming; InputError when it is missing, empty, undecodable, has no
    header, or is a workbook past the limits of `check_workbook`. (A CSV's or JSONL's
    encoding is checked over the whole file first.)"""
    if not path.is_file():
        raise InputError(f'file not found: "{path}"')
    size = path.stat().st_size
    if size == 0:
        raise InputError(f'"{path.name}" is empty')
    table = Table(path=path, format=fmt or file_format(path.name), header=[], size=size)
    if table.format == "xlsx":
        check_workbook(path)
        table.header = _xlsx_header(table)
        return table
    table.encoding = detect_encoding(path)
    if table.format == "jsonl":
        table.header = _jsonl_header(path, table.encoding)
    else:
        table.delimiter = detect_delimiter(path, table.encoding)
        table.header = _csv_header(path, table.encoding, table.delimiter)
    return table


def preview(path: Path, fmt: str | None = None, rows: int = 10) -> tuple[list[str], list[Record]]:
    """The header and the first rows of a file."""
    with open_table(path, fmt) as table:
        first: list[Record] = []
        for record in table.rows():
            first.append(record)
            if len(first) >= rows:
                break
        return table.header, first
