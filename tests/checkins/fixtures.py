"""A small customer base with a known churn story: before the model's snapshot, those who
went on to leave complained (negative words, an open case); those who stayed were content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.feedback.models import FeedbackItem
from tests.factories import CustomerFactory, FeedbackFactory

TODAY = dt.date(2026, 6, 1)
SNAPSHOT = TODAY - dt.timedelta(days=90)


@dataclass(frozen=True)
class History:
    churned: list[Customer]
    stayed: list[Customer]
    unhappy_now: list[Customer]
    happy_now: list[Customer]


def _said(customer: Customer, day: dt.date, sentiment: float, times: int = 1) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    for _ in range(times):
        FeedbackFactory.create(
            customer=customer,
            occurred_at=moment,
            sentiment=sentiment,
            nps=2 if sentiment < 0 else 9,
            text="Terrible, nobody helps." if sentiment < 0 else "Lovely machine, thank you.",
        )


def history(n: int = 30, *, telling: bool = True, today: dt.date = TODAY) -> History:
    """`n` customers who left after the snapshot and `n` who stayed. `telling`: whether what
    they said before the snapshot foretold it (when not, everyone said nothing)."""
    snapshot = today - (TODAY - SNAPSHOT)
    since = snapshot - dt.timedelta(days=400)
    churned, stayed = [], []
    for i in range(n):
        leaver = CustomerFactory.create(
            customer_since=since,
            status=LifecycleStatus.CHURNED,
            churned_on=snapshot + dt.timedelta(days=10 + i % 60),
        )
        keeper = CustomerFactory.create(customer_since=since)
        if telling:
            _said(leaver, snapshot - dt.timedelta(days=5 + i % 30), -0.8, times=1 + i % 3)
            _said(keeper, snapshot - dt.timedelta(days=5 + i % 30), 0.7)
            if i % 4 == 0:  # some leavers sounded fine: the model is not told the answer
                _said(leaver, snapshot - dt.timedelta(days=3), 0.5)
        churned.append(leaver)
        stayed.append(keeper)
    unhappy, happy = [], []
    for _ in range(5):
        worried = CustomerFactory.create(customer_since=since)
        _said(worried, today - dt.timedelta(days=7), -0.9, times=3)
        content = CustomerFactory.create(customer_since=since)
        _said(content, today - dt.timedelta(days=7), 0.8)
        unhappy.append(worried)
        happy.append(content)
    return History(churned, stayed, unhappy, happy)


def check_in_items(customer: Customer) -> list[FeedbackItem]:
    return list(FeedbackItem.objects.filter(customer=customer, source="check_in"))
