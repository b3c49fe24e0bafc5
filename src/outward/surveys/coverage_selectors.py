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
from typing import Any

from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
)
from django.utils import timezone

from outward.customers.models import Customer
from outward.surveys.models import ContactPolicy
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


def _total(label: str, rows: list[dict[str, Any]]) -> Share:
    return Share(
        label=label,
        customers=sum(int(r["n"]) for r in rows),
        invited=sum(int(r["invited"]) for r in rows),
        heard=sum(int(r["heard"]) for r in rows),
    )


def _split(rows: list[dict[str, Any]], key: str) -> list[Share]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(str(row[key] or ""), []).append(row)
    return [_total(label or "(none)", groups[label]) for label in sorted(groups)]


def coverage_figures(now: datetime | None = None) -> CoverageFigures:
    """The page's figures in three queries, whatever the size of the customer base."""
    since = window_start(now)
    # Grouped in the coverage index's own order, counting columns it holds: SQLite answers
    # from the index alone, with no sort (the status column stands in for "a customer").
    rows = list(
        Customer.objects.active()
        .order_by()
        .values("segment", "region")
        .annotate(
            n=Count("status"),
            invited=Count("status", filter=Q(last_invited_at__gte=since)),
            heard=Count("status", filter=Q(last_heard_at__gte=since)),
        )
    )
    policy = ContactPolicy.current()
    cycle_start = (now or timezone.now()) - timedelta(days=policy.coverage_days)
    asked = Q(last_asked_at__gte=cycle_start)
    counts = (
        contactable_customers()
        .order_by()
        .aggregate(total=Count("email"), not_asked=Count("email", filter=~asked))
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


LISTS = {
    "quiet": "Not heard from in 12 months",
    "never_heard": "Never heard from",
    "never_invited": "Never invited",
}
# Where each list leads on the send page (its `heard` and `never_invited` criteria).
SEND_CRITERIA = {
    "quiet": {"heard": "365"},
    "never_heard": {"heard": "never"},
    "never_invited": {"never_invited": "on"},
}


def customer_list(which: str, query: str = "", now: datetime | None = None) -> QuerySet[Customer]:
    """One of LISTS, by name (`last_invited`: when an invitation was last e-mailed)."""
    if which not in LISTS or which == "quiet":
        return never_heard_from(query, now)
    base = Customer.objects.active().search(query).annotate(last_invited=F("last_invited_at"))
    if which == "never_heard":
        return base.filter(last_heard_at__isnull=True).order_by("name", "id")
    return base.filter(last_invited_at__isnull=True).order_by("name", "id")


def never_heard_from(query: str = "", now: datetime | None = None) -> QuerySet[Customer]:
    """Active customers with no feedback in the window, by name (`last_invited`: when an
    invitation was last e-mailed to them).

    Two index ranges (never heard from; heard from before the window) joined, so the list
    costs the customers in it, not a pass over every customer (an OR of the two is no range).
    """
    since = window_start(now)
    base = (
        Customer.objects.active()
        .search(query)
        .annotate(last_invited=F("last_invited_at"))
        .order_by()
    )
    never = base.filter(last_heard_at__isnull=True)
    long_ago = base.filter(last_heard_at__lt=since)
    return never.union(long_ago, all=True).order_by("name", "id")
