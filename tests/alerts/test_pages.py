"""The alert pages and API: one's own rules and alerts; webhooks for those who manage them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from outward.accounts.models import User
from outward.alerts.choices import AlertKind, WebhookFormat
from outward.alerts.models import Alert, AlertEvent, AlertRule, WebhookEndpoint
from outward.alerts.services import webhooks
from outward.alerts.services.rules import RuleSpec, add_rule
from outward.core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _alert_for(user: User, title: str) -> Alert:
    event = AlertEvent.objects.create(
        kind=AlertKind.DETRACTOR,
        key=title,
        title=title,
        occurred_at=timezone.now(),
        link="/customers/",
    )
    return Alert.objects.create(event=event, user=user, email="immediate")


def test_the_alerts_page_lists_ones_own_alerts_and_rules_only(client: Client) -> None:
    me = UserFactory.create(role=Role.AGENT)
    other = UserFactory.create(role=Role.AGENT)
    add_rule(me, RuleSpec(kind=AlertKind.DETRACTOR, segment="enterprise"))
    _alert_for(me, "Harbour Bakery answered 2 out of 10")
    _alert_for(other, "Someone else's alert")
    client.force_login(me)

    page = client.get("/alerts/").content.decode()

    assert "Harbour Bakery answered 2 out of 10" in page
    assert "Someone else&#x27;s alert" not in page
    assert "enterprise" in page


def test_a_rule_is_added_from_the_page(client: Client) -> None:
    me = UserFactory.create(role=Role.AGENT)
    client.force_login(me)

    response = client.post(
        "/alerts/rules/new/",
        {"kind": "detractor", "threshold": "3", "window_days": "7", "email": "digest"},
    )

    assert response.status_code == 302
    rule = AlertRule.objects.get(owner=me)
    assert (rule.kind, rule.threshold, rule.email) == ("detractor", 3.0, "digest")


def test_a_bad_rule_is_refused_with_the_field_named(client: Client) -> None:
    client.force_login(UserFactory.create(role=Role.AGENT))

    response = client.post(
        "/alerts/rules/new/",
        {"kind": "detractor", "threshold": "9", "window_days": "7", "email": "immediate"},
    )

    assert response.status_code == 400
    assert "An NPS answer between 0 and 6." in response.content.decode()
    assert not AlertRule.objects.exists()


def test_nobody_pauses_or_deletes_someone_elses_rule(client: Client) -> None:
    theirs = add_rule(UserFactory.create(role=Role.AGENT), RuleSpec(kind=AlertKind.DETRACTOR))
    client.force_login(UserFactory.create(role=Role.MANAGER))

    assert client.post(f"/alerts/rules/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/alerts/rules/{theirs.pk}/toggle/").status_code == 404
    assert AlertRule.objects.filter(pk=theirs.pk, enabled=True).exists()


def test_an_agent_may_not_post_rules_to_a_webhook(client: Client) -> None:
    lead = UserFactory.create(role=Role.MANAGER)
    hook = webhooks.add_endpoint(
        name="CX", url="https://hooks.example.com/x", fmt=WebhookFormat.SLACK, by=lead
    )
    client.force_login(UserFactory.create(role=Role.AGENT))

    response = client.post(
        "/api/v1/alerts/rules",
        {"kind": "detractor", "endpoint_id": hook.pk, "email": "none"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "endpoint" in response.json()["errors"]


def test_the_api_adds_lists_and_deletes_ones_rules(client: Client) -> None:
    client.force_login(UserFactory.create(role=Role.ANALYST))

    made = client.post(
        "/api/v1/alerts/rules",
        {"kind": "theme_volume", "threshold": 40, "window_days": 14, "email": "digest"},
        content_type="application/json",
    )
    listed = client.get("/api/v1/alerts/rules").json()
    gone = client.delete(f"/api/v1/alerts/rules/{made.json()['id']}")

    assert made.status_code == 201
    assert [(r["kind"], r["threshold"], r["window_days"]) for r in listed] == [
        ("theme_volume", 40.0, 14)
    ]
    assert gone.status_code == 204
    assert not AlertRule.objects.exists()


def test_the_api_refuses_an_unknown_kind_with_the_field_named(client: Client) -> None:
    client.force_login(UserFactory.create(role=Role.ANALYST))

    response = client.post(
        "/api/v1/alerts/rules", {"kind": "gossip"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert "kind" in str(response.json())


def test_the_api_lists_ones_alerts_newest_first(client: Client) -> None:
    me = UserFactory.create(role=Role.EXECUTIVE)
    _alert_for(me, "first")
    _alert_for(me, "second")
    client.force_login(me)

    body = client.get("/api/v1/alerts").json()

    assert [a["event"]["title"] for a in body["items"]] == ["second", "first"]


def test_a_manager_adds_a_webhook_and_sees_its_secret_and_delivery_log(client: Client) -> None:
    client.force_login(UserFactory.create(role=Role.MANAGER))

    response = client.post(
        "/alerts/webhooks/",
        {"name": "CX channel", "format": "teams", "url": "https://example.webhook.office.com/x"},
    )
    hook = WebhookEndpoint.objects.get()
    page = client.get(f"/alerts/webhooks/{hook.pk}/").content.decode()

    assert response.status_code == 302
    assert hook.secret in page
    assert "Nothing posted here yet." in page


def test_a_webhook_address_must_be_https(client: Client, settings: object) -> None:
    setattr(settings, "OUTWARD_WEBHOOKS_ALLOW_HTTP", False)  # noqa: B010
    client.force_login(UserFactory.create(role=Role.MANAGER))

    response = client.post(
        "/alerts/webhooks/", {"name": "x", "format": "slack", "url": "http://hooks.example.com/x"}
    )

    assert response.status_code == 400
    assert "Webhooks go to https:// addresses." in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_alerts_page_costs_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: object
) -> None:
    me = UserFactory.create(role=Role.AGENT)
    for n in range(30):
        _alert_for(me, f"alert {n}")
        add_rule(me, RuleSpec(kind=AlertKind.DETRACTOR))
    client.force_login(me)

    with django_assert_max_num_queries(14):  # type: ignore[operator]
        assert client.get("/alerts/").status_code == 200


def test_a_webhooks_secret_never_lands_in_the_audit_log(client: Client) -> None:
    from outward.core.models import AuditEntry

    client.force_login(UserFactory.create(role=Role.MANAGER))

    client.post(
        "/alerts/webhooks/", {"name": "CX", "format": "json", "url": "https://hooks.example.com/x"}
    )

    entry = AuditEntry.objects.get(object_type="alerts.webhookendpoint")
    assert "secret" not in entry.changes
    assert WebhookEndpoint.objects.get().secret not in str(entry.changes)
