"""The rollups the insight pages read (`ThemeDay`, `ThemeSliceDay`, `ThemeCustomerDay`, the
`ThemeWindow` snapshot) and the home page's (`SourceDay`).

`add` folds newly analysed items in with additive upserts (INSERT ... ON CONFLICT DO UPDATE
SET n = n + excluded.n, on SQLite and PostgreSQL alike); `rebuild` recomputes everything
from the stored items (a refit's switch-over); `refresh_windows` recounts the usual periods'
reach for a new day. All run inside the caller's transaction, after it locked
`InsightsState`, so they never interleave. Days are local dates (settings.TIME_ZONE), as the
pages filter them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, IntegerField, Max, Q, Sum
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from outward.core.bulk import add_counts, sliced
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.feedback.choices import SENTIMENT_NEUTRAL_BAND
from outward.feedback.models import FeedbackItem
from outward.insights.models import (
    WINDOWS,
    InsightsState,
    SourceDay,
    ThemeCustomerDay,
    ThemeDay,
    ThemeSliceDay,
    ThemeWindow,
)

DAY_KEY = (
    "day",
    "theme_id",
    "touchpoint_id",
    "product_id",
    "batch_id",
    "source",
    "segment",
    "region",
)
COUNTS = (
    "items",
    "negative",
    "positive",
    "sentiment_sum",
    "nps_n",
    "promoters",
    "detractors",
    "csat_n",
    "csat_satisfied",
    "ces_n",
    "ces_sum",
)
SOURCE_KEY = ("day", "source")
SOURCE_COUNTS = ("items", *COUNTS[COUNTS.index("nps_n") :], "csat_sum")
"""The day x source rollup: ThemeDay's item and score counts, and the CSAT sum for its mean."""
SOURCE_GROUPED = ("n", "nps_count", "promo", "detra", "csat_count", "csat_sat", "ces_count",
                  "ces_total", "csat_total")  # fmt: skip
"""`rebuild`'s aggregate of each SOURCE_COUNTS column, in order."""
SLICE_KEY = ("dimension", "value", "day", "theme_id")
SLICE_COLUMNS = {
    "touchpoint": "touchpoint_id",
    "product": "product_id",
    "batch": "batch_id",
    "source": "source",
    "segment": "segment",
    "region": "region",
}
"""Each slice dimension's ThemeDay column (its position in DAY_KEY gives the value)."""
WINDOW_KEY = ("end", "days", "theme_id")
INSERT_BATCH = 1000


@dataclass(frozen=True)
class ItemFacts:
    """What the rollups need of one analysed item."""

    occurred_at: dt.datetime
    theme_id: int | None
    touchpoint_id: int | None
    product_id: uuid.UUID | None
    batch_id: uuid.UUID | None
    source: str
    customer_id: uuid.UUID | None
    sentiment: float | None
    nps: int | None
    csat: int | None
    ces: int | None


def facts_of(items: Iterable[FeedbackItem]) -> list[ItemFacts]:
    return [
        ItemFacts(
            occurred_at=i.occurred_at,
            theme_id=i.theme_id,
            touchpoint_id=i.touchpoint_id,
            product_id=i.product_id,
            batch_id=i.batch_id,
            source=i.source,
            customer_id=i.customer_id,
            sentiment=i.sentiment,
            nps=i.nps,
            csat=i.csat,
            ces=i.ces,
        )
        for i in items
    ]


def _counts(item: ItemFacts) -> tuple[float, ...]:
    s = item.sentiment
    return (
        1,
        int(s is not None and s < -SENTIMENT_NEUTRAL_BAND),
        int(s is not None and s > SENTIMENT_NEUTRAL_BAND),
        float(s or 0.0),
        int(item.nps is not None),
        int(item.nps is not None and item.nps >= 9),
        int(item.nps is not None and item.nps <= 6),
        int(item.csat is not None),
        int(item.csat is not None and item.csat >= 4),
        int(item.ces is not None),
        int(item.ces or 0),
    )


def _source_counts(item: ItemFacts, counts: tuple[float, ...]) -> tuple[float, ...]:
    """The item's SOURCE_COUNTS, from its ThemeDay `counts`."""
    return (counts[0], *counts[COUNTS.index("nps_n") :], int(item.csat or 0))


