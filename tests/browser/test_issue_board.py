"""The issue board in a browser: a manager finds the defect, opens it, and decides its
recall review; the board works on a phone too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from outward.core.roles import Role
from outward.customers.models import ProductBatch
from outward.insights.models import AnalysisRun, RecallReview
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback restores the seeded touchpoints after the live server's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_goes_from_the_board_to_the_issue_and_decides_its_recall_review(
    browser: Browser,
    live_server: LiveServer,
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    screenshot_dir: Path,
) -> None:
    refit()
    bad, _ = defect
    manager = UserFactory.create(role=Role.MANAGER, first_name="Nancy", last_name="Davolio")
    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, live_server, manager)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Issues").click()
    expect(page.get_by_role("heading", name="Issues", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Open recall reviews")).to_be_visible()
    expect(page.get_by_role("img", name="weekly share of feedback").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "issues-desktop.png", full_page=True)

    page.get_by_role("link", name="Heating element", exact=True).first.click()
    expect(page.get_by_role("heading", name="Heating element")).to_be_visible()
    expect(page.get_by_text(bad.lot_code).first).to_be_visible()
    page.screenshot(path=screenshot_dir / "issue-desktop.png", full_page=True)

    page.get_by_role("link", name=f"Batch {bad.lot_code}").click()
    expect(page.get_by_text("15 of 40 owners raised it")).to_be_visible()
    page.get_by_label("Recall", exact=True).check()
    page.get_by_label("Rationale").fill("Safety first: the element overheats.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "recall-desktop.png", full_page=True)
    page.close()

    review = RecallReview.objects.get()
    assert (review.decision, review.decided_by) == ("recall", manager)


def test_the_issue_board_fits_a_phone(
    browser: Browser,
    live_server: LiveServer,
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    screenshot_dir: Path,
) -> None:
    refit()
    analyst = UserFactory.create(role=Role.ANALYST)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, analyst)

    page.goto(live_server.url + reverse("insights:board"))

    expect(page.get_by_role("heading", name="Issues", exact=True)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1  # nothing sticks out sideways
    page.screenshot(path=screenshot_dir / "issues-phone.png", full_page=True)
    context.close()


def test_a_filter_updates_the_board_in_place(
    browser: Browser,
    live_server: LiveServer,
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
) -> None:
    refit()
    bad, _ = defect
    page = browser.new_page(viewport=DESKTOP)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, UserFactory.create(role=Role.ANALYST))
    page.goto(live_server.url + reverse("insights:board"))
    page.evaluate("window.stillThisPage = true")

    with page.expect_response(lambda r: "product=" in r.url) as answered:
        page.get_by_label("Product").select_option(label=bad.product.name)

    assert answered.value.request.headers.get("hx-request") == "true"
    expect(page.get_by_role("link", name="Heating element", exact=True).first).to_be_visible()
    assert page.evaluate("window.stillThisPage === true")  # swapped in place, not reloaded
    assert f"product={bad.product.pk}" in page.url  # and the address can be shared
    page.get_by_label("From").fill("2099-01-01")  # after the end: a 400 that names the field
    page.get_by_label("From").dispatch_event("change")
    expect(page.get_by_text("The start comes after the end.")).to_be_visible()
    assert page.evaluate("window.stillThisPage === true")
    assert [e for e in errors if "400" not in e] == []  # the browser logs the 400 itself
    page.close()
