"""Changing an employee: the role decides access, and the product always keeps an admin."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from outward.accounts.models import User
from outward.accounts.services import change_role, update_employee
from outward.core.errors import ValidationError
from outward.core.roles import Role

pytestmark = pytest.mark.django_db


def test_staff_and_superuser_follow_the_role(make_user: Callable[..., User]) -> None:
    make_user(Role.ADMIN)
    ann = make_user(Role.AGENT)

    change_role(ann, Role.ADMIN)
    assert (ann.is_staff, ann.is_superuser) == (True, True)

    change_role(ann, Role.MANAGER)
    ann.refresh_from_db()
    assert (ann.role, ann.is_staff, ann.is_superuser) == (Role.MANAGER, False, False)


def test_flags_and_passwords_are_not_set_through_employee_changes(
    make_user: Callable[..., User],
) -> None:
    ann = make_user(Role.AGENT)

    with pytest.raises(ValidationError) as refused:
        update_employee(ann, is_superuser=True, password="x")

    assert set(refused.value.field_errors) == {"is_superuser", "password"}
    ann.refresh_from_db()
    assert not ann.is_superuser


@pytest.mark.parametrize(
    ("changes", "field"), [({"role": Role.ANALYST}, "role"), ({"is_active": False}, "is_active")]
)
def test_the_last_active_admin_is_neither_demoted_nor_deactivated(
    make_user: Callable[..., User], changes: dict[str, object], field: str
) -> None:
    admin = make_user(Role.ADMIN)
    make_user(Role.ADMIN, is_active=False)

    with pytest.raises(ValidationError) as refused:
        update_employee(admin, **changes)

    assert field in refused.value.field_errors
    admin.refresh_from_db()
    assert (admin.role, admin.is_active) == (Role.ADMIN, True)


def test_an_admin_steps_down_once_another_admin_is_active(make_user: Callable[..., User]) -> None:
    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)

    update_employee(first, role=Role.ANALYST, email=" First@Example.com ")

    first.refresh_from_db()
    assert (first.role, first.is_staff, first.email) == (Role.ANALYST, False, "first@example.com")
    assert User.objects.get(pk=second.pk).is_superuser
