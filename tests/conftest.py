"""Fixtures shared by the whole suite."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.test import Client

from outward.accounts.models import User
from outward.accounts.services import create_api_token
from outward.core.roles import Role
from tests.factories import CustomerFactory, UserFactory

# A small analysed corpus and a refit, for the insights tests of any folder.
pytest_plugins = ["tests.insights.fixtures", "tests.initiatives.fixtures"]


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: str = Role.AGENT, **fields: object) -> User:
        return UserFactory.create(role=role, **fields)

    return make


@pytest.fixture
def login(client: Client, make_user: Callable[..., User]) -> Callable[[str], User]:
    """Sign the test client in as a fresh user of the given role."""

    def sign_in(role: str) -> User:
        user = make_user(role)
        client.force_login(user)
        return user

    return sign_in


@pytest.fixture
def targets(db: None) -> tuple[uuid.UUID, int]:
    """A customer's id and an API token's id, to fill the URL of any page (site_pages)."""
    owner = UserFactory.create(role=Role.ADMIN)
    return CustomerFactory.create().pk, create_api_token(user=owner, name="target").token.pk
