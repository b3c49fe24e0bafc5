"""API tokens: shown once, stored hashed, scoped, revocable, last use recorded."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from outward.accounts.choices import TokenScope
from outward.accounts.models import ApiToken
from outward.accounts.services import (
    authenticate_api_token,
    create_api_token,
    revoke_api_token,
)
from outward.core.errors import NotFound, ValidationError
from outward.core.permissions import Perm, token_has
from outward.core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_the_sha256_of_the_secret_is_stored() -> None:
    issued = create_api_token(user=UserFactory.create(), name="CRM sync", scope=TokenScope.WRITE)

    stored = ApiToken.objects.get(pk=issued.token.pk)

    assert stored.digest == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in {stored.digest, stored.prefix, stored.name}
    assert issued.secret.startswith(stored.prefix)


def test_secret_carries_at_least_256_random_bits() -> None:
    issued = create_api_token(user=UserFactory.create(), name="x")

    assert len(issued.secret.removeprefix("ow_")) >= 43  # 32 bytes in url-safe base64


def test_valid_secret_authenticates_and_records_last_use() -> None:
    issued = create_api_token(user=UserFactory.create(), name="x")

    token = authenticate_api_token(issued.secret)

    assert token is not None
    assert token.pk == issued.token.pk
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


@pytest.mark.parametrize("secret", ["", "ow_", "ow_wrong", "Bearer x", "x" * 500])
def test_other_strings_do_not_authenticate(secret: str) -> None:
    create_api_token(user=UserFactory.create(), name="x")

    assert authenticate_api_token(secret) is None


def test_revoked_token_no_longer_authenticates() -> None:
    user = UserFactory.create()
    issued = create_api_token(user=user, name="x")

    revoke_api_token(user=user, token_id=issued.token.pk)

    assert authenticate_api_token(issued.secret) is None


def test_expired_token_does_not_authenticate() -> None:
    issued = create_api_token(
        user=UserFactory.create(), name="x", expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert authenticate_api_token(issued.secret) is None


def test_token_of_a_deactivated_user_does_not_authenticate() -> None:
    user = UserFactory.create()
    issued = create_api_token(user=user, name="x")
    user.is_active = False
    user.save()

    assert authenticate_api_token(issued.secret) is None


def test_nobody_revokes_another_users_token() -> None:
    issued = create_api_token(user=UserFactory.create(), name="x")

    with pytest.raises(NotFound):
        revoke_api_token(user=UserFactory.create(role=Role.MANAGER), token_id=issued.token.pk)


def test_admin_may_revoke_any_token() -> None:
    issued = create_api_token(user=UserFactory.create(), name="x")

    revoke_api_token(user=UserFactory.create(role=Role.ADMIN), token_id=issued.token.pk)

    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None


def test_a_token_needs_a_name() -> None:
    with pytest.raises(ValidationError) as error:
        create_api_token(user=UserFactory.create(), name="  ")

    assert "name" in error.value.field_errors


def test_read_scope_narrows_the_role_to_view_permissions() -> None:
    manager = UserFactory.create(role=Role.MANAGER)

    assert token_has(manager, TokenScope.READ, Perm.CUSTOMERS_VIEW)
    assert not token_has(manager, TokenScope.READ, Perm.CUSTOMERS_CHANGE)
    assert token_has(manager, TokenScope.WRITE, Perm.CUSTOMERS_CHANGE)


def test_write_scope_never_exceeds_the_role() -> None:
    analyst = UserFactory.create(role=Role.ANALYST)

    assert not token_has(analyst, TokenScope.WRITE, Perm.FEEDBACK_ADD)
