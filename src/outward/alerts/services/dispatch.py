"""Telling people: each waiting event is matched against the rules once, and becomes at most
one alert per subscriber and one delivery per webhook endpoint, whatever the number of their
rules that match it or of the workers that dispatch at the same moment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from outward.alerts.choices import EmailMode
from outward.alerts.matching import rule_matches
from outward.alerts.models import Alert, AlertEvent, AlertRule, WebhookDelivery, WebhookEndpoint
from outward.core.permissions import Perm, user_has

DISPATCH_BATCH = 500
LOUDNESS = {EmailMode.IMMEDIATE: 2, EmailMode.DIGEST: 1, EmailMode.NONE: 0}


def subscribed_rules() -> list[AlertRule]:
    """Enabled rules whose owner may still receive alerts (active, role allows it)."""
    rules = AlertRule.objects.filter(enabled=True, owner__is_active=True).select_related(
        "owner", "endpoint"
    )
    return [r for r in rules if user_has(r.owner, Perm.ALERTS_SUBSCRIBE)]


def dispatch_waiting(now: dt.datetime | None = None, limit: int = DISPATCH_BATCH) -> int:
    """Dispatch events not dispatched yet, oldest first; how many this call dispatched."""
    now = now or timezone.now()
    waiting = list(AlertEvent.objects.filter(dispatched_at__isnull=True).order_by("id")[:limit])
    if not waiting:
        return 0
    rules = subscribed_rules()
    return sum(dispatch_event(event, rules, now) for event in waiting)


@transaction.atomic
def dispatch_event(event: AlertEvent, rules: Sequence[AlertRule], now: dt.datetime) -> int:
    """Claim the event (a conditional update: one dispatcher wins), then write its alerts and
    webhook deliveries and queue their sending after commit. 1 if this call dispatched it."""
    claimed = AlertEvent.objects.filter(pk=event.pk, dispatched_at__isnull=True).update(
        dispatched_at=now
    )
    if not claimed:
        return 0
    per_user: dict[int, AlertRule] = {}
    endpoints: dict[int, WebhookEndpoint] = {}
    for rule in rules:
        if not rule_matches(rule, event):
            continue
        known = per_user.get(rule.owner_id)
        if known is None or LOUDNESS[EmailMode(rule.email)] > LOUDNESS[EmailMode(known.email)]:
            per_user[rule.owner_id] = rule
        if rule.endpoint is not None and rule.endpoint.is_active:
            endpoints[rule.endpoint.pk] = rule.endpoint
    Alert.objects.bulk_create(
        [Alert(event=event, user_id=u, rule=r, email=r.email) for u, r in per_user.items()],
        ignore_conflicts=True,
    )
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(event=event, endpoint=e, next_attempt_at=now) for e in endpoints.values()],
        ignore_conflicts=True,
    )
    from outward.alerts.tasks import deliver_event_task, email_event_task

    if any(r.email == EmailMode.IMMEDIATE for r in per_user.values()):
        transaction.on_commit(lambda: email_event_task.enqueue(event.pk))
    if endpoints:
        transaction.on_commit(lambda: deliver_event_task.enqueue(event.pk))
    return 1
