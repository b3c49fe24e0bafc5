"""Shared pieces of the case pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from outward.accounts.models import User
from outward.cases.models import Case
from outward.core.errors import OutwardError


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # `requires` lets only signed-in users in
    return request.user


def back_to(case: Case) -> HttpResponse:
    return redirect("cases:detail", pk=case.pk)


def refused(request: HttpRequest, case: Case, error: OutwardError) -> HttpResponse:
    """A refused action: the message names the field, the case page shows it."""
    detail = "; ".join(f"{k}: {v}" for k, v in error.field_errors.items())
    messages.error(request, f"{error.message}{' (' + detail + ')' if detail else ''}")
    return back_to(case)
