"""An agent turns a detractor into a case, grants a remedy within their latitude, is sent to
approval above it, and the manager approves; the case page fits a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from outward.cases.choices import RemedyStatus
from outward.cases.models import Case, Remedy
from outward.core.roles import Role
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import CustomerFactory, FeedbackFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_agent_grants_within_the_limit_and_a_manager_approves_above_it(
    browser: Browser, live_server: LiveServer, screenshot_dir: Path
) -> None:
    agent = UserFactory.create(role=Role.AGENT, first_name="Ana", last_name="Silva")
    manager = UserFactory.create(role=Role.MANAGER, first_name="Tom", last_name="Berg")
    customer = CustomerFactory.create(name="Harbour Bakery")
    FeedbackFactory.create(customer=customer, nps=2, text="Third late delivery this month.")
    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, live_server, agent)

    page.goto(live_server.url + reverse("customers:detail", args=[customer.pk]))
    page.get_by_role("button", name="Open a case").first.click()
    expect(page.get_by_text("is open for this feedback")).to_be_visible()
    expect(page.get_by_text("Refund: 50.00")).to_be_visible()
    page.get_by_label("Remedy").select_option("refund")
    page.get_by_label("Amount").fill("30")
    page.get_by_role("button", name="Grant (or ask for approval)").click()
    expect(page.get_by_text("Refund of 30.00 EUR granted.")).to_be_visible()
    page.get_by_label("Remedy").select_option("refund")
    page.get_by_label("Amount").fill("90")
    page.get_by_role("button", name="Grant (or ask for approval)").click()
    expect(page.get_by_text("waits for a manager")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "case.png"), full_page=True)

    manager_page = browser.new_page(viewport=DESKTOP)
    sign_in(manager_page, live_server, manager)
    manager_page.goto(live_server.url + reverse("cases:approvals"))
    manager_page.get_by_role("button", name="Approve").click()
    expect(manager_page.get_by_text("Refund approved.")).to_be_visible()

    case = Case.objects.get()
    assert sorted(Remedy.objects.values_list("amount", "status")) == [
        (30, RemedyStatus.GRANTED),
        (90, RemedyStatus.APPROVED),
    ]
    assert case.first_responded_at is not None

    phone = browser.new_page(viewport=PHONE)
    sign_in(phone, live_server, agent)
    phone.goto(live_server.url + reverse("cases:detail", args=[case.pk]))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
