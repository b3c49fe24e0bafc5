"""A leader runs the metric review in a browser: opens it from the home page, records who
attended and an action, and sees the action waiting on the home page; the review and its
printable version fit a phone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from outward.core.roles import Role
from outward.reviews import services
from outward.reviews.choices import Frequency
from outward.reviews.models import Attendance, ReviewAction
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import FeedbackFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_leader_records_attendance_and_an_action_in_the_review(
    browser: Browser, live_server: LiveServer, screenshot_dir: Path
) -> None:
    chief = UserFactory.create(role=Role.EXECUTIVE, first_name="Ines", last_name="Vogel")
    manager = UserFactory.create(role=Role.MANAGER, first_name="Tom", last_name="Berg")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.set_cadence(
        frequency=Frequency.WEEKLY,
        weekday=tomorrow.weekday(),
        day_of_month=1,
        participants=[chief, manager],
    )
    for score in (10, 9, 8, 4, 2, 10):
        FeedbackFactory.create(nps=score)
    review = services.prepare_review(tomorrow)
    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, live_server, chief)

    page.get_by_role("link", name="The review is prepared").click()
    expect(page.get_by_role("heading", name="CX scores")).to_be_visible()
    page.get_by_label("Ines Vogel").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Attendance recorded")).to_be_visible()
    page.get_by_label("Action", exact=True).fill("Call every detractor of the week")
    page.locator("#id_owner").select_option(label="Tom Berg")
    page.get_by_label("Due").fill("2027-01-15")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action recorded")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "review.png"), full_page=True)

    assert Attendance.objects.get(review=review, user=chief).present
    assert not Attendance.objects.get(review=review, user=manager).present
    action = ReviewAction.objects.get()
    assert (action.owner, action.due_on) == (manager, dt.date(2027, 1, 15))

    page.goto(live_server.url + reverse("web:home"))
    expect(page.get_by_text("Call every detractor of the week")).to_be_visible()

    phone = browser.new_page(viewport=PHONE)
    sign_in(phone, live_server, chief)
    for url in (
        reverse("reviews:detail", args=[review.pk]),
        reverse("reviews:print", args=[review.pk]),
    ):
        phone.goto(live_server.url + url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (url, width)
    phone.screenshot(path=str(screenshot_dir / "review-print-phone.png"), full_page=True)
