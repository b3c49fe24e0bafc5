"""Metric reviews: the cadence, targets, preparing a review, and recording what leadership
did in it (attendance, decisions, actions), each action tracked until done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from outward.accounts.models import User
from outward.core.errors import Conflict, ValidationError
from outward.reviews.choices import ActionStatus, Frequency, Metric, ReviewStatus
from outward.reviews.figures import review_figures
from outward.reviews.models import (
    Attendance,
    Decision,
    MetricTarget,
    Review,
    ReviewAction,
    ReviewCadence,
)

PREPARE_DAYS_AHEAD = 1  # the review is prepared the day before it (or on the day)
MAX_TEXT = 5000


def cadence() -> ReviewCadence:
    return ReviewCadence.objects.get_or_create(pk=1)[0]


@transaction.atomic
def set_cadence(
    *, frequency: str, weekday: int, day_of_month: int, participants: Iterable[User]
) -> ReviewCadence:
    errors = {}
    if frequency not in Frequency.values:
        errors["frequency"] = "Weekly or monthly."
    if not 0 <= weekday <= 6:
        errors["weekday"] = "0 (Monday) to 6 (Sunday)."
    if not 1 <= day_of_month <= 28:
        errors["day_of_month"] = "1 to 28 (every month has it)."
    if errors:
        raise ValidationError("The cadence is not valid.", field_errors=errors)
    found = cadence()
    found.frequency, found.weekday, found.day_of_month = frequency, weekday, day_of_month
    found.save()
    found.participants.set(list(participants))
    return found


def next_review_date(after: dt.date, of: ReviewCadence | None = None) -> dt.date:
    """The first review day on or after `after` under the cadence."""
    rule = of or cadence()
    if rule.frequency == Frequency.WEEKLY:
        return after + dt.timedelta(days=(rule.weekday - after.weekday()) % 7)
    day = dt.date(after.year, after.month, rule.day_of_month)
    if day >= after:
        return day
    year, month = (after.year, after.month + 1) if after.month < 12 else (after.year + 1, 1)
    return dt.date(year, month, rule.day_of_month)


def _period_days(rule: ReviewCadence) -> int:
    return 7 if rule.frequency == Frequency.WEEKLY else 30


@transaction.atomic
def set_target(metric: str, target: float, owner: User | None) -> MetricTarget:
    if metric not in Metric.values:
        raise ValidationError("Unknown metric.", field_errors={"metric": "Not a metric."})
    found, _ = MetricTarget.objects.update_or_create(
        metric=metric, defaults={"target": target, "owner": owner}
    )
    return found


@transaction.atomic
def remove_target(target: MetricTarget) -> None:
    target.delete()


def prepare_review(scheduled_for: dt.date, now: dt.datetime | None = None) -> Review:
    """Prepare the review of `scheduled_for`: the period since the previous review (or one
    cadence period) up to the day before it, its figures frozen; participants get the
    digest. Preparing a day twice is a Conflict."""
    now = now or timezone.now()
    rule = cadence()
    previous = Review.objects.filter(scheduled_for__lt=scheduled_for).first()
    end = min(scheduled_for - dt.timedelta(days=1), timezone.localdate(now))
    start = (
        previous.period_end + dt.timedelta(days=1)
        if previous is not None
        else end - dt.timedelta(days=_period_days(rule) - 1)
    )
    start = min(start, end)
    figures = review_figures(start, end, now)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                scheduled_for=scheduled_for,
                period_start=start,
                period_end=end,
                figures=figures,
                prepared_at=now,
            )
    except IntegrityError as error:
        raise Conflict(f"The review of {scheduled_for} is prepared already.") from error
    from outward.reviews.tasks import send_review_digest_task

    transaction.on_commit(lambda: send_review_digest_task.enqueue(review.pk))
    return review


def prepare_due_review(now: dt.datetime | None = None) -> Review | None:
    """The daily job: prepare the next review once it is a day away (never twice)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    day = next_review_date(today)
    if (day - today).days > PREPARE_DAYS_AHEAD or Review.objects.filter(scheduled_for=day).exists():
        return None
    try:
        return prepare_review(day, now)
    except Conflict:
        return None


@transaction.atomic
def record_attendance(
    review: Review, present: Iterable[User], invited: Iterable[User], now: dt.datetime | None = None
) -> None:
    """Who took part (everyone invited is recorded, present or not); the review is held."""
    now = now or timezone.now()
    here = {u.pk for u in present}
    people = {u.pk: u for u in invited} | {u.pk: u for u in present}
    for pk, user in people.items():
        Attendance.objects.update_or_create(
            review=review, user=user, defaults={"present": pk in here, "recorded_at": now}
        )
    if review.status != ReviewStatus.HELD:
        review.status = ReviewStatus.HELD
        review.held_at = now
        review.save(update_fields=["status", "held_at", "updated_at"])


def _text(value: str, field: str, limit: int = MAX_TEXT) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError("Required.", field_errors={field: "Required."})
    if len(cleaned) > limit:
        raise ValidationError("Too long.", field_errors={field: f"At most {limit} characters."})
    return cleaned


@transaction.atomic
def record_decision(review: Review, text: str, by: User | None) -> Decision:
    return Decision.objects.create(review=review, text=_text(text, "text"), recorded_by=by)


@transaction.atomic
def add_action(
    review: Review, *, title: str, owner: User | None, due_on: dt.date, by: User | None = None
) -> ReviewAction:
    """An action agreed in the review, with its owner and due date."""
    if owner is None:
        raise ValidationError("An action needs an owner.", field_errors={"owner": "Required."})
    return ReviewAction.objects.create(
        review=review, title=_text(title, "title", 300), owner=owner, due_on=due_on
    )


@transaction.atomic
def complete_action(
    action: ReviewAction, by: User | None, outcome: str = "", now: dt.datetime | None = None
) -> ReviewAction:
    locked = ReviewAction.objects.select_for_update().get(pk=action.pk)
    if locked.status == ActionStatus.DONE:
        return locked  # a second click (or a retry) changes nothing
    locked.status = ActionStatus.DONE
    locked.done_at = now or timezone.now()
    locked.done_by = by
    locked.outcome = outcome.strip()[:MAX_TEXT]
    locked.save(update_fields=["status", "done_at", "done_by", "outcome", "updated_at"])
    return locked


@transaction.atomic
def forget_reviews() -> None:
    """Delete every review, target and the cadence's participants (the demo's reset)."""
    Review.objects.all().delete()
    MetricTarget.objects.all().delete()
    cadence().participants.clear()
