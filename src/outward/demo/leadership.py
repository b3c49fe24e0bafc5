"""The demo's leadership loop: a weekly metric review with targets and owners, one past
review held (attendance, decisions, actions, one of them done), the next one prepared with
the demo's real figures, and alert rules for the people who act."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from outward.accounts.models import User
from outward.alerts.choices import AlertKind, EmailMode
from outward.alerts.models import Alert
from outward.alerts.services import detect, dispatch
from outward.alerts.services.rules import RuleSpec, add_rule
from outward.core.roles import Role
from outward.demo.company import STAFF_DOMAIN
from outward.reviews import services as reviews
from outward.reviews.choices import Frequency, Metric

TARGETS = ((Metric.NPS, 30.0), (Metric.CSAT, 85.0), (Metric.CHURN, 1.0), (Metric.COVERAGE, 60.0))


def _staff(role: str) -> list[User]:
    return list(
        User.objects.filter(role=role, email__endswith=f"@{STAFF_DOMAIN}").order_by("username")
    )


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def write_demo_leadership(today: dt.date) -> None:
    """Reviews every week on the day after `today`; the past week's review held, the next
    one prepared (figures from the demo's feedback and its refit)."""
    chief = _staff(Role.EXECUTIVE)[0]
    managers = _staff(Role.MANAGER)
    analyst = _staff(Role.ANALYST)[0]
    next_day = today + dt.timedelta(days=1)
    reviews.set_cadence(
        frequency=Frequency.WEEKLY,
        weekday=next_day.weekday(),
        day_of_month=1,
        participants=[chief, analyst, *managers],
    )
    owners = {
        Metric.NPS: chief,
        Metric.CSAT: managers[0],
        Metric.CHURN: chief,
        Metric.COVERAGE: analyst,
    }
    for metric, target in TARGETS:
        reviews.set_target(metric, target, owners[metric])
    past_day = next_day - dt.timedelta(days=7)
    past = reviews.prepare_review(past_day, _moment(past_day - dt.timedelta(days=1), 7))
    absent = managers[-1]
    reviews.record_attendance(
        past,
        present=[p for p in [chief, analyst, *managers] if p != absent],
        invited=[chief, analyst, *managers],
        now=_moment(past_day, 10),
    )
    top = (past.figures.get("issues") or [{"name": "the largest complaint theme"}])[0]["name"]
    reviews.record_decision(
        past,
        f"Make “{top}” this quarter's improvement priority; insight team to size it.",
        by=chief,
    )
    reviews.record_decision(
        past,
        "Ask every active customer at least once this year: coverage goes on the weekly agenda.",
        by=chief,
    )
    done = reviews.add_action(
        past,
        title=f"Call the ten highest-value detractors about “{top}”",
        owner=managers[0],
        due_on=past_day + dt.timedelta(days=5),
    )
    reviews.complete_action(
        done,
        by=managers[0],
        now=_moment(past_day + dt.timedelta(days=3), 15),
        outcome="Nine reached; three asked for a follow-up visit.",
    )
    reviews.add_action(
        past,
        title="Size the root cause of the top issue with the product team",
        owner=analyst,
        due_on=next_day + dt.timedelta(days=7),
    )
    reviews.add_action(
        past,
        title="Send the relationship survey to the customers not asked this cycle",
        owner=managers[1],
        due_on=past_day + dt.timedelta(days=2),
    )
    reviews.prepare_review(next_day, _moment(today, 7))
    _demo_rules(chief, managers, analyst)


def _demo_rules(chief: User, managers: list[User], analyst: User) -> None:
    add_rule(chief, RuleSpec(kind=AlertKind.RECALL_FLAG))
    add_rule(chief, RuleSpec(kind=AlertKind.COMPETITOR_SWITCH, threshold=20_000))
    add_rule(analyst, RuleSpec(kind=AlertKind.EMERGING_ISSUE, email=EmailMode.DIGEST))
    add_rule(
        analyst,
        RuleSpec(kind=AlertKind.THEME_VOLUME, threshold=60, window_days=7, email=EmailMode.DIGEST),
    )
    for manager in managers:
        add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR, threshold=4, email=EmailMode.DIGEST))
    add_rule(managers[0], RuleSpec(kind=AlertKind.URGENT_OBSERVATION))


def find_run_alerts() -> int:
    """Turn the demo refit's emerging issues and recall reviews into alerts now (the clock
    would within a minute); how many alerts people have."""
    detect.record_run_events()
    dispatch.dispatch_waiting()
    return Alert.objects.count()
