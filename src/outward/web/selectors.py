"""Read queries behind the home page: a handful of aggregates, never a loop over rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, DateField, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem

FEEDBACK_DAYS = 30
SCORE_DAYS = 90
CHART_MONTHS = 12


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


def feedback_by_source(since: datetime) -> list[SourceCount]:
    """Items per source since `since`, the largest source first."""
    labels = dict(Source.choices)
    rows = (
        FeedbackItem.objects.filter(occurred_at__gte=since)
        .order_by()
        .values("source")
        .annotate(n=Count("id"))
        .order_by("-n", "source")
    )
    return [SourceCount(r["source"], labels.get(r["source"], r["source"]), r["n"]) for r in rows]


def _percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def scores(since: datetime) -> Scores:
    row = FeedbackItem.objects.filter(occurred_at__gte=since).aggregate(
        nps_n=Count("nps"),
        promoters=Count("id", filter=Q(nps__gte=9)),
        detractors=Count("id", filter=Q(nps__lte=6)),
        csat_n=Count("csat"),
        csat_top=Count("id", filter=Q(csat__gte=4)),
        csat_mean=Avg("csat"),
        ces_n=Count("ces"),
        ces_mean=Avg("ces"),
    )
    promoters, detractors = (
        _percent(row["promoters"], row["nps_n"]),
        _percent(row["detractors"], row["nps_n"]),
    )
    return Scores(
        nps=None if promoters is None or detractors is None else promoters - detractors,
        nps_n=row["nps_n"],
        csat=_percent(row["csat_top"], row["csat_n"]),
        csat_mean=row["csat_mean"],
        csat_n=row["csat_n"],
        ces=row["ces_mean"],
        ces_n=row["ces_n"],
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
    since = timezone.make_aware(datetime.combine(starts[0], datetime.min.time()))
    rows = (
        FeedbackItem.objects.filter(occurred_at__gte=since)
        .annotate(month=TruncMonth("occurred_at", output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
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
