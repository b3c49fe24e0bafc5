"""Read queries of the alerts pages and API."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from outward.accounts.models import User
from outward.alerts.choices import DeliveryState
from outward.alerts.models import Alert, AlertRule, WebhookAttempt, WebhookDelivery, WebhookEndpoint

ATTEMPTS_SHOWN = 5


def alerts_of(user: User) -> QuerySet[Alert]:
    return Alert.objects.filter(user=user).select_related("event").order_by("-created_at", "-id")


def rules_of(user: User) -> QuerySet[AlertRule]:
    return AlertRule.objects.filter(owner=user).select_related(
        "theme", "touchpoint", "product", "endpoint"
    )


def endpoints() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.annotate(
        rule_count=Count("rules", distinct=True),
        delivered=Count("deliveries", filter=Q(deliveries__state=DeliveryState.DELIVERED)),
        failed=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
    ).select_related("created_by")


def deliveries_of(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """The endpoint's delivery log, newest first, each with its attempts."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related(Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("-at")))
        .order_by("-created_at", "-id")
    )
