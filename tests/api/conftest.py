"""Fixtures for the API tests: a client that speaks JSON with an API token."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from outward.accounts.choices import TokenScope
from outward.accounts.models import ApiToken, User
from outward.accounts.services import create_api_token
from outward.core.roles import Role

API = "/api/v1"


@dataclass
class Response:
    status: int
    body: Any


@dataclass
class ApiClient:
    """Calls /api/v1 with `Authorization: Bearer <secret>` (none when secret is empty)."""

    client: Client
    secret: str = ""
    token: ApiToken | None = None

    def call(
        self, method: str, path: str, body: Any = None, *, raw: bytes | None = None
    ) -> Response:
        headers = {"Authorization": f"Bearer {self.secret}"} if self.secret else {}
        data: bytes | str | None = raw if raw is not None else None
        if raw is None and body is not None:
            data = json.dumps(body)
        response = self.client.generic(
            method, API + path, data=data or b"", content_type="application/json", headers=headers
        )
        content = response.content
        return Response(response.status_code, json.loads(content) if content else None)

    def get(self, path: str, **params: Any) -> Response:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.call("GET", f"{path}?{query}" if query else path)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Response:
        return self.call("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Response:
        return self.call("PATCH", path, body, **kwargs)


@pytest.fixture
def make_api(db: None, make_user: Callable[..., User]) -> Callable[..., ApiClient]:
    def make(role: str = Role.ADMIN, scope: str = TokenScope.WRITE) -> ApiClient:
        issued = create_api_token(user=make_user(role), name="test", scope=scope)
        return ApiClient(Client(), secret=issued.secret, token=issued.token)

    return make


@pytest.fixture
def api(make_api: Callable[..., ApiClient]) -> ApiClient:
    """An admin's write token: every operation is allowed."""
    return make_api()
