"""Recording a field observation: validation, its feedback item, the photo, double submits."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from outward.core.errors import ValidationError
from outward.core.roles import Role
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.fieldwork.choices import Urgency
from outward.fieldwork.models import FieldObservation
from outward.fieldwork.photos import MAX_SIDE
from outward.fieldwork.services import Observed, record_observation
from tests.factories import AssetFactory, CustomerFactory, TeamFactory, UserFactory
from tests.fieldwork.conftest import image_bytes, upload

pytestmark = pytest.mark.django_db

KEY = "k" * 24


def _record(**changes: object) -> Observed:
    asset: Any = changes.pop("asset", None) or AssetFactory.create()
    fields: dict[str, object] = {
        "customer_id": asset.customer_id,
        "asset_id": asset.pk,
        "observed_by": UserFactory.create(role=Role.FIELD_TECHNICIAN, team=TeamFactory.create()),
        "state": "Door seal corroded after descaling with vinegar.",
        "suggestion": "Send the descaling guide with the oven.",
        "urgency": Urgency.HIGH,
        "client_key": KEY,
    }
    fields.update(changes)
    return record_observation(**fields)  # type: ignore[arg-type]


def test_an_observation_becomes_one_feedback_item_on_the_customer() -> None:
    asset = AssetFactory.create()

    observed = _record(asset=asset)

    observation = observed.observation
    item = FeedbackItem.objects.get()
    assert observation.feedback == item
    assert item.source == Source.FIELD_OBSERVATION
    assert item.customer == asset.customer
    assert item.product == asset.product
    assert item.batch == asset.batch
    assert item.touchpoint is not None
    assert item.touchpoint.slug == "field-service"
    assert item.text == (
        "Door seal corroded after descaling with vinegar.\n\n"
        "Suggestion: Send the descaling guide with the oven."
    )
    assert item.raw["urgency"] == "high"
    assert item.raw["asset"] == str(asset.pk)
    assert observation.observed_by is not None
    assert item.raw["observer"] == observation.observed_by.username


def test_a_double_submit_stores_one_observation_and_one_item() -> None:
    asset = AssetFactory.create()
    first = _record(asset=asset)

    second = _record(asset=asset, state="the same form, sent again")

    assert first.created
    assert not second.created
    assert second.observation == first.observation
    assert FieldObservation.objects.count() == 1
    assert FeedbackItem.objects.count() == 1


def test_an_asset_of_another_customer_is_refused() -> None:
    someone_else = AssetFactory.create()

    with pytest.raises(ValidationError) as refused:
        _record(customer_id=CustomerFactory.create().pk, asset=someone_else)

    assert refused.value.field_errors == {"asset": "This asset belongs to another customer."}
    assert not FeedbackItem.objects.exists()


def test_an_empty_state_and_an_unknown_urgency_are_named() -> None:
    with pytest.raises(ValidationError) as refused:
        _record(state="   ", urgency="whenever")

    assert set(refused.value.field_errors) == {"state", "urgency"}
    assert not FieldObservation.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(media_root: Path) -> None:
    fake = upload(b"%PDF-1.7 not a photo", name="photo.jpg", content_type="image/jpeg")

    with pytest.raises(ValidationError) as refused:
        _record(photo=fake)

    assert "not a photo we can read" in refused.value.field_errors["photo"]
    assert not FeedbackItem.objects.exists()
    assert not list(media_root.rglob("*.*"))


def test_an_image_in_an_unaccepted_format_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        _record(photo=upload(image_bytes("BMP"), name="photo.bmp", content_type="image/bmp"))

    assert "photo" in refused.value.field_errors


def test_a_photo_over_10_mb_is_refused() -> None:
    big = upload(image_bytes() + b"\0" * (10 * 1024 * 1024), name="big.png")

    with pytest.raises(ValidationError) as refused:
        _record(photo=big)

    assert refused.value.field_errors["photo"] == "The photo is larger than 10 MB."


def test_a_truncated_image_is_refused() -> None:
    broken = image_bytes("JPEG", size=(400, 300))[:300]

    with pytest.raises(ValidationError) as refused:
        _record(photo=upload(broken, name="photo.jpg", content_type="image/jpeg"))

    assert "photo" in refused.value.field_errors


def test_a_photo_is_re_encoded_without_exif_and_downscaled(media_root: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera maker
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to show upright
    photo = image_bytes("JPEG", size=(4000, 3000), exif=exif.tobytes())

    observed = _record(photo=upload(photo, name="IMG_0001.jpg", content_type="image/jpeg"))

    stored = observed.observation.photo
    assert stored.name.startswith("field/")
    assert "IMG_0001" not in stored.name
    assert (media_root / stored.name).exists()
    with Image.open(media_root / stored.name) as image:
        assert image.format == "JPEG"
        assert max(image.size) == MAX_SIDE
        assert image.size[1] > image.size[0]  # turned upright from the EXIF orientation
        assert not image.getexif()
    assert b"SecretCam" not in (media_root / stored.name).read_bytes()


def test_a_png_with_transparency_and_a_webp_are_accepted() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 0, 0)).save(out, format="PNG")

    first = _record(photo=upload(out.getvalue()))
    second = _record(
        photo=upload(image_bytes("WEBP"), name="p.webp", content_type="image/webp"),
        client_key="w" * 24,
    )

    assert first.observation.photo
    assert second.observation.photo


def test_a_malformed_client_key_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        _record(client_key="short")

    assert "client_key" in refused.value.field_errors
