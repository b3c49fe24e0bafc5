"""Reads for the insight pages and API: sums of the rollups, never the feedback itself
(except the few items an issue page quotes, by index)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from outward.analytics.prevalence import PrevalenceThresholds
from outward.customers.models import Customer, Product, ProductBatch, Touchpoint
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.insights import sums
from outward.insights.choices import RecallStatus, ThemeKind
from outward.insights.models import (
    AnalysisRun,
    RecallReview,
    Theme,
    ThemeCustomerDay,
    ThemeEdit,
)

DEFAULT_DAYS = 90
TREND_WEEKS = 12
RISING, FALLING = 1.25, 0.8  # recent rate over earlier rate
MIN_RECENT = 5  # mentions in the recent weeks before a trend is called


@dataclass(frozen=True)
class Filters:
    """The slice of feedback a page shows: a period (inclusive days) and optional slices."""

    start: dt.date
    end: dt.date
    source: str = ""
    segment: str = ""
    region: str = ""
    touchpoint: int | None = None
    product: str = ""

    @classmethod
    def from_query(
        cls, query: QueryDict, today: dt.date | None = None, days: int = DEFAULT_DAYS
    ) -> tuple[Filters, dict[str, str]]:
        """Filters from a page's query string, and an error per field it could not read;
        without dates, the `days` days up to today."""
        today = today or timezone.localdate()
        errors: dict[str, str] = {}

        def day(name: str, default: dt.date) -> dt.date:
            raw = query.get(name, "").strip()
            if not raw:
                return default
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                errors[name] = "A date as YYYY-MM-DD."
                return default

        end = day("end", today)
        start = day("start", default_start(end, days))
        if start > end:
            errors["start"] = "The start comes after the end."
            start = default_start(end, days)
        source = query.get("source", "").strip()
        if source and source not in Source.values:
            errors["source"] = "Unknown source."
            source = ""
        touchpoint: int | None = None
        raw_touchpoint = query.get("touchpoint", "").strip()
        if raw_touchpoint:
            if raw_touchpoint.isdigit() and len(raw_touchpoint) < 10:
                touchpoint = int(raw_touchpoint)
            else:
                errors["touchpoint"] = "Unknown touchpoint."
        product = query.get("product", "").strip()
        product_id = _uuid_or_none(product)
        if product and (product_id is None or not Product.objects.filter(pk=product_id).exists()):
            errors["product"] = "Unknown product."
            product = ""
        return (
            cls(
                start=start,
                end=end,
                source=source,
                segment=query.get("segment", "").strip()[:50],
                region=query.get("region", "").strip()[:50],
                touchpoint=touchpoint,
                product=product,
            ),
            errors,
        )

    def slices(self) -> list[tuple[str, str]]:
        """The slices the filters keep, as `ThemeSliceDay` (dimension, value) pairs."""
        given = [
            ("touchpoint", "" if self.touchpoint is None else str(self.touchpoint)),
            ("product", self.product),
            ("source", self.source),
            ("segment", self.segment),
            ("region", self.region),
        ]
        return [(dimension, value) for dimension, value in given if value]

    def day_q(self) -> Q:
        q = Q(day__gte=self.start, day__lte=self.end)
        if self.source:
            q &= Q(source=self.source)
        if self.segment:
            q &= Q(segment=self.segment)
        if self.region:
            q &= Q(region=self.region)
        if self.touchpoint is not None:
            q &= Q(touchpoint_id=self.touchpoint)
        if self.product:
            q &= Q(product_id=self.product)
        return q

    def customer_q(self) -> Q:
        q = Q(day__gte=self.start, day__lte=self.end)
        if self.source:
            q &= Q(source=self.source)
        if self.touchpoint is not None:
            q &= Q(touchpoint_id=self.touchpoint)
        if self.product:
            q &= Q(product_id=self.product)
        if self.segment or self.region:
            people = Customer.objects.all()
            if self.segment:
                people = people.filter(segment=self.segment)
            if self.region:
                people = people.filter(region=self.region)
            q &= Q(customer_id__in=people.values("pk"))
        return q

    def query_string(self) -> str:
        params = QueryDict(mutable=True)
        params["start"], params["end"] = self.start.isoformat(), self.end.isoformat()
        for name in ("source", "segment", "region", "product"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        if self.touchpoint is not None:
            params["touchpoint"] = str(self.touchpoint)
        return params.urlencode()


def default_start(end: dt.date, days: int = DEFAULT_DAYS) -> dt.date:
    """The first day of the default period of `days` days that ends on `end`."""
    return end - dt.timedelta(days=days - 1)


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class IssueRow:
    """One theme on the board, over the filtered period."""

    theme: Theme
    mentions: int
    customers: int
    negative_share: float
    mean_sentiment: float
    nps: float | None
    prevalence: str
    revenue_at_risk: Decimal
    rates: tuple[float, ...] = ()
    trend: str = "steady"

    @property
    def negative_pct(self) -> int:
        return round(100 * self.negative_share)

    @property
    def impact(self) -> float:
        """Customers affected, weighed by how negative their words are."""
        return self.customers * self.negative_share

    @property
    def sparkline(self) -> str:
        """SVG polyline points (100 x 24 box) of the weekly rates."""
        if not self.rates:
            return ""
        top = max(self.rates) or 1.0
        step = 100 / max(len(self.rates) - 1, 1)
        return " ".join(
            f"{i * step:.1f},{24 - 22 * rate / top:.1f}" for i, rate in enumerate(self.rates)
        )


@dataclass(frozen=True)
class Board:
    filters: Filters
    issues: list[IssueRow]
    praise: list[IssueRow]
    items: int
    base: int
    run: AnalysisRun | None
    open_reviews: list[RecallReview] = field(default_factory=list)


def current_run() -> AnalysisRun | None:
    return AnalysisRun.objects.filter(is_current=True).defer("model", "fitted", "summary").first()


def board(filters: Filters, limit: int = 40) -> Board:
    """Themes ranked by impact (customers affected x negative share), praise apart."""
    visible = Theme.objects.filter(hidden=False, merged_into__isnull=True)
    base = Customer.objects.active().count()
    rows, total = _rows(filters, visible, base)
    issues = sorted(
        (r for r in rows if r.theme.kind == ThemeKind.ISSUE), key=lambda r: (-r.impact, -r.mentions)
    )[:limit]
    praise = sorted(
        (r for r in rows if r.theme.kind == ThemeKind.PRAISE), key=lambda r: -r.customers
    )[:limit]
    shown = _with_trends(filters, issues + praise)
    open_reviews = list(
        RecallReview.objects.filter(status=RecallStatus.OPEN).select_related(
            "theme", "product", "batch", "owner"
        )
    )
    return Board(
        filters=filters,
        issues=shown[: len(issues)],
        praise=shown[len(issues) :],
        items=total,
        base=base,
        run=current_run(),
        open_reviews=open_reviews,
    )


def merge_targets(theme: Theme) -> QuerySet[Theme]:
    """The themes this one may merge into: shown, not merged, not archived, not itself."""
    shown = Theme.objects.filter(merged_into__isnull=True, archived=False, hidden=False)
    return shown.exclude(pk=theme.pk).order_by("name", "label")


def board_row(theme: Theme, filters: Filters) -> IssueRow | None:
    """The theme's board figures over the period, even when hidden (None: no mentions)."""
    themes = Theme.objects.filter(pk=theme.pk)
    rows, _ = _rows(filters, themes, Customer.objects.active().count(), only=[theme.pk])
    return _with_trends(filters, rows)[0] if rows else None


