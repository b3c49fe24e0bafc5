"""The drivers, journey, outcomes and quality pages in a browser: every chart is drawn from
the API by our own plotly.js, the Content Security Policy lets it style itself, the quality
page leads to the flagged batch's recall review, and every page fits a phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from outward.core.roles import Role
from outward.customers.models import ProductBatch
from outward.feedback.models import FeedbackItem
from outward.insights.models import AnalysisRun
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback restores the seeded touchpoints after the live server's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TABS = [("Drivers", "drivers"), ("Journey", "journey"), ("Outcomes", "outcomes"),
        ("Product quality", "quality")]  # fmt: skip


def charts_drawn(page: Page) -> None:
    """Wait until every chart on the page is drawn; none may have failed."""
    expected = page.locator("[data-chart]").count()
    assert expected > 0
    expect(page.locator(".plotly-chart.chart-ready .main-svg").first).to_be_visible()
    page.wait_for_function(
        f"document.querySelectorAll('.chart-ready .main-svg').length >= {expected}"
    )
    assert page.locator(".chart-error").count() == 0


def test_a_manager_reads_every_insight_tab_with_its_charts_and_reaches_the_recall_review(
    browser: Browser,
    live_server: LiveServer,
    journeyed: dict[str, list[FeedbackItem]],
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    screenshot_dir: Path,
) -> None:
    refit()
    bad, _ = defect
    manager = UserFactory.create(role=Role.MANAGER)
    page = browser.new_page(viewport=DESKTOP)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server, manager)
    page.goto(live_server.url + reverse("insights:board"))

    for tab, name in TABS:
        page.get_by_role("navigation", name="Insights").get_by_role("link", name=tab).click()
        expect(page.get_by_role("link", name=tab)).to_have_attribute("aria-current", "page")
        charts_drawn(page)
        page.screenshot(path=screenshot_dir / f"{name}-desktop.png", full_page=True)

    expect(page.locator("td.flagged").first).to_be_visible()
    page.get_by_role("row", name=bad.lot_code).get_by_role("link", name="Open").click()
    expect(page.get_by_text("15 of 40 owners raised it")).to_be_visible()
    page.close()
    assert errors == []


def test_the_insight_tabs_fit_a_phone(
    browser: Browser,
    live_server: LiveServer,
    journeyed: dict[str, list[FeedbackItem]],
    screenshot_dir: Path,
) -> None:
    analyst = UserFactory.create(role=Role.ANALYST)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    messages: list[ConsoleMessage] = []
    page.on("console", lambda m: messages.append(m))
    sign_in(page, live_server, analyst)

    for _, name in TABS[:3]:
        page.goto(live_server.url + reverse(f"insights:{name}"))
        charts_drawn(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, name  # nothing sticks out sideways
        page.screenshot(path=screenshot_dir / f"{name}-phone.png", full_page=True)
    context.close()
    assert [m.text for m in messages if m.type == "error"] == []
