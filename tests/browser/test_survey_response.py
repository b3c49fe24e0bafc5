"""A customer answers a survey from the e-mail's one-click score link on a phone, with the
keyboard, and the page meets the accessibility basics (names, focus, language, contrast)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from outward.feedback.models import FeedbackItem
from outward.surveys.models import Response
from tests.browser.conftest import PHONE
from tests.factories import CustomerFactory
from tests.surveys.response_helpers import active_survey, invite

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# WCAG 2 contrast ratio of an element's text against the first opaque background behind it.
CONTRAST_JS = """
(element) => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) { return null; }
    const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const luminance = (c) => {
    const channel = (v) => {
      v = v / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  let node = element;
  let background = null;
  while (node && node.nodeType === 1) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg && bg.a === 1) { background = bg; break; }
    node = node.parentElement;
  }
  background = background || { r: 255, g: 255, b: 255, a: 1 };
  const fg = parse(getComputedStyle(element).color);
  const [light, dark] = [luminance(fg), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
"""

UNNAMED_INPUTS_JS = """
() => Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select, button'))
  .filter((el) => {
    const labelled = el.labels && Array.from(el.labels).some((l) => l.textContent.trim());
    const named = (el.getAttribute('aria-label') || '').trim();
    const text = el.tagName === 'BUTTON' && el.textContent.trim();
    return !(labelled || named || text);
  })
  .map((el) => el.outerHTML)
"""


def _contrast(page: Page, selector: str) -> float:
    return float(page.locator(selector).first.evaluate(CONTRAST_JS))


def test_customer_answers_from_the_email_link_on_a_phone_with_the_keyboard(
    browser: Browser, live_server: LiveServer, screenshot_dir: Path
) -> None:
    # Given an invitation to the relationship survey, opened from the e-mail's "9" link
    survey = active_survey()
    invitation, token = invite(survey, customer=CustomerFactory.create())
    url = live_server.url + reverse("respond:invitation", kwargs={"token": token})
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url + "?score=9")

    # Then 9 is preselected and the promoter follow-up shows, the detractor one does not
    expect(page.locator("#q_nps-9")).to_be_checked()
    expect(page.get_by_label("What should we keep doing?")).to_be_visible()
    expect(page.get_by_label("What should we fix first?")).to_be_hidden()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # And every control has an accessible name
    assert page.evaluate(UNNAMED_INPUTS_JS) == []

    # And keyboard focus on the score is visible, and arrow keys move the answer live
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q_nps-9"
    ring = page.locator("label[for='q_nps-9']").evaluate(
        "(l) => [getComputedStyle(l).outlineStyle, parseFloat(getComputedStyle(l).outlineWidth)]"
    )
    assert ring[0] != "none"
    assert ring[1] >= 2
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#q_nps-8")).to_be_checked()
    expect(page.get_by_label("What should we keep doing?")).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("What should we keep doing?")).to_be_visible()

    # And text and buttons have a contrast of at least 4.5:1
    for selector in (
        "h1",
        "legend.question-text",
        "label.question-text",
        "label[for='q_nps-3']",
        "label[for='q_nps-9']",
        ".scale-ends span",
        "button[value='send']",
        "button[value='save']",
    ):
        assert _contrast(page, selector) >= 4.5, selector
    page.screenshot(path=str(screenshot_dir / "survey-response-phone.png"), full_page=True)

    # When the customer fills the follow-up and sends with the keyboard
    page.get_by_label("What should we keep doing?").fill("Answering the phone so quickly.")
    page.get_by_label("Is there anything else you would like to tell us?").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "send"
    page.keyboard.press("Enter")

    # Then the thank-you page shows, and one complete response became one feedback item
    expect(page.get_by_text("Thank you! Your answers help us improve.")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "survey-thanks-phone.png"))
    response = Response.objects.get()
    assert response.completed_at is not None
    assert response.answers["nps"] == 9
    assert response.answers["keep_doing"] == "Answering the phone so quickly."
    item = FeedbackItem.objects.get()
    assert item.nps == 9
    assert item.customer_id == invitation.customer_id
    context.close()
