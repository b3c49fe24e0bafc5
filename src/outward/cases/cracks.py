"""What slips through the cracks: overdue promises, active cases with no next step (or one
past its date), detractors nobody answered; and the promise-kept and on-time rates per team
and person that the metric reviews read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from outward.accounts.models import Team, User
from outward.cases.choices import PromiseStatus
from outward.cases.models import Case, Promise, PromiseDay
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


def _names(ids: set[int]) -> dict[int, str]:
    return {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}


def _teams(ids: set[int]) -> dict[int, str]:
    return dict(Team.objects.filter(pk__in=ids).values_list("pk", "name"))


def promise_rates(
    now: dt.datetime | None = None, days: int = RATE_DAYS
) -> tuple[Rate, list[Rate], list[Rate]]:
    """Promise-kept and on-time rates over the last `days` days (by the day each promise was
    settled): overall, per team, per person (owners). Read from the daily rollup."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = list(
        PromiseDay.objects.filter(day__gt=today - dt.timedelta(days=days), day__lte=today)
        .values("team_id", "owner_id")
        .annotate(settled=Sum("settled"), kept=Sum("kept"), on_time=Sum("on_time"))
        .order_by()
    )
    teams = _teams({r["team_id"] for r in rows})
    people = _names({r["owner_id"] for r in rows})

    def total(label: str, group: list[dict[str, int]]) -> Rate:
        return Rate(
            label,
            sum(r["settled"] for r in group),
            sum(r["kept"] for r in group),
            sum(r["on_time"] for r in group),
        )

    by_team: dict[str, list[dict[str, int]]] = {}
    by_person: dict[str, list[dict[str, int]]] = {}
    for row in rows:
        by_team.setdefault(teams.get(row["team_id"], "(no team)"), []).append(row)
        by_person.setdefault(people.get(row["owner_id"], "(gone)"), []).append(row)
    return (
        total("All", rows),
        [total(label, group) for label, group in sorted(by_team.items())],
        [total(label, group) for label, group in sorted(by_person.items())],
    )


@dataclass(frozen=True)
class Holder:
    """One person's (or nobody's) share of the cracks."""

    team: str
    person: str
    overdue_promises: int
    stalled_cases: int


def by_holder(now: dt.datetime) -> list[Holder]:
    """Overdue promises and stalled cases per team and person, most first (grouped by ids,
    then named: the groups are few, the rows many)."""
    found: dict[tuple[int, int], list[int]] = {}
    for team, owner, n in (
        overdue_promises(now).values_list("team_id", "owner_id").annotate(n=Count("id")).order_by()
    ):
        found.setdefault((team or 0, owner or 0), [0, 0])[0] += n
    for team, owner, n in (
        stalled_cases(now).values_list("team_id", "assignee_id").annotate(n=Count("id")).order_by()
    ):
        found.setdefault((team or 0, owner or 0), [0, 0])[1] += n
    teams = _teams({t for t, _ in found})
    people = _names({p for _, p in found})
    holders = [
        Holder(teams.get(t, "(no team)"), people.get(p, "(nobody)"), a, b)
        for (t, p), (a, b) in found.items()
    ]
    return sorted(
        holders, key=lambda h: (-(h.overdue_promises + h.stalled_cases), h.team, h.person)
    )
