"""The community in a browser: a customer signs in by an e-mailed link and posts an idea,
another customer votes for it, staff move it to planned, and the voter's e-mail says so;
the idea page fits a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from outward.community.models import Post, Space
from outward.community.services.members import member_for
from outward.core.roles import Role
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import CustomerFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in_by_link(page: Page, live_server: LiveServer, email: str) -> None:
    page.goto(live_server.url + "/community/")
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_role("button", name="E-mail me a link").click()
    expect(page.get_by_text("a sign-in link is on its way")).to_be_visible()
    sent = [m for m in mail.outbox if m.to == [email]][-1]
    path = re.search(r"https?://[^/\s]+(/community/sign-in/\S+)", str(sent.body))
    assert path is not None
    page.goto(live_server.url + path.group(1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome,")).to_be_visible()


def test_an_idea_goes_from_a_customer_to_staff_and_back_to_its_voters(
    browser: Browser, live_server: LiveServer, screenshot_dir: Path
) -> None:
    Space.objects.create(slug="coffee", name="Coffee machines")
    ada = CustomerFactory.create(email="ada@example.org", name="Ada Lovelace")
    member = member_for(ada)
    member.trusted = True  # her earlier posts were approved
    member.save()
    CustomerFactory.create(email="bo@example.org", name="Bo Diddley")
    manager = UserFactory.create(role=Role.MANAGER, first_name="Lena", last_name="Lindqvist")

    author = browser.new_page(viewport=DESKTOP)
    errors: list[str] = []
    author.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_in_by_link(author, live_server, "ada@example.org")
    author.get_by_role("link", name="Coffee machines").click()
    author.get_by_role("link", name="Write a post").click()
    author.get_by_label("What is it").select_option(label="Idea")
    author.get_by_label("Title").fill("Remind me when the machine needs descaling")
    author.get_by_label("Text").fill("A reminder **a week before** the light comes on.")
    author.get_by_role("button", name="Post").click()
    expect(
        author.get_by_role("heading", name="Remind me when the machine needs descaling")
    ).to_be_visible()
    author.close()

    voter = browser.new_context(viewport=DESKTOP).new_page()
    _sign_in_by_link(voter, live_server, "bo@example.org")
    voter.get_by_role("link", name="Remind me when the machine needs descaling").click()
    voter.get_by_role("button", name="Vote for this idea").click()
    expect(voter.get_by_text("Thank you for your vote.")).to_be_visible()
    expect(voter.get_by_text("1 vote", exact=True)).to_be_visible()
    voter.close()

    staff = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(staff, live_server, manager)
    idea = Post.objects.get()
    staff.goto(f"{live_server.url}/community/p/{idea.pk}/")
    staff.get_by_label("Status").select_option(label="Planned")
    staff.get_by_label("Message").fill("Planned for the spring app release.")
    staff.get_by_role("button", name="Set status and tell voters").click()
    expect(staff.get_by_text("Status set to Planned; 2 members told by e-mail.")).to_be_visible()
    staff.screenshot(path=screenshot_dir / "community-idea-staff.png", full_page=True)
    staff.close()
    assert not errors, errors

    told = [m for m in mail.outbox if m.to == ["bo@example.org"] and "is now planned" in m.subject]
    assert len(told) == 1
    assert "Planned for the spring app release." in told[0].body

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{live_server.url}/community/p/{idea.pk}/")
    expect(phone.get_by_text("Planned for the spring app release.")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    phone.screenshot(path=screenshot_dir / "community-idea-phone.png", full_page=True)
