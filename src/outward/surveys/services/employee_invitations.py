"""Inviting employees to an employee survey (the pulse): the surveys app owns invitations,
so the pulse asks through here, and the e-mail goes out by the one send path of every
invitation (`invitations.send_invitation_email`: HTML + text, claimed once under a lock).

Employees are not held to the customers' rules (consent, fatigue, opt-out): a pulse round
asks each active employee once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from outward.accounts.models import User
from outward.core.errors import ValidationError
from outward.surveys.choices import Audience, SkipReason, Trigger
from outward.surveys.models import Invitation, SkippedInvitation, Survey


def invite_employees(
    survey: Survey, employees: Iterable[User], *, expires_at: datetime
) -> tuple[int, int]:
    """Invite each employee not invited (or skipped) before; (invited, skipped for having no
    address). Their e-mails are queued once the transaction commits."""
    if survey.audience != Audience.EMPLOYEES:
        raise ValidationError(
            "Only employee surveys invite employees.", field_errors={"survey": "Not a pulse."}
        )
    already = set(
        Invitation.objects.filter(survey=survey).values_list("employee_id", flat=True)
    ) | set(SkippedInvitation.objects.filter(survey=survey).values_list("employee_id", flat=True))
    invitations, skips = [], []
    for employee in employees:
        if employee.pk in already:
            continue
        if not employee.email:
            skips.append(
                SkippedInvitation(
                    survey=survey,
                    employee=employee,
                    trigger=Trigger.PULSE,
                    reason=SkipReason.NO_EMAIL,
                )
            )
            continue
        invitations.append(
            Invitation(
                survey=survey,
                employee=employee,
                trigger=Trigger.PULSE,
                email=employee.email,
                expires_at=expires_at,
            )
        )
    Invitation.objects.bulk_create(invitations)
    SkippedInvitation.objects.bulk_create(skips)
    if invitations:
        survey_id = str(survey.pk)

        def enqueue() -> None:
            from outward.surveys.tasks import send_pending_invitations_task

            send_pending_invitations_task.enqueue(survey_id)

        transaction.on_commit(enqueue)
    return len(invitations), len(skips)
