"""The programme's own records: its written policy (versioned), who was trained in what, the
year's funding plan, and the checklist's daily assessments (its score over time)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from outward.core.models import TimeStampedModel


class ServicePolicy(TimeStampedModel):
    """One version of the written customer-service policy: text written in the app, an
    uploaded document, or both. A change is a new version; the old ones stay."""

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_data = models.BinaryField(null=True, blank=True, editable=False)
    note = models.CharField(max_length=300, blank=True, help_text="What changed.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        verbose_name_plural = "service policies"

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class TrainingRecord(TimeStampedModel):
    """A course an employee completed, and until when it counts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training"
    )
    course = models.CharField(max_length=200)
    completed_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on", "-id"]
        indexes = [models.Index(fields=["user", "-completed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "completed_on"], name="training_once_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("completed_on")),
                name="training_valid_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.course} ({self.completed_on})"


class FundingPlan(TimeStampedModel):
    """What the year's programme plans to spend on improvement initiatives and on remedies."""

    year = models.PositiveSmallIntegerField(unique=True)
    initiatives = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    remedies = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    currency = models.CharField(max_length=3)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Funding plan {self.year}"


class Assessment(models.Model):
    """The checklist as it stood on a day: its score (0-100) and each line's figures."""

    day = models.DateField(unique=True)
    score = models.PositiveSmallIntegerField()
    lines = models.JSONField(default=list)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"Programme {self.day}: {self.score}"
