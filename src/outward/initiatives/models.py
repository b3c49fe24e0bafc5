"""An improvement initiative: what it changes, for which customers, who designed it with us,
and what the customers' answers say about it since."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from outward.core.models import TimeStampedModel
from outward.initiatives.choices import InputKind, Metric, Stage


class Initiative(TimeStampedModel):
    """A change made for customers, started from their issues and proven by their answers.

    The affected group is the customers who raised one of `themes` (at one of `touchpoints`,
    if any) in the `window_days` before the change, narrowed to a segment, a product or a
    batch's owners; with no theme, those customers of the segment, product or batch; with a
    `competitor`, those who named it. Everyone else active (in the segment) is the
    comparison group.
    """

    title = models.CharField(max_length=200)
    hypothesis = models.TextField(help_text="What will change for customers, and why.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    budget = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.DESIGN)
    themes = models.ManyToManyField("insights.Theme", blank=True, related_name="+")
    root_causes = models.JSONField(default=list, blank=True)
    touchpoints = models.ManyToManyField("customers.Touchpoint", blank=True, related_name="+")
    segment = models.CharField(max_length=50, blank=True)
    product = models.ForeignKey(
        "customers.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        "customers.ProductBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    competitor = models.CharField(
        max_length=100, blank=True, help_text="Started from a competitor customers name."
    )
    metric = models.CharField(max_length=4, choices=Metric.choices, default=Metric.NPS)
    change_date = models.DateField(null=True, blank=True)
    window_days = models.PositiveIntegerField(
        default=90, help_text="Days before and after the change that are compared."
    )
    resurvey = models.ForeignKey(
        "surveys.Survey", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resurvey_after_days = models.PositiveIntegerField(default=14)
    resurveyed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Designer(TimeStampedModel):
    """An affected customer invited to design the change with us."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="designers")
    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "customer"], name="designer_once")
        ]

    def __str__(self) -> str:
        return f"{self.customer} on {self.initiative}"


class DesignInput(TimeStampedModel):
    """What a customer told us while designing the change (a feedback item of its own)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="inputs")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=InputKind.choices)
    feedback = models.OneToOneField(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.initiative}"


class InitiativeResult(models.Model):
    """The latest measurement of an initiative (recomputed daily and on request), so its
    page reads one row."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="result")
    computed_at = models.DateTimeField()
    validated = models.BooleanField(default=False)
    figures = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Result of {self.initiative} ({self.computed_at:%Y-%m-%d})"
