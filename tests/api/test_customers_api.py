"""Customers through the API: create, read, update, list with filters, look up."""

from __future__ import annotations

import uuid

import pytest

from outward.customers.models import Customer
from tests.api.conftest import ApiClient
from tests.factories import AccountFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def test_create_customer_answers_201_with_the_stored_customer(api: ApiClient) -> None:
    response = api.post(
        "/customers",
        {"name": "Ada", "email": "ADA@Example.org", "external_id": "CRM-1", "annual_value": "99.5"},
    )

    assert response.status == 201
    stored = Customer.objects.get(pk=response.body["id"])
    assert stored.email == "ada@example.org"
    assert response.body["annual_value"] == "99.50"
    assert response.body["currency"] == "EUR"


def test_invalid_email_is_named_per_field(api: ApiClient) -> None:
    response = api.post("/customers", {"name": "Ada", "email": "not-an-address"})

    assert response.status == 422
    assert response.body["detail"] == "Invalid customer."
    assert response.body["errors"] == {"email": "Enter a valid email address."}


def test_duplicate_external_id_is_a_conflict(api: ApiClient) -> None:
    CustomerFactory.create(external_id="CRM-1")

    response = api.post("/customers", {"name": "Ada", "external_id": "CRM-1"})

    assert response.status == 409
    assert "external_id" in response.body["errors"]


def test_person_joins_an_account_by_its_id(api: ApiClient) -> None:
    account = AccountFactory.create()

    response = api.post("/customers", {"name": "Ada", "account_id": str(account.pk)})

    assert response.status == 201
    assert response.body["account_id"] == str(account.pk)


def test_unknown_account_is_named_by_its_api_field(api: ApiClient) -> None:
    response = api.post("/customers", {"name": "Ada", "account_id": str(uuid.uuid4())})

    assert response.status == 422
    assert list(response.body["errors"]) == ["account_id"]


def test_read_customer_by_id(api: ApiClient) -> None:
    customer = CustomerFactory.create(name="Grace")

    response = api.get(f"/customers/{customer.pk}")

    assert response.status == 200
    assert response.body["name"] == "Grace"


def test_patch_changes_only_the_fields_sent(api: ApiClient) -> None:
    customer = CustomerFactory.create(name="Grace", segment="smb")

    response = api.patch(f"/customers/{customer.pk}", {"segment": "enterprise"})

    assert response.status == 200
    customer.refresh_from_db()
    assert (customer.name, customer.segment) == ("Grace", "enterprise")


def test_patch_refuses_null_for_a_required_field(api: ApiClient) -> None:
    customer = CustomerFactory.create()

    response = api.patch(f"/customers/{customer.pk}", {"name": None})

    assert response.status == 422
    assert "name" in response.body["errors"]


def test_patch_clears_a_nullable_field(api: ApiClient) -> None:
    customer = CustomerFactory.create(external_id="CRM-9")

    response = api.patch(f"/customers/{customer.pk}", {"external_id": None})

    assert response.status == 200
    customer.refresh_from_db()
    assert customer.external_id is None


def test_churning_a_customer_sets_the_churn_date(api: ApiClient) -> None:
    customer = CustomerFactory.create()

    response = api.patch(f"/customers/{customer.pk}", {"status": "churned"})

    assert response.status == 200
    assert response.body["churned_on"] is not None


def test_list_filters_by_segment_and_status(api: ApiClient) -> None:
    wanted = CustomerFactory.create(segment="enterprise")
    CustomerFactory.create(segment="smb")
    CustomerFactory.create(segment="enterprise", status="churned", churned_on="2026-01-01")

    response = api.get("/customers", segment="enterprise", status="active")

    assert [c["id"] for c in response.body["items"]] == [str(wanted.pk)]


def test_list_searches_name_and_email(api: ApiClient) -> None:
    wanted = CustomerFactory.create(name="Hopper Industries")
    CustomerFactory.create(name="Other")

    response = api.get("/customers", q="hopper")

    assert [c["id"] for c in response.body["items"]] == [str(wanted.pk)]


def test_list_filters_people_of_an_account(api: ApiClient) -> None:
    account = AccountFactory.create()
    person = CustomerFactory.create(account=account)
    CustomerFactory.create()

    response = api.get("/customers", account_id=account.pk)

    assert [c["id"] for c in response.body["items"]] == [str(person.pk)]


def test_lookup_by_external_id(api: ApiClient) -> None:
    customer = CustomerFactory.create(external_id="CRM-42")

    response = api.get("/customers/lookup", external_id="CRM-42")

    assert response.status == 200
    assert response.body["id"] == str(customer.pk)


def test_lookup_by_email_ignores_case(api: ApiClient) -> None:
    customer = CustomerFactory.create(email="grace@example.org")

    response = api.get("/customers/lookup", email="Grace@Example.ORG")

    assert response.body["id"] == str(customer.pk)


def test_lookup_of_an_unknown_customer_is_404(api: ApiClient) -> None:
    assert api.get("/customers/lookup", external_id="nobody").status == 404


def test_lookup_needs_exactly_one_key(api: ApiClient) -> None:
    assert api.get("/customers/lookup").status == 422
    assert api.get("/customers/lookup", external_id="a", email="b@example.org").status == 422
