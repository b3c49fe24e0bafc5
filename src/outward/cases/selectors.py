"""Read queries of the case lists, a case's page and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from outward.accounts.models import User
from outward.cases.choices import CaseStatus
from outward.cases.models import Case, CaseEvent

VIEWS = {
    "mine": "Mine",
    "team": "My team",
    "unassigned": "Unassigned",
    "breaching": "Breaching SLA",
    "active": "All open",
    "done": "Resolved and closed",
}


@dataclass(frozen=True)
class CaseFilter:
    view: str = "mine"
    status: str = ""
    priority: str = ""
    query: str = ""


def cases(user: User, chosen: CaseFilter, now: dt.datetime | None = None) -> QuerySet[Case]:
    """One of the list views, with the columns the list shows joined in."""
    now = now or timezone.now()
    found = Case.objects.select_related("customer", "assignee", "team")
    if chosen.view == "mine":
        found = found.active().filter(assignee=user)
    elif chosen.view == "team":
        found = found.active().filter(team_id=user.team_id) if user.team_id else found.none()
    elif chosen.view == "unassigned":
        found = found.active().filter(assignee__isnull=True)
    elif chosen.view == "breaching":
        found = found.breaching(now)
    elif chosen.view == "done":
        found = found.filter(status__in=[CaseStatus.RESOLVED, CaseStatus.CLOSED])
    else:
        found = found.active()
    if chosen.status:
        found = found.filter(status=chosen.status)
    if chosen.priority:
        found = found.filter(priority=chosen.priority)
    if chosen.query:
        q = chosen.query.strip()
        found = found.filter(
            Q(reference__iexact=q) | Q(title__icontains=q) | Q(customer__name__icontains=q)
        )
    return found


def counts(user: User, now: dt.datetime | None = None) -> dict[str, int]:
    """How many cases each view holds (the tabs' badges)."""
    now = now or timezone.now()
    active = Case.objects.active()
    return {
        "mine": active.filter(assignee=user).count(),
        "team": active.filter(team_id=user.team_id).count() if user.team_id else 0,
        "unassigned": active.filter(assignee__isnull=True).count(),
        "breaching": Case.objects.breaching(now).count(),
    }


def timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("by").order_by("at", "id")
