"""API v1: proposed check-ins, their outcomes, and the churn-risk model behind them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from outward.accounts.api_auth import api_requires, caller
from outward.checkins import selectors
from outward.checkins.models import CheckIn
from outward.checkins.schemas import (
    CheckInOut,
    CheckInPage,
    CheckInQuery,
    DismissIn,
    OutcomeIn,
    RiskModelOut,
)
from outward.checkins.services import outcomes
from outward.core.errors import NotFound
from outward.core.pagination import paginate
from outward.core.permissions import Perm

router = Router(tags=["checkins"])


def _checkin(checkin_id: int) -> CheckIn:
    found = CheckIn.objects.select_related("customer").filter(pk=checkin_id).first()
    if found is None:
        raise NotFound("No such check-in.")
    return found


@router.get("/checkins", response=CheckInPage, **api_requires(Perm.CHECKINS_VIEW))
def checkin_list(request: HttpRequest, query: Query[CheckInQuery]) -> Any:
    """Check-ins of one status (proposed by default), the longest waiting first."""
    found = selectors.checkins(
        status=query.status,
        reason=query.reason or "",
        assignee_id=caller(request).pk if query.mine else None,
    )
    return paginate(found, ordering=["proposed_on", "id"], cursor=query.cursor, limit=query.limit)


@router.get("/checkins/model", response=RiskModelOut, **api_requires(Perm.CHECKINS_VIEW))
def risk_model(request: HttpRequest) -> dict[str, Any]:
    """The latest churn-risk fit: whether it is used, its held-out AUC, what it weighs."""
    card = selectors.model_card()
    run = card.run
    return {
        "fitted_at": run.created_at if run else None,
        "usable": bool(run and run.usable),
        "auc": run.auc if run else None,
        "min_auc": card.min_auc,
        "customers": run.customers if run else 0,
        "churned": run.churned if run else 0,
        "note": run.note if run else "Not fitted yet.",
        "weights": card.weights,
    }


@router.get("/checkins/{checkin_id}", response=CheckInOut, **api_requires(Perm.CHECKINS_VIEW))
def checkin(request: HttpRequest, checkin_id: int) -> CheckIn:
    return _checkin(checkin_id)


@router.post(
    "/checkins/{checkin_id}/outcome", response=CheckInOut, **api_requires(Perm.CHECKINS_WORK)
)
def record_outcome(request: HttpRequest, checkin_id: int, body: OutcomeIn) -> CheckIn:
    """Record what the customer said (kept as their feedback), and open a case or make a
    promise if they raised something. A retry records nothing twice."""
    outcome = outcomes.Outcome(**body.model_dump())
    outcomes.record_outcome(_checkin(checkin_id), outcome, caller(request))
    return _checkin(checkin_id)


@router.post(
    "/checkins/{checkin_id}/dismiss", response=CheckInOut, **api_requires(Perm.CHECKINS_WORK)
)
def dismiss(request: HttpRequest, checkin_id: int, body: DismissIn) -> CheckIn:
    """Drop a proposed check-in, saying why."""
    outcomes.dismiss(_checkin(checkin_id), body.note, caller(request))
    return _checkin(checkin_id)
