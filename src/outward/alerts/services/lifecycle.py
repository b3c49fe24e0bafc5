"""Forgetting alert history (the demo's reset): events, alerts, deliveries, thresholds."""

from __future__ import annotations

from django.db import transaction

from outward.alerts.models import AlertEvent, AlertSweep, ThresholdState


@transaction.atomic
def forget_alert_history() -> None:
    """Delete every event (with its alerts, deliveries and attempts) and threshold state;
    rules and webhook endpoints stay."""
    AlertEvent.objects.all().delete()
    ThresholdState.objects.all().delete()
    AlertSweep.objects.all().delete()
