"""Background tasks of the cases app: JSON primitives in, one service call each."""

from __future__ import annotations

from django_tasks import task

from outward.cases.services import promises


@task()
def promise_reminders_task() -> list[int]:
    """Remind owners of promises due soon and escalate overdue ones; [reminded, escalated]."""
    return list(promises.send_reminders())
