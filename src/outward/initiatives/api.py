"""API v1: improvement initiatives, their change and their customers' verdict."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from outward.accounts.api_auth import api_requires, caller
from outward.accounts.models import User
from outward.core.api import referenced
from outward.core.errors import NotFound, ValidationError
from outward.core.permissions import Perm
from outward.customers.models import Touchpoint
from outward.initiatives import selectors, services
from outward.initiatives.models import Initiative
from outward.initiatives.schemas import ChangeIn, InitiativeIn, InitiativeOut
from outward.insights.models import Theme

router = Router(tags=["initiatives"])
LIST_LIMIT = 200
PLAIN = ("id", "title", "hypothesis", "stage", "owner_id", "budget", "root_causes", "segment",
         "competitor", "metric", "window_days", "change_date", "resurvey_after_days",
         "resurveyed_at")  # fmt: skip


def _out(i: Initiative) -> dict[str, Any]:
    result = getattr(i, "result", None)
    return {
        **{name: getattr(i, name) for name in PLAIN},
        "theme_ids": [t.pk for t in i.themes.all()],
        "touchpoint_ids": [t.pk for t in i.touchpoints.all()],
        "product_id": str(i.product_id) if i.product_id else None,
        "batch_id": str(i.batch_id) if i.batch_id else None,
        "resurvey_id": str(i.resurvey_id) if i.resurvey_id else None,
        "validated": result.validated if result else None,
        "result": result.figures if result else None,
    }


def _initiative(initiative_id: int) -> Initiative:
    found = selectors.initiatives().prefetch_related("touchpoints").filter(pk=initiative_id).first()
    if found is None:
        raise NotFound("No such initiative.")
    return found


@router.get("/initiatives", response=list[InitiativeOut], **api_requires(Perm.INITIATIVES_VIEW))
def initiatives(request: HttpRequest) -> list[dict[str, Any]]:
    """Initiatives, the latest first, each with its latest result."""
    found = selectors.initiatives().prefetch_related("touchpoints")[:LIST_LIMIT]
    return [_out(i) for i in found]


@router.get(
    "/initiatives/{initiative_id}", response=InitiativeOut, **api_requires(Perm.INITIATIVES_VIEW)
)
def initiative(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    return _out(_initiative(initiative_id))


def _listed(queryset: Any, ids: list[int], field: str) -> list[Any]:
    found = list(queryset.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        missing = sorted(set(ids) - {f.pk for f in found})
        raise ValidationError("Unknown ids.", field_errors={field: f"No such ids: {missing}."})
    return found


@router.post("/initiatives", response={201: InitiativeOut}, **api_requires(Perm.INITIATIVES_MANAGE))
def start(request: HttpRequest, body: InitiativeIn) -> Status:
    """Start an initiative: for whom (issues, touchpoints, segment, a competitor) and how it
    will be proven (the metric, the days compared)."""
    owner = (
        referenced(User.objects.filter(is_active=True), body.owner_id, field="owner_id")
        if body.owner_id
        else None
    )
    plan = services.Plan(
        title=body.title,
        hypothesis=body.hypothesis,
        owner=owner,
        budget=body.budget,
        themes=_listed(Theme.objects.filter(merged_into__isnull=True), body.theme_ids, "theme_ids"),
        root_causes=body.root_causes,
        touchpoints=_listed(Touchpoint.objects.all(), body.touchpoint_ids, "touchpoint_ids"),
        segment=body.segment,
        competitor=body.competitor,
        metric=body.metric,
        window_days=body.window_days,
        resurvey_after_days=body.resurvey_after_days,
    )
    made = services.start_initiative(plan, caller(request))
    return Status(201, _out(_initiative(made.pk)))


@router.post(
    "/initiatives/{initiative_id}/change",
    response=InitiativeOut,
    **api_requires(Perm.INITIATIVES_MANAGE),
)
def change(request: HttpRequest, initiative_id: int, body: ChangeIn) -> dict[str, Any]:
    """Record the day the change reached customers."""
    services.record_change(_initiative(initiative_id), body.change_date)
    return _out(_initiative(initiative_id))


@router.post(
    "/initiatives/{initiative_id}/measure",
    response=InitiativeOut,
    **api_requires(Perm.INITIATIVES_MANAGE),
)
def measure(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    """Compare the customers' answers before and after the change now."""
    services.measure(_initiative(initiative_id))
    return _out(_initiative(initiative_id))
