"""The Content-Security-Policy holds in a real browser: no page of ours, the back office or
the API docs trips it, and the survey snippet still works inside another site's page."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from outward.core.roles import Role
from outward.surveys.models import Response
from tests.browser.conftest import DESKTOP, sign_in
from tests.factories import CustomerFactory, FeedbackFactory, UserFactory
from tests.surveys.response_helpers import active_survey

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs in every frame before the page's own scripts; the policy does not apply to it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${location.pathname}`);
});
"""


@pytest.fixture
def shop_site() -> Iterator[Callable[[str], str]]:
    """Another website on this machine (another origin): serves the page it is given."""
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def publish(html: str) -> str:
        pages["/shop.html"] = html.encode()
        return f"http://127.0.0.1:{server.server_port}/shop.html"

    yield publish
    server.shutdown()
    server.server_close()


def _watched(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(RECORD_VIOLATIONS)
    return context, context.new_page()


def _violations(page: Page) -> list[str]:
    return [v for frame in page.frames for v in frame.evaluate("window.__violations || []")]


def test_staff_pages_back_office_and_api_docs_trip_no_policy(
    browser: Browser, live_server: LiveServer
) -> None:
    # Given an administrator and a customer with feedback
    customer = CustomerFactory.create(name="Maria Anders")
    FeedbackFactory.create(customer=customer, text="The heater broke again.", nps=2)
    admin = UserFactory.create(role=Role.ADMIN)
    context, page = _watched(browser)
    sign_in(page, live_server, admin)

    # When they open the pages they use, the back office and the API docs
    paths = [
        reverse("web:home"),
        reverse("customers:list"),
        reverse("customers:detail", args=[customer.pk]),
        reverse("surveys:list"),
        reverse("surveys:coverage"),
        reverse("imports:new"),
        reverse("fieldwork:new"),
        reverse("accounts:tokens"),
        "/backoffice/",
        "/backoffice/customers/customer/",
        f"/backoffice/customers/customer/{customer.pk}/change/",
        "/api/v1/docs",
    ]
    seen: list[str] = []
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        seen += _violations(page)

    # Then the browser reports no violation, and the script-driven API docs did render
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    assert seen == []
    context.close()


def test_the_survey_snippet_works_inside_another_sites_page(
    browser: Browser, live_server: LiveServer, settings: Any, shop_site: Callable[[str], str]
) -> None:
    # Given a public survey and a website that pasted its snippet
    settings.SITE_URL = live_server.url
    survey = active_survey(public=True)
    snippet_url = live_server.url + reverse("respond:embed", args=[survey.public_token])
    shop = shop_site(f'<h1>Our shop</h1><script src="{snippet_url}"></script>')
    context, page = _watched(browser)
    page.goto(shop)

    # When a visitor answers inside the frame and sends
    frame = page.frame_locator("iframe")
    frame.locator("#q_nps-8").check()
    frame.locator("button[value='send']").click()

    # Then the thanks shows in the frame, the answer is stored, and nothing was blocked
    expect(frame.get_by_text("Thank you!")).to_be_visible()
    assert Response.objects.get().answers["nps"] == 8
    assert _violations(page) == []
    context.close()
