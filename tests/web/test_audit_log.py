"""The audit log page: who wrote what, filterable by object type, for admins only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from outward.accounts.models import User
from outward.core.audit import acting_as
from outward.core.models import AuditEntry
from outward.core.roles import Role
from outward.customers.services import create_customer, update_customer

pytestmark = pytest.mark.django_db


def _audited_writes(user: User) -> None:
    with acting_as(user=user):
        customer = create_customer(name="Audited Ltd", kind="account")
        update_customer(customer, segment="enterprise")


def test_audit_log_renders_with_no_entries(client: Client, login: Callable[[str], User]) -> None:
    login(Role.ADMIN)

    response = client.get(reverse("core:audit"))

    assert response.status_code == 200
    assert b"No entries yet" in response.content


def test_audit_log_shows_who_changed_what(client: Client, login: Callable[[str], User]) -> None:
    admin = login(Role.ADMIN)
    _audited_writes(admin)

    response = client.get(reverse("core:audit"))

    content = response.content.decode()
    assert "Audited Ltd" in content
    assert str(admin) in content
    assert "enterprise" in content


def test_audit_log_filters_by_object_type(client: Client, login: Callable[[str], User]) -> None:
    admin = login(Role.ADMIN)
    _audited_writes(admin)
    AuditEntry.objects.create(
        user=admin, action="create", object_type="accounts.team", object_id="1"
    )

    response = client.get(reverse("core:audit"), {"object_type": "accounts.team"})

    assert {e.object_type for e in response.context["page"].object_list} == {"accounts.team"}


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER, Role.ANALYST, Role.EXECUTIVE])
def test_only_admins_open_the_audit_log(
    client: Client, login: Callable[[str], User], role: str
) -> None:
    login(role)

    response = client.get(reverse("core:audit"))

    assert response.status_code == 403


def test_audit_log_query_count_does_not_grow_with_entries(
    client: Client, login: Callable[[str], User], django_assert_max_num_queries: Callable
) -> None:
    admin = login(Role.ADMIN)
    for _ in range(10):
        _audited_writes(admin)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:audit"))

    assert response.status_code == 200
