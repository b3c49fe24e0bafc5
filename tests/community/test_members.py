"""Customers sign in with an e-mailed link that works once, for a while; nobody learns from
the page whether an address is a customer's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outward.community.models import Member, SignInLink
from outward.community.services.members import LINK_MINUTES, redeem_link, request_link
from outward.community.session import SESSION_KEY
from outward.customers.choices import LifecycleStatus
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_a_customer_gets_a_link_that_signs_in_once(client: Client) -> None:
    CustomerFactory.create(email="ada@example.org", name="Ada Lovelace")

    sent = client.post(reverse("community:sign_in"), {"email": "Ada@Example.org"})
    link = mail.outbox[0].body.split("http://127.0.0.1:8000")[1].split()[0]
    shown = client.get(link)
    first = client.post(link)
    second = client.post(link)

    assert "a sign-in link is on its way" in sent.content.decode()
    assert mail.outbox[0].to == ["ada@example.org"]
    assert shown.status_code == 200
    assert SESSION_KEY not in Client().session  # a GET (a mail scanner) signs nobody in
    assert first.status_code == 302
    assert client.session[SESSION_KEY] == Member.objects.get().pk
    assert second["Location"] == reverse("community:sign_in")
    assert Member.objects.get().display_name == "Ada L."


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: Client) -> None:
    CustomerFactory.create(
        email="gone@example.org", status=LifecycleStatus.CHURNED, churned_on=timezone.localdate()
    )

    unknown = client.post(reverse("community:sign_in"), {"email": "nobody@example.org"})
    churned = client.post(reverse("community:sign_in"), {"email": "gone@example.org"})

    assert "a sign-in link is on its way" in unknown.content.decode()
    assert "a sign-in link is on its way" in churned.content.decode()
    assert mail.outbox == []


def test_only_the_hash_is_stored_and_links_expire() -> None:
    CustomerFactory.create(email="ada@example.org")
    then = timezone.now() - dt.timedelta(minutes=LINK_MINUTES + 1)

    found = request_link("ada@example.org", now=then)

    assert found is not None
    _, token = found
    assert not SignInLink.objects.filter(token_hash=token).exists()
    assert redeem_link(token) is None  # expired
    assert redeem_link("not-a-token") is None


def test_a_bot_filling_the_honeypot_gets_no_mail(client: Client) -> None:
    CustomerFactory.create(email="ada@example.org")

    client.post(reverse("community:sign_in"), {"email": "ada@example.org", "website": "x"})

    assert mail.outbox == []


def test_asking_for_links_is_rate_limited(client: Client, settings: Any) -> None:
    settings.OUTWARD_RATE_LIMITS_ENABLED = True
    CustomerFactory.create(email="ada@example.org")

    answers = [
        client.post(reverse("community:sign_in"), {"email": "ada@example.org"}).status_code
        for _ in range(7)
    ]

    assert answers[:5] == [200] * 5
    assert answers[-1] == 429
