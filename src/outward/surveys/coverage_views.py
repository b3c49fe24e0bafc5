"""Distribution pages: coverage of the customer base, the contact policy, sending a survey."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from outward.core.errors import ValidationError
from outward.core.form_errors import apply_errors
from outward.core.permissions import Perm, requires, user_has
from outward.core.tables import FORMATS, table_response
from outward.customers import selectors as customer_selectors
from outward.surveys import audience
from outward.surveys.choices import Audience, SkipReason, SurveyKind, SurveyStatus
from outward.surveys.coverage_selectors import (
    LISTS,
    SEND_CRITERIA,
    coverage_figures,
    customer_list,
)
from outward.surveys.distribution_forms import ContactPolicyForm, NeverHeardSearchForm, SendForm
from outward.surveys.models import ContactPolicy, Survey
from outward.surveys.services.coverage import update_contact_policy
from outward.surveys.services.sending import follow_field_visits, send_to
from outward.surveys.triggers_page import transactional_context

PAGE_SIZE = 50


EXPORT_HEADER = ["name", "email", "customer_id", "segment", "region", "last_invited", "last_heard"]


@requires(Perm.SURVEYS_VIEW)
def coverage(request: HttpRequest) -> HttpResponseBase:
    search = NeverHeardSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    which = request.GET.get("list", "quiet")
    which = which if which in LISTS else "quiet"
    listed = customer_list(which, query)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        rows = (
            [c.name, c.email, c.external_id or "", c.segment, c.region,
             _day(c.last_invited_at), _day(c.last_heard_at)]
            for c in listed.iterator(chunk_size=2000)
        )  # fmt: skip
        return table_response(f"customers-{which.replace('_', '-')}", EXPORT_HEADER, rows, fmt)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    params = urlencode({k: v for k, v in {"list": which, "q": query}.items() if v})
    context = {
        "figures": coverage_figures(),
        "search": search,
        "page": page,
        "query": params,
        "filtered": bool(query),
        "lists": LISTS,
        "which": which,
        "send_query": urlencode(SEND_CRITERIA[which]),
        "surveys": Survey.objects.filter(audience=Audience.CUSTOMERS, status=SurveyStatus.ACTIVE)
        .exclude(kind=SurveyKind.TRANSACTIONAL)
        .order_by("name"),
        "may_send": user_has(request.user, Perm.SURVEYS_CHANGE),
    }
    return render(request, "surveys/coverage.html", context)


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


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
    """Choose whom to invite, see how many the contact rules let through, then send."""
    survey = get_object_or_404(Survey, pk=survey_id, audience=Audience.CUSTOMERS)
    if survey.kind == SurveyKind.TRANSACTIONAL:
        if request.method == "POST":  # the one setting on that page: follow field visits
            follow = request.POST.get("after_field_visit") == "on"
            follow_field_visits(survey, follow)
            messages.success(
                request,
                "Each recorded field visit now invites its customer."
                if follow
                else "Field visits no longer send this survey.",
            )
            return redirect("surveys:send", survey_id=survey.pk)
        return render(request, "surveys/send_transactional.html", transactional_context(survey))
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = SendForm(
        data,
        request.FILES or None,
        segments=customer_selectors.segments(),
        regions=customer_selectors.regions(),
    )
    context: dict[str, Any] = {"form": form, "survey": survey}
    if form.is_bound and form.is_valid():
        try:
            criteria = form.criteria()
            if request.POST.get("action") == "send":
                sent = send_to(survey, criteria)
                messages.success(request, _sent_text(sent, criteria))
                return redirect("surveys:send", survey_id=survey.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if form.cleaned_data["list_file"]:  # the file joins the list, so a send keeps it
                kept = request.POST.copy()
                kept["listed"] = "\n".join(criteria.listed)
                form = SendForm(
                    kept,
                    segments=customer_selectors.segments(),
                    regions=customer_selectors.regions(),
                )
                form.is_valid()
            context.update(
                form=form,
                criteria=criteria,
                preview=audience.preview(criteria),
                unmatched=audience.unmatched(criteria)[:20],
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "surveys/send.html", context, status=status)


def _sent_text(sent: audience.Sent, criteria: audience.Criteria) -> str:
    labels = {**dict(SkipReason.choices), **audience.SKIP_LABELS}
    text = f"Invited {sent.invited} of {sent.considered} customers ({criteria.describe()})."
    if sent.skipped:
        reasons = ", ".join(
            f"{str(labels.get(reason, reason)).lower()}: {count}"
            for reason, count in sorted(sent.skipped.items())
        )
        text += f" Skipped {sent.considered - sent.invited} ({reasons})."
    return text
