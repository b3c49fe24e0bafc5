"""Signing in and reading the pages in a real browser, on a desktop and on a phone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from outward.accounts.models import User
from outward.core.roles import Role
from outward.customers.models import Customer
from outward.feedback.services import analyse_pending_feedback
from outward.web.navigation import MENU
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import (
    AccountFactory,
    AssetFactory,
    CustomerFactory,
    FeedbackFactory,
    UserFactory,
    touchpoint,
)

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback restores the seeded touchpoints after the live server's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMPLAINT = "The installer came two weeks late and nobody called <b>us</b>."


@pytest.fixture
def account() -> Customer:
    """An account with two people, an asset, and a year of feedback from both."""
    account = AccountFactory.create(name="Northwind Traders", segment="enterprise", region="west")
    people = [
        CustomerFactory.create(account=account, name="Maria Anders", segment="", region=""),
        CustomerFactory.create(account=account, name="Thomas Hardy", segment="", region=""),
    ]
    AssetFactory.create(customer=account)
    now = timezone.now()
    places = ["delivery", "support", "billing", "onboarding"]
    for n in range(36):
        FeedbackFactory.create(
            customer=people[n % 2],
            occurred_at=now - timedelta(days=n * n // 4 + 1),
            nps=(n * 7) % 11,
            csat=(n % 5) + 1,
            ces=(n % 7) + 1,
            touchpoint=touchpoint(places[n % 4]),
            text=f"Visit {n}: the engineer fixed the boiler." if n else COMPLAINT,
        )
    CustomerFactory.create_batch(8)
    analyse_pending_feedback()  # as the worker would: the home page reads the analysed items
    return account


@pytest.fixture
def manager() -> User:
    return UserFactory.create(role=Role.MANAGER, first_name="Nancy", last_name="Davolio")


def test_user_signs_in_and_reads_home_and_a_customer_page(
    browser: Browser,
    live_server: LiveServer,
    account: Customer,
    manager: User,
    screenshot_dir: Path,
) -> None:
    page = browser.new_page(viewport=DESKTOP)

    sign_in(page, live_server, manager)

    expect(page.get_by_role("heading", name="How our customers are doing")).to_be_visible()
    expect(page.locator(".who")).to_contain_text("Nancy Davolio")
    expect(page.locator(".who")).to_contain_text("Manager")
    expect(page.get_by_role("img", name="Feedback items per month")).to_be_visible()
    page.screenshot(path=screenshot_dir / "home-desktop.png", full_page=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Customers").click()
    page.get_by_label("Search").fill("Northwind")
    page.get_by_role("button", name="Search").click()
    page.screenshot(path=screenshot_dir / "customers-desktop.png", full_page=True)
    page.get_by_role("link", name="Northwind Traders").click()

    expect(page.get_by_role("heading", name="Northwind Traders")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Maria Anders")
    expect(page.locator(".timeline")).to_contain_text(COMPLAINT)
    page.screenshot(path=screenshot_dir / "customer-desktop.png", full_page=True)

    page.goto(live_server.url + reverse("accounts:tokens"))
    page.get_by_label("Name").fill("CRM sync")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name="Copy your new token now")).to_be_visible()
    page.screenshot(path=screenshot_dir / "tokens-desktop.png", full_page=True)
    page.close()


def test_navigation_is_usable_on_a_phone(
    browser: Browser,
    live_server: LiveServer,
    account: Customer,
    screenshot_dir: Path,
) -> None:
    admin = UserFactory.create(role=Role.ADMIN, first_name="Andrew", last_name="Fuller")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()

    sign_in(page, live_server, admin)

    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    assert links.count() == len(MENU)  # an admin sees every entry
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 40  # a comfortable touch target
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "home-phone.png", full_page=True)

    links.get_by_text("Customers").tap()
    page.wait_for_url(live_server.url + reverse("customers:list"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "customers-phone.png", full_page=True)

    page.goto(live_server.url + reverse("customers:detail", args=[account.pk]))
    expect(page.locator(".timeline")).to_contain_text("Thomas Hardy")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "customer-phone.png")

    page.goto(live_server.url + reverse("accounts:tokens"))
    page.get_by_label("Name").fill("Phone test")
    page.get_by_role("button", name="Create token").tap()
    expect(page.get_by_role("heading", name="Copy your new token now")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "tokens-phone.png", full_page=True)

    page.goto(live_server.url + reverse("core:audit"))
    expect(page.locator("table")).to_contain_text("Phone test")
    page.screenshot(path=screenshot_dir / "audit-phone.png", full_page=True)
    context.close()
