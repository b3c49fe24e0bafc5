"""Every table of the app as a download: CSV (streamed) or XLSX (openpyxl, write-only).

Text cells go through `analytics.csvfiles.safe_cell` in both formats, so a customer's
"=HYPERLINK(...)" stays text in the analyst's spreadsheet; numbers stay numbers.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse

from outward.analytics.csvfiles import safe_cell, stream_csv

FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    # openpyxl ships no type hints: imported by name, its objects are Any.
    openpyxl = importlib.import_module("openpyxl")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet")
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(safe_cell(str(value)))


def table_response(
    name: str, header: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str
) -> HttpResponseBase:
    """The rows as `name`.csv or `name`.xlsx (fmt: one of FORMATS)."""
    if fmt == "xlsx":
        response: HttpResponseBase = HttpResponse(_xlsx(name, header, rows), content_type=XLSX)
    else:
        response = StreamingHttpResponse(
            stream_csv(header, rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
