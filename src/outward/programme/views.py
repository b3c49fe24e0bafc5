"""The programme pages: the checklist with its evidence and score over time, the written
policy and its versions, and the training records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from outward.core.errors import OutwardError
from outward.core.form_errors import apply_errors
from outward.core.permissions import Perm, requires, user_has
from outward.programme import selectors, services
from outward.programme.checklist import checklist
from outward.programme.forms import FundingForm, PolicyForm, TrainingForm
from outward.programme.models import FundingPlan, ServicePolicy


def _funding_form() -> FundingForm:
    year = timezone.localdate().year
    plan = FundingPlan.objects.filter(year=year).first()
    initial = {
        "year": year,
        "initiatives": plan.initiatives if plan else 0,
        "remedies": plan.remedies if plan else 0,
    }
    return FundingForm(initial=initial)


@requires(Perm.PROGRAMME_VIEW)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    context = {
        "checklist": checklist(),
        "assessed": selectors.history().count(),
        "can_manage": user_has(request.user, Perm.PROGRAMME_MANAGE),
        "funding_form": _funding_form(),
    }
    return render(request, "programme/overview.html", context)


@requires(Perm.PROGRAMME_MANAGE)
@require_POST
def reassess(request: HttpRequest) -> HttpResponse:
    found = services.record_assessment()
    messages.success(request, f"Assessed: {found.score} out of 100 today.")
    return redirect("programme:overview")


@requires(Perm.PROGRAMME_MANAGE)
@require_POST
def funding(request: HttpRequest) -> HttpResponse:
    form = FundingForm(request.POST)
    if not form.is_valid():
        fields = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items())
        messages.error(request, f"Not saved ({fields}).")
        return redirect("programme:overview")
    data = form.cleaned_data
    try:
        services.set_funding(
            data["year"],
            initiatives=data["initiatives"],
            remedies=data["remedies"],
            by=request.user,  # type: ignore[arg-type]
        )
    except OutwardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Funding plan for {data['year']} saved.")
    return redirect("programme:overview")


def _policy_page(request: HttpRequest, form: PolicyForm, status: int = 200) -> HttpResponse:
    versions = list(selectors.policies())
    context = {
        "versions": versions,
        "current": versions[0] if versions else None,
        "form": form,
        "can_manage": user_has(request.user, Perm.PROGRAMME_MANAGE),
    }
    return render(request, "programme/policy.html", context, status=status)


@requires(Perm.PROGRAMME_VIEW)
@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, PolicyForm())


def _submit(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], str],
    done: str,
    page: Callable[[HttpRequest, Any, int], HttpResponse],
) -> HttpResponse:
    """A form posted: saved through `save` (its message shown, then `done`), or the page
    again with the errors, each on its field."""
    if form.is_valid():
        try:
            message = save(form.cleaned_data)
        except OutwardError as error:
            apply_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(done)
    return page(request, form, 400)


@requires(Perm.PROGRAMME_MANAGE)
@require_POST
def publish_policy(request: HttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        document = data["document"]
        upload = services.Upload(document.name, document.read()) if document else None
        made = services.publish_policy(
            title=data["title"],
            body=data["body"],
            upload=upload,
            note=data["note"],
            by=request.user,  # type: ignore[arg-type]
        )
        return f"Version {made.number} published."

    form = PolicyForm(request.POST, request.FILES)
    return _submit(request, form, save, "programme:policy", _policy_page)


@requires(Perm.PROGRAMME_VIEW)
@require_GET
def policy_document(request: HttpRequest, number: int) -> HttpResponse:
    found = get_object_or_404(ServicePolicy, number=number, file_data__isnull=False)
    response = HttpResponse(bytes(found.file_data or b""), content_type="application/octet-stream")
    safe = "".join(c for c in found.file_name if c.isalnum() or c in "._- ") or "policy"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _training_page(request: HttpRequest, form: TrainingForm, status: int = 200) -> HttpResponse:
    context = {
        "people": selectors.frontline_training(),
        "records": selectors.training_records(),
        "form": form,
        "can_manage": user_has(request.user, Perm.PROGRAMME_MANAGE),
    }
    return render(request, "programme/training.html", context, status=status)


@requires(Perm.PROGRAMME_VIEW)
@require_GET
def training(request: HttpRequest) -> HttpResponse:
    return _training_page(request, TrainingForm())


@requires(Perm.PROGRAMME_MANAGE)
@require_POST
def record_training(request: HttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        services.record_training(
            data["user"],
            course=data["course"],
            completed_on=data["completed_on"],
            valid_until=data["valid_until"],
            hours=data["hours"],
            note=data["note"],
            by=request.user,  # type: ignore[arg-type]
        )
        return f"Training of {data['user']} recorded."

    form = TrainingForm(request.POST)
    return _submit(request, form, save, "programme:training", _training_page)
