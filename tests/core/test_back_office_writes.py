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
    kettle, heater = ProductFactory.create(), ProductFactory.create()
    heater_batch = BatchFactory.create(product=heater)

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
    item = FeedbackFactory.create()

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


def _user_form(user: User, **fields: str) -> dict[str, str]:
    form = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "job_title": user.job_title,
        "role": user.role,
        "team": "",
        "is_active": "on" if user.is_active else "",
        "skills-TOTAL_FORMS": "0",
        "skills-INITIAL_FORMS": "0",
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "1000",
    }
    form.update(fields)
    return {k: v for k, v in form.items() if v != ""}


def test_a_role_changed_in_the_back_office_opens_or_closes_it_with_the_role(
    client: Client, login: Callable[[str], User], make_user: Callable[..., User]
) -> None:
    login(Role.ADMIN)
    agent = make_user(Role.AGENT)

    response = client.post(
        f"/backoffice/accounts/user/{agent.pk}/change/", _user_form(agent, role=Role.ADMIN)
    )

    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.role == Role.ADMIN
    assert agent.is_staff
    assert agent.is_superuser


def test_the_last_active_admin_cannot_demote_themselves_in_the_back_office(
    client: Client, login: Callable[[str], User]
) -> None:
    admin = login(Role.ADMIN)

    response = client.post(
        f"/backoffice/accounts/user/{admin.pk}/change/",
        _user_form(admin, role=Role.ANALYST),
        follow=True,
    )

    assert b"The last active admin cannot be demoted or deactivated." in response.content
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN
    assert admin.is_staff


def test_an_employee_added_in_the_back_office_is_created_by_the_service(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ADMIN)

    response = client.post(
        "/backoffice/accounts/user/add/",
        {
            "username": "kim",
            "email": "Kim@Example.COM",
            "role": Role.ADMIN,
            "usable_password": "true",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
            "skills-TOTAL_FORMS": "0",
            "skills-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    kim = User.objects.get(username="kim")
    assert kim.email == "kim@example.com"
    assert kim.is_staff
    assert kim.check_password("a long passphrase 42")


def test_staff_and_superuser_flags_are_not_offered_and_nobody_is_deleted(
    client: Client, login: Callable[[str], User], make_user: Callable[..., User]
) -> None:
    login(Role.ADMIN)
    agent = make_user(Role.AGENT)

    page = client.get(f"/backoffice/accounts/user/{agent.pk}/change/")
    delete = client.post(f"/backoffice/accounts/user/{agent.pk}/delete/", {"post": "yes"})

    assert b'name="is_staff"' not in page.content
    assert b'name="is_superuser"' not in page.content
    assert delete.status_code == 403
    assert User.objects.filter(pk=agent.pk).exists()
