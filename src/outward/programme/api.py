"""API v1: the programme checklist, its score over time, the written policy, training
records and the funding plan."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status

from outward.accounts.api_auth import api_requires, caller
from outward.accounts.models import User
from outward.core.api import referenced
from outward.core.permissions import Perm
from outward.programme import charts, selectors, services
from outward.programme.checklist import checklist
from outward.programme.models import ServicePolicy, TrainingRecord
from outward.programme.schemas import (
    ChecklistOut,
    FundingIn,
    FundingOut,
    PolicyOut,
    ScoreOut,
    TrainingIn,
    TrainingOut,
)

router = Router(tags=["programme"])


@router.get("/programme", response=ChecklistOut, **api_requires(Perm.PROGRAMME_VIEW))
def programme(request: HttpRequest) -> dict[str, Any]:
    """The checklist as of today, each line with its figures and where the evidence is."""
    found = checklist()
    lines = [line.to_dict() | {"evidence": reverse(line.evidence)} for line in found.lines]
    return {"day": found.day, "score": found.score, "lines": lines}


@router.get("/programme/history", response=list[ScoreOut], **api_requires(Perm.PROGRAMME_VIEW))
def history(request: HttpRequest) -> Any:
    """The daily scores of the last two years."""
    return selectors.history()


@router.get(
    "/programme/chart",
    response=dict[str, Any],
    url_name="programme_chart",
    **api_requires(Perm.PROGRAMME_VIEW),
)
def chart(request: HttpRequest) -> dict[str, Any]:
    """The score over time as a Plotly figure."""
    return charts.score_figure(list(selectors.history()))


@router.get("/programme/policy", response=list[PolicyOut], **api_requires(Perm.PROGRAMME_VIEW))
def policy_versions(request: HttpRequest) -> list[ServicePolicy]:
    """Every version of the written policy, the current one first."""
    return list(selectors.policies())


@router.get("/programme/training", response=list[TrainingOut], **api_requires(Perm.PROGRAMME_VIEW))
def training(request: HttpRequest) -> list[TrainingRecord]:
    """The latest training records (200)."""
    return list(selectors.training_records())


@router.post(
    "/programme/training", response={201: TrainingOut}, **api_requires(Perm.PROGRAMME_MANAGE)
)
def record_training(request: HttpRequest, body: TrainingIn) -> Status:
    """Record a course someone completed (recording it again gives the same record)."""
    user = referenced(User.objects.all(), body.user_id, field="user_id")
    made = services.record_training(
        user,
        course=body.course,
        completed_on=body.completed_on,
        valid_until=body.valid_until,
        hours=body.hours,
        note=body.note,
        by=caller(request),
    )
    return Status(201, made)


@router.put("/programme/funding/{year}", response=FundingOut, **api_requires(Perm.PROGRAMME_MANAGE))
def set_funding(request: HttpRequest, year: int, body: FundingIn) -> Any:
    """Set the year's planned spending on initiatives and on remedies."""
    return services.set_funding(
        year, initiatives=body.initiatives, remedies=body.remedies, by=caller(request)
    )
