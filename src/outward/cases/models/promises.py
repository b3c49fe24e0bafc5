"""The promise ledger: every commitment made to a customer, its owner and due time, and
whether it was kept."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from outward.cases.choices import PromiseKind, PromiseStatus
from outward.core.models import TimeStampedModel


class Promise(TimeStampedModel):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="promises"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="promises"
    )
    kind = models.CharField(max_length=10, choices=PromiseKind.choices)
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="promises"
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=PromiseStatus.choices, default=PromiseStatus.OPEN
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["owner", "status", "due_at"]),
            models.Index(fields=["team", "status", "due_at"]),
            models.Index(fields=["status", "resolved_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True)
                | (~Q(status="open") & Q(resolved_at__isnull=False)),
                name="settled_promise_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        return self.status == PromiseStatus.OPEN and self.due_at < (now or timezone.now())

    @property
    def on_time(self) -> bool | None:
        """Kept by its due time (None while open or when broken)."""
        if self.status != PromiseStatus.KEPT or self.resolved_at is None:
            return None
        return self.resolved_at <= self.due_at


class PromiseDay(models.Model):
    """Rollup: promises settled per day, team and owner (kept, kept on time), kept as each
    promise is settled, so the kept rates never scan the ledger."""

    day = models.DateField()
    team_id = models.BigIntegerField(default=0)  # 0: no team
    owner_id = models.BigIntegerField()
    settled = models.IntegerField(default=0)
    kept = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "team_id", "owner_id"], name="promise_day_key")
        ]

    def __str__(self) -> str:
        return f"{self.day} owner {self.owner_id}: {self.kept}/{self.settled}"
