"""Cases: opened from feedback once, SLA clocks in business hours that pause while waiting on
the customer, a timeline of typed events, resolution codes, closing with a survey."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.accounts.models import Skill, Team
from outward.cases.choices import CaseOrigin, CaseStatus, EventKind, Priority, Resolution
from outward.cases.models import Case
from outward.cases.services import assignment, lifecycle
from outward.core.errors import Conflict
from outward.core.roles import Role
from outward.surveys.choices import SurveyKind
from outward.surveys.models import Invitation
from tests.cases.fixtures import at, person
from tests.factories import CustomerFactory, FeedbackFactory
from tests.surveys.invitation_helpers import make_survey

pytestmark = pytest.mark.django_db


def _open(priority: str = Priority.NORMAL, when: dt.datetime | None = None, **spec: object) -> Case:
    customer = CustomerFactory.create()
    values = {"customer": customer, "title": "Late delivery", "priority": priority} | spec
    return lifecycle.open_case(lifecycle.CaseSpec(**values), None, when or at(7, 10))  # type: ignore[arg-type]


def test_a_detractors_feedback_opens_a_high_priority_case_with_its_theme_and_cause() -> None:
    item = FeedbackFactory.create(nps=2, text="The courier lost my parcel.", root_cause="process")

    case = lifecycle.open_case(lifecycle.spec_from_feedback(item), None, at(7, 10))

    assert (case.origin, case.priority, case.feedback, case.root_cause) == (
        CaseOrigin.FEEDBACK,
        Priority.HIGH,
        item,
        "process",
    )
    assert case.reference.startswith("C-")
    assert [e.kind for e in case.events.all()] == [EventKind.OPENED]


def test_opening_a_case_twice_from_one_item_gives_the_same_case() -> None:
    item = FeedbackFactory.create(nps=1)

    first = lifecycle.open_case(lifecycle.spec_from_feedback(item), None)
    second = lifecycle.open_case(lifecycle.spec_from_feedback(item), None)

    assert first.pk == second.pk
    assert Case.objects.count() == 1


def test_sla_due_times_count_business_hours_only() -> None:
    case = _open(Priority.NORMAL, when=at(11, 16))  # Friday 16:00; 8 h / 40 h

    assert case.first_response_due == at(14, 16)  # Monday 16:00
    assert case.resolution_due == at(18, 16)  # a working week later


def test_waiting_on_the_customer_pauses_the_resolution_clock() -> None:
    case = _open(Priority.URGENT, when=at(7, 9))  # 8 business hours to resolve: Mon 17:00

    lifecycle.set_waiting(case, True, None, at(7, 13))  # 4 h left
    assert not case.is_breaching(at(9, 12))  # paused: not breaching while it waits
    lifecycle.set_waiting(case, False, None, at(9, 15))  # resumes Wed 15:00 with 4 h left

    case.refresh_from_db()
    assert case.resolution_due == at(10, 11)
    assert case.status == CaseStatus.OPEN


def test_a_case_past_its_first_response_time_is_breaching() -> None:
    case = _open(Priority.URGENT, when=at(7, 9))

    assert list(Case.objects.breaching(at(7, 11))) == [case]
    assert not Case.objects.breaching(at(7, 9, 30)).exists()


def test_an_email_to_the_customer_is_logged_and_stops_the_first_response_clock(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    case = _open(customer=CustomerFactory.create(email="ann@example.com"))

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.email_customer(case, "Your parcel", "It ships today.", None, at(7, 11))

    case.refresh_from_db()
    assert case.first_responded_at == at(7, 11)
    assert case.status == CaseStatus.OPEN
    (message,) = mail.outbox
    assert message.to == ["ann@example.com"]
    assert case.reference in message.subject
    assert case.events.filter(kind=EventKind.EMAIL, data__subject="Your parcel").exists()


def test_a_resolved_case_closes_and_its_customer_is_asked_how_it_went() -> None:
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    case = _open()
    lifecycle.resolve(case, Resolution.PROCESS_FIXED, None, "Re-shipped", at(7, 12))

    lifecycle.close(case, None, survey, at(7, 13))

    case.refresh_from_db()
    assert (case.status, case.resolution) == (CaseStatus.CLOSED, Resolution.PROCESS_FIXED)
    assert case.resolved_at == at(7, 12)
    invitation = Invitation.objects.get(customer=case.customer)
    assert invitation.event_ref == f"case:{case.reference}"
    assert case.events.filter(kind=EventKind.SURVEY, data__invited=True).exists()


def test_closing_respects_the_fatigue_rule_and_says_so_on_the_timeline() -> None:
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    first, second = _open(), None
    lifecycle.resolve(first, Resolution.NO_ACTION, None, now=at(7, 12))
    lifecycle.close(first, None, survey, at(7, 13))
    second = lifecycle.open_case(
        lifecycle.CaseSpec(customer=first.customer, title="Again"), None, at(8, 10)
    )
    lifecycle.resolve(second, Resolution.NO_ACTION, None, now=at(8, 11))

    lifecycle.close(second, None, survey, at(8, 12))

    assert Invitation.objects.filter(customer=first.customer).count() == 1
    skipped = second.events.get(kind=EventKind.SURVEY)
    assert skipped.data["invited"] is False
    assert skipped.data["reason"] == "fatigue"


def test_a_closed_case_takes_no_more_work_until_reopened() -> None:
    case = _open()
    lifecycle.resolve(case, Resolution.NO_ACTION, None)
    lifecycle.close(case, None)

    with pytest.raises(Conflict):
        lifecycle.assign(case, None, None)
    lifecycle.reopen(case, None)

    assert case.status == CaseStatus.OPEN
    assert case.resolution == ""


def test_assignment_proposes_the_qualified_person_with_the_least_load() -> None:
    desk = Team.objects.create(name="Desk")
    busy = person(team=desk, Billing=4)
    free = person(team=desk, Billing=2)
    person(team=desk)  # no billing skill
    for _ in range(2):
        _open(assignee=busy)
    case = _open(team=desk, skills=(Skill.objects.get(name="Billing"),))

    proposals = assignment.propose(case)

    assert [p.user for p in proposals] == [free, busy]
    assert "Billing (level 2)" in proposals[0].reason
    assert "0 open cases" in proposals[0].reason


def test_people_who_are_away_are_not_proposed() -> None:
    desk = Team.objects.create(name="Desk")
    away = person(team=desk)
    away.away_until = dt.date(2099, 1, 1)
    away.save()
    here = person(team=desk)

    assert [p.user for p in assignment.propose(_open(team=desk))] == [here]


def test_a_team_that_assigns_automatically_gives_the_case_to_its_best_member() -> None:
    desk = Team.objects.create(name="Desk", auto_assign=True)
    member = person(role=Role.AGENT, team=desk)

    case = _open(team=desk)

    assert case.assignee == member
    assert case.events.filter(kind=EventKind.ASSIGNED, data__auto=True).exists()
