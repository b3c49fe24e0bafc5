"""A company with a lead-time issue, for the initiative tests: customers who raised it, and
customers who did not, each with NPS answers before and after a change made 60 days ago."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.customers.models import Customer
from outward.feedback.services import analyse_pending_feedback
from outward.initiatives.models import Initiative
from outward.initiatives.services import Plan, record_change, start_initiative
from outward.insights.models import Theme
from outward.insights.services.themes import add_rule_theme
from tests.factories import CustomerFactory, FeedbackFactory

CHANGE_DAYS_AGO = 60
BEFORE = [2, 4, 5, 6, 7, 8]  # NPS answers of each customer before the change
"""Two detractors in three before the change: NPS -50 among the affected customers."""


@dataclass
class World:
    theme: Theme
    affected: list[Customer]
    others: list[Customer]
    change: date


def _when(days_ago: int) -> datetime:
    return timezone.now() - timedelta(days=days_ago)


@pytest.fixture
def lead_time(
    db: None, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> Callable[[int], World]:
    """`world(gain)`: 30 customers raise the lead time 80 days ago and 30 do not; everyone
    answers NPS twice before the change and twice after, the affected customers `gain`
    points higher after (the others the same)."""

    def world(gain: int) -> World:
        with django_capture_on_commit_callbacks(execute=True):
            theme = add_rule_theme("Lead time", ["lead time"], by=None)
        affected = CustomerFactory.create_batch(30, segment="smb")
        others = CustomerFactory.create_batch(30, segment="smb")
        for person in affected:
            FeedbackFactory.create(
                customer=person,
                text="The lead time was far too long.",
                nps=None,
                occurred_at=_when(80),
            )
        for n, person in enumerate([*affected, *others]):
            lift = gain if person in affected else 0
            for k, days in enumerate((75, 65)):
                FeedbackFactory.create(
                    customer=person, text="", nps=BEFORE[(n + k) % 6], occurred_at=_when(days)
                )
            for k, days in enumerate((40, 20)):
                score = min(10, BEFORE[(n + k) % 6] + lift)
                FeedbackFactory.create(customer=person, text="", nps=score, occurred_at=_when(days))
        analyse_pending_feedback()
        return World(
            theme, affected, others, timezone.localdate() - timedelta(days=CHANGE_DAYS_AGO)
        )

    return world


def changed_initiative(world: World, **fields: Any) -> Initiative:
    plan = Plan(
        title="Shorter lead times",
        hypothesis="Quoting real lead times.",
        themes=[world.theme],
        **fields,
    )
    return record_change(start_initiative(plan, by=None), world.change)
