"""Alerts by e-mail: one message per alert for those who want them at once, one daily digest
(grouped by kind) for the others. An alert is claimed before its message goes out and
released if sending fails, so a retry sends it once and a failure loses nothing."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from outward.accounts.models import User
from outward.accounts.organisation import sender
from outward.alerts.choices import AlertKind, EmailMode
from outward.alerts.models import Alert, WebhookEndpoint
from outward.core.permissions import Perm, role_permissions
from outward.core.roles import Role

STALE_IMMEDIATE = dt.timedelta(minutes=2)  # the sweep re-sends what a lost task left
IMMEDIATE_PER_HOUR = 20  # past this, a person's alerts wait for the digest: no e-mail storm
DIGEST_LIMIT = 200  # alerts listed in one digest; the page has the rest


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path else settings.SITE_URL


def _send(to: str, subject: str, template: str, context: dict[str, object]) -> None:
    context = context | {"site_url": settings.SITE_URL, "alerts_url": absolute("/alerts/")}
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, sender(), [to])
    message.attach_alternative(html, "text/html")
    message.send()


def _claim(alerts: QuerySet[Alert], now: dt.datetime) -> list[Alert]:
    """The alerts of `alerts` this call claimed (emailed_at set where it was empty)."""
    ids = list(alerts.filter(emailed_at__isnull=True).values_list("pk", flat=True))
    mine = []
    for pk in ids:
        if Alert.objects.filter(pk=pk, emailed_at__isnull=True).update(emailed_at=now):
            mine.append(pk)
    return list(Alert.objects.filter(pk__in=mine).select_related("event", "user"))


def _release(alerts: list[Alert]) -> None:
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(emailed_at=None)


def send_immediate(event_id: int | None = None, now: dt.datetime | None = None) -> int:
    """E-mail the immediate alerts of one event (or, without one, those a lost task left
    waiting for over two minutes); how many went out."""
    now = now or timezone.now()
    waiting = Alert.objects.filter(email=EmailMode.IMMEDIATE).exclude(user__email="")
    if event_id is not None:
        waiting = waiting.filter(event_id=event_id)
    else:
        waiting = waiting.filter(created_at__lte=now - STALE_IMMEDIATE)
    sent = 0
    for alert in _claim(waiting, now):
        if _storming(alert, now):
            Alert.objects.filter(pk=alert.pk).update(email=EmailMode.DIGEST, emailed_at=None)
            continue
        try:
            _send(
                alert.user.email,
                f"[Outward] {alert.event.title}",
                "alert",
                {"alert": alert, "event": alert.event, "url": absolute(alert.event.link)},
            )
        except Exception:
            _release([alert])
            raise
        sent += 1
    return sent


def _storming(alert: Alert, now: dt.datetime) -> bool:
    """Whether the person had their hour's share of immediate e-mails already."""
    recent = Alert.objects.filter(
        user_id=alert.user_id,
        email=EmailMode.IMMEDIATE,
        emailed_at__gte=now - dt.timedelta(hours=1),
    ).exclude(pk=alert.pk)
    return recent.count() >= IMMEDIATE_PER_HOUR


def send_digests(now: dt.datetime | None = None) -> int:
    """One digest per person with digest alerts not yet e-mailed, grouped by kind; how many
    digests went out."""
    now = now or timezone.now()
    users = (
        Alert.objects.filter(email=EmailMode.DIGEST, emailed_at__isnull=True)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(users):
        claimed = _claim(
            Alert.objects.filter(user_id=user_id, email=EmailMode.DIGEST).order_by(
                "event__kind", "-event__occurred_at"
            ),
            now,
        )
        if not claimed:
            continue
        claimed.sort(key=lambda a: (a.event.kind, -a.event.occurred_at.timestamp()))
        labels = dict(AlertKind.choices)
        groups = [
            {"label": labels.get(kind, kind), "alerts": list(alerts)[:DIGEST_LIMIT]}
            for kind, alerts in groupby(claimed, key=lambda a: a.event.kind)
        ]
        user = claimed[0].user
        try:
            _send(
                user.email,
                f"[Outward] Your daily alerts: {len(claimed)} new",
                "digest",
                {"user": user, "groups": groups, "total": len(claimed), "absolute": absolute},
            )
        except Exception:
            _release(claimed)
            raise
        sent += 1
    return sent


def endpoint_disabled_notice(endpoint: WebhookEndpoint) -> int:
    """Tell whoever manages webhooks (and who added this one) that it was disabled."""
    people = User.objects.filter(is_active=True, role__in=_manager_roles()).exclude(email="")
    to = {u.email for u in people}
    if endpoint.created_by is not None and endpoint.created_by.email:
        to.add(endpoint.created_by.email)
    for address in sorted(to):
        _send(
            address,
            f"[Outward] Webhook disabled: {endpoint.name}",
            "endpoint_disabled",
            {"endpoint": endpoint, "url": absolute(f"/alerts/webhooks/{endpoint.pk}/")},
        )
    return len(to)


def _manager_roles() -> list[str]:
    return [r for r in Role if Perm.ALERTS_MANAGE in role_permissions(r)]
