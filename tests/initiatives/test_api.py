"""The initiatives API: start one, record its change, read the customers' verdict; unknown
references are a 422 that names the field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from outward.accounts.models import User
from outward.core.roles import Role
from tests.initiatives.fixtures import World

pytestmark = pytest.mark.django_db


def test_an_initiative_is_started_changed_and_measured_through_the_api(
    client: Client, login: Callable[[str], User], lead_time: Callable[[int], World]
) -> None:
    world = lead_time(4)
    manager = login(Role.MANAGER)

    made = client.post(
        "/api/v1/initiatives",
        {"title": "Real lead times", "hypothesis": "Quote the true date.",
         "owner_id": manager.pk, "theme_ids": [world.theme.pk], "metric": "nps"},
        content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["validated"] is None
    changed = client.post(
        f"/api/v1/initiatives/{pk}/change",
        {"change_date": world.change.isoformat()},
        content_type="application/json",
    )
    measured = client.post(f"/api/v1/initiatives/{pk}/measure")

    assert changed.json()["stage"] == "changed"
    assert measured.status_code == 200
    assert measured.json()["validated"] is True
    assert measured.json()["result"]["did"]["estimate"] > 0
    assert [i["id"] for i in client.get("/api/v1/initiatives").json()] == [pk]


def test_unknown_themes_and_a_plan_for_nobody_name_their_field(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.MANAGER)

    unknown = client.post(
        "/api/v1/initiatives",
        {"title": "X", "hypothesis": "Y", "theme_ids": [987654]},
        content_type="application/json",
    )
    nobody = client.post(
        "/api/v1/initiatives", {"title": "X", "hypothesis": "Y"}, content_type="application/json"
    )
    measured_early = client.post("/api/v1/initiatives/987654/measure")

    assert unknown.status_code == 422
    assert "theme_ids" in unknown.content.decode()
    assert nobody.status_code == 422
    assert "themes" in nobody.content.decode()
    assert measured_early.status_code == 404


def test_analysts_read_initiatives_but_may_not_start_one(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ANALYST)

    assert client.get("/api/v1/initiatives").status_code == 200
    refused = client.post(
        "/api/v1/initiatives", {"title": "X", "hypothesis": "Y"}, content_type="application/json"
    )
    assert refused.status_code == 403
