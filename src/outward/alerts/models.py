"""Alerts: what people subscribe to (rules), what happened (events), who was told (alerts) and
how webhooks fared (deliveries and their attempts)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from outward.alerts.choices import AlertKind, DeliveryState, EmailMode, WebhookFormat
from outward.core.models import TimeStampedModel


class WebhookEndpoint(TimeStampedModel):
    """A place alerts are posted to (a Slack or Teams channel, or any JSON receiver). Each
    post is signed with the endpoint's secret; an endpoint that keeps failing is disabled."""

    name = models.CharField(max_length=80)
    url = models.URLField(max_length=500)
    format = models.CharField(max_length=10, choices=WebhookFormat.choices)
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class AlertRule(TimeStampedModel):
    """One subscription: a kind of event, optional filters, and how its owner is told."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_rules"
    )
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    enabled = models.BooleanField(default=True)
    threshold = models.FloatField(
        null=True,
        blank=True,
        help_text="Detractor: highest NPS answer (0-6). Volume: mentions in the window. "
        "Sentiment: mean sentiment at or below (-1..1). Switching: lowest annual value.",
    )
    window_days = models.PositiveSmallIntegerField(default=7)
    theme = models.ForeignKey(
        "insights.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    segment = models.CharField(max_length=50, blank=True)
    region = models.CharField(max_length=50, blank=True)
    touchpoint = models.ForeignKey(
        "customers.Touchpoint", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey(
        "customers.Product", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    endpoint = models.ForeignKey(
        WebhookEndpoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="rules"
    )

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_days__gte=1) & Q(window_days__lte=90), name="rule_window_1_90"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.owner}"


class AlertEvent(models.Model):
    """Something worth telling, once: its `key` (kind and subject) is unique, so a detector
    that finds it again, or two that find it at once, record it once."""

    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    key = models.CharField(max_length=200, unique=True)
    rule = models.ForeignKey(
        AlertRule, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )  # a threshold event belongs to the rule whose threshold it crossed
    occurred_at = models.DateTimeField()
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)  # a path on the site
    context = models.JSONField(default=dict, blank=True)  # what rules filter on
    dispatched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(
                fields=["id"], condition=Q(dispatched_at__isnull=True), name="alert_event_waiting"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Alert(models.Model):
    """One event told to one person: at most one per event and subscriber, whatever the
    number of their rules that match it."""

    event = models.ForeignKey(AlertEvent, on_delete=models.CASCADE, related_name="alerts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(AlertRule, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.CharField(max_length=10, choices=EmailMode.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_alert_per_event_and_user")
        ]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.event} for {self.user}"


class WebhookDelivery(models.Model):
    """One event posted to one endpoint (at most once each), with its retries."""

    event = models.ForeignKey(AlertEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "endpoint"], name="one_delivery_per_event_and_endpoint"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: the delivery log people read on the endpoint's page."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ok = models.BooleanField()
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery} at {self.at}: {self.status_code or self.error}"


class ThresholdState(models.Model):
    """Whether a theme is above (past) a rule's threshold: an event fires when it crosses,
    not on every check while it stays there."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="+")
    theme_id = models.BigIntegerField()
    crossed = models.BooleanField(default=False)
    value = models.FloatField(default=0.0)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "theme_id"], name="one_state_per_rule_theme")
        ]

    def __str__(self) -> str:
        return f"rule {self.rule_id} theme {self.theme_id}: {self.crossed}"


class AlertSweep(models.Model):
    """The one row (pk 1) that remembers what the periodic check has looked at."""

    last_run_id = models.BigIntegerField(default=0)
    thresholds_checked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "Alert sweep"
