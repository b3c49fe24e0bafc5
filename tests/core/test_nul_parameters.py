"""A NUL character in a query parameter is a 400 naming the parameter, on every page and
endpoint (PostgreSQL refuses NUL in text, which used to surface as a 500)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from outward.accounts.models import User
from outward.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/field/new/?q=%00",
        "/field/customers/?q=%00",
        "/audit/?object_type=%00",
        "/customers/?q=ab%00cd",
        "/?x%00y=1",
    ],
)
def test_page_refuses_a_nul_in_the_query_with_a_400(
    client: Client, login: Callable[[str], User], path: str
) -> None:
    login(Role.ADMIN)

    response = client.get(path)

    assert response.status_code == 400
    assert b"NUL character" in response.content


def test_api_refuses_a_nul_in_the_query_with_the_error_schema(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ADMIN)

    response = client.get("/api/v1/customers?search=a%00")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid query parameters.",
        "errors": {"search": "must not contain a NUL character"},
    }


def test_anonymous_visitor_gets_the_400_too(client: Client) -> None:
    response = client.get("/accounts/login/?next=%00")

    assert response.status_code == 400


def test_ordinary_query_parameters_pass(client: Client, login: Callable[[str], User]) -> None:
    login(Role.ADMIN)

    response = client.get("/customers/?q=%E2%9C%93 zero")

    assert response.status_code == 200
