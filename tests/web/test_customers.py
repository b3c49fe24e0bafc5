"""The customer list (search, filters, pages) and the customer page with their timeline."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outward.accounts.models import User
from outward.core.roles import Role
from outward.customers.choices import LifecycleStatus
from outward.feedback.services import analyse_pending_feedback
from tests.factories import (
    AccountFactory,
    AssetFactory,
    CustomerFactory,
    FeedbackFactory,
    touchpoint,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(login: Callable[[str], User]) -> User:
    return login(Role.AGENT)


def _names(client: Client, **params: str) -> list[str]:
    response = client.get(reverse("customers:list"), params)
    assert response.status_code == 200
    return [c.name for c in response.context["page"].object_list]


@pytest.mark.usefixtures("agent")
def test_customer_list_renders_with_no_customers(client: Client) -> None:
    response = client.get(reverse("customers:list"))

    assert response.status_code == 200
    assert b"No customers yet" in response.content


@pytest.mark.usefixtures("agent")
def test_customer_list_links_to_each_customer(client: Client) -> None:
    customer = CustomerFactory.create(name="Ada Lovelace")

    response = client.get(reverse("customers:list"))

    assert reverse("customers:detail", args=[customer.pk]).encode() in response.content


@pytest.mark.usefixtures("agent")
@pytest.mark.parametrize("query", ["lovelace", "ada@analytical.example", "C-ADA"])
def test_customer_search_finds_by_name_email_or_external_id(client: Client, query: str) -> None:
    CustomerFactory.create(name="Ada Lovelace", email="ada@analytical.example", external_id="C-ADA")
    CustomerFactory.create(name="Charles Babbage")

    assert _names(client, q=query) == ["Ada Lovelace"]


@pytest.mark.usefixtures("agent")
def test_customer_list_filters_by_status_segment_and_region(client: Client) -> None:
    CustomerFactory.create(name="Kept", segment="enterprise", region="south")
    CustomerFactory.create(name="Other segment", segment="smb", region="south")
    CustomerFactory.create(name="Other region", segment="enterprise", region="north")
    CustomerFactory.create(
        name="Churned",
        segment="enterprise",
        region="south",
        status=LifecycleStatus.CHURNED,
        churned_on=timezone.localdate(),
    )

    names = _names(client, status="active", segment="enterprise", region="south")

    assert names == ["Kept"]


@pytest.mark.usefixtures("agent")
def test_customer_list_shows_fifty_per_page(client: Client) -> None:
    CustomerFactory.create_batch(51)

    first = client.get(reverse("customers:list"))
    second = client.get(reverse("customers:list"), {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1


@pytest.mark.usefixtures("agent")
def test_page_links_keep_the_search(client: Client) -> None:
    CustomerFactory.create_batch(51, segment="enterprise")

    response = client.get(reverse("customers:list"), {"segment": "enterprise"})

    assert b"?segment=enterprise&amp;page=2" in response.content


@pytest.mark.usefixtures("agent")
def test_customer_list_query_count_does_not_grow_with_customers(
    client: Client, django_assert_max_num_queries: Callable
) -> None:
    account = AccountFactory.create()
    CustomerFactory.create_batch(50, account=account)

    with django_assert_max_num_queries(7):
        response = client.get(reverse("customers:list"))

    assert response.status_code == 200


@pytest.mark.usefixtures("agent")
def test_customer_page_shows_details_and_assets(client: Client) -> None:
    asset = AssetFactory.create(customer=CustomerFactory.create(name="Grace Hopper", segment="gov"))

    response = client.get(reverse("customers:detail", args=[asset.customer.pk]))

    content = response.content.decode()
    assert "Grace Hopper" in content
    assert "gov" in content
    assert asset.product.name in content
    assert asset.batch is not None
    assert asset.batch.lot_code in content


@pytest.mark.usefixtures("agent")
def test_customer_page_renders_with_no_feedback(client: Client) -> None:
    customer = CustomerFactory.create()

    response = client.get(reverse("customers:detail", args=[customer.pk]))

    assert response.status_code == 200
    assert b"We haven't heard from this customer yet" in response.content


@pytest.mark.usefixtures("agent")
def test_timeline_lists_feedback_newest_first(client: Client) -> None:
    customer = CustomerFactory.create()
    now = timezone.now()
    FeedbackFactory.create(customer=customer, text="older", occurred_at=now - timedelta(days=3))
    FeedbackFactory.create(
        customer=customer, text="newer", occurred_at=now, touchpoint=touchpoint("billing")
    )
    FeedbackFactory.create(text="someone else's")

    response = client.get(reverse("customers:detail", args=[customer.pk]))

    assert [item.text for item in response.context["page"].object_list] == ["newer", "older"]
    assert b"Billing" in response.content


@pytest.mark.usefixtures("agent")
def test_timeline_shows_each_items_sentiment_and_root_cause_once_analysed(client: Client) -> None:
    customer = CustomerFactory.create()
    FeedbackFactory.create(customer=customer, text="The heater broke after two days. Awful.")
    analyse_pending_feedback()

    response = client.get(reverse("customers:detail", args=[customer.pk]))

    assert b"Negative" in response.content
    assert b"Product defect" in response.content


@pytest.mark.usefixtures("agent")
def test_account_timeline_includes_its_peoples_feedback(client: Client) -> None:
    account = AccountFactory.create()
    person = CustomerFactory.create(account=account, name="Linus")
    FeedbackFactory.create(customer=account, text="from the account")
    FeedbackFactory.create(customer=person, text="from a person")

    response = client.get(reverse("customers:detail", args=[account.pk]))

    texts = {item.text for item in response.context["page"].object_list}
    assert texts == {"from the account", "from a person"}
    assert b"Linus" in response.content


@pytest.mark.usefixtures("agent")
def test_an_account_shows_what_its_people_own_and_its_people_no_zero_value(
    client: Client,
) -> None:
    account = AccountFactory.create(name="Northwind Traders", annual_value=13770)
    maria = CustomerFactory.create(account=account, name="Maria Anders", annual_value=0)
    asset = AssetFactory.create(customer=maria)

    account_page = client.get(reverse("customers:detail", args=[account.pk])).content.decode()
    person_page = client.get(reverse("customers:detail", args=[maria.pk])).content.decode()
    listed = client.get(reverse("customers:list"), {"q": "Maria"}).content.decode()

    assert asset.product.name in account_page
    assert reverse("customers:detail", args=[maria.pk]) in account_page
    assert "13,770.00 EUR" in account_page
    assert "counted with Northwind Traders: 13,770.00 EUR" in person_page
    assert ">0.00 EUR" not in person_page
    assert "with the account" in listed
    assert ">0 EUR" not in listed


@pytest.mark.usefixtures("agent")
def test_customer_page_query_count_does_not_grow_with_feedback(
    client: Client, django_assert_max_num_queries: Callable
) -> None:
    account = AccountFactory.create()
    people = CustomerFactory.create_batch(5, account=account)
    for person in people:
        FeedbackFactory.create_batch(5, customer=person, touchpoint=touchpoint())
        AssetFactory.create(customer=account)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("customers:detail", args=[account.pk]))

    assert response.status_code == 200


@pytest.mark.usefixtures("agent")
def test_customer_text_is_escaped(client: Client) -> None:
    customer = CustomerFactory.create(name="<b>Bold</b> Ltd")
    FeedbackFactory.create(customer=customer, text="<script>alert('x')</script>")

    response = client.get(reverse("customers:detail", args=[customer.pk]))

    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in response.content
    assert b"<b>Bold</b>" not in response.content


@pytest.mark.usefixtures("agent")
def test_unknown_customer_gives_a_friendly_404(client: Client) -> None:
    response = client.get(reverse("customers:detail", args=[uuid.uuid4()]))

    assert response.status_code == 404
    assert b"We couldn't find that page" in response.content
