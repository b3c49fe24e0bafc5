"""The OpenAPI description tells the truth: every error an operation can answer with is
documented with the one error schema, and the constraints the server enforces are published."""

from __future__ import annotations

from typing import Any

import pytest

from outward.config.api import api
from outward.core.api_errors import NO_NUL_PATTERN, ErrorOut
from outward.feedback.choices import SCORE_RANGES
from tests.api.conftest import ApiClient

SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    (method, path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]
IDS = [f"{method.upper()} {path}" for method, path, _ in OPERATIONS]
ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_every_operation_documents_its_errors_with_the_error_schema(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    expected = {"400", "401", "403", "404", "422"}
    if method in {"post", "put", "patch", "delete"}:
        expected |= {"409", "413"}

    responses = operation["responses"]

    assert expected <= set(responses)
    for status in expected:
        assert responses[status]["content"]["application/json"]["schema"] == ERROR_REF


def test_score_ranges_are_published_as_the_service_enforces_them() -> None:
    properties = SCHEMA["components"]["schemas"]["FeedbackIn"]["properties"]

    for score, (low, high) in SCORE_RANGES.items():
        assert (properties[score]["minimum"], properties[score]["maximum"]) == (low, high)


def _strings(schema: Any) -> list[dict[str, Any]]:
    if isinstance(schema, list):
        return [s for part in schema for s in _strings(part)]
    if not isinstance(schema, dict):
        return []
    found = [schema] if schema.get("type") == "string" else []
    return found + [s for value in schema.values() for s in _strings(value)]


def test_every_free_text_input_says_it_refuses_nul() -> None:
    inputs = [
        component
        for name, component in SCHEMA["components"]["schemas"].items()
        if name.endswith(("In", "Patch"))
    ]
    parameters = [p["schema"] for _, _, op in OPERATIONS for p in op.get("parameters", [])]

    strings = _strings(inputs) + _strings(parameters)

    assert strings
    for string in strings:
        assert {"pattern", "enum", "format", "const"} & string.keys(), string
    assert any(s.get("pattern") == NO_NUL_PATTERN for s in strings)


def test_money_and_codes_carry_their_patterns() -> None:
    customer = SCHEMA["components"]["schemas"]["CustomerIn"]["properties"]
    out = SCHEMA["components"]["schemas"]["CustomerOut"]["properties"]

    assert customer["currency"]["pattern"] == "^[A-Z]{3}$"
    assert out["annual_value"]["pattern"] == r"^\d+\.\d{2}$"


@pytest.mark.django_db
def test_real_error_answers_match_the_published_error_schema(api: ApiClient) -> None:
    bad_body = api.post("/feedback", {"source": "ticket", "nps": "ten"})
    bad_batch = api.post("/feedback/batch", {"items": [{"text": "ok", "nps": 11}]})
    missing = api.get("/feedback/00000000-0000-0000-0000-000000000000")

    for response, status in ((bad_body, 422), (bad_batch, 422), (missing, 404)):
        assert response.status == status
        ErrorOut.model_validate(response.body)


@pytest.mark.django_db
def test_a_number_is_never_taken_for_a_date_as_the_schema_promises(api: ApiClient) -> None:
    product = api.post("/products", {"sku": "K-1", "name": "Kettle", "launched_on": 0})
    listing = api.get("/feedback", until="0.5")
    dated = api.post("/products", {"sku": "K-2", "name": "Kettle", "launched_on": "2024-05-01"})

    assert product.status == 422
    assert "launched_on" in product.body["errors"]
    assert listing.status == 422
    assert dated.status == 201


def test_dates_publish_the_years_the_server_takes() -> None:
    launched = SCHEMA["components"]["schemas"]["ProductIn"]["properties"]["launched_on"]

    date_branch = next(b for b in launched["anyOf"] if b.get("type") == "string")

    assert date_branch["pattern"].startswith("^(19")


@pytest.mark.django_db
def test_a_whole_float_is_an_integer_as_json_schema_says(api: ApiClient) -> None:
    response = api.post("/feedback", {"source": "ticket", "external_id": "W-1", "nps": 7.0})
    fractional = api.post("/feedback", {"source": "ticket", "external_id": "W-2", "nps": 7.5})

    assert response.status == 201
    assert response.body["nps"] == 7
    assert fractional.status == 422
