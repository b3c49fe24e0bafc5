"""Reads for the initiative pages and API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from outward.initiatives import groups
from outward.initiatives.models import Designer, DesignInput, Initiative, InitiativeResult
from outward.surveys.models import Invitation


def initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.select_related("owner", "result").prefetch_related("themes")


@dataclass(frozen=True)
class Asked:
    """Invitations an initiative sent (to design, or after the change) and the answers."""

    invited: int
    answered: int


@dataclass(frozen=True)
class InitiativePage:
    initiative: Initiative
    affected: int
    comparison: int
    designers: list[Designer]
    inputs: list[DesignInput]
    design_survey: Asked
    resurvey: Asked
    result: InitiativeResult | None
    resurvey_on: dt.date | None


def _asked(initiative: Initiative, what: str) -> Asked:
    sent = Invitation.objects.filter(event_ref__startswith=f"initiative-{initiative.pk}-{what}-")
    counts = sent.aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(responded_at__isnull=False))
    )
    return Asked(counts["invited"], counts["answered"])


def initiative_page(initiative: Initiative, today: dt.date | None = None) -> InitiativePage:
    today = today or timezone.localdate()
    resurvey_on = (
        initiative.change_date + dt.timedelta(days=initiative.resurvey_after_days)
        if initiative.change_date and initiative.resurvey_id
        else None
    )
    return InitiativePage(
        initiative=initiative,
        affected=groups.affected(initiative, today).count(),
        comparison=groups.comparison(initiative, today).count(),
        designers=list(initiative.designers.select_related("customer")),
        inputs=list(initiative.inputs.select_related("customer", "feedback", "recorded_by")),
        design_survey=_asked(initiative, "design"),
        resurvey=_asked(initiative, "after"),
        result=InitiativeResult.objects.filter(initiative=initiative).first(),
        resurvey_on=resurvey_on,
    )
