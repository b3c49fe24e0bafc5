"""Every operation declares one permission in the OpenAPI description and enforces it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client
from ninja import NinjaAPI
from ninja.testing import TestClient

from outward.accounts.api_auth import FAIL_CLOSED, PERMISSION_KEY
from outward.accounts.choices import TokenScope
from outward.core.api_errors import install_error_handlers
from outward.core.permissions import Perm, role_permissions
from outward.core.roles import Role
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000"


def _operations(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_operation_declares_a_known_permission(client: Client) -> None:
    operations = _operations(client)

    assert len(operations) >= 24
    for method, path, operation in operations:
        assert Perm(operation[PERMISSION_KEY]), f"{method} {path}"


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.FIELD_TECHNICIAN, Role.AGENT])
def test_each_role_is_refused_exactly_the_operations_it_lacks(
    role: str, client: Client, make_api: Callable[..., ApiClient]
) -> None:
    caller = make_api(role, TokenScope.WRITE)
    allowed = role_permissions(role)

    for method, path, operation in _operations(client):
        concrete = re.sub(r"\{[^}]+\}", PLACEHOLDER_ID, path).removeprefix("/api/v1")
        response = caller.call(method, concrete, raw=b"")
        required = Perm(operation[PERMISSION_KEY])
        if required in allowed:
            assert response.status != 403, f"{role} {method} {path}"
        else:
            assert response.status == 403, f"{role} {method} {path}"


def test_operation_that_declares_no_permission_is_refused_to_everybody() -> None:
    api = NinjaAPI(auth=FAIL_CLOSED, urls_namespace="fail-closed-test")
    install_error_handlers(api)

    @api.get("/forgotten")
    def forgotten(request: HttpRequest) -> dict[str, bool]:
        return {"reached": True}

    response = TestClient(api).get("/forgotten")

    assert response.status_code == 403
    assert response.json() == {"detail": "This operation declares no permission."}
