"""A service's refusal shown where it was asked: on a form's page, each field's message
beside its field and the rest above the form; for a button's small form, as one message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from outward.core.errors import OutwardError


def apply_errors(form: forms.Form, error: OutwardError) -> None:
    for field, text in error.field_errors.items():
        form.add_error(field if field in form.fields else None, text)
    if not error.field_errors:
        form.add_error(None, error.message)


def report_outcome(request: HttpRequest, form: forms.Form, work: Callable[[Any], str]) -> None:
    """A small POST action (a button on a detail page, no page of its own): the form's errors
    by field, the service's refusal, or what `work(cleaned_data)` did, as one message."""
    if not form.is_valid():
        fields = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items())
        messages.error(request, f"Not saved ({fields}).")
        return
    try:
        messages.success(request, work(form.cleaned_data))
    except OutwardError as error:
        detail = "; ".join(f"{k}: {v}" for k, v in error.field_errors.items())
        messages.error(request, f"{error}{f' ({detail})' if detail else ''}")
