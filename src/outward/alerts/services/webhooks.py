"""Webhook endpoints and their deliveries: signed POSTs, retried with growing waits, every
attempt logged; an endpoint that fails `DISABLE_AFTER` times in a row is disabled, its
waiting deliveries skipped, and the people who manage webhooks are told."""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from outward.accounts.models import User
from outward.alerts import payloads
from outward.alerts.choices import DeliveryState, EmailMode, WebhookFormat
from outward.alerts.models import (
    Alert,
    AlertEvent,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from outward.alerts.services.mail import STALE_IMMEDIATE, absolute, endpoint_disabled_notice
from outward.core.errors import ValidationError

BACKOFF = (
    dt.timedelta(seconds=30),
    dt.timedelta(minutes=2),
    dt.timedelta(minutes=10),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
)
MAX_ATTEMPTS = len(BACKOFF) + 1  # the first try and one retry per wait
DISABLE_AFTER = 10  # failed attempts in a row, across deliveries
TIMEOUT_SECONDS = 10
USER_AGENT = "Outward-Webhooks/1"
STUCK_AFTER = dt.timedelta(minutes=5)  # far beyond one POST's timeout


class WebhookRefused(Exception):
    """The address may not be posted to (private network, plain HTTP where not allowed)."""


def check_url(url: str, *, resolve: bool = True) -> None:
    """Refuse addresses a webhook may not reach: plain HTTP and private, loopback or
    link-local hosts, unless settings allow them (development, tests)."""
    parts = urlsplit(url)
    allow_http = getattr(settings, "OUTWARD_WEBHOOKS_ALLOW_HTTP", False)
    if parts.scheme != "https" and not (allow_http and parts.scheme == "http"):
        raise WebhookRefused("Webhooks go to https:// addresses.")
    if not parts.hostname:
        raise WebhookRefused("The address has no host.")
    if not resolve or getattr(settings, "OUTWARD_WEBHOOKS_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as error:
        raise WebhookRefused(f"The host does not resolve ({error}).") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise WebhookRefused(f"The host resolves to a private address ({address}).")


@transaction.atomic
def add_endpoint(*, name: str, url: str, fmt: str, by: User | None) -> WebhookEndpoint:
    name = " ".join(name.split())
    errors = {}
    if not name:
        errors["name"] = "Required."
    if fmt not in WebhookFormat.values:
        errors["format"] = f"One of {', '.join(WebhookFormat.values)}."
    try:
        check_url(url, resolve=False)
    except WebhookRefused as refused:
        errors["url"] = str(refused)
    if errors:
        raise ValidationError("The webhook is not valid.", field_errors=errors)
    return WebhookEndpoint.objects.create(
        name=name[:80], url=url, format=fmt, secret=secrets.token_hex(32), created_by=by
    )


@transaction.atomic
def enable_endpoint(endpoint: WebhookEndpoint) -> None:
    endpoint.is_active = True
    endpoint.consecutive_failures = 0
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.save(
        update_fields=[
            "is_active",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "updated_at",
        ]
    )


@transaction.atomic
def remove_endpoint(endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


@dataclass(frozen=True)
class PostResult:
    ok: bool
    status: int | None
    error: str
    duration_ms: int
    retry_after: dt.timedelta | None = None  # a 429 (slow down): not the endpoint failing


def _retry_after(value: str | None) -> dt.timedelta:
    try:
        seconds = int(value or "")
    except ValueError:
        seconds = 60
    return dt.timedelta(seconds=min(max(seconds, 1), 3600))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is an answer, not a place to post the alert again


_OPENER = urllib.request.build_opener(_NoRedirects)


def post(endpoint: WebhookEndpoint, body: bytes, *, key: str, now: dt.datetime) -> PostResult:
    """One signed POST; any 2xx is success, anything else (or no answer) a failure."""
    started = time.monotonic()
    timestamp = int(now.timestamp())
    request = urllib.request.Request(  # noqa: S310 (check_url allows http(s) only)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Outward-Event": key,
            "X-Outward-Timestamp": str(timestamp),
            "X-Outward-Signature": payloads.signature(endpoint.secret, timestamp, body),
        },
    )
    try:
        check_url(endpoint.url)
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = int(response.status)
            ok, error = 200 <= status < 300, ""
    except urllib.error.HTTPError as answer:
        status, ok, error = answer.code, False, f"HTTP {answer.code}"
        if answer.code == 429:
            wait = _retry_after(answer.headers.get("Retry-After"))
            duration = int((time.monotonic() - started) * 1000)
            return PostResult(False, 429, "HTTP 429: slowed down", duration, retry_after=wait)
    except (WebhookRefused, OSError, ValueError) as failure:
        status, ok, error = None, False, str(failure)[:300] or type(failure).__name__
    return PostResult(ok, status, error, int((time.monotonic() - started) * 1000))


def _claim(delivery_id: int, now: dt.datetime) -> WebhookDelivery | None:
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, state=DeliveryState.PENDING, next_attempt_at__lte=now
    ).update(state=DeliveryState.SENDING, next_attempt_at=now)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)


