"""The cases app's periodic jobs (see `core.jobs`)."""

from __future__ import annotations

from datetime import date

from outward.cases.services.promises import anything_to_remind
from outward.cases.tasks import promise_reminders_task
from outward.core.jobs import every_minute


@every_minute("promises-remind")
def remind(day: date) -> None:
    """Reminders and escalations of promises go out from the worker when any are due."""
    if anything_to_remind():
        promise_reminders_task.enqueue()
