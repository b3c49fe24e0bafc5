"""Nothing in the app scrolls sideways on a phone: an admin walks every page of a small demo
company at 390 px, following the links as a person would (every route, its first two
addresses), and every survey's public page; each page must fit the screen's width. Django's
back office (its own layout) is left out; so is PostgreSQL, as layout does not depend on the
database."""

from __future__ import annotations

import faulthandler
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from outward.core.roles import Role
from outward.surveys.models import Survey
from tests.browser.conftest import PHONE, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="layout is the same on any database"),
]

# A walk that stalls (a live-server request stuck) ends the test process with the stacks
# printed, rather than holding up the whole run.
STALL_SECONDS = 300
PER_ROUTE = 2  # addresses visited per route: enough for a list and a detail of each kind
# Pages that differ by the kind of their object (a transactional survey's send page is its
# triggers): every address of these is visited.
EVERY = {"surveys:detail", "surveys:send"}
MOST = 400  # pages in all, a bound on the walk
LEFT_ALONE = ("/api/", "/static/", "/accounts/logout")
WIDEST = """(screen) => {
    const over = [...document.querySelectorAll('body *')].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > screen + 1;
    });
    return {
        width: document.documentElement.scrollWidth,
        culprits: over.filter(el => ![...el.children].some(c => over.includes(c)))
            .slice(0, 3).map(el => el.tagName.toLowerCase() +
            (el.className && typeof el.className === 'string' ? '.' + el.className : '')),
    };
}"""


CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-chart]')].every(el =>
    el.hidden || el.classList.contains('chart-ready') || el.classList.contains('chart-error'))"""


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(page: Page, origin: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(a => a.href)"
    )
    found = []
    for href in hrefs:
        url = urldefrag(href).url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin or "format=" in parts.query:
            continue
        if not parts.path.startswith(LEFT_ALONE):
            found.append(url)
    return found


def test_no_page_scrolls_sideways_at_390_px(
    browser: Browser, live_server: LiveServer, screenshot_dir: Path
) -> None:
    faulthandler.dump_traceback_later(STALL_SECONDS, exit=True)
    try:
        _walk(browser, live_server, screenshot_dir)
    finally:
        faulthandler.cancel_dump_traceback_later()


def _walk(browser: Browser, live_server: LiveServer, screenshot_dir: Path) -> None:
    call_command("demo", customers=60, feedback=1200, verbosity=0)
    admin = UserFactory.create(role=Role.ADMIN)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, admin)
    # One request at a time: the live server shares one in-memory SQLite connection between
    # its threads, and a chart's API request running beside a page's (230 pages, each with
    # its charts) stalled that connection in CI. The charts' own API requests are refused,
    # so each shows its fallback text; a Plotly chart takes its container's width anyway.
    page.route("**/api/**", lambda route: route.abort())

    origin = live_server.url
    queue = deque([origin + reverse("web:home")])
    for survey in Survey.objects.all():
        queue.append(origin + reverse("respond:public", args=[survey.public_token]))
        if survey.audience == "customers":
            queue.append(origin + reverse("surveys:send", args=[survey.pk]))
    seen: set[str] = set(queue)
    per_route: Counter[str] = Counter()
    overflowing: dict[str, object] = {}
    visited = 0
    while queue and visited < MOST:
        url = queue.popleft()
        route = _route(urlsplit(url).path)
        if route is None or route.startswith("admin:"):
            continue
        if per_route[route] >= PER_ROUTE and route not in EVERY:
            continue
        per_route[route] += 1
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        page.wait_for_function(CHARTS_DRAWN, timeout=20_000)  # each chart's fallback shown
        measured = page.evaluate(WIDEST, PHONE["width"])
        if measured["width"] > PHONE["width"]:
            overflowing[url] = measured
            page.screenshot(path=screenshot_dir / f"overflow-{visited}.png", full_page=True)
        for link in _links(page, origin):
            if link not in seen:
                seen.add(link)
                queue.append(link)

    assert overflowing == {}
    # the walk really went round the app: every menu entry, and details behind them
    assert len(per_route) >= 60, sorted(per_route)
    assert per_route["respond:public"] == PER_ROUTE