def _rows(
    filters: Filters, themes: QuerySet[Theme], base: int, only: list[int] | None = None
) -> tuple[list[IssueRow], int]:
    """Board rows of these themes (those mentioned in the period), and all items counted;
    `base` is the active customers the reach (one/few/many) is measured against."""
    by_theme = sums.theme_sums(filters, only)
    total = sum(row["n"] for row in by_theme.values())
    reached = sums.reach(filters, only) if any(by_theme) else {}  # theme 0: no theme
    thresholds = PrevalenceThresholds()
    rows = []
    for theme in themes.filter(pk__in=[t for t in by_theme if t]):
        row = by_theme[theme.pk]
        n = row["n"] or 0
        customers, revenue = reached.get(theme.pk, (0, Decimal(0)))
        rows.append(
            IssueRow(
                theme=theme,
                mentions=n,
                customers=customers,
                negative_share=(row["neg"] or 0) / n if n else 0.0,
                mean_sentiment=(row["s"] or 0.0) / n if n else 0.0,
                nps=100 * ((row["pro"] or 0) - (row["det"] or 0)) / row["nps_n"]
                if row["nps_n"]
                else None,
                prevalence=str(thresholds.classify(customers, max(base, 1))),
                revenue_at_risk=revenue,
            )
        )
    return rows, total


def _with_trends(filters: Filters, rows: list[IssueRow]) -> list[IssueRow]:
    rates = _weekly_rates(filters, [r.theme.pk for r in rows])
    return [
        replace(
            r, rates=rates.get(r.theme.pk, ()), trend=_trend(rates.get(r.theme.pk, ()), r.mentions)
        )
        for r in rows
    ]


