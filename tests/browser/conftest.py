"""Browser tests: Playwright drives Debian's headless chromium against the live server.

Playwright's sync API runs an event loop in this thread, so Django would refuse ORM calls
made by the tests (factories) as "async unsafe"; they are plain synchronous calls here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from pytest_django.live_server_helper import LiveServer

from outward.accounts.models import User
from tests.factories import TEST_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=390, height=844)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """A fresh chromium per test.

    Not session-wide: while Playwright's event loop runs, Django keeps database connections
    per context instead of per thread, so the loop must not span the test database set-up
    (the serialized rollback that restores the seeded touchpoints runs before each test).
    """
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed: apt-get install chromium"
        if os.environ.get("OUTWARD_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # Only while the loop runs, and only in this process: a subprocess (`check --deploy`)
    # must not inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Connections opened while the loop ran belong to its context: close them here, or
        # PostgreSQL refuses to drop the test database at the end ("being accessed").
        connections.close_all()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: OUTWARD_SCREENSHOT_DIR when set, else the test's temp dir."""
    target = Path(os.environ.get("OUTWARD_SCREENSHOT_DIR") or tmp_path / "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    return target


def sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    """Sign in through the login form, as a person would, and land on the home page."""
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + reverse("web:home"))
