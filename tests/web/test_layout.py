"""The shared layout: navigation by role, who is signed in, and which URLs are public."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from outward.accounts.models import User
from outward.core.roles import Role
from outward.core.urls import PUBLIC_URL_NAMES
from outward.web.navigation import menu_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _nav_labels(client: Client) -> list[str]:
    return [item.label for item in client.get(reverse("web:home")).context["nav_items"]]


def test_agent_sees_no_audit_log_or_tokens_in_the_menu(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.AGENT)

    assert _nav_labels(client) == [
        "Home",
        "Issues",
        "Cases",
        "Check-ins",
        "Community",
        "Customers",
        "Field observation",
        "Alerts",
    ]


def test_admin_sees_every_menu_entry(client: Client, login: Callable[[str], User]) -> None:
    login(Role.ADMIN)

    assert _nav_labels(client) == [
        "Home",
        "Issues",
        "Cases",
        "Initiatives",
        "Check-ins",
        "Reviews",
        "Programme",
        "Community",
        "Customers",
        "Surveys",
        "Coverage",
        "Pulse",
        "Field observation",
        "Imports",
        "People",
        "Alerts",
        "API tokens",
        "Audit log",
        "Back office",
    ]


def test_header_shows_the_users_name_role_and_a_logout_button(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.FIELD_TECHNICIAN, first_name="Rosa", last_name="<i>Parks</i>")
    client.force_login(user)

    content = client.get(reverse("web:home")).content.decode()

    assert "Rosa &lt;i&gt;Parks&lt;/i&gt;" in content
    assert "Field technician" in content
    assert f'action="{reverse("accounts:logout")}"' in content


def test_current_page_is_marked_in_the_menu(client: Client, login: Callable[[str], User]) -> None:
    login(Role.AGENT)

    content = client.get(reverse("customers:list")).content.decode()

    assert f'href="{reverse("customers:list")}" aria-current="page"' in content


def _named_views(resolver: URLResolver, namespace: str = "") -> dict[str, object]:
    views: dict[str, object] = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            views |= _named_views(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            views[f"{namespace}{pattern.name}"] = pattern.callback
    return views


@pytest.mark.parametrize("app", ["core", "accounts", "customers"])
def test_every_page_but_the_public_ones_declares_its_permission(app: str) -> None:
    views = {
        name: view
        for name, view in _named_views(get_resolver()).items()
        if name.startswith(f"{app}:")
    }

    unprotected = {n for n, v in views.items() if not hasattr(v, "required_permission")}

    assert views
    assert unprotected == {n for n in PUBLIC_URL_NAMES if n.startswith(f"{app}:")}


def test_only_the_most_specific_menu_entry_is_active() -> None:
    admin = UserFactory.create(role=Role.ADMIN)

    links = menu_for(admin, "/surveys/coverage/")
    home = menu_for(admin, "/")

    assert [link.label for link in links if link.active] == ["Coverage"]
    assert [link.label for link in home if link.active] == ["Home"]
    assert [link.label for link in menu_for(admin, "/surveys/x/") if link.active] == ["Surveys"]
