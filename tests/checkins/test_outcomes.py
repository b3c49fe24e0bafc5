"""A check-in's outcome is the customer's feedback (source check-in); it can open a case and
make a promise, counts as contact for coverage and the fatigue rule, and is recorded once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from outward.cases.models import Case, Promise
from outward.checkins.choices import CheckInStatus, Reason
from outward.checkins.models import CheckIn
from outward.checkins.services.outcomes import Outcome, dismiss, record_outcome
from outward.core.errors import Conflict, ValidationError
from outward.core.roles import Role
from outward.customers.models import Customer
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.surveys.choices import SkipReason, Trigger
from outward.surveys.models import SkippedInvitation
from outward.surveys.services.invitations import invite_customer
from tests.factories import CustomerFactory, UserFactory
from tests.surveys.response_helpers import active_survey

pytestmark = pytest.mark.django_db


def _checkin() -> CheckIn:
    return CheckIn.objects.create(
        customer=CustomerFactory.create(),
        reason=Reason.SILENT,
        detail="Never heard from; nothing open",
        proposed_on=timezone.localdate(),
    )


def test_what_the_customer_said_becomes_their_feedback() -> None:
    checkin, agent = _checkin(), UserFactory.create(role=Role.AGENT)

    done = record_outcome(checkin, Outcome(text="All fine, the oven is great.", nps=9), agent)

    assert done.status == CheckInStatus.DONE
    assert done.done_by == agent
    item = FeedbackItem.objects.get(customer=checkin.customer)
    assert item.source == Source.CHECK_IN
    assert item.text == "All fine, the oven is great."
    assert item.nps == 9
    assert done.outcome == item


def test_recording_twice_keeps_one_item() -> None:
    checkin, agent = _checkin(), UserFactory.create(role=Role.AGENT)

    record_outcome(checkin, Outcome(text="Fine."), agent)
    record_outcome(checkin, Outcome(text="Fine."), agent)

    assert FeedbackItem.objects.filter(customer=checkin.customer).count() == 1


def test_a_problem_raised_opens_a_case_and_a_promise() -> None:
    checkin, agent = _checkin(), UserFactory.create(role=Role.AGENT)
    due = timezone.now() + dt.timedelta(days=2)

    done = record_outcome(
        checkin,
        Outcome(
            text="The ice maker leaks since last week.",
            open_case=True,
            promise="Technician visit on Thursday",
            promise_kind="visit",
            promise_due=due,
        ),
        agent,
    )

    case = Case.objects.get(customer=checkin.customer)
    assert done.case == case
    assert case.assignee == agent
    assert case.feedback == done.outcome
    promise = Promise.objects.get(customer=checkin.customer)
    assert promise.case == case
    assert promise.description == "Technician visit on Thursday"
    assert promise.owner == agent


def test_a_check_in_counts_as_contact_for_coverage_and_fatigue() -> None:
    checkin, agent = _checkin(), UserFactory.create(role=Role.AGENT)

    record_outcome(checkin, Outcome(text="Fine."), agent)
    refused = invite_customer(active_survey(), checkin.customer, trigger=Trigger.MANUAL)

    customer = Customer.objects.get(pk=checkin.customer.pk)
    assert customer.last_asked_at is not None
    assert customer.last_heard_at is not None
    assert isinstance(refused, SkippedInvitation)
    assert refused.reason == SkipReason.FATIGUE
    assert "Checked in with" in refused.detail


@pytest.mark.parametrize(
    ("outcome", "field"),
    [
        (Outcome(text="  "), "text"),
        (Outcome(text="ok", nps=11), "nps"),
        (Outcome(text="ok", promise="Call back"), "promise_due"),
        (
            Outcome(text="ok", promise="x", promise_kind="bribe", promise_due=timezone.now()),
            "promise_kind",
        ),
    ],
)
def test_a_bad_outcome_names_its_field_and_stores_nothing(outcome: Outcome, field: str) -> None:
    checkin = _checkin()

    with pytest.raises(ValidationError) as refused:
        record_outcome(checkin, outcome, UserFactory.create(role=Role.AGENT))

    assert field in refused.value.field_errors
    assert not FeedbackItem.objects.exists()
    assert CheckIn.objects.get(pk=checkin.pk).status == CheckInStatus.PROPOSED


def test_a_dismissed_check_in_says_why_and_takes_no_outcome() -> None:
    checkin, agent = _checkin(), UserFactory.create(role=Role.AGENT)

    with pytest.raises(ValidationError):
        dismiss(checkin, "  ", agent)
    dropped = dismiss(checkin, "Moved abroad last month.", agent)

    assert dropped.status == CheckInStatus.DISMISSED
    assert dropped.note == "Moved abroad last month."
    with pytest.raises(Conflict):
        record_outcome(checkin, Outcome(text="Hi"), agent)
    with pytest.raises(Conflict):
        dismiss(checkin, "again", agent)
