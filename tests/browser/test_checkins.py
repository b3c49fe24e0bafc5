"""Proactive check-ins in a browser: an agent opens the day's list (the model card says how
well the model ranks customers it did not learn from), calls a customer at risk, records
what they said with a promise, and the list moves on; the page fits a phone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from outward.cases.models import Promise
from outward.checkins.choices import CheckInStatus, Reason
from outward.checkins.models import CheckIn
from outward.checkins.services.proposals import propose_checkins
from outward.checkins.services.risk import refit_risk
from outward.core.roles import Role
from outward.feedback.choices import Source
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.checkins.fixtures import history
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_agent_calls_a_customer_at_risk_and_records_the_call(
    browser: Browser, live_server: LiveServer, screenshot_dir: Path
) -> None:
    today = timezone.localdate()
    history(today=today)
    agent = UserFactory.create(role=Role.AGENT, first_name="Isla", last_name="Brown")
    refit_risk(today)
    propose_checkins(today)
    checkin = CheckIn.objects.filter(reason=Reason.AT_RISK).order_by("-risk").first()
    assert checkin is not None
    page = browser.new_page(viewport=DESKTOP)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, agent)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check-ins").click()
    expect(page.get_by_text("Held-out AUC")).to_be_visible()
    page.screenshot(path=screenshot_dir / "checkins-desktop.png", full_page=True)
    page.get_by_role("link", name=checkin.customer.name, exact=True).click()
    page.get_by_label("What the customer said").fill("Still waiting for the refund, tired of it.")
    page.get_by_label("How likely to recommend us (0-10)").fill("3")
    page.get_by_label("Promise made").fill("Refund confirmed by Friday")
    page.get_by_label("Kind of promise").select_option(label="Follow-up")
    due = timezone.localtime() + dt.timedelta(days=3)
    page.get_by_label("Promise due").fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text(f"Check-in with {checkin.customer.name} recorded.")).to_be_visible()
    assert not errors, errors
    page.close()

    done = CheckIn.objects.get(pk=checkin.pk)
    assert done.status == CheckInStatus.DONE
    assert done.outcome is not None
    assert done.outcome.source == Source.CHECK_IN
    assert Promise.objects.get(customer=checkin.customer).owner == agent

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, live_server, agent)
    phone.goto(live_server.url + "/checkins/")
    expect(phone.get_by_text("Held-out AUC")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    phone.screenshot(path=screenshot_dir / "checkins-phone.png", full_page=True)
