"""Who may call the API: tokens, sessions, and the one permission each operation declares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from outward.accounts.choices import TokenScope
from outward.accounts.models import ApiToken, User
from outward.accounts.services import revoke_api_token
from outward.core.models import AuditEntry
from outward.core.permissions import Perm
from outward.core.roles import Role
from tests.api.conftest import API, ApiClient

pytestmark = pytest.mark.django_db


def test_valid_token_reads_customers(api: ApiClient) -> None:
    response = api.get("/customers")

    assert response.status == 200
    assert response.body == {"items": [], "next_cursor": None}


def test_request_without_credentials_gets_401(client: Client) -> None:
    response = client.get(f"{API}/customers")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "token" in response.json()["detail"]


def test_unknown_token_gets_401(api: ApiClient) -> None:
    api.secret = "ow_not-a-real-token"

    assert api.get("/customers").status == 401


def test_revoked_token_gets_401(api: ApiClient) -> None:
    assert api.token is not None
    revoke_api_token(user=api.token.user, token_id=api.token.pk)

    response = api.get("/customers")

    assert response.status == 401
    assert "revoked" in response.body["detail"]


def test_read_token_cannot_post(make_api: Callable[..., ApiClient]) -> None:
    reader = make_api(Role.ADMIN, TokenScope.READ)

    response = reader.post("/feedback", {"text": "Lovely", "nps": 10})

    assert response.status == 403
    assert Perm.FEEDBACK_ADD.value in response.body["detail"]


def test_permission_is_checked_before_the_body_is_read(make_api: Callable[..., ApiClient]) -> None:
    executive = make_api(Role.EXECUTIVE)

    response = executive.post("/customers", raw=b"{not json")

    assert response.status == 403


def test_token_use_is_recorded(api: ApiClient) -> None:
    assert api.token is not None
    ApiToken.objects.filter(pk=api.token.pk).update(last_used_at=None)

    api.get("/customers")

    api.token.refresh_from_db()
    assert api.token.last_used_at is not None
    assert timezone.now() - api.token.last_used_at < timedelta(minutes=1)


def test_api_write_is_audited_to_the_token(api: ApiClient) -> None:
    response = api.post("/customers", {"name": "Ada Lovelace", "email": "ada@example.org"})

    entry = AuditEntry.objects.get(object_type="customers.customer")
    assert entry.object_id == response.body["id"]
    assert entry.token == api.token
    assert api.token is not None
    assert entry.user == api.token.user


def test_batch_write_is_audited_to_the_token(api: ApiClient) -> None:
    api.post("/feedback/batch", {"items": [{"text": "one"}, {"text": "two"}]})

    entry = AuditEntry.objects.get(object_type="feedback.feedbackitem")
    assert entry.token == api.token
    assert entry.count == 2


def test_signed_in_user_reads_with_the_session(
    login: Callable[[str], User], client: Client
) -> None:
    login(Role.AGENT)

    assert client.get(f"{API}/customers").status_code == 200


def test_session_write_needs_a_csrf_token(make_user: Callable[..., User]) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user(Role.AGENT))

    response = browser.post(f"{API}/feedback", {"text": "hi"}, content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_session_user_without_permission_gets_403(
    login: Callable[[str], User], client: Client
) -> None:
    login(Role.EXECUTIVE)

    response = client.post(f"{API}/feedback", {"text": "hi"}, content_type="application/json")

    assert response.status_code == 403


def test_docs_page_is_served(login: Callable[[str], User], client: Client) -> None:
    login(Role.AGENT)

    assert client.get(f"{API}/docs").status_code == 200
