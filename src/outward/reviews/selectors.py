"""Read queries of the review pages, the API and the home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from outward.reviews.choices import ActionStatus, ReviewStatus
from outward.reviews.models import Attendance, Review, ReviewAction
from outward.reviews.services import cadence, next_review_date

PARTICIPATION_DAYS = 365


def reviews() -> QuerySet[Review]:
    return Review.objects.annotate(
        present=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        invited=Count("attendance", distinct=True),
        action_count=Count("actions", distinct=True),
    )


def agreed_actions(review: Review) -> QuerySet[ReviewAction]:
    return review.actions.select_related("owner", "done_by")


def carried_actions(review: Review) -> QuerySet[ReviewAction]:
    """Actions of earlier reviews that this one follows up: those still open, and those
    done since the review before it was held."""
    previous = Review.objects.filter(scheduled_for__lt=review.scheduled_for).first()
    done_since = Q(status=ActionStatus.DONE)
    if previous is not None:
        done_since &= Q(done_at__gte=previous.held_at or previous.prepared_at)
    return (
        ReviewAction.objects.filter(review__scheduled_for__lt=review.scheduled_for)
        .filter(Q(status=ActionStatus.OPEN) | done_since)
        .select_related("owner", "review", "done_by")
        .order_by("status", "due_on", "id")
    )


def open_actions() -> QuerySet[ReviewAction]:
    return (
        ReviewAction.objects.filter(status=ActionStatus.OPEN)
        .select_related("owner", "review")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class Participation:
    """Leadership taking part, over the last year: reviews held of those due, and the
    share of invitations attended."""

    due: int
    held: int
    invited: int
    present: int

    @property
    def held_pct(self) -> float | None:
        return 100 * self.held / self.due if self.due else None

    @property
    def attended_pct(self) -> float | None:
        return 100 * self.present / self.invited if self.invited else None


def participation(today: dt.date | None = None) -> Participation:
    today = today or timezone.localdate()
    window = Review.objects.filter(
        scheduled_for__gt=today - dt.timedelta(days=PARTICIPATION_DAYS), scheduled_for__lte=today
    )
    counts = window.aggregate(due=Count("id"), held=Count("id", filter=Q(status=ReviewStatus.HELD)))
    seats = Attendance.objects.filter(review__in=window).aggregate(
        invited=Count("id"), present=Count("id", filter=Q(present=True))
    )
    return Participation(counts["due"], counts["held"], seats["invited"], seats["present"])


@dataclass(frozen=True)
class NextReview:
    day: dt.date
    prepared: Review | None
    last_held: Review | None
    open_actions: list[ReviewAction]


def next_review(today: dt.date | None = None) -> NextReview:
    """The next review day (prepared or not), the last review held and its open actions:
    what the home page shows leaders."""
    today = today or timezone.localdate()
    day = next_review_date(today, cadence())
    last = Review.objects.filter(status=ReviewStatus.HELD).first()
    actions = (
        list(
            last.actions.filter(status=ActionStatus.OPEN).select_related("owner").order_by("due_on")
        )
        if last
        else []
    )
    prepared = Review.objects.filter(scheduled_for__gte=today).order_by("scheduled_for").first()
    return NextReview(day, prepared, last, actions)
