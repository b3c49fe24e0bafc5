"""Recording and reading feedback through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from outward.feedback.models import FeedbackItem
from tests.api.conftest import ApiClient
from tests.factories import BatchFactory, CustomerFactory, FeedbackFactory, touchpoint

pytestmark = pytest.mark.django_db


def test_first_delivery_is_stored_and_answers_201(api: ApiClient) -> None:
    response = api.post("/feedback", {"source": "ticket", "external_id": "T-1", "text": "Late"})

    assert response.status == 201
    assert FeedbackItem.objects.get().pk.hex == response.body["id"].replace("-", "")


def test_retry_with_same_external_id_returns_stored_item(api: ApiClient) -> None:
    body = {"source": "ticket", "external_id": "T-1", "text": "Still waiting", "nps": 2}
    first = api.post("/feedback", body)

    retry = api.post("/feedback", body)

    assert retry.status == 200
    assert retry.body["id"] == first.body["id"]
    assert FeedbackItem.objects.count() == 1


def test_item_answers_with_references_as_readable_keys(api: ApiClient) -> None:
    customer = CustomerFactory.create(external_id="CRM-7")
    BatchFactory.create(product__sku="KETTLE", lot_code="L-7")

    response = api.post(
        "/feedback",
        {
            "text": "Lid broke",
            "customer_external_id": "CRM-7",
            "touchpoint": "usage",
            "product": "KETTLE",
            "batch": "L-7",
            "occurred_at": "2026-01-05T09:30:00+01:00",
        },
    )

    assert response.status == 201
    assert response.body["customer_id"] == str(customer.pk)
    assert (response.body["touchpoint"], response.body["product"], response.body["batch"]) == (
        "usage",
        "KETTLE",
        "L-7",
    )


def test_bad_content_is_named_per_field(api: ApiClient) -> None:
    response = api.post("/feedback", {"text": "x", "nps": 11, "touchpoint": "moon"})

    assert response.status == 422
    assert set(response.body["errors"]) == {"nps", "touchpoint"}


def test_occurred_at_without_time_zone_is_refused(api: ApiClient) -> None:
    response = api.post("/feedback", {"text": "x", "occurred_at": "2026-01-05T09:30:00"})

    assert response.status == 422
    assert "occurred_at" in response.body["errors"]


def test_batch_stores_every_item_and_answers_201(api: ApiClient) -> None:
    items = [{"source": "survey", "external_id": f"S-{i}", "nps": i} for i in range(5)]

    response = api.post("/feedback/batch", {"items": items})

    assert response.status == 201
    assert (response.body["created"], response.body["existing"]) == (5, 0)
    assert FeedbackItem.objects.count() == 5


def test_batch_retry_answers_200_with_the_stored_ids(api: ApiClient) -> None:
    items = [{"source": "survey", "external_id": f"S-{i}", "nps": i} for i in range(3)]
    first = api.post("/feedback/batch", {"items": items})

    retry = api.post("/feedback/batch", {"items": items})

    assert retry.status == 200
    assert retry.body["existing"] == 3
    assert [i["id"] for i in retry.body["items"]] == [i["id"] for i in first.body["items"]]
    assert FeedbackItem.objects.count() == 3


def test_batch_with_one_bad_item_stores_nothing_and_names_it(api: ApiClient) -> None:
    items = [{"text": "fine"}, {"text": "fine"}, {"text": "x"}, {"text": "bad", "nps": 12}]

    response = api.post("/feedback/batch", {"items": items})

    assert response.status == 422
    assert response.body["errors"] == [
        {"index": 3, "field": "nps", "message": "Must be between 0 and 10."}
    ]
    assert FeedbackItem.objects.count() == 0


def test_batch_item_of_the_wrong_type_is_named_by_its_path(api: ApiClient) -> None:
    response = api.post("/feedback/batch", {"items": [{"text": "ok"}, {"nps": "nine"}]})

    assert response.status == 422
    assert list(response.body["errors"]) == ["items.1.nps"]


def test_read_one_item(api: ApiClient) -> None:
    item = FeedbackFactory.create(touchpoint=touchpoint("support"))

    response = api.get(f"/feedback/{item.pk}")

    assert response.status == 200
    assert response.body["touchpoint"] == "support"


def test_list_is_newest_first(api: ApiClient) -> None:
    now = timezone.now()
    old = FeedbackFactory.create(occurred_at=now - timedelta(days=2))
    new = FeedbackFactory.create(occurred_at=now - timedelta(hours=1))

    response = api.get("/feedback")

    assert [i["id"] for i in response.body["items"]] == [str(new.pk), str(old.pk)]


def test_list_filters_by_occurred_at_range(api: ApiClient) -> None:
    FeedbackFactory.create(occurred_at=timezone.now().replace(year=2025, month=12, day=31))
    inside = FeedbackFactory.create(occurred_at=timezone.now().replace(year=2026, month=1, day=15))
    FeedbackFactory.create(occurred_at=timezone.now().replace(year=2026, month=2, day=1))

    response = api.get("/feedback", since="2026-01-01", until="2026-01-31")

    assert [i["id"] for i in response.body["items"]] == [str(inside.pk)]


def test_list_filters_by_source_touchpoint_and_customer(api: ApiClient) -> None:
    customer = CustomerFactory.create()
    wanted = FeedbackFactory.create(
        source="ticket", touchpoint=touchpoint("support"), customer=customer
    )
    FeedbackFactory.create(source="ticket", touchpoint=touchpoint("support"))
    FeedbackFactory.create(source="survey", touchpoint=touchpoint("support"), customer=customer)

    response = api.get("/feedback", source="ticket", touchpoint="support", customer_id=customer.pk)

    assert [i["id"] for i in response.body["items"]] == [str(wanted.pk)]


def test_list_filters_by_score_ranges(api: ApiClient) -> None:
    detractor = FeedbackFactory.create(nps=3, csat=2)
    FeedbackFactory.create(nps=9, csat=5)
    FeedbackFactory.create(nps=3, csat=None)

    response = api.get("/feedback", nps_max=6, csat_min=1, csat_max=3)

    assert [i["id"] for i in response.body["items"]] == [str(detractor.pk)]


def test_unknown_source_filter_is_422(api: ApiClient) -> None:
    response = api.get("/feedback", source="pigeon")

    assert response.status == 422
    assert "source" in response.body["errors"]


def test_a_padded_external_id_is_trimmed_so_a_retry_finds_the_stored_item(api: ApiClient) -> None:
    first = api.post("/feedback", {"source": "ticket", "external_id": " T-9 ", "text": "Late"})

    retry = api.post("/feedback", {"source": "ticket", "external_id": "T-9", "text": "Late"})

    assert first.body["external_id"] == "T-9"
    assert retry.status == 200
    assert retry.body["id"] == first.body["id"]


def test_an_item_may_carry_the_sources_tags_and_nothing_else(api: ApiClient) -> None:
    response = api.post(
        "/feedback", {"source": "ticket", "external_id": "T-3", "tags": ["Mortgage", "Escrow"]}
    )

    assert response.status == 201
    assert response.body["tags"] == ["Mortgage", "Escrow"]
    assert FeedbackItem.objects.get().tags == ["Mortgage", "Escrow"]


def test_an_item_with_no_text_score_or_tag_is_refused_by_name(api: ApiClient) -> None:
    response = api.post("/feedback", {"source": "ticket", "external_id": "T-4", "tags": []})

    assert response.status == 422
    assert "text" in response.body["errors"]
