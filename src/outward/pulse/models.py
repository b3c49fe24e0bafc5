"""A pulse round: one employee survey sent to the staff at one moment.

The questions, invitations and (anonymous) responses live in the surveys app; the round adds
when it opened and closes, which places it in time next to the customers' scores.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from outward.core.models import UUIDModel


class PulseRound(UUIDModel):
    """One employee pulse: its survey (audience employees), opened at a moment, open until."""

    survey = models.OneToOneField(
        "surveys.Survey", on_delete=models.CASCADE, related_name="pulse_round"
    )
    opened_at = models.DateTimeField(db_index=True)
    closes_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invites_without_team = models.BooleanField(
        default=False,
        help_text="Also invites active accounts in no team (the admin account, contractors); "
        "by default only employees in a team are asked.",
    )

    class Meta:
        ordering = ["-opened_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opened_at")),
                name="pulseround_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey.name} ({self.opened_at:%Y-%m-%d})"

    @property
    def name(self) -> str:
        return self.survey.name
