"""Metric reviews with leadership: the cadence, targets with owners, each review's figures
(a snapshot taken when it was prepared), who attended, what was decided and the actions
agreed, tracked until done."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from outward.core.models import TimeStampedModel
from outward.reviews.choices import ActionStatus, Frequency, Metric, ReviewStatus


class ReviewCadence(TimeStampedModel):
    """The one row (pk 1): how often leadership reviews the metrics, and who is invited."""

    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    weekday = models.PositiveSmallIntegerField(default=0, help_text="Weekly: 0 Monday .. 6 Sunday")
    day_of_month = models.PositiveSmallIntegerField(default=1, help_text="Monthly: 1-28")
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="cadence_weekday_0_6"),
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1) & Q(day_of_month__lte=28),
                name="cadence_day_1_28",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} review"


class MetricTarget(TimeStampedModel):
    """A target for one metric and the person who owns it."""

    metric = models.CharField(max_length=20, choices=Metric.choices, unique=True)
    target = models.FloatField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["metric"]

    def __str__(self) -> str:
        return f"{self.get_metric_display()}: {self.target}"


class Review(TimeStampedModel):
    """One review meeting: the period it looks back on and its figures, frozen when it was
    prepared so that the history shows what leadership saw."""

    scheduled_for = models.DateField(unique=True)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PREPARED
    )
    figures = models.JSONField(default=dict)
    prepared_at = models.DateTimeField()
    held_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-scheduled_for"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")), name="review_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.scheduled_for:%d %b %Y}"


class Attendance(models.Model):
    """Whether one invited (or added) person took part in a review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} {'at' if self.present else 'missed'} {self.review}"


class Decision(TimeStampedModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ReviewAction(TimeStampedModel):
    """An action agreed in a review: an owner and a due date, carried to every later review
    until it is done."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True)
                | Q(status="done", done_at__isnull=False),
                name="done_action_has_done_at",
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < (today or timezone.localdate())
