"""Writes of the programme: publish a policy version, record training, set the year's
funding plan, and keep the checklist's daily score."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from outward.accounts.models import User
from outward.core.errors import Conflict, ValidationError
from outward.programme.checklist import Checklist, checklist
from outward.programme.models import Assessment, FundingPlan, ServicePolicy, TrainingRecord

MAX_FILE_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".md": "text/markdown",
    ".txt": "text/plain",
}
TEXT_SUFFIXES = {".md", ".txt"}


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _document(upload: Upload | None, body: str) -> tuple[str, str, bytes | None, str]:
    """(file name, type, bytes, body): a text document's words become the body if none."""
    if upload is None:
        return "", "", None, body
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        kinds = ", ".join(sorted(DOCUMENT_TYPES))
        raise ValidationError("Unknown document.", field_errors={"document": f"One of {kinds}."})
    if len(upload.data) > MAX_FILE_BYTES:
        raise ValidationError("Too large.", field_errors={"document": "At most 5 MB."})
    if suffix in TEXT_SUFFIXES and not body:
        try:
            body = upload.data.decode("utf-8").replace("\x00", "").strip()
        except UnicodeDecodeError as error:
            raise ValidationError(
                "Not UTF-8 text.", field_errors={"document": "Save it as UTF-8 text."}
            ) from error
    name = PurePath(upload.name).name[:200]
    return name, DOCUMENT_TYPES[suffix], upload.data, body


def publish_policy(
    *,
    title: str,
    body: str = "",
    upload: Upload | None = None,
    note: str = "",
    by: User | None = None,
    at: dt.datetime | None = None,
) -> ServicePolicy:
    """A new version of the written policy (text, a document, or both)."""
    title, body = title.strip(), body.strip()
    if not title:
        raise ValidationError("Name it.", field_errors={"title": "Give the policy a title."})
    name, kind, data, body = _document(upload, body)
    if not body and data is None:
        raise ValidationError(
            "Nothing to publish.", field_errors={"body": "Write the policy or upload it."}
        )
    with transaction.atomic():
        last = ServicePolicy.objects.select_for_update().order_by("-number").first()
        policy = ServicePolicy.objects.create(
            number=(last.number + 1) if last else 1,
            title=title[:200],
            body=body,
            file_name=name,
            file_type=kind,
            file_data=data,
            note=note.strip()[:300],
            published_by=by,
        )
        if at is not None:
            ServicePolicy.objects.filter(pk=policy.pk).update(created_at=at)
            policy.created_at = at
    return policy


def record_training(
    user: User,
    *,
    course: str,
    completed_on: dt.date,
    valid_until: dt.date | None = None,
    hours: Decimal | None = None,
    note: str = "",
    by: User | None = None,
) -> TrainingRecord:
    """A course someone completed (recording it twice gives the one recorded)."""
    errors: dict[str, str] = {}
    course = course.strip()
    if not course:
        errors["course"] = "Name the course."
    if completed_on > timezone.localdate():
        errors["completed_on"] = "Not in the future."
    if valid_until is not None and valid_until < completed_on:
        errors["valid_until"] = "After the course was completed."
    if hours is not None and not Decimal(0) < hours <= Decimal(1000):
        errors["hours"] = "Between 0 and 1,000 hours."
    if not user.is_active:
        errors["user"] = "That person is deactivated."
    if errors:
        raise ValidationError("The training record is not valid.", field_errors=errors)
    try:
        with transaction.atomic():
            return TrainingRecord.objects.create(
                user=user,
                course=course[:200],
                completed_on=completed_on,
                valid_until=valid_until,
                hours=hours,
                note=note.strip()[:300],
                recorded_by=by,
            )
    except IntegrityError:
        found = TrainingRecord.objects.filter(
            user=user, course=course[:200], completed_on=completed_on
        ).first()
        if found is None:
            raise Conflict("The record could not be saved; try again.") from None
        return found


def set_funding(
    year: int, *, initiatives: Decimal, remedies: Decimal, by: User | None = None
) -> FundingPlan:
    """The year's planned spending on initiatives and remedies (setting it again replaces it)."""
    errors: dict[str, str] = {}
    if not 2000 <= year <= 2100:
        errors["year"] = "A year between 2000 and 2100."
    for name, value in (("initiatives", initiatives), ("remedies", remedies)):
        if value < 0 or value >= Decimal("10000000000"):
            errors[name] = "Zero or more, under 10 billion."
    if errors:
        raise ValidationError("The funding plan is not valid.", field_errors=errors)
    plan, _ = FundingPlan.objects.update_or_create(
        year=year,
        defaults={
            "initiatives": initiatives,
            "remedies": remedies,
            "currency": settings.OUTWARD_CURRENCY,
            "set_by": by,
        },
    )
    return plan


def record_assessment(day: dt.date | None = None) -> Checklist:
    """Assess the programme as of `day` and keep its score (once a day; again replaces it)."""
    found = checklist(day)
    Assessment.objects.update_or_create(
        day=found.day,
        defaults={"score": found.score, "lines": [line.to_dict() for line in found.lines]},
    )
    return found


def forget_programme() -> None:
    """Delete the programme's records (the demo's reset)."""
    Assessment.objects.all().delete()
    FundingPlan.objects.all().delete()
    TrainingRecord.objects.all().delete()
    ServicePolicy.objects.all().delete()
