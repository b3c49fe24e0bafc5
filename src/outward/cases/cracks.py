"""What slips through the cracks: overdue promises, active cases with no next step (or one
past its date), detractors nobody answered; and the promise-kept and on-time rates per team
and person that the metric reviews read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from outward.cases.choices import PromiseStatus
from outward.cases.models import Case, Promise
from outward.feedback.models import FeedbackItem

DETRACTOR_DAYS = 14
RATE_DAYS = 90
SHOWN = 100


def overdue_promises(now: dt.datetime) -> QuerySet[Promise]:
    return (
        Promise.objects.filter(status=PromiseStatus.OPEN, due_at__lt=now)
        .select_related("owner", "team", "customer", "case")
        .order_by("due_at", "id")
    )


def stalled_cases(now: dt.datetime) -> QuerySet[Case]:
    """Active cases with no next step, or with one whose date has passed."""
    return (
        Case.objects.active()
        .filter(Q(next_step="") | Q(next_step_due__lt=now))
        .select_related("assignee", "team", "customer")
        .order_by("created_at", "id")
    )


def unanswered_detractors(now: dt.datetime) -> QuerySet[FeedbackItem]:
    """Detractor answers of the last two weeks that no case took up."""
    since = now - dt.timedelta(days=DETRACTOR_DAYS)
    return (
        FeedbackItem.objects.filter(occurred_at__gte=since, nps__lte=6, customer__isnull=False)
        .filter(~Exists(Case.objects.filter(feedback=OuterRef("pk"))))
        .select_related("customer")
        .order_by("nps", "-occurred_at")
    )


@dataclass(frozen=True)
class Rate:
    """Promises settled in the window: kept, kept by their due time, broken."""

    label: str
    settled: int
    kept: int
    on_time: int

    @property
    def kept_pct(self) -> float | None:
        return 100 * self.kept / self.settled if self.settled else None

    @property
    def on_time_pct(self) -> float | None:
        return 100 * self.on_time / self.settled if self.settled else None


def _rates(rows: list[dict[str, object]], label_key: str) -> list[Rate]:
    return [
        Rate(
            label=str(r[label_key] or "(none)"),
            settled=int(str(r["settled"])),
            kept=int(str(r["kept"])),
            on_time=int(str(r["on_time"])),
        )
        for r in rows
    ]


def _settled(now: dt.datetime, days: int) -> QuerySet[Promise]:
    return Promise.objects.filter(
        status__in=[PromiseStatus.KEPT, PromiseStatus.BROKEN],
        resolved_at__gte=now - dt.timedelta(days=days),
        resolved_at__lte=now,
    )


def promise_rates(
    now: dt.datetime | None = None, days: int = RATE_DAYS
) -> tuple[Rate, list[Rate], list[Rate]]:
    """Promise-kept and on-time rates over the last `days` days: overall, per team, per
    person (owners)."""
    now = now or timezone.now()
    counts = {
        "settled": Count("id"),
        "kept": Count("id", filter=Q(status=PromiseStatus.KEPT)),
        "on_time": Count("id", filter=Q(status=PromiseStatus.KEPT, resolved_at__lte=F("due_at"))),
    }
    settled = _settled(now, days)
    total = settled.aggregate(**counts)
    overall = Rate("All", total["settled"], total["kept"], total["on_time"])
    teams = _rates(
        list(settled.values("team__name").annotate(**counts).order_by("team__name")),
        "team__name",
    )
    people = list(
        settled.values("owner__first_name", "owner__last_name", "owner__username")
        .annotate(**counts)
        .order_by("owner__last_name", "owner__username")
    )
    for row in people:
        name = f"{row['owner__first_name']} {row['owner__last_name']}".strip()
        row["who"] = name or row["owner__username"]
    return overall, teams, _rates(people, "who")


@dataclass(frozen=True)
class Holder:
    """One person's (or nobody's) share of the cracks."""

    team: str
    person: str
    overdue_promises: int
    stalled_cases: int


def by_holder(now: dt.datetime) -> list[Holder]:
    """Overdue promises and stalled cases per team and person, most first."""
    found: dict[tuple[str, str], list[int]] = {}

    def name(first: object, last: object, user: object) -> str:
        return f"{first or ''} {last or ''}".strip() or str(user or "(nobody)")

    for row in (
        overdue_promises(now)
        .values("team__name", "owner__first_name", "owner__last_name", "owner__username")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (
            str(row["team__name"] or "(no team)"),
            name(row["owner__first_name"], row["owner__last_name"], row["owner__username"]),
        )
        found.setdefault(key, [0, 0])[0] += int(row["n"])
    for row in (
        stalled_cases(now)
        .values("team__name", "assignee__first_name", "assignee__last_name", "assignee__username")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (
            str(row["team__name"] or "(no team)"),
            name(
                row["assignee__first_name"], row["assignee__last_name"], row["assignee__username"]
            ),
        )
        found.setdefault(key, [0, 0])[1] += int(row["n"])
    holders = [Holder(t, p, a, b) for (t, p), (a, b) in found.items()]
    return sorted(
        holders, key=lambda h: (-(h.overdue_promises + h.stalled_cases), h.team, h.person)
    )
