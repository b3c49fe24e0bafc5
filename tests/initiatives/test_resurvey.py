"""After the change has settled, the affected customers and as many others are asked again,
once, through the contact rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from outward.initiatives.services import resurvey, resurvey_due
from outward.surveys.choices import SkipReason, Trigger
from outward.surveys.models import Invitation, SkippedInvitation
from outward.surveys.services.invitations import invite_customer
from tests.initiatives.fixtures import World, changed_initiative
from tests.surveys.response_helpers import active_survey

pytestmark = pytest.mark.django_db


def test_the_resurvey_waits_for_the_change_to_settle_then_asks_once(
    lead_time: Callable[[int], World],
) -> None:
    world = lead_time(0)
    survey = active_survey()
    initiative = changed_initiative(world, resurvey=survey, resurvey_after_days=14)
    settled = world.change + timedelta(days=14)

    assert resurvey_due(settled - timedelta(days=1)) == []
    assert resurvey_due(settled) == [initiative.pk]

    sent = resurvey(initiative.pk)
    again = resurvey(initiative.pk)  # a second clock, or a retry

    assert sent is not None
    assert again is None
    assert resurvey_due(settled) == []
    asked = Invitation.objects.filter(trigger=Trigger.INITIATIVE, survey=survey)
    assert sent.affected == 30
    assert sent.comparison == 30  # every other customer, as many as there are
    assert asked.count() == 60
    assert set(asked.filter(customer__in=world.affected).values_list("customer", flat=True)) == {
        c.pk for c in world.affected
    }


def test_the_fatigue_rule_holds_for_the_resurvey(lead_time: Callable[[int], World]) -> None:
    world = lead_time(0)
    survey = active_survey()
    recently = world.affected[0]
    invite_customer(
        survey, recently, trigger=Trigger.MANUAL, now=timezone.now() - timedelta(days=3)
    )
    initiative = changed_initiative(world, resurvey=survey)

    sent = resurvey(initiative.pk)

    assert sent is not None
    assert sent.affected == 29
    skipped = SkippedInvitation.objects.get(customer=recently, trigger=Trigger.INITIATIVE)
    assert skipped.reason == SkipReason.FATIGUE
