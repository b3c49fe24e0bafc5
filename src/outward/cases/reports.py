"""How the empowerment policy is used, so managers can tune it: who grants on their own,
how often a limit forced an escalation, how long escalated customers waited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, Q, Sum
from django.utils import timezone

from outward.cases.choices import RemedyStatus
from outward.cases.models import Remedy

WINDOW_DAYS = 90


@dataclass(frozen=True)
class PersonUse:
    name: str
    requests: int
    alone: int
    escalated: int
    amount: float

    @property
    def escalated_pct(self) -> float:
        return 100 * self.escalated / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class Usage:
    days: int
    requests: int
    alone: int
    escalated: int
    waiting: int
    wait_median_hours: float | None
    wait_longest_hours: float | None
    people: list[PersonUse]

    @property
    def escalated_pct(self) -> float:
        return 100 * self.escalated / self.requests if self.requests else 0.0


def latitude_usage(now: dt.datetime | None = None, days: int = WINDOW_DAYS) -> Usage:
    now = now or timezone.now()
    recent = Remedy.objects.filter(created_at__gte=now - dt.timedelta(days=days))
    totals = recent.aggregate(
        requests=Count("id"),
        escalated=Count("id", filter=Q(escalated=True)),
        waiting=Count("id", filter=Q(status=RemedyStatus.PENDING)),
    )
    decided = recent.filter(escalated=True, decided_at__isnull=False)
    waits = [
        (end - start).total_seconds() / 3600
        for start, end in decided.values_list("created_at", "decided_at")
        if end is not None
    ]
    rows = (
        recent.values(
            "requested_by__first_name", "requested_by__last_name", "requested_by__username"
        )
        .annotate(
            n=Count("id"),
            escalated_n=Count("id", filter=Q(escalated=True)),
            amount=Sum(
                "amount", filter=Q(status__in=[RemedyStatus.GRANTED, RemedyStatus.APPROVED])
            ),
        )
        .order_by("-n")[:50]
    )
    people = [
        PersonUse(
            name=f"{r['requested_by__first_name']} {r['requested_by__last_name']}".strip()
            or str(r["requested_by__username"] or "(gone)"),
            requests=r["n"],
            alone=r["n"] - r["escalated_n"],
            escalated=r["escalated_n"],
            amount=float(r["amount"] or 0),
        )
        for r in rows
    ]
    return Usage(
        days=days,
        requests=totals["requests"],
        alone=totals["requests"] - totals["escalated"],
        escalated=totals["escalated"],
        waiting=totals["waiting"],
        wait_median_hours=median(waits) if waits else None,
        wait_longest_hours=max(waits) if waits else None,
        people=people,
    )
