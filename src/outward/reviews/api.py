"""API v1: metric reviews, their figures, and the actions agreed in them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from outward.accounts.api_auth import api_requires, caller
from outward.accounts.models import User
from outward.core.api import referenced
from outward.core.errors import NotFound
from outward.core.permissions import Perm
from outward.reviews import selectors, services
from outward.reviews.models import Review, ReviewAction
from outward.reviews.schemas import (
    ActionIn,
    ActionOut,
    ActionQuery,
    DoneIn,
    ReviewOut,
    ReviewSummaryOut,
)

router = Router(tags=["reviews"])
LIST_LIMIT = 200


def _review(review_id: int) -> Review:
    review = Review.objects.filter(pk=review_id).first()
    if review is None:
        raise NotFound("No such review.")
    return review


@router.get("/reviews", response=list[ReviewSummaryOut], **api_requires(Perm.REVIEWS_VIEW))
def reviews(request: HttpRequest) -> list[Review]:
    """Reviews, the latest first."""
    return list(Review.objects.all()[:LIST_LIMIT])


@router.get("/reviews/actions", response=list[ActionOut], **api_requires(Perm.REVIEWS_VIEW))
def actions(request: HttpRequest, query: Query[ActionQuery]) -> list[ReviewAction]:
    found = ReviewAction.objects.order_by("due_on", "id")
    if query.status:
        found = found.filter(status=query.status)
    return list(found[:LIST_LIMIT])


@router.get("/reviews/{review_id}", response=ReviewOut, **api_requires(Perm.REVIEWS_VIEW))
def review(request: HttpRequest, review_id: int) -> dict[str, Any]:
    """One review: its frozen figures, attendance, decisions, agreed and carried actions."""
    found = _review(review_id)
    return {
        "id": found.pk,
        "scheduled_for": found.scheduled_for,
        "period_start": found.period_start,
        "period_end": found.period_end,
        "status": found.status,
        "prepared_at": found.prepared_at,
        "held_at": found.held_at,
        "figures": found.figures,
        "attendance": list(found.attendance.all()),
        "decisions": [d.text for d in found.decisions.all()],
        "actions": list(selectors.agreed_actions(found)),
        "carried": list(selectors.carried_actions(found)),
    }


@router.post(
    "/reviews/{review_id}/actions", response={201: ActionOut}, **api_requires(Perm.REVIEWS_RECORD)
)
def add_action(request: HttpRequest, review_id: int, body: ActionIn) -> Status:
    found = _review(review_id)
    owner = referenced(User.objects.filter(is_active=True), body.owner_id, field="owner_id")
    action = services.add_action(
        found, title=body.title, owner=owner, due_on=body.due_on, by=caller(request)
    )
    return Status(201, action)


@router.post(
    "/reviews/actions/{action_id}/done", response=ActionOut, **api_requires(Perm.REVIEWS_RECORD)
)
def complete_action(request: HttpRequest, action_id: int, body: DoneIn) -> ReviewAction:
    action = ReviewAction.objects.filter(pk=action_id).first()
    if action is None:
        raise NotFound("No such action.")
    return services.complete_action(action, by=caller(request), outcome=body.outcome)
