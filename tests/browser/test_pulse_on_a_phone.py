"""The pulse results on a phone: every table stacks into labelled cards, nothing scrolls
sideways, and the anonymity rule still hides the small team."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from outward.core.roles import Role
from outward.pulse.services import serves_key, start_round
from outward.surveys.models import Invitation, Response
from tests.browser.conftest import PHONE, sign_in
from tests.factories import TeamFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _answered_round() -> None:
    """Two teams of six that answered and a team of three (too small to show), all rating
    the desk."""
    teams = {
        name: TeamFactory.create(name=name) for name in ("Support Desk", "Field Crew", "Billing")
    }
    sizes = {"Support Desk": 6, "Field Crew": 6, "Billing": 3}
    members = {name: UserFactory.create_batch(n, team=teams[name]) for name, n in sizes.items()}
    pulse = start_round(name="Pulse Q4", rated_team_ids=[teams["Support Desk"].pk]).round
    now = timezone.now()
    rating = serves_key(teams["Support Desk"].pk)
    for people in members.values():
        for n, person in enumerate(people):
            Invitation.objects.filter(survey=pulse.survey, employee=person).update(responded_at=now)
            answers = {"enps": (n * 3) % 11, "equipped": 1 + n % 5, rating: 2 + n % 4}
            Response.objects.create(
                survey=pulse.survey, team=person.team, answers=answers, completed_at=now
            )


def test_the_pulse_results_stack_into_cards_on_a_phone(
    browser: Browser, live_server: LiveServer, screenshot_dir: Path
) -> None:
    _answered_round()
    manager = UserFactory.create(role=Role.ADMIN)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, manager)

    page.goto(live_server.url + reverse("pulse:results"))

    table = page.locator("table.stack").first
    expect(table).to_contain_text("Support Desk")
    # the column headings stay for screen readers but take no room: each figure says what it
    # is instead
    heading = table.locator("thead").bounding_box()
    assert heading is not None
    assert heading["height"] <= 1
    label = page.evaluate(
        "getComputedStyle(document.querySelector('table.stack td[data-label=\"eNPS\"]'),"
        " '::before').content"
    )
    assert label == '"eNPS"'
    expect(table).to_contain_text("fewer than 5 responses")  # Billing, three people
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    overflow = page.evaluate(
        "Math.max(0, ...[...document.querySelectorAll('.table-wrap')]"
        ".map(e => e.scrollWidth - e.clientWidth))"
    )
    assert overflow == 0, "a table scrolls sideways on a phone"
    page.screenshot(path=screenshot_dir / "pulse-phone.png", full_page=True)
    context.close()
