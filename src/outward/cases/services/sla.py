"""SLA clocks: due times from the priority's policy in business hours; the resolution clock
pauses while the case waits on the customer and resumes with the time it had left."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from outward.cases.business_hours import BusinessHours
from outward.cases.choices import Priority
from outward.cases.models import Case, SlaPolicy
from outward.core.errors import ValidationError

DEFAULT_SLA = {  # business hours to first response, to resolution (seeded by a migration)
    Priority.URGENT: (1.0, 8.0),
    Priority.HIGH: (4.0, 24.0),
    Priority.NORMAL: (8.0, 40.0),
    Priority.LOW: (16.0, 80.0),
}


@cache
def business_hours() -> BusinessHours:
    """The site's working hours (OUTWARD_BUSINESS_HOURS "09:00-17:00", OUTWARD_BUSINESS_DAYS
    "0-4": Monday to Friday) in its time zone."""
    opens, closes = (
        dt.time.fromisoformat(part) for part in settings.OUTWARD_BUSINESS_HOURS.split("-")
    )
    first, last = (int(part) for part in settings.OUTWARD_BUSINESS_DAYS.split("-"))
    return BusinessHours(
        tz=ZoneInfo(settings.TIME_ZONE),
        opens=opens,
        closes=closes,
        days=frozenset(range(first, last + 1)),
    )


def targets(priority: str) -> tuple[float, float]:
    """(first response, resolution) in business hours for a priority."""
    found = SlaPolicy.objects.filter(priority=priority).values_list(
        "first_response_hours", "resolution_hours"
    )
    row = found.first()
    return row if row is not None else DEFAULT_SLA[Priority(priority)]


def start_clocks(case: Case, opened: dt.datetime) -> None:
    """Set the case's due times from its priority, counting from `opened`."""
    response, resolution = targets(case.priority)
    hours = business_hours()
    case.first_response_due = hours.add(opened, response * 3600)
    case.resolution_due = hours.add(opened, resolution * 3600)


def pause(case: Case, now: dt.datetime) -> None:
    """Stop the resolution clock, remembering the business time it had left."""
    if case.paused_at is None:
        case.paused_left = business_hours().between(now, case.resolution_due)
        case.paused_at = now


def resume(case: Case, now: dt.datetime) -> None:
    """Restart the resolution clock with the time it had left when it paused."""
    if case.paused_at is not None:
        case.resolution_due = business_hours().add(now, case.paused_left)
        case.paused_at = None
        case.paused_left = 0.0


def reprioritise(case: Case) -> None:
    """A new priority's targets, counted from when the case was opened."""
    start_clocks(case, case.created_at)
    if case.paused_at is not None:
        case.paused_left = business_hours().between(case.paused_at, case.resolution_due)


@transaction.atomic
def set_targets(priority: str, first_response_hours: float, resolution_hours: float) -> SlaPolicy:
    """New targets for a priority (cases opened from now on; open ones keep their due times)."""
    errors = {}
    if priority not in Priority.values:
        errors["priority"] = "Not a priority."
    if not 0 < first_response_hours <= 1000:
        errors["first_response_hours"] = "Between 0 and 1000 business hours."
    if not 0 < resolution_hours <= 10000 or resolution_hours < first_response_hours:
        errors["resolution_hours"] = "More than 0, at least the first-response time."
    if errors:
        raise ValidationError("The SLA is not valid.", field_errors=errors)
    found, _ = SlaPolicy.objects.update_or_create(
        priority=priority,
        defaults={
            "first_response_hours": first_response_hours,
            "resolution_hours": resolution_hours,
        },
    )
    return found
