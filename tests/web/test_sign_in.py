"""Signing in and out, password reset by e-mail, rate limits and the health check."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks.signals import task_enqueued

from outward.accounts.models import User
from outward.core.roles import Role
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_renders_the_form(client: Client) -> None:
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_user_signs_in_through_the_form_and_lands_on_home(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.AGENT)

    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_wrong_password_shows_an_error(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(Role.AGENT)

    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "wrong"}
    )

    assert response.status_code == 200
    assert b'role="alert"' in response.content


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("customers:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_logout_by_post_signs_the_user_out(client: Client, login: Callable[[str], User]) -> None:
    login(Role.AGENT)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


def test_logout_by_get_is_refused(client: Client, login: Callable[[str], User]) -> None:
    login(Role.AGENT)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405


def _reset_email_for(client: Client, email: str) -> list[str]:
    enqueued: list[str] = []

    def remember(sender: Any, task_result: Any, **kwargs: Any) -> None:
        enqueued.append(task_result.task.name)

    task_enqueued.connect(remember)
    try:
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    finally:
        task_enqueued.disconnect(remember)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    return enqueued


def test_password_reset_sends_the_email_through_the_task(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.AGENT, email="sam@example.com")

    enqueued = _reset_email_for(client, "sam@example.com")

    assert enqueued == ["send_email"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].subject == "Reset your Outward password"


def test_password_reset_for_an_unknown_address_sends_nothing(client: Client) -> None:
    enqueued = _reset_email_for(client, "nobody@example.com")

    assert enqueued == []
    assert mail.outbox == []


def test_password_reset_link_lets_the_user_choose_a_new_password(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.AGENT, email="sam@example.com")
    _reset_email_for(client, "sam@example.com")
    link = re.search(r"https?://\S+/accounts/reset/\S+/", str(mail.outbox[0].body))
    assert link is not None

    form_page = client.get(urlsplit(link.group(0)).path, follow=True)
    new_password = "a-much-better-passphrase-42"
    response = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.usefixtures("rate_limits_on")
def test_too_many_sign_in_attempts_get_a_friendly_429(client: Client) -> None:
    url = reverse("accounts:login")
    for _ in range(10):
        client.post(url, {"username": "sam", "password": "guess"})

    response = client.post(url, {"username": "sam", "password": "guess"})

    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert "Retry-After" in response


@pytest.mark.usefixtures("rate_limits_on")
def test_sign_in_lockout_is_per_username_at_one_address(client: Client) -> None:
    url = reverse("accounts:login")
    for _ in range(10):
        client.post(url, {"username": "sam", "password": "guess"}, REMOTE_ADDR="10.0.0.1")

    elsewhere = client.post(url, {"username": "sam", "password": "guess"}, REMOTE_ADDR="10.0.0.2")
    colleague = client.post(url, {"username": "alex", "password": "guess"}, REMOTE_ADDR="10.0.0.1")
    locked = client.post(url, {"username": "sam", "password": "guess"}, REMOTE_ADDR="10.0.0.1")

    assert elsewhere.status_code == 200
    assert colleague.status_code == 200
    assert locked.status_code == 429


@pytest.mark.usefixtures("rate_limits_on")
def test_successful_sign_ins_from_one_office_never_lock_anyone_out(
    make_user: Callable[..., User],
) -> None:
    url = reverse("accounts:login")
    users = [make_user(Role.AGENT) for _ in range(3)]
    for _ in range(5):
        for user in users:
            office = Client(REMOTE_ADDR="192.0.2.10")
            office.post(url, {"username": user.username, "password": TEST_PASSWORD})

    response = Client(REMOTE_ADDR="192.0.2.10").post(
        url, {"username": users[0].username, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302


@pytest.mark.usefixtures("rate_limits_on")
def test_a_locked_out_user_is_not_let_in_even_with_the_right_password(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.AGENT)
    url = reverse("accounts:login")
    for _ in range(10):
        client.post(url, {"username": user.username, "password": "guess"})

    response = client.post(url, {"username": user.username, "password": TEST_PASSWORD})

    assert response.status_code == 429


@pytest.mark.usefixtures("rate_limits_on")
def test_sign_in_limit_holds_per_username_across_many_addresses(client: Client) -> None:
    url = reverse("accounts:login")
    for n in range(50):
        client.post(url, {"username": "sam", "password": "guess"}, REMOTE_ADDR=f"10.0.{n}.1")

    response = client.post(url, {"username": "sam", "password": "guess"}, REMOTE_ADDR="10.9.9.9")

    assert response.status_code == 429


@pytest.mark.usefixtures("rate_limits_on")
def test_one_address_trying_many_usernames_is_stopped(client: Client) -> None:
    url = reverse("accounts:login")
    for n in range(100):
        client.post(url, {"username": f"user{n}", "password": "guess"}, REMOTE_ADDR="10.0.0.1")

    response = client.post(url, {"username": "newname", "password": "x"}, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 429


@pytest.mark.usefixtures("rate_limits_on")
def test_behind_a_trusted_proxy_each_client_is_counted_by_its_forwarded_address(
    client: Client, settings: Any
) -> None:
    settings.OUTWARD_TRUSTED_PROXIES = 1
    url = reverse("accounts:login")
    for _ in range(10):
        client.post(
            url,
            {"username": "sam", "password": "guess"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )

    other_client = client.post(
        url,
        {"username": "sam", "password": "guess"},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    same_client = client.post(
        url,
        {"username": "sam", "password": "guess"},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7",
    )

    assert other_client.status_code == 200
    assert same_client.status_code == 429


@pytest.mark.usefixtures("rate_limits_on")
def test_without_trusted_proxies_a_forged_forwarded_header_changes_nothing(
    client: Client,
) -> None:
    url = reverse("accounts:login")
    for n in range(10):
        client.post(
            url, {"username": "sam", "password": "guess"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )

    response = client.post(
        url, {"username": "sam", "password": "guess"}, HTTP_X_FORWARDED_FOR="198.51.100.99"
    )

    assert response.status_code == 429


@pytest.mark.usefixtures("rate_limits_on")
def test_too_many_password_resets_get_a_429(client: Client) -> None:
    url = reverse("accounts:password_reset")
    for _ in range(5):
        client.post(url, {"email": "sam@example.com"})

    response = client.post(url, {"email": "sam@example.com"})

    assert response.status_code == 429


def test_health_check_answers_ok_without_signing_in(client: Client) -> None:
    response = client.get(reverse("core:healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
