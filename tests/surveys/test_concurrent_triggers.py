"""Concurrent transactional triggers: the fatigue rule holds between simultaneous requests.

A transactional test on its own file: its database flush at the end must not run before other
files' tests in the same worker (pytest-django orders transactional tests last per run, and
xdist keeps a file together)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from outward.surveys.choices import SkipReason, SurveyKind
from outward.surveys.models import Invitation, SkippedInvitation
from outward.surveys.services.invitations import trigger_transactional
from tests.factories import CustomerFactory
from tests.surveys.invitation_helpers import make_survey


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="The test database is SQLite's shared in-memory cache, whose table locks fail at "
    "once instead of waiting; a file database serialises writers (IMMEDIATE transactions).",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_triggers_for_one_customer_pass_the_fatigue_rule_once() -> None:
    # given: two surveys, and two events for one customer arriving at the same moment
    delivery = make_survey(kind=SurveyKind.TRANSACTIONAL, name="Delivery")
    visit = make_survey(kind=SurveyKind.TRANSACTIONAL, name="Visit")
    customer = CustomerFactory.create()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def fire(survey_id: object, ref: str) -> None:
        try:
            barrier.wait()
            trigger_transactional(survey_id, customer_id=customer.pk, event_ref=ref)  # type: ignore[arg-type]
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    # when
    threads = [
        threading.Thread(target=fire, args=(delivery.pk, "D-1")),
        threading.Thread(target=fire, args=(visit.pk, "V-1")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then: one invitation, and the other recorded as a fatigue skip
    assert errors == []
    assert Invitation.objects.filter(customer=customer).count() == 1
    assert list(SkippedInvitation.objects.values_list("reason", flat=True)) == [SkipReason.FATIGUE]


# The e-mail -----------------------------------------------------------------------------------
