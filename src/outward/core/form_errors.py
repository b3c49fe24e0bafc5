"""A service's refusal shown on the form that asked: each field's message beside its field,
the rest above the form."""

from __future__ import annotations

from django import forms

from outward.core.errors import OutwardError


def apply_errors(form: forms.Form, error: OutwardError) -> None:
    for field, text in error.field_errors.items():
        form.add_error(field if field in form.fields else None, text)
    if not error.field_errors:
        form.add_error(None, error.message)
