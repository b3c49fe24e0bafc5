"""Distribution pages: coverage of the customer base, the contact policy, sending a survey."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from outward.core.errors import ValidationError
from outward.core.permissions import Perm, requires
from outward.customers import selectors as customer_selectors
from outward.surveys.choices import Audience, SkipReason
from outward.surveys.coverage_selectors import coverage_figures, never_heard_from
from outward.surveys.distribution_forms import ContactPolicyForm, NeverHeardSearchForm, SendForm
from outward.surveys.models import ContactPolicy, Survey
from outward.surveys.services.coverage import update_contact_policy
from outward.surveys.services.invitations import send_survey

PAGE_SIZE = 50


@requires(Perm.SURVEYS_VIEW)
def coverage(request: HttpRequest) -> HttpResponse:
    search = NeverHeardSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(never_heard_from(query), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "figures": coverage_figures(),
        "search": search,
        "page": page,
        "query": f"q={query}" if query else "",
        "filtered": bool(query),
    }
    return render(request, "surveys/coverage.html", context)


@requires(Perm.SURVEYS_CHANGE)
def policy(request: HttpRequest) -> HttpResponse:
    current = ContactPolicy.current()
    initial = {
        "fatigue_days": current.fatigue_days,
        "coverage_days": current.coverage_days,
        "token_valid_days": current.token_valid_days,
    }
    form = ContactPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_contact_policy(**form.cleaned_data)
        except ValidationError as error:
            for name, message in error.field_errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, "The contact policy is saved.")
            return redirect("surveys:policy")
    return render(request, "surveys/policy.html", {"form": form, "policy": current})


@requires(Perm.SURVEYS_CHANGE)
def send(request: HttpRequest, survey_id: uuid.UUID) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id, audience=Audience.CUSTOMERS)
    form = SendForm(
        request.POST or None,
        segments=customer_selectors.segments(),
        regions=customer_selectors.regions(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            summary = send_survey(
                survey, segment=form.cleaned_data["segment"], region=form.cleaned_data["region"]
            )
        except ValidationError as error:
            form.add_error(None, error.message)
        else:
            labels = dict(SkipReason.choices)
            skipped = ", ".join(
                f"{labels.get(reason, reason).lower()}: {count}"
                for reason, count in sorted(summary.skipped.items())
            )
            text = f"Invited {summary.invited} of {summary.considered} customers."
            if skipped:
                text += f" Skipped {summary.considered - summary.invited} ({skipped})."
            messages.success(request, text)
            return redirect("surveys:send", survey_id=survey.pk)
    return render(request, "surveys/send.html", {"form": form, "survey": survey})
