"""Cases: a customer's problem someone owns until it is resolved, with SLA clocks that run in
business hours and a timeline of typed events written by the services."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from outward.cases.choices import (
    ACTIVE_STATUSES,
    CaseOrigin,
    CaseStatus,
    EventKind,
    Priority,
    Resolution,
)
from outward.core.models import TimeStampedModel, UUIDModel


class SlaPolicy(TimeStampedModel):
    """Business hours to first response and to resolution, per priority (seeded)."""

    priority = models.CharField(max_length=10, choices=Priority.choices, unique=True)
    first_response_hours = models.FloatField()
    resolution_hours = models.FloatField()

    class Meta:
        ordering = ["first_response_hours"]

    def __str__(self) -> str:
        hours = f"{self.first_response_hours} h / {self.resolution_hours} h"
        return f"{self.get_priority_display()}: {hours}"


class CaseQuerySet(models.QuerySet["Case"]):
    def active(self) -> CaseQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def breaching(self, now: dt.datetime | None = None) -> CaseQuerySet:
        """Active cases past a due time: no first response in time, or not resolved in time
        (a case waiting on the customer has its resolution clock paused)."""
        now = now or timezone.now()
        late_response = Q(first_responded_at__isnull=True, first_response_due__lt=now)
        late_resolution = ~Q(status=CaseStatus.WAITING) & Q(resolution_due__lt=now)
        return self.active().filter(late_response | late_resolution)


class Case(UUIDModel):
    """One customer's problem, from the feedback that raised it to its resolution."""

    reference = models.CharField(max_length=12, unique=True, editable=False)
    title = models.CharField(max_length=200)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="cases"
    )
    feedback = models.ForeignKey(
        "feedback.FeedbackItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    theme = models.ForeignKey(
        "insights.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    root_cause = models.CharField(max_length=30, blank=True)
    origin = models.CharField(max_length=10, choices=CaseOrigin.choices)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.NEW)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    required_skills = models.ManyToManyField("accounts.Skill", blank=True, related_name="+")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_response_due = models.DateTimeField()
    resolution_due = models.DateTimeField()
    first_responded_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_left = models.FloatField(
        default=0.0, help_text="Business seconds left to resolve when the clock was paused."
    )
    next_step = models.CharField(max_length=300, blank=True)
    next_step_due = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=25, choices=Resolution.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["status", "resolution_due"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["status", "first_response_due"]),
            models.Index(fields=["customer", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["resolved", "closed"]) | ~Q(resolution=""),
                name="resolved_case_has_resolution",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def is_breaching(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if not self.is_active:
            return False
        if self.first_responded_at is None and self.first_response_due < now:
            return True
        return self.status != CaseStatus.WAITING and self.resolution_due < now


class CaseEvent(models.Model):
    """One entry of a case's timeline (written by the services, never edited)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_kind_display()}"
