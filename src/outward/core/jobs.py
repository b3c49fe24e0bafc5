"""Periodic jobs: each app registers its own, the clock (`outward clock`) runs them.

    @daily("survey-coverage")
    def _coverage(day: date) -> None:
        run_coverage_task.enqueue(day.isoformat())

A daily job runs once per local day, from the clock's hour on: it is claimed by a unique
(`JobRun`) row in the same transaction that runs it (which enqueues its task; the database
task backend writes its queue in the same database), so a restarted clock, or clocks on
several machines, never run a day's job twice. A job registered `every_minute` runs on every
tick of the clock and must be cheap and idempotent (a sweep for work left waiting).

Apps register their jobs in a `jobs.py` module that their AppConfig imports in `ready()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from django.db import IntegrityError, transaction
from django.utils import timezone

from outward.core.models import JobRun

JobBody = Callable[[date], None]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: Literal["day", "minute"]
    body: JobBody


REGISTRY: dict[str, PeriodicJob] = {}


def _register(name: str, every: Literal["day", "minute"]) -> Callable[[JobBody], JobBody]:
    def decorator(body: JobBody) -> JobBody:
        known = REGISTRY.get(name)
        if known is not None and known.body is not body:
            raise ValueError(f'a periodic job named "{name}" is registered already')
        REGISTRY[name] = PeriodicJob(name, every, body)
        return body

    return decorator


def daily(name: str) -> Callable[[JobBody], JobBody]:
    """Register `body(day)` to run once a day (see the module docstring)."""
    return _register(name, "day")


def every_minute(name: str) -> Callable[[JobBody], JobBody]:
    """Register `body(day)` to run on every tick of the clock."""
    return _register(name, "minute")


def run_due_jobs(now: datetime | None = None, *, hour: int = 0) -> list[str]:
    """Run the minute jobs, and each daily job not yet run today once the local time reaches
    `hour`; the names of the daily jobs run now."""
    local = timezone.localtime(now or timezone.now())
    day = local.date()
    ran = []
    for job in REGISTRY.values():
        if job.every == "minute":
            job.body(day)
            continue
        if local.hour < hour:
            continue
        try:
            with transaction.atomic():
                JobRun.objects.create(job=job.name, day=day)
                job.body(day)
        except IntegrityError:  # claimed before: by this clock earlier today, or another one
            continue
        ran.append(job.name)
    return ran
