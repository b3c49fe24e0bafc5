"""Every role (and anonymous) against every page and every API operation.

The expected answer comes from the matrix in outward.core.permissions: a page or operation
declares the one permission it needs, and these tests check that the declaration is there
and that it is what the server enforces.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from outward.accounts.choices import TokenScope
from outward.accounts.services import create_api_token
from outward.config.api import api
from outward.core.permissions import Perm, role_permissions
from outward.core.roles import Role
from tests.factories import UserFactory
from tests.site_pages import PAGES, PROTECTED, page_url

pytestmark = pytest.mark.django_db
ROLES = list(Role)


def test_the_site_has_pages_to_check() -> None:
    assert len(PROTECTED) >= 4
    assert {"web:home", "customers:list", "customers:detail"} <= {name for name, _ in PAGES}


@pytest.mark.parametrize(("name", "pattern"), PROTECTED, ids=[n for n, _ in PROTECTED])
def test_every_page_but_the_public_ones_declares_a_permission(
    name: str, pattern: URLPattern
) -> None:
    assert isinstance(getattr(pattern.callback, "required_permission", None), Perm), name


@pytest.mark.parametrize(("name", "pattern"), PROTECTED, ids=[n for n, _ in PROTECTED])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, targets: tuple[uuid.UUID, int], name: str, pattern: URLPattern, method: str
) -> None:
    response = getattr(client, method)(page_url(name, pattern, *targets))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "pattern"), PROTECTED, ids=[n for n, _ in PROTECTED])
@pytest.mark.parametrize("method", ["get", "post"])
def test_each_role_gets_exactly_the_pages_of_its_permissions(
    client: Client,
    targets: tuple[uuid.UUID, int],
    role: str,
    name: str,
    pattern: URLPattern,
    method: str,
) -> None:
    client.force_login(UserFactory.create(role=role))
    allowed = pattern.callback.required_permission in role_permissions(role)  # type: ignore[attr-defined]

    response = getattr(client, method)(page_url(name, pattern, *targets))

    if allowed:
        assert response.status_code not in {401, 403}, (role, name)
        assert response.status_code < 500
    else:
        assert response.status_code == 403, (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_back_office_opens_only_to_its_permission(client: Client, role: str) -> None:
    client.force_login(UserFactory.create(role=role))

    response = client.get("/backoffice/")

    if Perm.BACKOFFICE in role_permissions(role):
        assert response.status_code == 200
    else:
        assert response.status_code == 302


def _operations() -> list[tuple[str, str, str]]:
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append((method.upper(), path, operation.get("x-permission", "")))
    return sorted(found)


OPERATIONS = _operations()
OP_IDS = [f"{method} {path}" for method, path, _ in OPERATIONS]


def _concrete(path: str) -> str:
    segments = [str(uuid.uuid4()) if s.startswith("{") else s for s in path.split("/")]
    return "/".join(segments)


def _call(client: Client, method: str, path: str, **headers: Any) -> int:
    url = _concrete(path)
    if method in {"POST", "PUT", "PATCH"}:
        response = client.generic(method, url, "{}", content_type="application/json", **headers)
    else:
        response = client.generic(method, url, **headers)
    return response.status_code


def test_the_api_has_operations_to_check() -> None:
    assert len(OPERATIONS) >= 10


@pytest.mark.parametrize(("method", "path", "perm"), OPERATIONS, ids=OP_IDS)
def test_every_api_operation_declares_a_permission(method: str, path: str, perm: str) -> None:
    assert perm in {p.value for p in Perm}, f"{method} {path} declares no x-permission"


@pytest.mark.parametrize(("method", "path", "perm"), OPERATIONS, ids=OP_IDS)
def test_anonymous_api_calls_are_refused(client: Client, method: str, path: str, perm: str) -> None:
    assert _call(client, method, path) == 401


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "perm"), OPERATIONS, ids=OP_IDS)
def test_each_roles_write_token_gets_exactly_its_permissions(
    client: Client, role: str, method: str, path: str, perm: str
) -> None:
    issued = create_api_token(user=UserFactory.create(role=role), name="t", scope=TokenScope.WRITE)

    status = _call(client, method, path, HTTP_AUTHORIZATION=f"Bearer {issued.secret}")

    if Perm(perm) in role_permissions(role):
        assert status not in {401, 403}, (role, method, path, status)
        assert status < 500
    else:
        assert status == 403, (role, method, path, status)


@pytest.mark.parametrize(("method", "path", "perm"), OPERATIONS, ids=OP_IDS)
def test_a_read_token_gets_only_view_operations(
    client: Client, method: str, path: str, perm: str
) -> None:
    issued = create_api_token(
        user=UserFactory.create(role=Role.ADMIN), name="t", scope=TokenScope.READ
    )

    status = _call(client, method, path, HTTP_AUTHORIZATION=f"Bearer {issued.secret}")

    if Perm(perm).is_read:
        assert status not in {401, 403}
    else:
        assert status == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "perm"), OPERATIONS, ids=OP_IDS)
def test_each_role_signed_in_gets_exactly_its_permissions_in_the_api(
    client: Client, role: str, method: str, path: str, perm: str
) -> None:
    client.force_login(UserFactory.create(role=role))

    status = _call(client, method, path)

    if Perm(perm) in role_permissions(role):
        assert status not in {401, 403}, (role, method, path, status)
        assert status < 500
    else:
        assert status == 403, (role, method, path, status)
