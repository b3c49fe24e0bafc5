"""Cursor pagination: every row exactly once, in a stable order, in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from tests.api.conftest import ApiClient
from tests.factories import (
    AssetFactory,
    CustomerFactory,
    FeedbackFactory,
    ProductFactory,
    touchpoint,
)

pytestmark = pytest.mark.django_db


def _walk(api: ApiClient, path: str, limit: int, **params: Any) -> list[list[str]]:
    pages: list[list[str]] = []
    cursor = None
    while True:
        query = {"limit": limit, **params} | ({"cursor": cursor} if cursor else {})
        body = api.get(path, **query).body
        pages.append([item["id"] for item in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def test_customer_pages_cover_every_customer_once_in_creation_order(api: ApiClient) -> None:
    customers = CustomerFactory.create_batch(7)

    pages = _walk(api, "/customers", limit=3)

    assert [len(p) for p in pages] == [3, 3, 1]
    assert [i for p in pages for i in p] == [str(c.pk) for c in customers]


def test_feedback_pages_are_newest_first_with_ties_broken_by_id(api: ApiClient) -> None:
    same_moment = timezone.now() - timedelta(hours=1)
    items = [FeedbackFactory.create(occurred_at=same_moment) for _ in range(4)]
    newest = FeedbackFactory.create(occurred_at=timezone.now())

    pages = _walk(api, "/feedback", limit=2)

    walked = [i for p in pages for i in p]
    assert walked == [str(newest.pk), *sorted(str(i.pk) for i in items)]


def test_filters_hold_across_pages(api: ApiClient) -> None:
    tickets = {str(FeedbackFactory.create(source="ticket").pk) for _ in range(5)}
    FeedbackFactory.create_batch(3, source="survey")

    pages = _walk(api, "/feedback", limit=2, source="ticket")

    assert {i for p in pages for i in p} == tickets


def test_exact_page_boundary_has_no_empty_next_page(api: ApiClient) -> None:
    ProductFactory.create_batch(4)

    pages = _walk(api, "/products", limit=2)

    assert [len(p) for p in pages] == [2, 2]


def test_rows_added_after_the_first_page_do_not_shift_the_next(api: ApiClient) -> None:
    first, second = CustomerFactory.create(), CustomerFactory.create()
    page = api.get("/customers", limit=1).body

    CustomerFactory.create()
    following = api.get("/customers", limit=1, cursor=page["next_cursor"]).body

    assert page["items"][0]["id"] == str(first.pk)
    assert following["items"][0]["id"] == str(second.pk)


def _queries_for(api: ApiClient, path: str, assert_max: DjangoAssertNumQueries) -> None:
    # The token lookup and the page itself; nothing per row.
    with assert_max(2):
        response = api.get(path, limit=100)
    assert len(response.body["items"]) == 20


@pytest.mark.parametrize("path", ["/customers", "/products", "/batches", "/assets", "/feedback"])
def test_list_endpoints_make_a_constant_number_of_queries(
    api: ApiClient, path: str, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(20):
        asset = AssetFactory.create()
        FeedbackFactory.create(
            customer=asset.customer,
            touchpoint=touchpoint("support"),
            product=asset.product,
            batch=asset.batch,
        )
    api.get("/customers")  # records the token's last use, so the counted call does not

    _queries_for(api, path, django_assert_max_num_queries)
