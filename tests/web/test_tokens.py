"""API tokens page: the secret is shown once, only its SHA-256 is stored, revoking is safe."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from outward.accounts.models import ApiToken, User
from outward.accounts.services import create_api_token
from outward.core.roles import Role

pytestmark = pytest.mark.django_db


def _secret_in(html: str) -> str:
    match = re.search(r'<code id="new-token">(ow_[^<]+)</code>', html)
    assert match is not None, "no secret on the page"
    return match.group(1)


def test_tokens_page_renders_with_no_tokens(client: Client, login: Callable[[str], User]) -> None:
    login(Role.ANALYST)

    response = client.get(reverse("accounts:tokens"))

    assert response.status_code == 200
    assert b"You have no tokens yet" in response.content


def test_created_token_secret_is_shown_once_and_only_its_hash_is_stored(
    client: Client, login: Callable[[str], User]
) -> None:
    user = login(Role.MANAGER)

    created = client.post(reverse("accounts:tokens"), {"name": "CRM sync", "scope": "write"})
    later = client.get(reverse("accounts:tokens"))

    secret = _secret_in(created.content.decode())
    token = ApiToken.objects.get(user=user)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert (token.name, token.scope) == ("CRM sync", "write")
    assert secret not in later.content.decode()
    assert b"CRM sync" in later.content
    assert "no-store" in created["Cache-Control"]


def test_token_without_a_name_is_refused(client: Client, login: Callable[[str], User]) -> None:
    login(Role.MANAGER)

    response = client.post(reverse("accounts:tokens"), {"name": "", "scope": "read"})

    assert response.status_code == 200
    assert ApiToken.objects.count() == 0
    assert b"This field is required" in response.content


def test_tokens_page_lists_only_ones_own_tokens(
    client: Client, login: Callable[[str], User], make_user: Callable[..., User]
) -> None:
    create_api_token(user=make_user(Role.ANALYST), name="Someone else's")
    user = login(Role.ANALYST)
    create_api_token(user=user, name="Mine")

    response = client.get(reverse("accounts:tokens"))

    assert list(response.context["tokens"]) == list(user.api_tokens.all())


def test_owner_revokes_a_token(client: Client, login: Callable[[str], User]) -> None:
    user = login(Role.ANALYST)
    issued = create_api_token(user=user, name="Old script")

    response = client.post(reverse("accounts:token_revoke", args=[issued.token.pk]))

    assert response.status_code == 302
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None


def test_other_users_tokens_cannot_be_revoked(
    client: Client, login: Callable[[str], User], make_user: Callable[..., User]
) -> None:
    issued = create_api_token(user=make_user(Role.ANALYST), name="Not yours")
    login(Role.MANAGER)

    response = client.post(reverse("accounts:token_revoke", args=[issued.token.pk]))

    assert response.status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_revoking_needs_a_post(client: Client, login: Callable[[str], User]) -> None:
    issued = create_api_token(user=login(Role.ANALYST), name="Keep")

    response = client.get(reverse("accounts:token_revoke", args=[issued.token.pk]))

    assert response.status_code == 405


def test_agent_cannot_manage_tokens(client: Client, login: Callable[[str], User]) -> None:
    login(Role.AGENT)

    response = client.get(reverse("accounts:tokens"))

    assert response.status_code == 403
    assert b"You can't open this page" in response.content


def test_tokens_page_query_count_does_not_grow_with_tokens(
    client: Client, login: Callable[[str], User], django_assert_max_num_queries: Callable
) -> None:
    user = login(Role.ANALYST)
    for n in range(20):
        create_api_token(user=user, name=f"Token {n}")

    with django_assert_max_num_queries(4):
        response = client.get(reverse("accounts:tokens"))

    assert response.status_code == 200
