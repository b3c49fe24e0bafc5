"""The back office writes through the services: their rules hold there too, and models with
no service to write them are read-only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from outward.accounts.models import Team, User
from outward.accounts.services import create_api_token
from outward.core.roles import Role
from outward.customers.models import Customer, CustomerAsset
from tests.factories import BatchFactory, FeedbackFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _customer_form(**fields: str) -> dict[str, str]:
    form = {
        "kind": "person",
        "name": "Ann Lee",
        "email": "",
        "segment": "",
        "region": "",
        "language": "en",
        "annual_value": "0",
        "currency": "EUR",
        "status": "active",
        "contact_consent": "",
    }
    form.update(fields)
    return form


def test_a_customer_added_in_the_back_office_is_normalised_by_the_service(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ADMIN)

    response = client.post(
        "/backoffice/customers/customer/add/",
        _customer_form(email="Ann@Example.COM", contact_consent="on"),
    )

    assert response.status_code == 302
    ann = Customer.objects.get()
    assert ann.email == "ann@example.com"
    assert ann.consent_updated_at is not None  # the service stamps a consent change


def test_a_service_rule_the_form_cannot_check_refuses_the_save_with_a_message(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ADMIN)
    customer = Customer.objects.create(name="Bo")
    kettle, heater = ProductFactory(), ProductFactory()
    heater_batch = BatchFactory(product=heater)

    response = client.post(
        "/backoffice/customers/customerasset/add/",
        {
            "customer": str(customer.pk),
            "product": str(kettle.pk),
            "batch": str(heater_batch.pk),
            "serial_number": "",
        },
        follow=True,
    )

    assert not CustomerAsset.objects.exists()
    assert b"The batch belongs to another product." in response.content


def test_feedback_cannot_be_added_changed_or_deleted_in_the_back_office(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ADMIN)
    item = FeedbackFactory()

    add = client.get("/backoffice/feedback/feedbackitem/add/")
    change = client.post(f"/backoffice/feedback/feedbackitem/{item.pk}/change/", {"text": "x"})
    delete = client.post(f"/backoffice/feedback/feedbackitem/{item.pk}/delete/", {"post": "yes"})

    item.refresh_from_db()
    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    assert item.text != "x"


def test_a_team_added_in_the_back_office_goes_through_the_service(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ADMIN)

    added = client.post("/backoffice/accounts/team/add/", {"name": "Field crew", "description": ""})
    twice = client.post("/backoffice/accounts/team/add/", {"name": "Field crew", "description": ""})

    assert added.status_code == 302
    assert twice.status_code == 200  # the form names the duplicate; nothing saved
    assert Team.objects.filter(name="Field crew").count() == 1


def test_api_tokens_are_read_only_in_the_back_office(
    client: Client, login: Callable[[str], User]
) -> None:
    owner = login(Role.ADMIN)
    token = create_api_token(user=owner, name="ci").token

    response = client.post(
        f"/backoffice/accounts/apitoken/{token.pk}/change/", {"name": "renamed", "scope": "write"}
    )

    token.refresh_from_db()
    assert response.status_code == 403
    assert token.name == "ci"
