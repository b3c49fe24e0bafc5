"""Recording a field observation: the observation and its feedback item, all or nothing."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from outward.accounts.models import User
from outward.core.errors import ValidationError
from outward.customers.models import Customer, CustomerAsset
from outward.feedback.choices import Source
from outward.feedback.services import FeedbackDraft, record_feedback
from outward.fieldwork.choices import Urgency
from outward.fieldwork.models import FieldObservation
from outward.fieldwork.photos import clean_photo
from outward.surveys.services.sending import invite_after_visit

MAX_TEXT = 5000
TOUCHPOINT = "field-service"
_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass(frozen=True)
class Observed:
    observation: FieldObservation
    created: bool


def _existing(client_key: str) -> FieldObservation | None:
    return FieldObservation.objects.filter(client_key=client_key).first()


def record_observation(
    *,
    customer_id: uuid.UUID | None,
    asset_id: uuid.UUID | None,
    observed_by: User | None,
    state: str,
    suggestion: str = "",
    urgency: str = Urgency.NORMAL,
    photo: UploadedFile | None = None,
    client_key: str,
) -> Observed:
    """Store the observation with its FeedbackItem (source field observation) in one
    transaction. A second call with the same `client_key` (a double submit, a retry) answers
    the stored observation and stores nothing."""
    if not _KEY.match(client_key or ""):
        raise ValidationError(
            "The form is out of date; reload it.",
            field_errors={"client_key": "16 to 64 letters, digits, - or _."},
        )
    if (found := _existing(client_key)) is not None:
        return Observed(found, False)

    state, suggestion = state.strip(), suggestion.strip()
    errors: dict[str, str] = {}
    customer = Customer.objects.filter(pk=customer_id).first() if customer_id else None
    if customer is None:
        errors["customer"] = "Choose the customer." if not customer_id else "No such customer."
    asset = None
    if asset_id:
        asset = CustomerAsset.objects.select_related("product", "batch").filter(pk=asset_id).first()
        if asset is None:
            errors["asset"] = "No such asset."
        elif customer is not None and asset.customer_id != customer.pk:
            errors["asset"] = "This asset belongs to another customer."
    if not state:
        errors["state"] = "Describe what you saw."
    for name, text in (("state", state), ("suggestion", suggestion)):
        if len(text) > MAX_TEXT:
            errors[name] = f"At most {MAX_TEXT} characters."
        if "\x00" in text:
            errors[name] = "Contains a NUL character."
    if urgency not in Urgency.values:
        errors["urgency"] = f"One of {', '.join(Urgency.values)}."
    if errors:
        raise ValidationError("The observation was not saved.", field_errors=errors)
    assert customer is not None
    # Decoding and re-encoding the photo is slow: done before the transaction opens.
    cleaned = clean_photo(photo) if photo is not None else None

    text = state if not suggestion else f"{state}\n\nSuggestion: {suggestion}"
    raw: dict[str, object] = {
        "urgency": urgency,
        "observer": observed_by.username if observed_by else "",
        "observer_id": observed_by.pk if observed_by else None,
        "asset": str(asset.pk) if asset else None,
        "serial_number": asset.serial_number if asset else "",
    }
    if observed_by is not None and observed_by.team_id is not None:
        raw["team"] = observed_by.team.name if observed_by.team else None
    draft = FeedbackDraft(
        source=Source.FIELD_OBSERVATION,
        external_id=f"field-{client_key}",
        customer_id=customer.pk,
        touchpoint=TOUCHPOINT,
        product=asset.product.sku if asset else None,
        batch=asset.batch.lot_code if asset and asset.batch else None,
        text=text,
        raw=raw,
    )
    observation = FieldObservation(
        customer=customer,
        asset=asset,
        observed_by=observed_by,
        state=state,
        suggestion=suggestion,
        urgency=urgency,
        client_key=client_key,
    )
    try:
        with transaction.atomic():
            observation.feedback = record_feedback(draft).item
            if cleaned is not None:
                observation.photo.save(cleaned.name or "photo.jpg", cleaned, save=False)
            observation.save()
            invite_after_visit(customer, f"field-visit:{observation.pk}")
    except IntegrityError:
        # A concurrent submit of the same form committed first: answer with its observation.
        _discard_photo(observation)
        if (found := _existing(client_key)) is not None:
            return Observed(found, False)
        raise
    except BaseException:
        _discard_photo(observation)
        raise
    return Observed(observation, True)


def _discard_photo(observation: FieldObservation) -> None:
    if observation.photo:
        observation.photo.storage.delete(observation.photo.name)
