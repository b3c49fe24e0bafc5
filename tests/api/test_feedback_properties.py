"""Property: no JSON a client can send to the feedback endpoints gives a server error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

FIELDS = [
    "source",
    "external_id",
    "customer_id",
    "customer_external_id",
    "customer_email",
    "touchpoint",
    "product",
    "batch",
    "text",
    "language",
    "nps",
    "csat",
    "ces",
    "occurred_at",
    "raw",
]

# Every code point, lone surrogates and NUL included: json.dumps escapes them.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | any_text
    | st.sampled_from(
        [
            "survey",
            "support",
            "2026-01-01T10:00:00Z",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "00000000-0000-4000-8000-000000000000",
        ]
    )
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)
feedback_like = st.dictionaries(st.sampled_from(FIELDS) | any_text, json_values, max_size=8)
# A valid item with one field replaced: reaches the service, not only the schema.
nearly_valid = st.builds(
    lambda name, value: {"text": "Fine", "nps": 7, name: value},
    st.sampled_from(FIELDS),
    json_values,
)
HYPOTHESIS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _post(api: ApiClient, path: str, body: Any) -> int:
    return api.post(path, raw=json.dumps(body).encode()).status


@HYPOTHESIS
@given(body=nearly_valid | feedback_like | json_values)
def test_random_feedback_body_never_gives_a_server_error(api: ApiClient, body: Any) -> None:
    status = _post(api, "/feedback", body)

    assert status in {200, 201, 400, 422}


@HYPOTHESIS
@given(items=st.lists(nearly_valid | feedback_like, min_size=1, max_size=5))
def test_random_batch_never_gives_a_server_error(api: ApiClient, items: list[Any]) -> None:
    status = _post(api, "/feedback/batch", {"items": items})

    assert status in {200, 201, 422}


@HYPOTHESIS
@given(body=st.binary(max_size=200))
def test_random_bytes_never_give_a_server_error(api: ApiClient, body: bytes) -> None:
    status = api.post("/feedback", raw=body).status

    assert status in {200, 201, 400, 422}
