"""The churn-risk model's runs, each customer's current risk, and the check-ins proposed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from outward.checkins.choices import CheckInStatus, Reason
from outward.core.models import TimeStampedModel


class RiskRun(TimeStampedModel):
    """One fit of the churn-risk model: learnt on a snapshot `horizon_days` ago (who churned
    since), validated on customers it did not learn from."""

    snapshot_on = models.DateField()
    horizon_days = models.PositiveIntegerField()
    usable = models.BooleanField(default=False)
    auc = models.FloatField(null=True, blank=True)
    customers = models.PositiveIntegerField(default=0)
    churned = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)
    coefficients = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def base_rate(self) -> float:
        """The share of customers who left in the horizon: the risk of an average one."""
        return self.churned / self.customers if self.customers else 0.0

    def __str__(self) -> str:
        return f"Risk model of {self.created_at:%Y-%m-%d}: {'used' if self.usable else 'not used'}"


class CustomerRisk(models.Model):
    """A customer's churn risk as the latest usable model scored it, with its reasons."""

    customer = models.OneToOneField(
        "customers.Customer", on_delete=models.CASCADE, related_name="risk"
    )
    run = models.ForeignKey(RiskRun, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        indexes = [models.Index(fields=["-probability"])]

    def __str__(self) -> str:
        return f"{self.customer}: {self.probability:.0%}"


class CheckIn(TimeStampedModel):
    """A call or visit to a customer when nothing is wrong yet, and what came of it."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="checkins"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    detail = models.CharField(max_length=300, blank=True)
    risk = models.FloatField(null=True, blank=True)
    proposed_on = models.DateField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_because = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.PROPOSED
    )
    note = models.CharField(max_length=300, blank=True, help_text="Why it was dismissed.")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.ForeignKey(
        "feedback.FeedbackItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["status", "-risk", "proposed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(status=CheckInStatus.PROPOSED),
                name="one_proposed_checkin_per_customer",
            )
        ]
        indexes = [models.Index(fields=["status", "assignee"])]

    def __str__(self) -> str:
        return f"Check-in with {self.customer} ({self.get_reason_display()})"
