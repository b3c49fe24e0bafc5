"""Reading feedback files (CSV, XLSX, JSONL, Parquet) into a table, with clear errors.

`load_file(path, overrides)` reads only the header first, guesses which column holds what
(`columns.guess_columns`), then reads just those columns (so a 40-column export costs
what its five useful columns cost), checks the table is not empty and parses the date
column; rows whose date cannot be parsed are left out with a note naming the first one
(row N counts data rows from 1, the header not counted). Every other problem a user can
cause is an `InputError` whose message names it: missing column, undecodable encoding,
empty file, unsupported extension, malformed file. A delimited file without a header row
(`header=False`) has its columns named by position: "1", "2", ...

Values are read as text (ids such as "00123" keep their zeros); the pipeline converts
scores and outcomes itself.
"""

from __future__ import annotations

import codecs
import csv
import importlib
import json
import re
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from outward.analytics.columns import ColumnMap, InputError, guess_columns

__all__ = [
    "SUPPORTED",
    "ColumnMap",
    "InputError",
    "detect_delimiter",
    "detect_encoding",
    "guess_columns_for",
    "guess_date_format",
    "load",
    "load_file",
    "parse_dates",
    "parse_dates_lenient",
    "read_header",
    "read_table",
]

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson", ".parquet")
_CHUNK = 1 << 24
_DELIMITERS = ",;\t|"
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
_DATE_FORMATS = (
    "%a %b %d %H:%M:%S %z %Y",  # Twitter
    "%m/%d/%Y",  # CFPB (older exports), US spreadsheets
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%b %d, %Y",
    "%d %b %Y",
    "%B %d, %Y",
)


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(
            f'unsupported file type "{path.suffix or path.name}": '
            f"use {', '.join(SUPPORTED)} (Excel: .xlsx)"
        )
    return suffix


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise InputError(f'file not found: "{path}"')
    if path.stat().st_size == 0:
        raise InputError(f'"{path.name}" is empty')


def detect_encoding(path: Path) -> str:
    """The encoding of a text file: UTF-16 (by its byte-order mark), UTF-8, else Windows-1252.

    The whole file is decoded once in 16 MiB chunks (the C codecs run at hundreds of MB/s).
    InputError when neither UTF-8 nor Windows-1252 can decode it, or when it holds NUL or
    other control bytes (a binary file, or an encoding we do not read).
    """
    with path.open("rb") as handle:
        head = handle.read(4)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 0
        try:
            with path.open("rb") as handle:
                while block := handle.read(_CHUNK):
                    text = decoder.decode(block)
                    if bad := _CONTROL.search(text):
                        line = lines + text.count("\n", 0, bad.start()) + 1
                        raise InputError(
                            f'cannot decode "{path.name}": line {line} holds a control or NUL '
                            f"character (U+{ord(bad.group()):04X}), so it is not a text file in "
                            "an encoding we read; save it as UTF-8 CSV"
                        )
                    lines += text.count("\n")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            if encoding == "cp1252":
                line = lines + error.object[: error.start].count(b"\n") + 1
                raise InputError(
                    f'cannot decode "{path.name}": it is neither UTF-8 nor Windows-1252 text '
                    f"(undecodable byte 0x{error.object[error.start]:02x} on line {line}); "
                    "save it as UTF-8 CSV"
                ) from None
            continue
        return encoding
    raise AssertionError("unreachable: cp1252 either decodes or raises")


