"""The one way services validate and save a model: `full_clean`, errors named per field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction

from outward.core.errors import Conflict, ValidationError

M = TypeVar("M", bound=models.Model)


def field_errors(error: DjangoValidationError) -> dict[str, str]:
    if hasattr(error, "error_dict"):
        return {
            ("body" if name == "__all__" else name): " ".join(
                str(m) for e in errors for m in e.messages
            )
            for name, errors in error.error_dict.items()
        }
    return {"body": " ".join(error.messages)}


def apply_changes(instance: M, changes: Mapping[str, Any]) -> M:
    for name, value in changes.items():
        setattr(instance, name, value)
    return instance


def save_validated(instance: M, *, what: str) -> M:
    """Validate every field and constraint, then save; bad data raises our ValidationError."""
    try:
        instance.full_clean()
    except DjangoValidationError as error:
        errors = field_errors(error)
        if any("already exists" in message for message in errors.values()):
            raise Conflict(f"This {what} already exists.", field_errors=errors) from error
        raise ValidationError(f"Invalid {what}.", field_errors=errors) from error
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # a concurrent writer won the race for a unique value
        raise Conflict(f"This {what} conflicts with an existing one.") from error
    return instance
