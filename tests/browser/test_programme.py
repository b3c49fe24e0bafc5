"""The programme checklist in a browser: a manager publishes the written policy, sees the
checklist say so with its evidence one click away, and the score over time drawn; the page
fits a phone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from outward.core.roles import Role
from outward.programme.services import record_assessment, record_training, set_funding
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_writes_the_policy_and_the_checklist_shows_it(
    browser: Browser, live_server: LiveServer, screenshot_dir: Path
) -> None:
    today = timezone.localdate()
    manager = UserFactory.create(role=Role.MANAGER, first_name="Lena", last_name="Lindqvist")
    record_training(manager, course="Owning a problem", completed_on=today)
    UserFactory.create(role=Role.AGENT)
    set_funding(today.year, initiatives=Decimal(20000), remedies=Decimal(5000))
    for months in (3, 2, 1):
        record_assessment(today - dt.timedelta(days=30 * months))
    page = browser.new_page(viewport=DESKTOP)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, manager)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programme").click()
    expect(page.get_by_text("No policy written or uploaded yet.")).to_be_visible()
    page.get_by_role("link", name="A written policy").click()
    page.get_by_label("Policy text").fill("Every customer gets an answer within four hours.")
    page.get_by_label("What changed").fill("First version")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Version 1 published.")).to_be_visible()
    page.get_by_role("link", name="Checklist").click()
    expect(page.get_by_text("Version 1, “Customer-service policy”")).to_be_visible()
    page.get_by_role("button", name="Record today's score").click()
    expect(page.get_by_text("out of 100 today")).to_be_visible()
    expect(page.locator(".plotly-chart.chart-ready")).to_be_visible()
    page.screenshot(path=screenshot_dir / "programme-desktop.png", full_page=True)
    assert not errors, errors
    page.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, live_server, manager)
    phone.goto(live_server.url + "/programme/")
    expect(phone.get_by_text("Training records per person")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    phone.screenshot(path=screenshot_dir / "programme-phone.png", full_page=True)
