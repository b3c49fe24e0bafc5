"""An improvement initiative in a browser: a manager starts it from the lead-time issue,
invites affected customers to design it, records what one said and the change, and reads
the customers' verdict; the page fits a phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from outward.core.roles import Role
from outward.initiatives.models import Initiative
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import UserFactory
from tests.initiatives.fixtures import World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_walks_an_initiative_from_its_issue_to_its_validation(
    browser: Browser,
    live_server: LiveServer,
    lead_time: Callable[[int], World],
    screenshot_dir: Path,
) -> None:
    world = lead_time(4)
    manager = UserFactory.create(role=Role.MANAGER, first_name="Kenji", last_name="Martin")
    page = browser.new_page(viewport=DESKTOP)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, manager)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Initiatives").click()
    page.get_by_role("link", name="Start an initiative").click()
    page.get_by_label("Title").fill("Quote real lead times")
    page.get_by_label("Hypothesis").fill("Customers plan around the date we give them.")
    page.get_by_label("Issues").select_option(label="Lead time")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("Initiative saved.")).to_be_visible()

    page.get_by_label("Count").fill("3")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Invited 3 customers to design the change.")).to_be_visible()
    page.get_by_label("Text").fill("Tell me the honest date once.")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("Tell me the honest date once.")).to_be_visible()

    page.get_by_label("Change date").fill(world.change.isoformat())
    page.get_by_role("button", name="Record the change").click()
    expect(page.get_by_text("Change recorded on")).to_be_visible()
    page.get_by_role("button", name="Measure now").click()
    expect(page.locator(".verdict").get_by_text("Validated by customers:")).to_be_visible()
    page.screenshot(path=screenshot_dir / "initiative-desktop.png", full_page=True)
    assert not errors, errors
    page.close()

    initiative = Initiative.objects.get()
    assert initiative.result.validated
    assert initiative.designers.count() == 3

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, live_server, manager)
    phone.goto(live_server.url + reverse("initiatives:detail", args=[initiative.pk]))
    expect(phone.locator(".verdict").get_by_text("Validated by customers:")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    phone.screenshot(path=screenshot_dir / "initiative-phone.png", full_page=True)
