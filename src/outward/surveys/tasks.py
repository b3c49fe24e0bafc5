"""Background tasks of the surveys app. They take JSON primitives only; each body is one
service call."""

from __future__ import annotations

from datetime import date
from typing import Any

from django_tasks import task

from outward.surveys.services import coverage, invitations


@task()
def send_invitation_task(invitation_id: str) -> bool:
    """Send one invitation e-mail (never twice); False when it is no longer wanted."""
    return invitations.send_invitation_email(invitation_id)


@task()
def send_pending_invitations_task(survey_id: str) -> int:
    """Send a survey's invitations not sent yet (a pulse round's); how many went out."""
    return invitations.send_pending_invitations(survey_id)


@task()
def send_reminders_task() -> int:
    """Send the reminders that are due; returns how many went out."""
    return invitations.send_due_reminders()


@task()
def run_coverage_task(day: str | None = None) -> dict[str, Any]:
    """Invite the day's share of customers to the relationship survey (`day`: YYYY-MM-DD)."""
    return coverage.run_coverage(date.fromisoformat(day) if day else None).to_dict()


@task()
def rebuild_contact_rollups_task() -> int:
    """Recompute every customer's last-heard and last-invited dates (repairs any drift)."""
    return coverage.rebuild_contact_rollups()
