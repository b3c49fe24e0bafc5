"""Read queries behind the coverage page and API: how much of the customer base we asked,
and heard from, in the last twelve months.

"Invited": an invitation e-mail went out to the customer (`sent_at`) in the window.
"Heard from": any feedback item from the customer itself in the window (a completed survey
response is one too; an account is not heard from through its people: someone at the buying
organisation should be asked and answer).

Both read the customers' rollups (`last_invited_at`, `last_heard_at`), so the page costs one
pass over the customers whatever the volume of feedback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.utils import timezone

from outward.customers.models import Customer, CustomerQuerySet
from outward.surveys.choices import SurveyKind
from outward.surveys.models import ContactPolicy, Invitation
from outward.surveys.services.invitations import contactable_customers

WINDOW_DAYS = 365


@dataclass(frozen=True)
class Share:
    label: str
    customers: int
    invited: int
    heard: int

    @property
    def invited_pct(self) -> float:
        return 100 * self.invited / self.customers if self.customers else 0.0

    @property
    def heard_pct(self) -> float:
        return 100 * self.heard / self.customers if self.customers else 0.0


@dataclass(frozen=True)
class CoverageFigures:
    since: datetime
    overall: Share
    by_segment: list[Share]
    by_region: list[Share]
    never_heard: int
    contactable: int
    not_invited_in_cycle: int
    coverage_days: int


def window_start(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=WINDOW_DAYS)


def _invited(since: datetime) -> ExpressionWrapper:
    return ExpressionWrapper(Q(last_invited_at__gte=since), output_field=BooleanField())


def _heard(since: datetime) -> ExpressionWrapper:
    return ExpressionWrapper(Q(last_heard_at__gte=since), output_field=BooleanField())


def _total(label: str, rows: list[dict[str, object]]) -> Share:
    return Share(
        label=label,
        customers=sum(int(r["n"]) for r in rows),  # type: ignore[call-overload]
        invited=sum(int(r["n"]) for r in rows if r["invited"]),  # type: ignore[call-overload]
        heard=sum(int(r["n"]) for r in rows if r["heard"]),  # type: ignore[call-overload]
    )


def _split(rows: list[dict[str, object]], key: str) -> list[Share]:
    groups: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        groups.setdefault(str(row[key] or ""), []).append(row)
    return [_total(label or "(none)", groups[label]) for label in sorted(groups)]


def coverage_figures(now: datetime | None = None) -> CoverageFigures:
    """The page's figures in three queries, whatever the size of the customer base."""
    since = window_start(now)
    rows = list(
        Customer.objects.active()
        .annotate(invited=_invited(since), heard=_heard(since))
        .order_by()
        .values("segment", "region", "invited", "heard")
        .annotate(n=Count("*"))  # not a column: the coverage index alone answers the query
    )
    policy = ContactPolicy.current()
    cycle_start = (now or timezone.now()) - timedelta(days=policy.coverage_days)
    # One uncorrelated list of the cycle's invitees, not a look-up per customer.
    asked = Invitation.objects.filter(
        survey__kind=SurveyKind.RELATIONSHIP, invited_at__gte=cycle_start, customer__isnull=False
    ).values("customer_id")
    counts = (
        contactable_customers()
        .order_by()
        .aggregate(total=Count("id"), not_asked=Count("id", filter=~Q(pk__in=asked)))
    )
    overall = _total("All active customers", rows)
    return CoverageFigures(
        since=since,
        overall=overall,
        by_segment=_split(rows, "segment"),
        by_region=_split(rows, "region"),
        never_heard=overall.customers - overall.heard,
        contactable=counts["total"],
        not_invited_in_cycle=counts["not_asked"],
        coverage_days=policy.coverage_days,
    )


def never_heard_from(query: str = "", now: datetime | None = None) -> CustomerQuerySet:
    """Active customers with no response and no feedback in the window, by name."""
    since = window_start(now)
    customers: QuerySet[Customer] = (
        Customer.objects.active()
        .search(query)
        .filter(Q(last_heard_at__lt=since) | Q(last_heard_at__isnull=True))
        .annotate(last_invited=F("last_invited_at"))
        .order_by("name", "id")
    )
    return customers  # type: ignore[return-value]
