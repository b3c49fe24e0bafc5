"""The demo company's customer-service programme: its written policy (a first version last
autumn, revised two months ago), the frontline's training (most current, a few lapsed or
never trained, so the line is partly met), this year's funding plan, and the checklist
assessed at the start of each of the last twelve months and today (its score over time)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from outward.accounts.models import User
from outward.demo.company import STAFF_DOMAIN
from outward.programme.checklist import FRONTLINE
from outward.programme.services import (
    publish_policy,
    record_assessment,
    record_training,
    set_funding,
)

POLICY_V1 = """Our customer-service policy

1. Every customer gets an answer within one working day, and a named person who owns the
   problem until it is solved.
2. Frontline staff may grant the remedies of the empowerment policy without asking; above
   it, a manager decides the same day.
3. Every promise made to a customer is written down with a date, and kept or renegotiated
   before it falls due.
4. Every active customer is asked how we are doing at least once a year, and never more
   than once a month.
5. Improvements are designed with the customers they affect, and judged by their answers.
"""
POLICY_V2 = POLICY_V1.replace("within one working day", "within four working hours") + (
    "6. When nothing is wrong, we still call: customers at risk, customers we have not heard\n"
    "   from, and owners whose appliance is due for its service.\n"
)
COURSES = ("Owning a problem end to end", "De-escalation on the phone", "Remedies and latitude")
LAPSED_SHARE = 0.15
NEVER_SHARE = 0.1


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _months_back(today: dt.date, n: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - n, 12)
    return dt.date(year, month + 1, 1)


def write_demo_programme(today: dt.date, seed: int = 42) -> int:
    """Write the programme's records and assessments; returns today's score."""
    rng = random.Random(f"outward-demo-programme-{seed}")
    chief = User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}", role="executive").first()
    publish_policy(
        title="Customer-service policy",
        body=POLICY_V1,
        by=chief,
        note="First written policy",
        at=_at(today - dt.timedelta(days=330)),
    )
    publish_policy(
        title="Customer-service policy",
        body=POLICY_V2,
        by=chief,
        note="Answers within four hours; proactive check-ins",
        at=_at(today - dt.timedelta(days=60)),
    )
    staff = User.objects.filter(
        email__endswith=f"@{STAFF_DOMAIN}", role__in=FRONTLINE, is_active=True
    ).order_by("username")
    for person in staff:
        luck = rng.random()
        if luck < NEVER_SHARE:
            continue
        ago = rng.randint(400, 600) if luck < NEVER_SHARE + LAPSED_SHARE else rng.randint(5, 330)
        record_training(
            person,
            course=rng.choice(COURSES),
            completed_on=today - dt.timedelta(days=ago),
            hours=Decimal(rng.choice((4, 6, 8))),
            by=chief,
        )
    set_funding(today.year, initiatives=Decimal(60000), remedies=Decimal(15000), by=chief)
    for n in range(12, 0, -1):
        record_assessment(_months_back(today, n))
    return record_assessment(today).score
