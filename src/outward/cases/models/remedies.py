"""The empowerment policy (versioned rules: who may grant what, up to how much, approved by
whom) and the remedies granted or asked for under it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from outward.cases.choices import RemedyKind, RemedyStatus
from outward.core.models import TimeStampedModel
from outward.core.roles import Role


class PolicyVersion(TimeStampedModel):
    """One version of the whole policy; every change makes a new one, the old ones stay (a
    remedy records the version in force when it was granted)."""

    number = models.PositiveIntegerField(unique=True)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_policy"
            )
        ]

    def __str__(self) -> str:
        return f"Policy v{self.number}"


class PolicyRule(models.Model):
    """People of `role` (optionally only in `team`, or holding `skill` at `min_level`) may
    grant `kind` up to `per_case` on one case and `per_customer` to one customer within
    `period_days`; above that, someone of `approver_role` decides."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="rules")
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    skill = models.ForeignKey(
        "accounts.Skill", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    min_level = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=RemedyKind.choices)
    per_case = models.DecimalField(max_digits=12, decimal_places=2)
    per_customer = models.DecimalField(max_digits=12, decimal_places=2)
    period_days = models.PositiveSmallIntegerField(default=90)
    approver_role = models.CharField(max_length=20, choices=Role.choices, default=Role.MANAGER)
    notify_only = models.BooleanField(
        default=False, help_text="Above the limit: grant and tell the approver, no waiting."
    )

    class Meta:
        ordering = ["kind", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(per_case__gte=0) & Q(per_customer__gte=0), name="rule_limits_gte_0"
            ),
            models.CheckConstraint(condition=Q(period_days__gte=1), name="rule_period_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.get_kind_display()} up to {self.per_case}"


class Remedy(TimeStampedModel):
    """A remedy for a customer on a case: granted within the giver's latitude, or waiting
    for an approver, then approved or rejected."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="remedies")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="remedies"
    )
    kind = models.CharField(max_length=12, choices=RemedyKind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=RemedyStatus.choices)
    note = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    policy_version = models.ForeignKey(
        PolicyVersion, null=True, on_delete=models.PROTECT, related_name="remedies"
    )
    latitude = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        help_text="What the requester could grant alone when asking.",
    )
    approver_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    escalated = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "kind", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="remedy_amount_gte_0")
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.amount} {self.currency} ({self.get_status_display()})"
        )