def add(items: Sequence[ItemFacts]) -> None:
    """Fold these items (each counted once, never before) into the rollups."""
    if not items:
        return
    customers = {i.customer_id for i in items if i.customer_id is not None}
    slices: dict[uuid.UUID, tuple[str, str]] = {}
    values: dict[uuid.UUID, Decimal] = {}
    for pk, segment, region, status, annual in Customer.objects.filter(
        pk__in=customers
    ).values_list("pk", "segment", "region", "status", "annual_value"):
        slices[pk] = (segment, region)
        values[pk] = Decimal(annual or 0) if status == LifecycleStatus.ACTIVE else Decimal(0)
    days: dict[tuple[Any, ...], list[float]] = {}
    sources: dict[tuple[Any, ...], list[float]] = {}
    seen: set[tuple[Any, ...]] = set()
    for item in items:
        day = timezone.localdate(item.occurred_at)
        counts = _counts(item)
        per_source = sources.setdefault((day, item.source), [0.0] * len(SOURCE_COUNTS))
        for k, count in enumerate(_source_counts(item, counts)):
            per_source[k] += count
        theme = item.theme_id or 0
        touchpoint = item.touchpoint_id or 0
        product = str(item.product_id) if item.product_id else ""
        segment, region = slices.get(item.customer_id, ("", "")) if item.customer_id else ("", "")
        key = (
            day,
            theme,
            touchpoint,
            product,
            str(item.batch_id) if item.batch_id else "",
            item.source,
            segment,
            region,
        )
        totals = days.setdefault(key, [0.0] * len(COUNTS))
        for k, value in enumerate(counts):
            totals[k] += value
        if item.customer_id is not None:
            seen.add((theme, day, item.customer_id, touchpoint, product, item.source))
    add_counts(ThemeDay, DAY_KEY, COUNTS, days)
    add_counts(ThemeSliceDay, SLICE_KEY, COUNTS, _slices_of(days))
    add_counts(SourceDay, SOURCE_KEY, SOURCE_COUNTS, sources)
    _add_reach(seen, values)
    ThemeCustomerDay.objects.bulk_create(
        [
            ThemeCustomerDay(
                theme_id=t, day=d, customer_id=c, touchpoint_id=tp, product_id=p, source=s
            )
            for t, d, c, tp, p, s in seen
        ],
        ignore_conflicts=True,
        batch_size=INSERT_BATCH,
    )


def _slices_of(days: dict[tuple[Any, ...], list[float]]) -> dict[tuple[Any, ...], list[float]]:
    """ThemeSliceDay's rows of these ThemeDay rows: all items, then one slice at a time."""
    found: dict[tuple[Any, ...], list[float]] = {}
    positions = {name: DAY_KEY.index(column) for name, column in SLICE_COLUMNS.items()}
    for key, totals in days.items():
        day, theme = key[0], key[1]
        wanted = [("", "")]
        wanted += [(name, str(key[at])) for name, at in positions.items() if key[at]]
        for dimension, value in wanted:
            row = found.setdefault((dimension, value, day, theme), [0.0] * len(COUNTS))
            for k, count in enumerate(totals):
                row[k] += count
    return found


def _add_reach(seen: set[tuple[Any, ...]], values: dict[uuid.UUID, Decimal]) -> None:
    """Count in `ThemeWindow` the customers these new (theme, day, customer, ...) mentions
    reach for the first time in one of its periods (before they are stored)."""
    end = InsightsState.objects.filter(pk=1).values_list("windows_end", flat=True).first()
    if end is None:
        return
    oldest = end - dt.timedelta(days=max(WINDOWS) - 1)
    latest: dict[tuple[int, uuid.UUID], dt.date] = {}
    for theme, day, customer, *_ in seen:
        if oldest <= day <= end:
            latest[(theme, customer)] = max(day, latest.get((theme, customer), day))
    if not latest:
        return
    counted: dict[tuple[int, uuid.UUID], dt.date] = {}
    themes = {theme for theme, _ in latest}
    for part in sliced({customer for _, customer in latest}):
        rows = (
            ThemeCustomerDay.objects.filter(
                theme_id__in=themes, customer_id__in=part, day__gte=oldest, day__lte=end
            )
            .values_list("theme_id", "customer_id")
            .annotate(last=Max("day"))
            .order_by()
        )
        counted.update({(t, c): last for t, c, last in rows})
    reach: dict[tuple[Any, ...], list[Any]] = {}
    for (theme, customer), day in latest.items():
        before = counted.get((theme, customer))
        for days in WINDOWS:
            start = end - dt.timedelta(days=days - 1)
            if day >= start and (before is None or before < start):
                row = reach.setdefault((end, days, theme), [0, Decimal(0)])
                row[0] += 1
                row[1] += values.get(customer, Decimal(0))
    add_counts(ThemeWindow, WINDOW_KEY, ("customers", "revenue"), reach)


