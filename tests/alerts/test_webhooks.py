"""Webhooks: a real POST to a local receiver, in the shape Slack and Teams accept, signed,
retried with growing waits, logged, and disabled after too many failures in a row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.accounts.models import User
from outward.alerts import payloads
from outward.alerts.choices import AlertKind, DeliveryState, WebhookFormat
from outward.alerts.models import AlertEvent, WebhookDelivery, WebhookEndpoint
from outward.alerts.services import dispatch, webhooks
from outward.alerts.services.rules import RuleSpec, add_rule
from outward.core.errors import ValidationError
from outward.core.roles import Role
from tests.alerts.receiver import Receiver
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager() -> User:
    return UserFactory.create(role=Role.MANAGER, email="lead@example.com")


def _endpoint(manager: User, url: str, fmt: str = WebhookFormat.SLACK) -> WebhookEndpoint:
    return webhooks.add_endpoint(name="CX channel", url=url, fmt=fmt, by=manager)


def _event(n: int = 1) -> AlertEvent:
    return AlertEvent.objects.create(
        kind=AlertKind.DETRACTOR,
        key=f"detractor:{n}",
        occurred_at=timezone.now(),
        title="Harbour Bakery answered 2 out of 10",
        summary="Cold bread again.",
        link="/customers/x/",
        context={"segment": "smb", "score": 2},
    )


def _delivery(manager: User, endpoint: WebhookEndpoint, n: int = 1) -> WebhookDelivery:
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR, endpoint=endpoint)) if n == 1 else None
    event = _event(n)
    dispatch.dispatch_waiting()
    return WebhookDelivery.objects.get(event=event)


def test_a_slack_post_is_a_signed_incoming_webhook_message(
    manager: User, receiver: Receiver
) -> None:
    endpoint = _endpoint(manager, receiver.url)
    delivery = _delivery(manager, endpoint)

    assert webhooks.deliver(delivery.pk) == DeliveryState.DELIVERED

    (post,) = receiver.posts
    assert post.headers["Content-Type"].startswith("application/json")
    body = post.json
    assert body["text"] == "Harbour Bakery answered 2 out of 10"
    assert [b["type"] for b in body["blocks"]] == ["header", "section", "context", "actions"]
    assert body["blocks"][3]["elements"][0]["url"].endswith("/customers/x/")
    stamp = int(post.headers["X-Outward-Timestamp"])
    assert payloads.verify(endpoint.secret, stamp, post.body, post.headers["X-Outward-Signature"])
    assert not payloads.verify(
        "another secret", stamp, post.body, post.headers["X-Outward-Signature"]
    )


def test_a_teams_post_carries_an_adaptive_card(manager: User, receiver: Receiver) -> None:
    delivery = _delivery(manager, _endpoint(manager, receiver.url, WebhookFormat.TEAMS))

    webhooks.deliver(delivery.pk)

    body = receiver.posts[0].json
    assert body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["body"][0]["text"] == "Harbour Bakery answered 2 out of 10"
    assert card["actions"][0]["type"] == "Action.OpenUrl"


def test_a_failed_post_is_retried_after_a_growing_wait(manager: User, receiver: Receiver) -> None:
    delivery = _delivery(manager, _endpoint(manager, receiver.url))
    receiver.answers = [500, 503]
    now = timezone.now()

    assert webhooks.deliver(delivery.pk, now) == DeliveryState.PENDING
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == now + dt.timedelta(seconds=30)
    assert webhooks.deliver_due(now + dt.timedelta(seconds=10)) == 0  # not due yet
    assert webhooks.deliver_due(now + dt.timedelta(seconds=31)) == 1
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == now + dt.timedelta(seconds=31) + dt.timedelta(minutes=2)
    assert webhooks.deliver_due(now + dt.timedelta(minutes=5)) == 1

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.attempts == 3
    log = list(delivery.attempt_log.order_by("at"))
    assert [(a.status_code, a.ok) for a in log] == [(500, False), (503, False), (200, True)]
    assert len(receiver.posts) == 3
    delivery.endpoint.refresh_from_db()
    assert delivery.endpoint.consecutive_failures == 0


def test_a_receiver_asking_to_slow_down_is_waited_for_not_counted_as_failing(
    manager: User, receiver: Receiver
) -> None:
    delivery = _delivery(manager, _endpoint(manager, receiver.url))
    receiver.answers = [429] * (webhooks.DISABLE_AFTER + 1)
    now = timezone.now()

    for _ in range(webhooks.DISABLE_AFTER + 1):
        webhooks.deliver(delivery.pk, now)
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == now + dt.timedelta(seconds=45)
        now = delivery.next_attempt_at

    delivery.endpoint.refresh_from_db()
    assert delivery.endpoint.is_active
    assert delivery.endpoint.consecutive_failures == 0
    assert delivery.attempts == 0
    assert delivery.attempt_log.count() == webhooks.DISABLE_AFTER + 1


def test_a_delivery_gives_up_after_its_last_retry(manager: User, receiver: Receiver) -> None:
    delivery = _delivery(manager, _endpoint(manager, receiver.url))
    receiver.answers = [500] * webhooks.MAX_ATTEMPTS
    moment = timezone.now()

    for _ in range(webhooks.MAX_ATTEMPTS):
        webhooks.deliver(delivery.pk, moment)
        delivery.refresh_from_db()
        moment = delivery.next_attempt_at

    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS


def test_an_endpoint_failing_again_and_again_is_disabled_with_a_notice(
    manager: User,
    receiver: Receiver,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    endpoint = _endpoint(manager, receiver.url)
    receiver.answers = [500] * webhooks.DISABLE_AFTER
    deliveries = [_delivery(manager, endpoint, n) for n in range(1, webhooks.DISABLE_AFTER + 2)]

    with django_capture_on_commit_callbacks(execute=True):
        for delivery in deliveries[: webhooks.DISABLE_AFTER]:
            webhooks.deliver(delivery.pk)

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "10 failed attempts in a row" in endpoint.disabled_reason
    last = WebhookDelivery.objects.get(pk=deliveries[-1].pk)
    assert last.state == DeliveryState.SKIPPED  # waiting ones are not posted to a dead end
    assert any("Webhook disabled: CX channel" in m.subject for m in mail.outbox)
    assert len(receiver.posts) == webhooks.DISABLE_AFTER


def test_a_disabled_endpoint_gets_no_new_deliveries(manager: User, receiver: Receiver) -> None:
    endpoint = _endpoint(manager, receiver.url)
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR, endpoint=endpoint))
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    _event()

    dispatch.dispatch_waiting()

    assert not WebhookDelivery.objects.exists()


def test_a_delivery_is_made_once_when_two_workers_reach_it(
    manager: User, receiver: Receiver
) -> None:
    delivery = _delivery(manager, _endpoint(manager, receiver.url))

    webhooks.deliver(delivery.pk)
    webhooks.deliver(delivery.pk)

    assert len(receiver.posts) == 1


@override_settings(OUTWARD_WEBHOOKS_ALLOW_HTTP=False, OUTWARD_WEBHOOKS_ALLOW_PRIVATE=False)
def test_webhooks_refuse_plain_http_and_private_addresses(manager: User) -> None:
    with pytest.raises(ValidationError) as refused:
        _endpoint(manager, "http://hooks.example.com/x")
    assert "url" in refused.value.field_errors

    with pytest.raises(webhooks.WebhookRefused, match="private address"):
        webhooks.check_url("https://127.0.0.1/hook")


def test_the_test_message_reaches_the_receiver(manager: User, receiver: Receiver) -> None:
    result = webhooks.send_test(_endpoint(manager, receiver.url))

    assert result.ok
    assert receiver.posts[0].json["text"] == "Test message from Outward"
