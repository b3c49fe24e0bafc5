"""The per-row error report of an import as CSV (the page's download and `--errors FILE`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from outward.analytics.csvfiles import SafeWriter, Writable, stream_csv
from outward.imports.models import ImportRowError

HEADER = ("row", "column", "reason", "value")


def _cells(error: ImportRowError) -> tuple[str, str, str, str]:
    return (str(error.row), error.column, error.reason, error.value)


def write_errors(errors: Iterable[ImportRowError], handle: Writable) -> int:
    """Write the report to an open text file; how many errors it lists."""
    writer = SafeWriter(handle)
    writer.writerow(HEADER)
    count = 0
    for error in errors:
        writer.writerow(_cells(error))
        count += 1
    return count


def stream_errors(errors: Iterable[ImportRowError]) -> Iterator[str]:
    """The report line by line, for a streaming HTTP response."""
    return stream_csv(HEADER, (_cells(error) for error in errors))
