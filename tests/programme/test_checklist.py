"""The programme checklist judges each line from the evidence the system holds: nothing
recorded is nothing met; each line is met once its evidence is there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from outward.cases.choices import RemedyKind
from outward.cases.services.remedies import RuleSpec
from outward.cases.services.remedies import publish_policy as publish_empowerment
from outward.core.roles import Role
from outward.customers.models import Customer
from outward.programme.checklist import checklist
from outward.programme.choices import LineStatus
from outward.programme.models import Assessment
from outward.programme.services import (
    publish_policy,
    record_assessment,
    record_training,
    set_funding,
)
from outward.pulse.services import start_round
from outward.reviews.choices import ReviewStatus
from outward.reviews.models import Attendance, Review
from tests.factories import CustomerFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _line(key: str) -> tuple[str, float, str]:
    found = {line.key: line for line in checklist().lines}[key]
    return found.status, found.score, found.figures


def test_with_nothing_recorded_only_the_shipped_empowerment_policy_counts() -> None:
    found = checklist()

    assert [line.key for line in found.lines] == [
        "policy", "training", "empowerment", "funding", "leadership", "coverage", "pulse"
    ]  # fmt: skip
    met = {line.key for line in found.lines if line.status != LineStatus.NOT_MET}
    assert met == {"empowerment"}  # a starting policy comes with the product
    assert found.score == round(100 / 7)


def test_a_written_policy_is_met_while_reviewed_within_a_year() -> None:
    publish_policy(title="Our promise", body="We answer within a day.",
                   at=timezone.now() - dt.timedelta(days=400))  # fmt: skip
    assert _line("policy")[:2] == (LineStatus.PARTLY, 0.5)
    assert "not reviewed for 400 days" in _line("policy")[2]

    publish_policy(title="Our promise", body="We answer within four hours.")

    assert _line("policy")[:2] == (LineStatus.MET, 1.0)
    assert "Version 2" in _line("policy")[2]


def test_training_counts_frontline_people_with_a_current_course() -> None:
    today = timezone.localdate()
    trained, lapsed, _never = (UserFactory.create(role=Role.AGENT) for _ in range(3))
    UserFactory.create(role=Role.ANALYST)  # not frontline
    record_training(trained, course="Owning a problem", completed_on=today)
    record_training(lapsed, course="Owning a problem", completed_on=today - dt.timedelta(days=30),
                    valid_until=today - dt.timedelta(days=1))  # fmt: skip

    status, score, figures = _line("training")

    assert status == LineStatus.NOT_MET
    assert score == pytest.approx(1 / 3)
    assert figures == "1 of 3 frontline employees trained in the last year."


def test_empowerment_is_met_when_agents_and_technicians_know_their_latitude() -> None:
    publish_empowerment([RuleSpec(Role.AGENT, RemedyKind.REFUND, Decimal(50), Decimal(100))], None)
    assert _line("empowerment")[:2] == (LineStatus.PARTLY, 0.5)

    publish_empowerment(
        [RuleSpec(Role.AGENT, RemedyKind.REFUND, Decimal(50), Decimal(100)),
         RuleSpec(Role.FIELD_TECHNICIAN, RemedyKind.REFUND, Decimal(80), Decimal(100))],
        None,
    )  # fmt: skip

    status, _, figures = _line("empowerment")
    assert status == LineStatus.MET
    assert figures.startswith("Version 3 in force: 2 rules over 2 roles")  # 1 ships


def test_funding_is_met_when_both_budgets_are_planned() -> None:
    year = timezone.localdate().year
    set_funding(year, initiatives=Decimal(20000), remedies=Decimal(0))
    assert _line("funding")[:2] == (LineStatus.PARTLY, 0.5)

    set_funding(year, initiatives=Decimal(20000), remedies=Decimal(5000))

    status, _, figures = _line("funding")
    assert status == LineStatus.MET
    assert "initiatives 0 of 20,000 planned" in figures
    assert "remedies granted 0 of 5,000 planned (EUR)" in figures


def test_leadership_counts_reviews_held_and_leaders_present() -> None:
    today = timezone.localdate()
    leaders = [UserFactory.create(role=Role.EXECUTIVE) for _ in range(2)]
    for weeks in (1, 2):
        day = today - dt.timedelta(weeks=weeks)
        review = Review.objects.create(
            scheduled_for=day, period_start=day - dt.timedelta(days=7), period_end=day,
            status=ReviewStatus.HELD, prepared_at=timezone.now(),
        )  # fmt: skip
        for n, leader in enumerate(leaders):
            Attendance.objects.create(review=review, user=leader, present=n == 0 or weeks == 1)

    held, score, figures = _line("leadership")

    assert score == pytest.approx((1.0 + 3 / 4) / 2)
    assert held == LineStatus.PARTLY
    assert (
        figures == "2 of 2 metric reviews held in the last year; 3 of 4 invited leaders attended."
    )


def test_coverage_counts_customers_asked_in_the_cycle() -> None:
    asked = [CustomerFactory.create() for _ in range(3)]
    CustomerFactory.create()
    Customer.objects.filter(pk__in=[c.pk for c in asked]).update(last_asked_at=timezone.now())

    status, score, _ = _line("coverage")

    assert score == pytest.approx(0.75)
    assert status == LineStatus.PARTLY


def test_internal_customers_are_rated_in_a_pulse_round() -> None:
    desk, crew = TeamFactory.create(), TeamFactory.create()
    for team in (desk, crew):
        UserFactory.create(role=Role.AGENT, team=team)
    start_round(name="Autumn pulse", rated_team_ids=[desk.pk])

    _, score, figures = _line("pulse")

    assert score == pytest.approx(0.5)
    assert figures.startswith("1 of 2 teams rated by their internal customers")


def test_the_score_is_kept_once_a_day() -> None:
    publish_policy(title="Policy", body="Text.")

    record_assessment()
    kept = record_assessment()

    assert Assessment.objects.count() == 1
    assert Assessment.objects.get().score == kept.score == round(200 / 7)  # with empowerment
