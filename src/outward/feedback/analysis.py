"""The bridge from the database to the analysis engine: feedback and ownership as plain tables.

The engine (`outward.analytics`) never imports Django; these read functions hand it pandas
frames built from `values_list` rows, streamed with `.iterator()` in chunks, so a million
items never become a million model instances (one query per frame, a few bytes per cell).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

import pandas as pd
from django.db.models import QuerySet

from outward.customers.models import CustomerAsset
from outward.feedback.models import FeedbackItem

CHUNK_SIZE = 20_000
"""Rows fetched per database round trip, and per partial frame before they are joined."""

# Frame column -> ORM lookup. `raw__team` is read by the database (a JSON key transform), so
# the rest of the raw payload never leaves it.
FEEDBACK_COLUMNS: dict[str, str] = {
    "id": "id",
    "customer_id": "customer_id",
    "account_id": "customer__account_id",
    "occurred_at": "occurred_at",
    "source": "source",
    "touchpoint": "touchpoint__slug",
    "product": "product__sku",
    "batch": "batch__lot_code",
    "text": "text",
    "nps": "nps",
    "csat": "csat",
    "ces": "ces",
    "team": "raw__team",
    "status": "customer__status",
    "churned_on": "customer__churned_on",
}

OWNERSHIP_COLUMNS: dict[str, str] = {
    "customer_id": "customer_id",
    "account_id": "customer__account_id",
    "product": "product__sku",
    "batch": "batch__lot_code",
    "owned_since": "owned_since",
    "status": "customer__status",
}

_ID_COLUMNS = ("id", "customer_id", "account_id")
_SCORE_COLUMNS = ("nps", "csat", "ces")


def _chunks(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _frame(
    queryset: QuerySet[Any],
    columns: dict[str, str],
    order: Sequence[str],
    chunk_size: int = CHUNK_SIZE,
) -> pd.DataFrame:
    """One frame from `values_list` rows, built chunk by chunk (column lists, no objects)."""
    names = list(columns)
    ordered = queryset.order_by(*order).values_list(*columns.values())
    rows = ordered.iterator(chunk_size=chunk_size)
    parts = [pd.DataFrame.from_records(chunk, columns=names) for chunk in _chunks(rows, chunk_size)]
    if not parts:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in names})
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _as_text_ids(frame: pd.DataFrame, names: Sequence[str]) -> None:
    # UUIDs as strings: hashable, comparable across databases and cheap to group or join on.
    for name in names:
        column = frame[name].astype(object)
        frame[name] = column.where(column.isna(), column.astype(str)).where(column.notna(), None)


def feedback_frame(
    queryset: QuerySet[FeedbackItem] | None = None, *, chunk_size: int = CHUNK_SIZE
) -> pd.DataFrame:
    """One row per feedback item, in a stable order (oldest first, then id), for the engine.

    Columns: id, customer_id, account_id (the account of a person in one, else None),
    occurred_at (datetime64, UTC), source, touchpoint (slug), product (SKU), batch (lot code),
    text, nps / csat / ces (float, NaN when not asked), team (`raw["team"]`, the team that
    handled the interaction, or None), status and churned_on (datetime64 date, NaT while
    active) of the customer. Ids are strings. One query, however many items.
    """
    items = FeedbackItem.objects.all() if queryset is None else queryset
    frame = _frame(items, FEEDBACK_COLUMNS, ("occurred_at", "id"), chunk_size)
    _as_text_ids(frame, _ID_COLUMNS)
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"], utc=True)
    for name in _SCORE_COLUMNS:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    frame["churned_on"] = pd.to_datetime(frame["churned_on"])
    frame["text"] = frame["text"].fillna("").astype(object)
    return frame


def ownership_frame(queryset: QuerySet[CustomerAsset] | None = None) -> pd.DataFrame:
    """One row per asset: who owns which product from which batch (`batch_concentration` input).

    Columns: customer_id, account_id, product (SKU), batch (lot code, None when unknown),
    owned_since (datetime64 date) and the owner's status. Ids are strings. One query.
    """
    assets = CustomerAsset.objects.all() if queryset is None else queryset
    frame = _frame(assets, OWNERSHIP_COLUMNS, ("customer_id", "id"))
    _as_text_ids(frame, ("customer_id", "account_id"))
    frame["owned_since"] = pd.to_datetime(frame["owned_since"])
    return frame