def _delimiter(path: Path, encoding: str) -> str:
    """The delimiter most frequent in the header line among , ; tab and | (comma on a tie)."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        header = handle.readline()
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def detect_delimiter(path: Path, encoding: str) -> str:
    """The delimiter of a delimited text file (see `_delimiter`); for streaming readers."""
    return _delimiter(path, encoding)


def _read_csv(
    path: Path, columns: Sequence[str] | None, nrows: int | None, header: bool = True
) -> pd.DataFrame:
    encoding = detect_encoding(path)
    usecols: list[str] | list[int] | None = None
    if columns is not None and header:
        usecols = list(columns)
    elif columns is not None:
        usecols = [int(c) - 1 for c in columns]
    try:
        frame = pd.read_csv(
            path,
            sep=_delimiter(path, encoding),
            encoding=encoding,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            header=0 if header else None,
            usecols=usecols,
            nrows=nrows,
            engine="c",
        )
        if not header:
            frame.columns = pd.Index([str(int(c) + 1) for c in frame.columns])
        return frame
    except pd.errors.EmptyDataError:
        raise InputError(f'"{path.name}" is empty: it has no header and no rows') from None
    except UnicodeDecodeError as error:
        raise InputError(f'cannot decode "{path.name}": {error.reason}') from None
    except (pd.errors.ParserError, csv.Error, ValueError, OverflowError) as error:
        detail = str(error).strip().replace("\n", " ")
        raise InputError(f'cannot read "{path.name}" as CSV: {detail}') from None


def _read_xlsx(path: Path, columns: Sequence[str] | None, nrows: int | None) -> pd.DataFrame:
    """The first worksheet; the first row is the header. openpyxl's streaming reader."""
    # openpyxl ships no type hints: imported by name, its objects are Any.
    openpyxl = importlib.import_module("openpyxl")
    invalid = importlib.import_module("openpyxl.utils.exceptions").InvalidFileException
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (invalid, OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise InputError(f'"{path.name}" is not a readable Excel workbook ({error})') from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(v is None for v in header):
            raise InputError(f'"{path.name}" is empty: its first sheet has no header row')
        names = [str(v) if v is not None else f"Unnamed: {i}" for i, v in enumerate(header)]
        keep = [i for i, n in enumerate(names) if columns is None or n in columns]
        data: list[tuple[Any, ...]] = []
        for row in rows:
            if nrows is not None and len(data) >= nrows:
                break
            if any(v is not None for v in row):
                data.append(tuple(row[i] if i < len(row) else None for i in keep))
    finally:
        book.close()
    return pd.DataFrame(data, columns=[names[i] for i in keep], dtype=object)


def _read_jsonl(path: Path, columns: Sequence[str] | None, nrows: int | None) -> pd.DataFrame:
    """One JSON object per line. pyarrow's reader first; per line (to name the bad line) after."""
    encoding = detect_encoding(path)
    if nrows is None and encoding == "utf-8-sig":
        import pyarrow as pa
        from pyarrow import json as pa_json

        try:
            table = pa_json.read_json(path)
            if columns is not None:
                table = table.select([c for c in columns if c in table.column_names])
            return table.to_pandas()
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            pass  # mixed types or a bad line: the slow path below says which line
    records: list[dict[str, Any]] = []
    with path.open(encoding=encoding) as handle:
        for number, line in enumerate(handle, start=1):
            if nrows is not None and len(records) >= nrows:
                break
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(
                    f'line {number} of "{path.name}" is not valid JSON: {error.msg}'
                ) from None
            if not isinstance(record, dict):
                raise InputError(f'line {number} of "{path.name}" is not a JSON object')
            records.append(record)
    frame = pd.DataFrame.from_records(records)
    return frame[[c for c in columns if c in frame.columns]] if columns is not None else frame


def _read_parquet(path: Path, columns: Sequence[str] | None, nrows: int | None) -> pd.DataFrame:
    import pyarrow as pa
    from pyarrow import parquet as pq

    try:
        if nrows is not None:
            return pq.read_schema(path).empty_table().to_pandas()
        return pq.read_table(path, columns=list(columns) if columns else None).to_pandas()
    except (pa.ArrowException, OSError) as error:
        raise InputError(f'"{path.name}" is not a readable Parquet file ({error})') from None


_READERS: dict[str, Callable[[Path, Sequence[str] | None, int | None], pd.DataFrame]] = {
    ".csv": _read_csv,
    ".tsv": _read_csv,
    ".txt": _read_csv,
    ".xlsx": _read_xlsx,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".parquet": _read_parquet,
}


def _headerless(file: Path, header: bool) -> bool:
    if header:
        return False
    if _READERS[_suffix(file)] is not _read_csv:
        raise InputError(
            f'"{file.name}": a file without a header row must be CSV or TSV (other formats '
            "name their columns)"
        )
    return True


def read_header(path: str | Path, *, header: bool = True) -> list[str]:
    """The column names of a file, reading as little of it as the format allows (by position,
    "1", "2", ..., for a delimited file without a header row)."""
    file = Path(path)
    _check_file(file)
    if _headerless(file, header):
        return [str(c) for c in _read_csv(file, None, 1, header=False).columns]
    frame = _READERS[_suffix(file)](file, None, 100 if file.suffix.lower() == ".jsonl" else 0)
    return [str(c) for c in frame.columns]


def read_table(
    path: str | Path, columns: Sequence[str] | None = None, *, header: bool = True
) -> pd.DataFrame:
    """The file as a table of the given columns (all when None); InputError if it has no rows."""
    file = Path(path)
    _check_file(file)
    if _headerless(file, header):
        frame = _read_csv(file, columns, None, header=False)
    else:
        frame = _READERS[_suffix(file)](file, columns, None)
    frame.columns = pd.Index([str(c) for c in frame.columns])
    if frame.empty:
        raise InputError(f'"{file.name}" has no data rows (only a header)')
    return frame


def _date_format(sample: pd.Series) -> str:
    """The first format that parses every value of the sample ("mixed": none does)."""
    guessed: str | None = pd.tseries.api.guess_datetime_format(str(sample.iloc[0]))
    for fmt in ("ISO8601", *([guessed] if guessed else []), *_DATE_FORMATS):
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce", utc=True)
        if parsed.notna().all():
            return fmt
    return "mixed"


def guess_date_format(sample: pd.Series) -> str:
    """The format `parse_dates` would use for these date strings ("mixed" when none fits)."""
    return _date_format(sample)


def parse_dates(values: pd.Series, column: str) -> pd.Series:
    """Dates as UTC timestamps (naive ones taken as UTC); missing values stay missing (NaT).

    The format is found on the first 1,000 values (ISO 8601, Twitter, US and European
    day/month orders; else dateutil per value) and applied to the whole column at once.
    InputError names the first value that cannot be parsed and its row (1 = first data row).
    """
    parsed, failed = parse_dates_lenient(values)
    if failed.any():
        row = int(np.flatnonzero(failed)[0])
        raise InputError(_bad_date(values, row, column))
    return parsed


def _bad_date(values: pd.Series, row: int, column: str) -> str:
    return (
        f'unparseable date "{values.iloc[row]}" in row {row + 1} of column "{column}" '
        "(use a date such as 2024-05-31 or 2024-05-31T14:05:00Z)"
    )


def parse_dates_lenient(values: pd.Series) -> tuple[pd.Series, np.ndarray[Any, np.dtype[np.bool_]]]:
    """``parse_dates`` without the error: the dates (NaT where missing or unparseable) and
    which values were present but could not be parsed."""
    series = values.reset_index(drop=True)
    nothing_failed = np.zeros(len(series), dtype=bool)
    if isinstance(series.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(series):
        stamps = pd.to_datetime(series)
        utc = stamps.dt.tz_localize("UTC") if stamps.dt.tz is None else stamps.dt.tz_convert("UTC")
        return utc, nothing_failed
    text = series.astype(object).where(series.notna(), None)
    present = text.notna().to_numpy() & (text.astype(str).str.strip() != "").to_numpy()
    if not present.any():
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns, UTC]"), nothing_failed
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        strings = text.where(present, None)
        if isinstance(strings[present].iloc[0], str):
            fmt = _date_format(strings[present].head(1000).astype(str))
            parsed = pd.to_datetime(strings, format=fmt, errors="coerce", utc=True)
        else:
            parsed = pd.to_datetime(strings, errors="coerce", utc=True)
        failed = present & parsed.isna().to_numpy()
        if 0 < failed.sum() <= max(1000, len(series) // 100):
            retry = pd.to_datetime(strings[failed], format="mixed", errors="coerce", utc=True)
            parsed = parsed.where(~failed, retry.reindex(parsed.index))
            failed = present & parsed.isna().to_numpy()
    return parsed, failed


@dataclass(frozen=True)
class LoadedFile:
    """A feedback file read for analysis: the table, what its columns hold, and notes on
    what was left out (rows with an unparseable date)."""

    table: pd.DataFrame
    columns: ColumnMap
    notes: tuple[str, ...]


def load_file(
    path: str | Path,
    overrides: Mapping[str, str | Sequence[str] | None] | None = None,
    *,
    header: bool = True,
) -> LoadedFile:
    """Read a feedback file: guess its columns, read them, parse the dates.

    The table holds only the columns in the ColumnMap, in input order, dates as UTC
    timestamps; rows whose date cannot be parsed are left out, with a note naming how many
    and the first. InputError for any other problem with the file.
    """
    file = Path(path)
    _check_file(file)
    _suffix(file)
    columns = guess_columns(read_header(file, header=header), overrides)
    frame = read_table(file, columns.used(), header=header)
    missing = [c for c in columns.used() if c not in frame.columns]
    if missing:
        raise InputError(f'missing column "{missing[0]}" in "{file.name}"')
    notes: list[str] = []
    if columns.date:
        parsed, failed = parse_dates_lenient(frame[columns.date])
        if failed.any():
            first = _bad_date(frame[columns.date], int(np.flatnonzero(failed)[0]), columns.date)
            count = int(failed.sum())
            notes.append(
                f"{count:,} row{'s' if count > 1 else ''} left out for an unparseable date, "
                f"the first: {first}."
            )
        frame[columns.date] = parsed.to_numpy()
        frame = frame[~failed].reset_index(drop=True)
    texts = frame[list(columns.text)]
    if frame.empty or not texts.notna().to_numpy().any():
        names = ", ".join(f'"{c}"' for c in columns.text)
        raise InputError(f"the text column {names} is empty in every row of {file.name}")
    return LoadedFile(frame, columns, tuple(notes))


def load(
    path: str | Path, overrides: Mapping[str, str | Sequence[str] | None] | None = None
) -> tuple[pd.DataFrame, ColumnMap]:
    """``load_file``'s table and ColumnMap."""
    loaded = load_file(path, overrides)
    return loaded.table, loaded.columns


def guess_columns_for(
    header: Sequence[str], overrides: Mapping[str, str | Sequence[str] | None] | None = None
) -> ColumnMap:
    """`columns.guess_columns` for a header (the column names of a file)."""
    return guess_columns(header, overrides)
