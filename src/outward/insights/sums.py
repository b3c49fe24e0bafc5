"""Which rollup answers a page's filters, and its sums.

A period unfiltered or filtered on one slice reads `ThemeSliceDay` (a few hundred rows a day
whatever the volume); two slices or more read the fine `ThemeDay`. Reach (distinct customers
and the annual value of the active ones) comes from the `ThemeWindow` snapshot for the usual
periods up to today, else from `ThemeCustomerDay` in one query.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncWeek

from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.insights.models import (
    WINDOWS,
    ThemeCustomerDay,
    ThemeDay,
    ThemeSliceDay,
    ThemeWindow,
)

if TYPE_CHECKING:
    from outward.insights.selectors import Filters

SUMS = {
    "n": Sum("items"),
    "neg": Sum("negative"),
    "s": Sum("sentiment_sum"),
    "nps_n": Sum("nps_n"),
    "pro": Sum("promoters"),
    "det": Sum("detractors"),
}


def _period(filters: Filters) -> Q:
    return Q(day__gte=filters.start, day__lte=filters.end)


def day_rows(filters: Filters) -> QuerySet[ThemeSliceDay] | QuerySet[ThemeDay]:
    """The rollup rows of the filters' period and slices (both tables share their counts)."""
    slices = filters.slices()
    if len(slices) > 1:
        return ThemeDay.objects.filter(filters.day_q())
    dimension, value = slices[0] if slices else ("", "")
    return ThemeSliceDay.objects.filter(_period(filters), dimension=dimension, value=value)


def theme_sums(filters: Filters, only: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """Per theme mentioned in the period: items, negative, sentiment and NPS counts."""
    rows = day_rows(filters)
    if only is not None:
        rows = rows.filter(theme_id__in=only)
    return {row["theme_id"]: row for row in rows.values("theme_id").annotate(**SUMS).order_by()}


def weekly_counts(filters: Filters) -> list[tuple[dt.date, int, int]]:
    """(week, theme, items) over the period."""
    return [
        (row["week"], row["theme_id"], row["n"])
        for row in day_rows(filters)
        .annotate(week=TruncWeek("day"))
        .values("week", "theme_id")
        .annotate(n=Sum("items"))
        .order_by()
    ]


def _window(filters: Filters) -> int | None:
    """The `ThemeWindow` period that is exactly these filters, if there is one."""
    days = (filters.end - filters.start).days + 1
    return None if filters.slices() or days not in WINDOWS else days


def reach(filters: Filters, only: list[int] | None = None) -> dict[int, tuple[int, Decimal]]:
    """Per theme: the distinct customers who mentioned it in the filters, and the annual
    value of the active ones (revenue at risk)."""
    days = _window(filters)
    if days is not None:
        # Rows ending on the filters' last day exist only while the snapshot ends there
        # (a new day's recount replaces them all; arrivals add to the current end's).
        stored = ThemeWindow.objects.filter(end=filters.end, days=days)
        if only is not None:
            stored = stored.filter(theme_id__in=only)
        found = {t: (n, v) for t, n, v in stored.values_list("theme_id", "customers", "revenue")}
        if found:
            return found
    pairs = ThemeCustomerDay.objects.filter(filters.customer_q())
    if only is not None:
        pairs = pairs.filter(theme_id__in=only)
    inner, params = (
        pairs.values("theme_id", "customer_id").distinct().order_by().query.sql_with_params()
    )
    customers = connection.ops.quote_name(Customer._meta.db_table)
    # Our own table names and the ORM's compiled, parameterised inner query.
    sql = (
        "SELECT t.theme_id, COUNT(*), "  # noqa: S608
        "SUM(CASE WHEN c.status = %s THEN c.annual_value ELSE 0 END) "
        f"FROM ({inner}) t JOIN {customers} c ON c.id = t.customer_id GROUP BY t.theme_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [LifecycleStatus.ACTIVE, *params])
        return {int(t): (int(n), Decimal(str(v or 0))) for t, n, v in cursor.fetchall()}


def slice_counts(filters: Filters, theme_id: int, dimension: str) -> list[tuple[str, int, int]]:
    """The theme's (value, items, negative) per value of one slice over the filters, most
    mentioned first (at most 12)."""
    grouped: QuerySet[Any, tuple[Any]]
    if filters.slices():
        column = {"touchpoint": "touchpoint_id", "product": "product_id", "batch": "batch_id"}
        key = column[dimension]
        grouped = (
            ThemeDay.objects.filter(filters.day_q(), theme_id=theme_id)
            .exclude(**{key: 0 if key == "touchpoint_id" else ""})
            .values_list(key)
        )
    else:
        grouped = ThemeSliceDay.objects.filter(
            _period(filters), theme_id=theme_id, dimension=dimension
        ).values_list("value")
    rows = grouped.annotate(n=Sum("items"), neg=Sum("negative")).order_by("-n")[:12]
    return [(str(value), n, neg) for value, n, neg in rows]
