"""Whatever a caller sends, the answer is a JSON 4xx, never a 500."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client, override_settings

from outward.feedback.models import FeedbackItem
from tests.api.conftest import API, ApiClient

pytestmark = pytest.mark.django_db


def test_malformed_json_is_400(api: ApiClient) -> None:
    response = api.post("/feedback", raw=b'{"text": "unterminated')

    assert response.status == 400
    assert "detail" in response.body


def test_body_that_is_not_an_object_is_422(api: ApiClient) -> None:
    assert api.post("/feedback", raw=b"[1, 2, 3]").status == 422


def test_wrong_type_is_422_naming_the_field(api: ApiClient) -> None:
    response = api.post("/feedback", {"text": "x", "nps": "nine"})

    assert response.status == 422
    assert list(response.body["errors"]) == ["nps"]


def test_unknown_field_is_422(api: ApiClient) -> None:
    response = api.post("/feedback", {"text": "x", "colour": "blue"})

    assert response.status == 422
    assert response.body["errors"] == {"colour": "Unknown field."}


def test_nul_character_in_text_is_422(api: ApiClient) -> None:
    response = api.post("/feedback", {"text": "a\x00b"})

    assert response.status == 422
    assert list(response.body["errors"]) == ["text"]


def test_lone_surrogate_in_text_is_422(api: ApiClient) -> None:
    response = api.post("/feedback", raw=b'{"text": "\\ud800"}')

    assert response.status == 422


def test_batch_of_1001_items_is_refused_with_a_clear_message(api: ApiClient) -> None:
    response = api.post("/feedback/batch", {"items": [{"text": "x"}] * 1001})

    assert response.status == 422
    assert "at most 1000" in response.body["errors"]["items"]
    assert FeedbackItem.objects.count() == 0


def test_batch_of_1000_items_is_accepted(api: ApiClient) -> None:
    response = api.post("/feedback/batch", {"items": [{"text": f"x{i}"} for i in range(1000)]})

    assert response.status == 201
    assert FeedbackItem.objects.count() == 1000


@override_settings(OUTWARD_API_MAX_BODY_BYTES=1000)
def test_body_over_the_limit_is_413(api: ApiClient) -> None:
    response = api.post("/feedback", {"text": "x" * 2000})

    assert response.status == 413
    assert FeedbackItem.objects.count() == 0


@override_settings(OUTWARD_API_MAX_BODY_BYTES=10_000, DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_body_over_djangos_upload_limit_is_413(api: ApiClient) -> None:
    response = api.post("/feedback", {"text": "x" * 2000})

    assert response.status == 413


def test_invalid_content_length_is_400(api: ApiClient) -> None:
    response = Client().post(
        f"{API}/feedback",
        data=json.dumps({"text": "x"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.secret}"},
        CONTENT_LENGTH="lots",
    )

    assert response.status_code == 400


def test_unknown_id_is_404(api: ApiClient) -> None:
    response = api.get(f"/customers/{uuid.uuid4()}")

    assert response.status == 404
    assert response.body == {"detail": "Not found."}


def test_patch_of_an_unknown_id_is_404(api: ApiClient) -> None:
    assert api.patch(f"/products/{uuid.uuid4()}", {"name": "x"}).status == 404


def test_non_uuid_id_in_the_path_is_422(api: ApiClient) -> None:
    response = api.get("/feedback/not-a-uuid")

    assert response.status == 422
    assert list(response.body["errors"]) == ["item_id"]


def test_invalid_slug_in_the_path_is_422(api: ApiClient) -> None:
    assert api.get("/touchpoints/%00").status == 422


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "W10", "WyJ4IiwieSJd", "WzEsMl0", "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwieCJd"],
    ids=["not-base64-json", "empty-list", "bad-values", "numbers", "naive-time"],
)
def test_bad_cursor_is_400(api: ApiClient, cursor: str) -> None:
    response = api.get("/feedback", cursor=cursor)

    assert response.status == 400
    assert "cursor" in response.body["errors"]


def test_limit_out_of_range_is_422(api: ApiClient) -> None:
    assert api.get("/customers", limit=501).status == 422
    assert api.get("/customers", limit=0).status == 422


def test_huge_score_filter_is_422(api: ApiClient) -> None:
    assert api.get("/feedback", nps_min=10**20).status == 422


def test_far_date_filter_is_422(api: ApiClient) -> None:
    assert api.get("/feedback", until="9999-12-31").status == 422
