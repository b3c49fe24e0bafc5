"""A field technician records an observation with a photo on a phone, and the customer's page
shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from outward.accounts.models import User
from outward.core.roles import Role
from outward.customers.models import CustomerAsset
from outward.fieldwork.models import FieldObservation
from tests.browser.conftest import PHONE, sign_in
from tests.factories import AssetFactory, CustomerFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATE = "Door seal corroded; the owner descales with vinegar, as the manual seems to say."


@pytest.fixture
def asset(settings: Settings, tmp_path: Path) -> CustomerAsset:
    settings.MEDIA_ROOT = tmp_path / "media"
    CustomerFactory.create_batch(3)
    return AssetFactory.create(customer=CustomerFactory.create(name="Northwind Traders"))


@pytest.fixture
def technician() -> User:
    return UserFactory.create(role=Role.FIELD_TECHNICIAN, first_name="Rosa", last_name="Field")


def test_technician_records_an_observation_with_a_photo_on_a_phone(
    browser: Browser,
    live_server: LiveServer,
    asset: CustomerAsset,
    technician: User,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    photo = tmp_path / "seal.png"
    Image.new("RGB", (800, 600), (180, 90, 40)).save(photo)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, technician)

    page.get_by_role("link", name="Field observation").click()
    page.get_by_label("Find the customer").fill("Northwind")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_label("Customer", exact=True)).to_have_value(str(asset.customer_id))
    page.get_by_label("Product at the site").select_option(str(asset.pk))
    page.get_by_label("What you saw").fill(STATE)
    page.get_by_label("How it could be better").fill("Ship the descaling card with every oven.")
    page.get_by_label("Urgency").select_option("high")
    page.get_by_label("Photo").set_input_files(str(photo))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / "field-observation-form-phone.png"), full_page=True)
    page.get_by_role("button", name="Save observation").click()

    expect(page.get_by_text("Observation saved")).to_be_visible()
    expect(page.get_by_text(STATE)).to_be_visible()
    image = page.get_by_role("img", name="Photo taken at Northwind Traders")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 800
    observation = FieldObservation.objects.get()
    assert observation.observed_by == technician

    page.get_by_role("link", name="Northwind Traders").click()
    expect(page.get_by_role("heading", name="Northwind Traders")).to_be_visible()
    event = page.locator(".event", has_text=STATE)
    expect(event).to_be_visible()
    expect(event.locator(".badge", has_text="Field observation")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "field-observation-customer-phone.png"))
    context.close()
