"""Every e-mail says which company is asking: an admin names the organisation and the
sender in the app, and survey invitations and community e-mails carry both."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from outward.accounts.models import User
from outward.accounts.organisation import sender
from outward.accounts.services import save_organisation
from outward.community.mail import send_sign_in_link
from outward.community.services.members import request_link
from outward.core.roles import Role
from outward.surveys.choices import QuestionType, Trigger
from outward.surveys.models import Invitation
from outward.surveys.services.invitations import invite_customer, send_invitation_email
from tests.factories import CustomerFactory
from tests.mail import html_of, text_of
from tests.surveys.invitation_helpers import make_survey

pytestmark = pytest.mark.django_db


def test_an_admin_names_the_organisation_and_its_sender(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ADMIN)

    saved = client.post(
        reverse("accounts:organisation"),
        {"name": "Kestrel Home", "sender_name": "Kestrel Customer Care",
         "sender_address": "care@kestrel.example", "reply_to": "help@kestrel.example"},
    )  # fmt: skip

    assert saved.status_code == 302
    assert sender() == "Kestrel Customer Care <care@kestrel.example>"
    page = client.get(reverse("accounts:organisation"))
    assert "Kestrel Customer Care &lt;care@kestrel.example&gt;" in page.content.decode()


def test_a_bad_address_is_named_and_nothing_is_saved(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ADMIN)

    refused = client.post(
        reverse("accounts:organisation"), {"name": "Kestrel Home", "sender_address": "care@"}
    )

    assert refused.status_code == 400
    assert "sender_address" in refused.context["form"].errors
    assert sender() == "Our company <outward@localhost>"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.AGENT, Role.ANALYST])
def test_only_admins_name_the_organisation(
    client: Client, login: Callable[[str], User], role: str
) -> None:
    login(role)

    assert client.post(reverse("accounts:organisation"), {"name": "X"}).status_code == 403
    assert sender() == "Our company <outward@localhost>"


def test_a_survey_invitation_says_who_is_asking() -> None:
    save_organisation(name="Kestrel Home", sender_address="care@kestrel.example")
    survey = make_survey(score=QuestionType.NPS)
    invitation = invite_customer(
        survey, CustomerFactory.create(language="en"), trigger=Trigger.MANUAL
    )
    assert isinstance(invitation, Invitation)

    send_invitation_email(invitation.pk)

    [message] = mail.outbox
    assert message.from_email == "Kestrel Home <care@kestrel.example>"
    assert text_of(message).startswith("Kestrel Home would like to hear from you.")
    assert "Kestrel Home would like to hear from you." in html_of(message)


def test_community_emails_are_signed_by_the_organisation() -> None:
    save_organisation(name="Kestrel Home & Co", reply_to="help@kestrel.example")
    customer = CustomerFactory.create(email="maria@example.org", language="en")
    issued = request_link(customer.email)
    assert issued is not None

    send_sign_in_link(issued[0].pk, issued[1])

    [message] = mail.outbox
    assert message.from_email == "Kestrel Home & Co <outward@localhost>"
    assert message.body.rstrip().endswith("-- \nKestrel Home & Co")