def refresh_windows(end: dt.date | None = None) -> None:
    """Recount `ThemeWindow` for the periods up to `end` (default today): per theme, the
    distinct customers who mentioned it and the annual value of the active ones."""
    end = end or timezone.localdate()
    ThemeWindow.objects.all().delete()
    customers = connection.ops.quote_name(Customer._meta.db_table)
    rows: list[ThemeWindow] = []
    for days in WINDOWS:
        start = end - dt.timedelta(days=days - 1)
        pairs = (
            ThemeCustomerDay.objects.filter(day__gte=start, day__lte=end)
            .values("theme_id", "customer_id")
            .distinct()
            .order_by()
        )
        inner, params = pairs.query.sql_with_params()
        # Our own table names and the ORM's compiled, parameterised inner query.
        sql = (
            "SELECT t.theme_id, COUNT(*), "  # noqa: S608
            "SUM(CASE WHEN c.status = %s THEN c.annual_value ELSE 0 END) "
            f"FROM ({inner}) t JOIN {customers} c ON c.id = t.customer_id GROUP BY t.theme_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [LifecycleStatus.ACTIVE, *params])
            rows += [
                ThemeWindow(
                    end=end, days=days, theme_id=t, customers=n, revenue=Decimal(str(v or 0))
                )
                for t, n, v in cursor.fetchall()
            ]
    ThemeWindow.objects.bulk_create(rows, batch_size=INSERT_BATCH)
    InsightsState.objects.get_or_create(pk=1)
    InsightsState.objects.filter(pk=1).update(windows_end=end)


def _fill_slices() -> None:
    """ThemeSliceDay from ThemeDay, in the database (a rebuild)."""
    quote = connection.ops.quote_name
    sums = ", ".join(f"SUM({quote(c)})" for c in COUNTS)
    counts = ", ".join(quote(c) for c in COUNTS)
    target = quote(ThemeSliceDay._meta.db_table)
    source = quote(ThemeDay._meta.db_table)
    head = f"INSERT INTO {target} (dimension, value, day, theme_id, {counts}) "
    with connection.cursor() as cursor:
        # Our own table and column names; no values in the SQL.
        cursor.execute(
            f"{head} SELECT '', '', day, theme_id, {sums} FROM {source} "  # noqa: S608
            "GROUP BY day, theme_id"
        )
        for dimension, column in SLICE_COLUMNS.items():
            empty = "0" if column == "touchpoint_id" else "''"
            cursor.execute(
                f"{head} SELECT %s, CAST({quote(column)} AS TEXT), day, theme_id, "  # noqa: S608
                f"{sums} FROM {source} WHERE {quote(column)} <> {empty} "
                f"GROUP BY day, theme_id, {quote(column)}",
                [dimension],
            )


def rebuild() -> None:
    """Recompute every rollup row from the analysed items (a refit's switch-over)."""
    ThemeDay.objects.all().delete()
    ThemeSliceDay.objects.all().delete()
    ThemeCustomerDay.objects.all().delete()
    SourceDay.objects.all().delete()
    analysed = FeedbackItem.objects.filter(analysed_at__isnull=False).order_by()
    band = SENTIMENT_NEUTRAL_BAND
    grouped = (
        analysed.annotate(day=TruncDate("occurred_at"))
        .values(
            "day",
            "theme_id",
            "touchpoint_id",
            "product_id",
            "batch_id",
            "source",
            "customer__segment",
            "customer__region",
        )
        .annotate(
            n=Count("id"),
            neg=Count("id", filter=Q(sentiment__lt=-band)),
            pos=Count("id", filter=Q(sentiment__gt=band)),
            s_sum=Coalesce(Sum("sentiment"), 0.0),
            nps_count=Count("nps"),
            promo=Count("id", filter=Q(nps__gte=9)),
            detra=Count("id", filter=Q(nps__lte=6)),
            csat_count=Count("csat"),
            csat_sat=Count("id", filter=Q(csat__gte=4)),
            ces_count=Count("ces"),
            ces_total=Coalesce(Sum(Cast("ces", IntegerField())), 0),
            csat_total=Coalesce(Sum(Cast("csat", IntegerField())), 0),
        )
    )
    batch: list[ThemeDay] = []
    sources: dict[tuple[Any, ...], list[float]] = {}
    for g in grouped.iterator(chunk_size=5000):
        per_source = sources.setdefault((g["day"], g["source"]), [0.0] * len(SOURCE_COUNTS))
        for k, name in enumerate(SOURCE_GROUPED):
            per_source[k] += g[name]
        batch.append(
            ThemeDay(
                day=g["day"],
                theme_id=g["theme_id"] or 0,
                touchpoint_id=g["touchpoint_id"] or 0,
                product_id=str(g["product_id"]) if g["product_id"] else "",
                batch_id=str(g["batch_id"]) if g["batch_id"] else "",
                source=g["source"],
                segment=g["customer__segment"] or "",
                region=g["customer__region"] or "",
                items=g["n"],
                negative=g["neg"],
                positive=g["pos"],
                sentiment_sum=g["s_sum"],
                nps_n=g["nps_count"],
                promoters=g["promo"],
                detractors=g["detra"],
                csat_n=g["csat_count"],
                csat_satisfied=g["csat_sat"],
                ces_n=g["ces_count"],
                ces_sum=g["ces_total"],
            )
        )
        if len(batch) >= INSERT_BATCH:
            ThemeDay.objects.bulk_create(batch)
            batch = []
    ThemeDay.objects.bulk_create(batch)
    add_counts(SourceDay, SOURCE_KEY, SOURCE_COUNTS, sources)
    pairs = (
        analysed.filter(customer_id__isnull=False)
        .annotate(day=TruncDate("occurred_at"))
        .values_list("theme_id", "day", "customer_id", "touchpoint_id", "product_id", "source")
        .distinct()
    )
    rows: list[ThemeCustomerDay] = []
    for theme, day, customer, touchpoint, product, source in pairs.iterator(chunk_size=5000):
        rows.append(
            ThemeCustomerDay(
                theme_id=theme or 0,
                day=day,
                customer_id=customer,
                touchpoint_id=touchpoint or 0,
                product_id=str(product) if product else "",
                source=source,
            )
        )
        if len(rows) >= INSERT_BATCH:
            ThemeCustomerDay.objects.bulk_create(rows)
            rows = []
    ThemeCustomerDay.objects.bulk_create(rows)
    _fill_slices()
    refresh_windows()


def move(source_theme: int, target_theme: int) -> None:
    """Fold one theme's rollup rows into another's (a merge), without reading the items."""
    rows = ThemeDay.objects.filter(theme_id=source_theme).values_list(*DAY_KEY, *COUNTS)
    days: dict[tuple[Any, ...], list[float]] = {}
    for values in rows.iterator(chunk_size=5000):
        key = (values[0], target_theme, *values[2 : len(DAY_KEY)])
        days[key] = [float(v) for v in values[len(DAY_KEY) :]]
    add_counts(ThemeDay, DAY_KEY, COUNTS, days)
    ThemeDay.objects.filter(theme_id=source_theme).delete()
    slices = ThemeSliceDay.objects.filter(theme_id=source_theme)
    moved = {
        (dimension, value, day, target_theme): [float(v) for v in counts]
        for dimension, value, day, _, *counts in slices.values_list(*SLICE_KEY, *COUNTS)
    }
    add_counts(ThemeSliceDay, SLICE_KEY, COUNTS, moved)
    slices.delete()
    pairs = ThemeCustomerDay.objects.filter(theme_id=source_theme)
    ThemeCustomerDay.objects.bulk_create(
        [
            ThemeCustomerDay(
                theme_id=target_theme,
                day=p.day,
                customer_id=p.customer_id,
                touchpoint_id=p.touchpoint_id,
                product_id=p.product_id,
                source=p.source,
            )
            for p in pairs.iterator(chunk_size=5000)
        ],
        ignore_conflicts=True,
        batch_size=INSERT_BATCH,
    )
    pairs.delete()
    refresh_windows()
