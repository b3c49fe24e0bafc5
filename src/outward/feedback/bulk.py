"""Feedback items inserted many at once (an import chunk), each (source, external id) once.

Called inside the caller's transaction. Items whose (source, external id) is stored already
are counted as duplicates, the rest inserted with one insert that skips conflicts (a
concurrent writer of the same keys may commit first: its rows win, ours count as duplicates).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db import connections, router

from outward.core.bulk import insert_ignoring_conflicts, sliced, stored_pks
from outward.feedback.models import FeedbackItem


class NewItem(Protocol):
    """One item to insert (an import's parsed row has these attributes); `row` numbers it."""

    @property
    def row(self) -> int: ...
    @property
    def source(self) -> str: ...
    @property
    def external_id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def occurred_at(self) -> datetime | None: ...
    @property
    def nps(self) -> int | None: ...
    @property
    def csat(self) -> int | None: ...
    @property
    def ces(self) -> int | None: ...
    @property
    def touchpoint_id(self) -> int | None: ...
    @property
    def product_id(self) -> uuid.UUID | None: ...
    @property
    def batch_id(self) -> uuid.UUID | None: ...
    @property
    def raw(self) -> dict[str, str]: ...
    @property
    def tags(self) -> list[str]: ...


@dataclass
class ItemWrites:
    created: list[dict[str, Any]]  # the values of the items created
    duplicates: int


def insert_items(
    rows: Sequence[NewItem], customers: dict[int, uuid.UUID], now: datetime
) -> ItemWrites:
    """Insert the rows not stored yet; count the others (stored before, or repeated within the
    chunk) as duplicates. `customers` gives the customer of a row, by row number."""
    by_key: dict[tuple[str, str], NewItem] = {}
    for row in rows:
        by_key.setdefault((row.source, row.external_id), row)
    duplicates = len(rows) - len(by_key)
    stored: set[tuple[str, str]] = set()
    sources: dict[str, set[str]] = {}
    for source, external_id in by_key:
        sources.setdefault(source, set()).add(external_id)
    for source, external_ids in sources.items():
        for part in sliced(external_ids):
            # exclude(external_id="") is the unique index's condition: without it SQLite
            # cannot use that index and scans every item of the source.
            found = (
                FeedbackItem.objects.filter(source=source, external_id__in=part)
                .exclude(external_id="")
                .order_by()
            )
            stored.update((source, e) for e in found.values_list("external_id", flat=True))
    duplicates += len(stored)
    fresh: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "source": row.source,
            "external_id": row.external_id,
            "customer_id": customers.get(row.row),
            "touchpoint_id": row.touchpoint_id,
            "product_id": row.product_id,
            "batch_id": row.batch_id,
            "text": row.text,
            "language": row.language,
            "nps": row.nps,
            "csat": row.csat,
            "ces": row.ces,
            "occurred_at": row.occurred_at or now,
            "received_at": now,
            "imported": True,
            "raw": row.raw,
            "tags": row.tags,
        }
        for key, row in by_key.items()
        if key not in stored
    ]
    inserted = insert_ignoring_conflicts(FeedbackItem, fresh, now)
    if inserted == len(fresh):
        return ItemWrites(created=fresh, duplicates=duplicates)
    # Some rows did not go in: a concurrent run of the same file committed their keys between
    # our look-up and our insert (its rows win, ours are duplicates). Which ones?
    kept = stored_pks(FeedbackItem, [values["id"] for values in fresh])
    created = [values for values in fresh if values["id"] in kept]
    return ItemWrites(created=created, duplicates=duplicates + len(fresh) - len(created))


def set_themes(themes: Mapping[uuid.UUID, int | None]) -> int:
    """Store each item's theme (an `insights` theme id, or None): one UPDATE per theme and
    slice of ids, so a refit's million items take a few thousand statements. Returns how
    many items were updated."""
    by_theme: dict[int | None, list[uuid.UUID]] = {}
    for item, theme in themes.items():
        by_theme.setdefault(theme, []).append(item)
    updated = 0
    for theme, items in by_theme.items():
        for part in sliced(items):
            updated += FeedbackItem.objects.filter(pk__in=part).update(theme_id=theme)
    return updated


_ANALYSIS_FIELDS = ("sentiment", "root_cause", "root_cause_cues", "analysed_at")


def store_analysis(items: Sequence[FeedbackItem]) -> None:
    """Write the analysis fields of many items: one prepared UPDATE run per item by the
    driver (`executemany`), where `bulk_update` would compile a CASE per field and item."""
    if not items:
        return
    connection = connections[router.db_for_write(FeedbackItem)]
    meta = FeedbackItem._meta
    fields = [f for f in meta.concrete_fields if f.name in _ANALYSIS_FIELDS]
    pk = meta.pk
    assert pk is not None
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    # Quoted names of our own table and columns; every value is a parameter.
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(pk.column)} = %s"  # noqa: S608
    params = [
        (
            *(f.get_db_prep_save(getattr(item, f.attname), connection) for f in fields),
            pk.get_db_prep_value(item.pk, connection),
        )
        for item in items
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
