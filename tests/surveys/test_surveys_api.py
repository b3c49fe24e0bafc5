"""The surveys API: transactional triggers, bounces, the survey list and coverage figures."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.accounts.choices import TokenScope
from outward.accounts.services import create_api_token
from outward.core.roles import Role
from outward.surveys.choices import SkipReason, SurveyKind
from outward.surveys.models import Invitation, Suppression
from tests.factories import CustomerFactory, UserFactory
from tests.surveys.invitation_helpers import make_survey

pytestmark = pytest.mark.django_db


def _auth(role: str = Role.AGENT) -> dict[str, Any]:
    issued = create_api_token(user=UserFactory.create(role=role), name="t", scope=TokenScope.WRITE)
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def _post(client: Client, url: str, body: dict[str, Any], role: str = Role.AGENT) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **_auth(role))


def _no_secrets(body: object, *secrets: str) -> None:
    text = json.dumps(body)
    for secret in secrets:
        assert secret not in text
    assert "nonce" not in text
    assert "token" not in text


def test_an_agent_triggers_a_delivery_survey_once(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    # given
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    customer = CustomerFactory.create(external_id="K-77")
    url = f"/api/v1/surveys/{survey.pk}/invitations"
    body = {
        "customer_external_id": "K-77",
        "event_ref": "DLV-1001",
        "occurred_at": "2026-01-10T09:00:00Z",
    }

    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, url, body)
    with django_capture_on_commit_callbacks(execute=True):
        retry = _post(client, url, body)

    # then
    assert first.status_code == 201
    assert first.json()["outcome"] == "invited"
    assert first.json()["replayed"] is False
    assert first.json()["customer_id"] == str(customer.pk)
    assert retry.status_code == 200
    assert retry.json()["replayed"] is True
    assert retry.json()["invitation_id"] == first.json()["invitation_id"]
    assert len(mail.outbox) == 1
    invitation = Invitation.objects.get()
    assert invitation.event_at is not None
    _no_secrets(first.json(), invitation.nonce, survey.public_token)


def test_a_refused_trigger_answers_200_with_the_reason(client: Client) -> None:
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    customer = CustomerFactory.create(contact_consent=False)

    response = _post(
        client,
        f"/api/v1/surveys/{survey.pk}/invitations",
        {"customer_id": str(customer.pk), "event_ref": "C-1"},
    )

    assert response.status_code == 200
    assert response.json()["outcome"] == "skipped"
    assert response.json()["reason"] == SkipReason.NO_CONSENT
    assert response.json()["invitation_id"] is None


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"event_ref": "E"}, 422, "customer"),
        ({"customer_email": "who@nowhere.example", "event_ref": "E"}, 422, "customer_email"),
        ({"customer_external_id": "K", "event_ref": ""}, 422, "event_ref"),
        ({"customer_external_id": "K", "event_ref": "E", "occurred_at": "2026-01-01T09:00"}, 422,
         "occurred_at"),
        ({"customer_external_id": "K", "event_ref": "E", "extra": 1}, 422, "extra"),
    ],
)  # fmt: skip
def test_bad_triggers_name_the_field(
    client: Client, body: dict[str, Any], status: int, field: str
) -> None:
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    CustomerFactory.create(external_id="K")

    response = _post(client, f"/api/v1/surveys/{survey.pk}/invitations", body)

    assert response.status_code == status
    assert field in response.json()["errors"]


def test_triggering_an_unknown_or_relationship_survey(client: Client) -> None:
    customer = CustomerFactory.create()
    relationship = make_survey()
    body = {"customer_id": str(customer.pk), "event_ref": "E"}

    unknown = _post(client, f"/api/v1/surveys/{uuid.uuid4()}/invitations", body)
    wrong_kind = _post(client, f"/api/v1/surveys/{relationship.pk}/invitations", body)

    assert unknown.status_code == 404
    assert wrong_kind.status_code == 422
    assert "survey_id" in wrong_kind.json()["errors"]


def test_a_bounce_webhook_suppresses_the_address(client: Client) -> None:
    customer = CustomerFactory.create(email="gone@example.org")

    response = _post(
        client,
        "/api/v1/surveys/bounces",
        {"email": "Gone@Example.org", "reason": "550 5.1.1"},
        role=Role.MANAGER,
    )
    bad = _post(client, "/api/v1/surveys/bounces", {"email": "not-an-address"}, Role.MANAGER)

    assert response.status_code == 200
    assert response.json() == {
        "email": "gone@example.org",
        "suppressed": True,
        "invitation_id": None,
    }
    assert Suppression.objects.get().customer_id == customer.pk
    assert bad.status_code == 422
    assert "email" in bad.json()["errors"]


def test_an_agent_may_not_report_bounces(client: Client) -> None:
    response = _post(client, "/api/v1/surveys/bounces", {"email": "a@b.org"}, Role.AGENT)

    assert response.status_code == 403


def test_the_survey_list_filters_and_hides_the_public_token(client: Client) -> None:
    relationship = make_survey()
    make_survey(kind=SurveyKind.TRANSACTIONAL)

    response = client.get("/api/v1/surveys?kind=relationship", **_auth(Role.ANALYST))

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [str(relationship.pk)]
    assert set(items[0]) == {
        "id", "name", "kind", "audience", "status", "touchpoint", "languages",
        "reminder_after_days", "created_at",
    }  # fmt: skip
    _no_secrets(response.json(), relationship.public_token)


def test_the_survey_list_costs_the_same_queries_for_two_or_twenty(client: Client) -> None:
    auth = _auth(Role.ANALYST)
    for _ in range(2):
        make_survey(kind=SurveyKind.TRANSACTIONAL)
    client.get("/api/v1/surveys", **auth)  # the token's first use is written once
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/surveys", **auth)
    for _ in range(18):
        make_survey(kind=SurveyKind.TRANSACTIONAL)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/surveys", **auth)

    assert len(response.json()["items"]) == 20
    assert len(many) == len(few)


def test_the_coverage_figures_in_the_api(client: Client) -> None:
    CustomerFactory.create_batch(3, segment="smb")

    response = client.get("/api/v1/surveys/coverage", **_auth(Role.EXECUTIVE))

    assert response.status_code == 200
    body = response.json()
    assert body["overall"]["customers"] == 3
    assert body["by_segment"][0]["label"] == "smb"
    assert body["never_heard"] == 3
