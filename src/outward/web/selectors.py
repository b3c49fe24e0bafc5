"""Read queries behind the home page: a handful of aggregates over the per-day rollup
(`insights.SourceDay`, kept as items are analysed), never over the feedback itself. Periods
are whole local days: "the last 30 days" are the days from the one 30 days ago."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, DateField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.feedback.choices import Source
from outward.insights.models import SourceDay

FEEDBACK_DAYS = 30
SCORE_DAYS = 90
CHART_MONTHS = 12
SCORE_SUMS = ("nps_n", "promoters", "detractors", "csat_n", "csat_satisfied", "csat_sum",
              "ces_n", "ces_sum")  # fmt: skip


@dataclass(frozen=True)
class CustomerCounts:
    active: int
    churned: int

    @property
    def total(self) -> int:
        return self.active + self.churned


@dataclass(frozen=True)
class SourceCount:
    source: str
    label: str
    count: int


@dataclass(frozen=True)
class Scores:
    """NPS, CSAT and CES over one period, each with the number of answers it rests on.

    NPS = % promoters (9-10) - % detractors (0-6) of items with an NPS answer.
    CSAT = share (in %) of CSAT answers that are 4 or 5; `csat_mean` is the mean answer (1-5).
    CES = mean effort answer (1-7). A figure is None when nobody answered.
    """

    nps: float | None
    nps_n: int
    csat: float | None
    csat_mean: float | None
    csat_n: int
    ces: float | None
    ces_n: int


@dataclass(frozen=True)
class MonthVolume:
    month: date
    count: int


@dataclass(frozen=True)
class HomeFigures:
    customers: CustomerCounts
    feedback_recent: int
    feedback_by_source: list[SourceCount]
    scores: Scores
    monthly: list[MonthVolume]
    feedback_days: int = FEEDBACK_DAYS
    score_days: int = SCORE_DAYS


def customer_counts() -> CustomerCounts:
    row = Customer.objects.aggregate(
        active=Count("id", filter=Q(status=LifecycleStatus.ACTIVE)),
        churned=Count("id", filter=Q(status=LifecycleStatus.CHURNED)),
    )
    return CustomerCounts(active=row["active"], churned=row["churned"])


def _days_from(since: datetime) -> QuerySet[SourceDay]:
    return SourceDay.objects.filter(day__gte=timezone.localdate(since))


def feedback_by_source(since: datetime) -> list[SourceCount]:
    """Items per source since `since`, the largest source first."""
    labels = dict(Source.choices)
    rows = (
        _days_from(since)
        .values("source")
        .annotate(n=Sum("items"))
        .filter(n__gt=0)
        .order_by("-n", "source")
    )
    return [SourceCount(r["source"], labels.get(r["source"], r["source"]), r["n"]) for r in rows]


def _percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def scores(since: datetime) -> Scores:
    totals = _days_from(since).aggregate(**{name: Coalesce(Sum(name), 0) for name in SCORE_SUMS})
    promoters, detractors = (
        _percent(totals["promoters"], totals["nps_n"]),
        _percent(totals["detractors"], totals["nps_n"]),
    )
    csat_n, ces_n = totals["csat_n"], totals["ces_n"]
    return Scores(
        nps=None if promoters is None or detractors is None else promoters - detractors,
        nps_n=totals["nps_n"],
        csat=_percent(totals["csat_satisfied"], csat_n),
        csat_mean=totals["csat_sum"] / csat_n if csat_n else None,
        csat_n=csat_n,
        ces=totals["ces_sum"] / ces_n if ces_n else None,
        ces_n=ces_n,
    )


def _month_starts(today: date, months: int) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly_volume(months: int = CHART_MONTHS, now: datetime | None = None) -> list[MonthVolume]:
    """Feedback items per calendar month (local time), the last `months` months, oldest first."""
    starts = _month_starts(timezone.localdate(now), months)
    rows = (
        SourceDay.objects.filter(day__gte=starts[0])
        .annotate(month=TruncMonth("day", output_field=DateField()))
        .values("month")
        .annotate(n=Sum("items"))
        .order_by()
    )
    counts = {r["month"]: r["n"] for r in rows}
    return [MonthVolume(month=start, count=counts.get(start, 0)) for start in starts]


def home_figures(now: datetime | None = None) -> HomeFigures:
    now = now or timezone.now()
    recent = now - timedelta(days=FEEDBACK_DAYS)
    by_source = feedback_by_source(recent)
    return HomeFigures(
        customers=customer_counts(),
        feedback_recent=sum(s.count for s in by_source),
        feedback_by_source=by_source,
        scores=scores(now - timedelta(days=SCORE_DAYS)),
        monthly=monthly_volume(now=now),
    )