def deliver(delivery_id: int, now: dt.datetime | None = None) -> str:
    """Make the delivery's next attempt if it is due and nobody else is making it; returns
    the delivery's state afterwards ("" when it was not this call's to make)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return ""
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        delivery.state = DeliveryState.SKIPPED
        delivery.save(update_fields=["state"])
        return delivery.state
    event = delivery.event
    body = payloads.body_of(endpoint.format, event, absolute(event.link))
    result = post(endpoint, body, key=event.key, now=now)
    _record_attempt(delivery, result, now)
    return delivery.state


@transaction.atomic
def _record_attempt(delivery: WebhookDelivery, result: PostResult, now: dt.datetime) -> None:
    WebhookAttempt.objects.create(
        delivery=delivery,
        at=now,
        status_code=result.status,
        ok=result.ok,
        error=result.error,
        duration_ms=result.duration_ms,
    )
    endpoint = delivery.endpoint
    if result.retry_after is not None:  # the receiver asks us to slow down: wait, no failure
        delivery.state = DeliveryState.PENDING
        delivery.next_attempt_at = now + result.retry_after
        delivery.save(update_fields=["state", "next_attempt_at"])
        return
    delivery.attempts += 1
    if result.ok:
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = now
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = DeliveryState.FAILED
    else:
        delivery.state = DeliveryState.PENDING
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    delivery.save(update_fields=["state", "attempts", "delivered_at", "next_attempt_at"])
    if not result.ok:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            consecutive_failures=F("consecutive_failures") + 1
        )
        endpoint.refresh_from_db(fields=["consecutive_failures", "is_active"])
        if endpoint.is_active and endpoint.consecutive_failures >= DISABLE_AFTER:
            _disable(endpoint, result, now)


def _disable(endpoint: WebhookEndpoint, result: PostResult, now: dt.datetime) -> None:
    endpoint.is_active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = (
        f"{endpoint.consecutive_failures} failed attempts in a row; last: "
        f"{result.error or result.status}"
    )[:300]
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    WebhookDelivery.objects.filter(endpoint=endpoint, state=DeliveryState.PENDING).update(
        state=DeliveryState.SKIPPED
    )
    transaction.on_commit(lambda: endpoint_disabled_notice(endpoint))


def deliver_event(event_id: int, now: dt.datetime | None = None) -> int:
    """First attempts of one event's deliveries; how many were made."""
    pending = WebhookDelivery.objects.filter(event_id=event_id, state=DeliveryState.PENDING)
    return sum(1 for pk in pending.values_list("pk", flat=True) if deliver(pk, now))


def deliver_due(now: dt.datetime | None = None, limit: int = 200) -> int:
    """Attempts whose wait is over (the sweep's retries); how many were made."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(  # a worker died while posting: try again
        state=DeliveryState.SENDING, next_attempt_at__lt=now - STUCK_AFTER
    ).update(state=DeliveryState.PENDING)
    due = WebhookDelivery.objects.filter(
        state=DeliveryState.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at")
    return sum(1 for pk in list(due.values_list("pk", flat=True)[:limit]) if deliver(pk, now))


def anything_due(now: dt.datetime | None = None) -> bool:
    """Whether a retry or a lost e-mail waits (one cheap query each)."""
    now = now or timezone.now()
    retries = WebhookDelivery.objects.filter(
        state__in=[DeliveryState.PENDING, DeliveryState.SENDING], next_attempt_at__lte=now
    )
    stale = Alert.objects.filter(
        email=EmailMode.IMMEDIATE, emailed_at__isnull=True, created_at__lte=now - STALE_IMMEDIATE
    ).exclude(user__email="")
    return retries.exists() or stale.exists()


def send_test(endpoint: WebhookEndpoint, now: dt.datetime | None = None) -> PostResult:
    """Post a sample message (not an alert, not retried) so people can see it arrive."""
    now = now or timezone.now()
    sample = AlertEvent(
        kind="detractor",
        key="test",
        occurred_at=now,
        title="Test message from Outward",
        summary="If you read this in your channel, alerts will arrive here.",
        link="/alerts/",
        context={},
    )
    return post(
        endpoint,
        payloads.body_of(endpoint.format, sample, absolute("/alerts/")),
        key="test",
        now=now,
    )
