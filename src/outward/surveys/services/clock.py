"""The daily jobs the clock enqueues: the coverage run, the reminders, and the repair of the
customers' contact rollups.

Each (job, day) is claimed with a unique row in the same transaction that enqueues the task
(the database task backend writes its queue in the same database), so a restarted clock, or
two clocks, never enqueue a day's job twice; the jobs are idempotent per day besides.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from outward.surveys.models import ClockRun


def _coverage(day: str) -> None:
    from outward.surveys.tasks import run_coverage_task

    run_coverage_task.enqueue(day)


def _reminders(day: str) -> None:
    from outward.surveys.tasks import send_reminders_task

    send_reminders_task.enqueue()


def _contact_rollups(day: str) -> None:
    from outward.surveys.tasks import rebuild_contact_rollups_task

    rebuild_contact_rollups_task.enqueue()


DAILY_JOBS: dict[str, Callable[[str], None]] = {
    "survey-coverage": _coverage,
    "survey-reminders": _reminders,
    "contact-rollups": _contact_rollups,
}


def enqueue_daily_jobs(now: datetime | None = None, *, hour: int = 0) -> list[str]:
    """Enqueue each daily job not yet enqueued today, once the local time reaches `hour`."""
    local = timezone.localtime(now or timezone.now())
    if local.hour < hour:
        return []
    day = local.date()
    enqueued = []
    for job, enqueue in DAILY_JOBS.items():
        try:
            with transaction.atomic():
                ClockRun.objects.create(job=job, day=day)
                enqueue(day.isoformat())
        except IntegrityError:  # claimed before: by this clock earlier today, or another one
            continue
        enqueued.append(job)
    return enqueued
