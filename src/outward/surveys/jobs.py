"""The surveys app's periodic jobs (see `core.jobs`): each enqueues its task."""

from __future__ import annotations

from datetime import date

from outward.core.jobs import daily
from outward.surveys import tasks


@daily("survey-coverage")
def coverage(day: date) -> None:
    """Invite the day's share of customers due their yearly relationship survey."""
    tasks.run_coverage_task.enqueue(day.isoformat())


@daily("survey-reminders")
def reminders(day: date) -> None:
    """Send the reminders that are due."""
    tasks.send_reminders_task.enqueue()


@daily("contact-rollups")
def contact_rollups(day: date) -> None:
    """Rebuild every customer's last-heard and last-invited dates (repairs any drift)."""
    tasks.rebuild_contact_rollups_task.enqueue()
