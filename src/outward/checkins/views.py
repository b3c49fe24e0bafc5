"""The check-in pages: the list of proposed calls with the model that chose them, and one
check-in, where its outcome is recorded."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from outward.checkins import selectors
from outward.checkins.choices import CheckInStatus
from outward.checkins.forms import DismissForm, FilterForm, OutcomeForm
from outward.checkins.models import CheckIn
from outward.checkins.services import outcomes
from outward.core.errors import OutwardError
from outward.core.form_errors import apply_errors
from outward.core.permissions import Perm, requires, user_has

PER_PAGE = 50


@requires(Perm.CHECKINS_VIEW)
@require_GET
def checkin_list(request: HttpRequest) -> HttpResponse:
    filters = FilterForm(request.GET)
    data: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
    status = data.get("status") or CheckInStatus.PROPOSED
    found = selectors.checkins(
        status=status,
        reason=data.get("reason") or "",
        assignee_id=request.user.pk if data.get("mine") else None,
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    chosen = {k: v for k, v in {**data, "status": status}.items() if v}
    context = {
        "page": page,
        "filters": filters,
        "card": selectors.model_card(),
        "waiting": selectors.waiting_by_reason(),
        "query": urlencode(chosen),
    }
    return render(request, "checkins/list.html", context)


def _page(
    request: HttpRequest, checkin: CheckIn, outcome: OutcomeForm, status: int = 200
) -> HttpResponse:
    context = {
        "checkin": checkin,
        "outcome_form": outcome,
        "dismiss_form": DismissForm(),
        "may_work": user_has(request.user, Perm.CHECKINS_WORK),
        "risk": getattr(checkin.customer, "risk", None),
    }
    return render(request, "checkins/detail.html", context, status=status)


def _checkin(pk: int) -> CheckIn:
    return get_object_or_404(
        CheckIn.objects.select_related(
            "customer", "customer__risk", "assignee", "done_by", "outcome", "case"
        ),
        pk=pk,
    )


@requires(Perm.CHECKINS_VIEW)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _checkin(pk), OutcomeForm())


@requires(Perm.CHECKINS_WORK)
@require_POST
def record_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = _checkin(pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            done = outcomes.record_outcome(checkin, form.outcome(), request.user)  # type: ignore[arg-type]
        except OutwardError as error:
            apply_errors(form, error)
        else:
            extra = f" Case {done.case.reference} opened." if done.case else ""
            messages.success(request, f"Check-in with {checkin.customer.name} recorded.{extra}")
            return redirect("checkins:list")
    return _page(request, checkin, form, status=400)


@requires(Perm.CHECKINS_WORK)
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = _checkin(pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the check-in is dropped.")
        return redirect("checkins:detail", pk=pk)
    try:
        outcomes.dismiss(checkin, form.cleaned_data["note"], request.user)  # type: ignore[arg-type]
    except OutwardError as error:
        messages.error(request, str(error))
        return redirect("checkins:detail", pk=pk)
    messages.success(request, f"Check-in with {checkin.customer.name} dismissed.")
    return redirect("checkins:list")
