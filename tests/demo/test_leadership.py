"""The demo's acting side and leadership loop: open cases with promises (some overdue), an
approval waiting, a skills gap; one review held last week with its attendance, decisions
and actions, the next one prepared from the demo's own feedback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from outward.cases import cracks, skills
from outward.cases.choices import RemedyStatus
from outward.cases.models import Case, Remedy
from outward.demo.cases import write_demo_cases
from outward.demo.leadership import write_demo_leadership
from outward.demo.services import generate_demo
from outward.feedback.models import FeedbackItem
from outward.insights.services.lifecycle import refresh_insights
from outward.reviews.choices import ActionStatus, ReviewStatus
from outward.reviews.models import Review

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 10)


@pytest.fixture(scope="module")
def reviews(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[tuple[Review, Review]]:
    with django_db_blocker.unblock(), transaction.atomic():
        generate_demo(seed=7, today=TODAY, customers=150, feedback=1500)
        refresh_insights(trigger="test")
        write_demo_cases(TODAY, seed=7)
        write_demo_leadership(TODAY)
        past, coming = Review.objects.order_by("scheduled_for")
        yield past, coming
        transaction.set_rollback(True)


def test_last_weeks_review_was_held_with_decisions_and_actions(
    reviews: tuple[Review, Review],
) -> None:
    past, _ = reviews

    assert past.status == ReviewStatus.HELD
    assert past.attendance.filter(present=True).count() == past.attendance.count() - 1
    assert past.decisions.count() == 2
    assert sorted(a.status for a in past.actions.all()) == [
        ActionStatus.DONE,
        ActionStatus.OPEN,
        ActionStatus.OPEN,
    ]


def test_the_next_review_is_prepared_from_the_demos_own_answers(
    reviews: tuple[Review, Review],
) -> None:
    past, coming = reviews
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(coming.period_start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(coming.period_end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)

    answered = FeedbackItem.objects.filter(
        occurred_at__gte=start, occurred_at__lt=end, nps__isnull=False
    ).count()

    assert coming.scheduled_for == TODAY + dt.timedelta(days=1)
    assert coming.status == ReviewStatus.PREPARED
    assert coming.period_start == past.period_end + dt.timedelta(days=1)
    assert coming.figures["scores"]["nps"]["n"] == answered > 0
    assert {t["metric"] for t in coming.figures["targets"]} == {"nps", "csat", "churn", "coverage"}


def test_the_demo_has_open_cases_overdue_promises_and_an_approval_waiting(
    reviews: tuple[Review, Review],
) -> None:
    now = dt.datetime.combine(TODAY, dt.time(12), tzinfo=timezone.get_current_timezone())

    assert Case.objects.active().count() > 5
    assert cracks.overdue_promises(now).exists()
    assert Remedy.objects.filter(status=RemedyStatus.PENDING).count() == 1
    assert Remedy.objects.filter(status=RemedyStatus.GRANTED).exists()


def test_the_demo_shows_a_skills_gap(reviews: tuple[Review, Review]) -> None:
    now = dt.datetime.combine(TODAY, dt.time(12), tzinfo=timezone.get_current_timezone())

    assert any(gap.gap for gap in skills.skills_gap(now))