def _weekly_rates(filters: Filters, theme_ids: list[int]) -> dict[int, tuple[float, ...]]:
    """Each theme's share of all items, per week of the last TREND_WEEKS of the period."""
    if not theme_ids:
        return {}
    start = max(filters.start, filters.end - dt.timedelta(weeks=TREND_WEEKS))
    totals: dict[Any, int] = defaultdict(int)
    counts: dict[int, dict[Any, int]] = defaultdict(dict)
    wanted = set(theme_ids)
    for week, theme, n in sums.weekly_counts(replace(filters, start=start)):
        totals[week] += n
        if theme in wanted:
            counts[theme][week] = n
    weeks = sorted(totals)
    return {
        theme: tuple(counts[theme].get(w, 0) / totals[w] if totals[w] else 0.0 for w in weeks)
        for theme in theme_ids
    }


def _trend(rates: tuple[float, ...], mentions: int) -> str:
    """Rising or falling when the last four weeks' mean rate differs from the weeks before
    by a quarter or more (rates, so a quiet week moves nothing)."""
    if len(rates) < 6 or mentions < MIN_RECENT:
        return "steady"
    recent, earlier = rates[-4:], rates[:-4]
    before = sum(earlier) / len(earlier)
    now = sum(recent) / len(recent)
    if before == 0:
        return "new" if now > 0 else "steady"
    if now >= RISING * before:
        return "rising"
    if now <= FALLING * before:
        return "falling"
    return "steady"


@dataclass(frozen=True)
class Slice:
    label: str
    mentions: int
    negative_share: float


@dataclass(frozen=True)
class ThemePage:
    theme: Theme
    row: IssueRow | None
    touchpoints: list[Slice]
    products: list[Slice]
    batches: list[Slice]
    items: list[FeedbackItem]
    customers: list[Customer]
    edits: list[ThemeEdit]
    merge_targets: QuerySet[Theme]
    reviews: list[RecallReview]


def theme_page(theme: Theme, filters: Filters) -> ThemePage:
    full = board_row(theme, filters)
    touchpoints = {str(pk): name for pk, name in Touchpoint.objects.values_list("pk", "name")}
    products = {str(pk): name for pk, name in Product.objects.values_list("pk", "name")}
    per_batch = sums.slice_counts(filters, theme.pk, "batch")
    batches = {
        str(pk): f"{lot} ({product})"
        for pk, lot, product in ProductBatch.objects.filter(
            pk__in=[value for value, _, _ in per_batch]
        ).values_list("pk", "lot_code", "product__name")
    }
    start = timezone.make_aware(dt.datetime.combine(filters.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min))
    touched = ThemeCustomerDay.objects.filter(filters.customer_q(), theme_id=theme.pk).values(
        "customer_id"
    )
    return ThemePage(
        theme=theme,
        row=full,
        touchpoints=_slices(sums.slice_counts(filters, theme.pk, "touchpoint"), touchpoints),
        products=_slices(sums.slice_counts(filters, theme.pk, "product"), products),
        batches=_slices(per_batch, batches),
        items=list(
            FeedbackItem.objects.filter(
                theme_id=theme.pk, occurred_at__gte=start, occurred_at__lt=end
            )
            .select_related("customer", "touchpoint")
            .order_by("-occurred_at")[:20]
        ),
        customers=list(
            Customer.objects.filter(pk__in=touched).order_by("-annual_value", "name")[:15]
        ),
        edits=list(theme.edits.select_related("by")[:30]),
        merge_targets=merge_targets(theme),
        reviews=list(theme.recall_reviews.select_related("batch", "product", "owner")),
    )


def _slices(counts: list[tuple[str, int, int]], names: dict[str, str]) -> list[Slice]:
    return [Slice(names.get(value) or "—", n, neg / n if n else 0.0) for value, n, neg in counts]


def recall_reviews(status: str = "") -> QuerySet[RecallReview]:
    reviews = RecallReview.objects.select_related("theme", "product", "batch", "owner")
    return reviews.filter(status=status) if status else reviews


def affected_owners(review: RecallReview) -> QuerySet[Customer]:
    """Owners of the review's batch who mentioned its theme: the outreach list."""
    mentioned = ThemeCustomerDay.objects.filter(theme_id=review.theme_id).values("customer_id")
    return (
        Customer.objects.filter(assets__batch_id=review.batch_id, pk__in=mentioned)
        .distinct()
        .order_by("name")
    )
