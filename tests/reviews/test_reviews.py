"""Metric reviews: the cadence, preparing a review with a controlled clock, its figures,
targets, attendance, decisions, and actions carried until done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.accounts.models import User
from outward.core.errors import Conflict
from outward.core.roles import Role
from outward.reviews import selectors, services
from outward.reviews.choices import ActionStatus, Frequency, Metric, ReviewStatus
from outward.reviews.models import Review
from tests.factories import CustomerFactory, FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


@pytest.fixture
def chief() -> User:
    return UserFactory.create(role=Role.EXECUTIVE, email="chief@example.com")


def _weekly(on: int, *people: User) -> None:
    services.set_cadence(
        frequency=Frequency.WEEKLY, weekday=on, day_of_month=1, participants=list(people)
    )


def _answers(day: dt.date, nps: list[int]) -> None:
    for score in nps:
        FeedbackFactory.create(nps=score, occurred_at=at(day, 12))


def test_the_next_weekly_review_falls_on_the_cadence_day() -> None:
    _weekly(3)  # Thursday

    assert services.next_review_date(dt.date(2026, 12, 1)) == dt.date(2026, 12, 3)
    assert services.next_review_date(dt.date(2026, 12, 3)) == dt.date(2026, 12, 3)


def test_the_next_monthly_review_rolls_into_the_next_month_and_year() -> None:
    services.set_cadence(frequency=Frequency.MONTHLY, weekday=0, day_of_month=15, participants=[])

    assert services.next_review_date(dt.date(2026, 12, 10)) == dt.date(2026, 12, 15)
    assert services.next_review_date(dt.date(2026, 12, 16)) == dt.date(2027, 1, 15)


def test_the_review_is_prepared_the_day_before_it_and_only_once(chief: User) -> None:
    _weekly(3, chief)  # Thursday 3 Dec 2026
    monday, wednesday = dt.date(2026, 11, 30), dt.date(2026, 12, 2)

    assert services.prepare_due_review(at(monday)) is None  # three days ahead: not yet
    review = services.prepare_due_review(at(wednesday))
    again = services.prepare_due_review(at(wednesday, 15))

    assert review is not None
    assert again is None
    assert review.scheduled_for == dt.date(2026, 12, 3)
    assert (review.period_start, review.period_end) == (dt.date(2026, 11, 26), wednesday)
    assert Review.objects.count() == 1


def test_preparing_a_day_twice_by_hand_is_a_conflict() -> None:
    day = timezone.localdate() + dt.timedelta(days=1)
    services.prepare_review(day)

    with pytest.raises(Conflict):
        services.prepare_review(day)


def test_a_review_shows_the_change_since_the_period_before_with_its_significance() -> None:
    _weekly(3)
    before, during = dt.date(2026, 11, 20), dt.date(2026, 11, 28)
    _answers(before, [2] * 30 + [9] * 10)  # NPS -50
    _answers(during, [10] * 30 + [5] * 10)  # NPS +50

    review = services.prepare_review(dt.date(2026, 12, 3), at(dt.date(2026, 12, 2)))

    nps = review.figures["scores"][Metric.NPS]
    assert nps["value"] == pytest.approx(50.0)
    assert nps["n"] == 40
    assert nps["previous"] == pytest.approx(-50.0)
    assert nps["change"] == pytest.approx(100.0)
    assert nps["significant"] is True
    assert nps["low"] < 50 < nps["high"]
    assert review.figures["scores"][Metric.CSAT]["n"] == 0


def test_a_small_wobble_is_not_called_significant() -> None:
    _weekly(3)
    _answers(dt.date(2026, 11, 20), [9, 9, 3, 7, 8])
    _answers(dt.date(2026, 11, 28), [9, 3, 3, 7, 8])

    review = services.prepare_review(dt.date(2026, 12, 3), at(dt.date(2026, 12, 2)))

    assert review.figures["scores"][Metric.NPS]["significant"] is False


def test_the_review_shows_churn_in_the_period_beside_the_scores() -> None:
    _weekly(3)
    CustomerFactory.create_batch(10)
    for day in (dt.date(2026, 11, 27), dt.date(2026, 11, 29)):
        CustomerFactory.create(status="churned", churned_on=day, annual_value=5000)
    CustomerFactory.create(status="churned", churned_on=dt.date(2026, 10, 1))

    review = services.prepare_review(dt.date(2026, 12, 3), at(dt.date(2026, 12, 2)))

    outcomes = review.figures["outcomes"]
    assert outcomes["churned"] == 2
    assert outcomes["base"] == 12
    assert outcomes["churn"] == pytest.approx(100 * 2 / 12)
    assert outcomes["lost_value"] == 10_000.0


def test_targets_show_their_distance_and_owner(chief: User) -> None:
    _weekly(3)
    services.set_target(Metric.NPS, 30, chief)
    services.set_target(Metric.CHURN, 5, None)
    _answers(dt.date(2026, 11, 28), [10] * 8 + [0] * 2)  # NPS 60

    review = services.prepare_review(dt.date(2026, 12, 3), at(dt.date(2026, 12, 2)))

    targets = {t["metric"]: t for t in review.figures["targets"]}
    assert targets[Metric.NPS]["distance"] == pytest.approx(30.0)
    assert targets[Metric.NPS]["met"] is True
    assert targets[Metric.NPS]["owner"] == str(chief)


def test_participants_get_the_review_digest(
    chief: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    _weekly(3, chief)
    _answers(dt.date(2026, 11, 28), [10, 9, 2])

    with django_capture_on_commit_callbacks(execute=True):
        services.prepare_review(dt.date(2026, 12, 3), at(dt.date(2026, 12, 2)))

    (digest,) = mail.outbox
    assert digest.to == ["chief@example.com"]
    assert "Metric review of 03 Dec 2026" in digest.subject
    assert "NPS: 33.3" in str(digest.body)


def test_recording_attendance_holds_the_review_and_counts_participation(chief: User) -> None:
    cco = UserFactory.create(role=Role.MANAGER)
    _weekly(3, chief, cco)
    review = services.prepare_review(dt.date(2026, 12, 3), at(dt.date(2026, 12, 2)))

    services.record_attendance(
        review, present=[chief], invited=[chief, cco], now=at(dt.date(2026, 12, 3), 10)
    )

    review.refresh_from_db()
    assert review.status == ReviewStatus.HELD
    figure = selectors.participation(dt.date(2026, 12, 10))
    assert (figure.due, figure.held, figure.invited, figure.present) == (1, 1, 2, 1)
    assert figure.attended_pct == 50.0


def test_an_open_action_is_carried_to_every_later_review_until_done(chief: User) -> None:
    _weekly(3, chief)
    first = services.prepare_review(dt.date(2026, 12, 3), at(dt.date(2026, 12, 2)))
    services.record_attendance(first, [chief], [chief], now=at(dt.date(2026, 12, 3), 10))
    action = services.add_action(
        first, title="Call detractors", owner=chief, due_on=dt.date(2026, 12, 8)
    )
    second = services.prepare_review(dt.date(2026, 12, 10), at(dt.date(2026, 12, 9)))

    assert list(selectors.carried_actions(second)) == [action]
    assert second.period_start == dt.date(2026, 12, 3)  # from the first review's period end

    services.complete_action(action, by=chief, now=at(dt.date(2026, 12, 12)))
    services.record_attendance(second, [chief], [chief], now=at(dt.date(2026, 12, 10), 10))
    third = services.prepare_review(dt.date(2026, 12, 17), at(dt.date(2026, 12, 16)))
    fourth = services.prepare_review(dt.date(2026, 12, 24), at(dt.date(2026, 12, 23)))

    assert list(selectors.carried_actions(third)) == [action]  # shown done once
    assert list(selectors.carried_actions(fourth)) == []


def test_completing_an_action_twice_changes_nothing(chief: User) -> None:
    review = services.prepare_review(dt.date(2026, 12, 3), at(dt.date(2026, 12, 2)))
    action = services.add_action(review, title="Fix it", owner=chief, due_on=dt.date(2026, 12, 9))

    first = services.complete_action(action, by=chief, outcome="Fixed")
    second = services.complete_action(action, by=None, outcome="Again")

    assert first.status == second.status == ActionStatus.DONE
    assert second.outcome == "Fixed"
    assert second.done_by == chief


def test_the_home_page_shows_leaders_the_open_actions_and_the_next_review(
    client: Client, chief: User
) -> None:
    today = timezone.localdate()
    _weekly((today + dt.timedelta(days=2)).weekday(), chief)
    past = services.prepare_review(today - dt.timedelta(days=5), at(today - dt.timedelta(days=6)))
    services.record_attendance(past, [chief], [chief])
    services.add_action(
        past,
        title="Ring the ten angriest customers",
        owner=chief,
        due_on=today + dt.timedelta(days=3),
    )
    client.force_login(chief)

    page = client.get("/").content.decode()

    assert "Ring the ten angriest customers" in page
    assert (
        f"next on {(today + dt.timedelta(days=2)):%A} {(today + dt.timedelta(days=2)).day}" in page
    )


def test_the_review_shows_cases_and_the_promise_kept_rate_of_the_period(chief: User) -> None:
    from outward.cases.services import lifecycle
    from outward.cases.services.promises import break_promise, keep_promise, make_promise

    _weekly(3)
    customer = CustomerFactory.create()
    case = lifecycle.open_case(
        lifecycle.CaseSpec(customer=customer, title="Late"), None, at(dt.date(2026, 11, 27))
    )
    lifecycle.resolve(case, "process_fixed", None, now=at(dt.date(2026, 11, 27), 15))
    for hour, kept in ((10, True), (11, False)):
        promise = make_promise(
            customer,
            kind="call_back",
            description="Ring",
            owner=chief,
            due_at=at(dt.date(2026, 11, 28), 12),
            by=None,
        )
        if kept:
            keep_promise(promise, None, at(dt.date(2026, 11, 28), hour))
        else:
            break_promise(promise, None, open_follow_up=False, at=at(dt.date(2026, 11, 28), hour))

    review = services.prepare_review(dt.date(2026, 12, 3), at(dt.date(2026, 12, 2)))

    acting = review.figures["acting"]
    assert (acting["cases_opened"], acting["cases_resolved"]) == (1, 1)
    assert acting["resolved_in_time_pct"] == 100.0
    assert (acting["promises_settled"], acting["promise_kept_pct"]) == (2, 50.0)
