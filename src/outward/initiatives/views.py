"""The initiative pages: the list, starting or editing one, and its page, where its
customers design it, the change is recorded and the result is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outward.core.errors import OutwardError
from outward.core.form_errors import apply_errors, report_outcome
from outward.core.permissions import Perm, requires, user_has
from outward.initiatives import selectors, services
from outward.initiatives.choices import Stage
from outward.initiatives.forms import ChangeForm, DesignersForm, InputForm, PlanForm
from outward.initiatives.models import Initiative
from outward.insights.models import Theme


def _user(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


@requires(Perm.INITIATIVES_VIEW)
@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    context = {
        "initiatives": selectors.initiatives(),
        "can_manage": user_has(request.user, Perm.INITIATIVES_MANAGE),
    }
    return render(request, "initiatives/list.html", context)


def _form_page(
    request: HttpRequest, form: PlanForm, initiative: Initiative | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "initiative": initiative}
    return render(request, "initiatives/form.html", context, status=status)


def _save_plan(
    request: HttpRequest, form: PlanForm, save: Callable[[services.Plan], Initiative]
) -> HttpResponse | None:
    """The plan saved (a redirect), or None with the form's errors set."""
    if not form.is_valid():
        return None
    try:
        initiative = save(form.plan())
    except OutwardError as error:
        apply_errors(form, error)
        return None
    messages.success(request, "Initiative saved.")
    return redirect("initiatives:detail", pk=initiative.pk)


@requires(Perm.INITIATIVES_MANAGE)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PlanForm(request.POST)
        saved = _save_plan(
            request, form, lambda plan: services.start_initiative(plan, _user(request))
        )
        return saved or _form_page(request, form, None, status=400)
    theme = request.GET.get("theme", "")
    initial = (
        {"owner": _user(request), "themes": list(Theme.objects.filter(pk=theme))}
        if theme.isdigit()
        else {"owner": _user(request)}
    )
    return _form_page(request, PlanForm(initial=initial), None)


@requires(Perm.INITIATIVES_MANAGE)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    if request.method == "POST":
        form = PlanForm(request.POST)
        saved = _save_plan(request, form, lambda plan: services.change_plan(initiative, plan))
        return saved or _form_page(request, form, initiative, status=400)
    return _form_page(request, PlanForm.of(initiative), initiative)


@requires(Perm.INITIATIVES_VIEW)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(
        Initiative.objects.select_related("owner", "product", "batch", "resurvey"), pk=pk
    )
    context = {
        "page": selectors.initiative_page(initiative),
        "can_manage": user_has(request.user, Perm.INITIATIVES_MANAGE),
        "designers_form": DesignersForm(),
        "input_form": InputForm(initiative=initiative),
        "change_form": ChangeForm(
            initial={"change_date": initiative.change_date or timezone.localdate()}
        ),
        "Stage": Stage,
    }
    return render(request, "initiatives/detail.html", context)


Work = Callable[[Initiative, dict[str, Any], HttpRequest], str]
FormFor = Callable[[HttpRequest, Initiative], forms.Form]


def _act(form_for: FormFor, work: Work) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST action on an initiative: the form checked, the service called, the outcome shown."""

    @requires(Perm.INITIATIVES_MANAGE)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        initiative = get_object_or_404(Initiative, pk=pk)
        form = form_for(request, initiative)
        report_outcome(request, form, lambda data: work(initiative, data, request))
        return redirect("initiatives:detail", pk=initiative.pk)

    return view


def _invite(initiative: Initiative, data: dict[str, Any], request: HttpRequest) -> str:
    made = services.invite_designers(
        initiative, _user(request), count=data["count"], survey=data["survey"]
    )
    if not made:
        return "No affected customer left to invite (or none may be contacted)."
    sent = " and sent the design survey" if data["survey"] else ""
    return f"Invited {len(made)} customers to design the change{sent}."


def _input(initiative: Initiative, data: dict[str, Any], request: HttpRequest) -> str:
    services.record_input(
        initiative,
        kind=data["kind"],
        text=data["text"],
        customer=data["customer"],
        by=_user(request),
    )
    return "Recorded; it is analysed with the rest of the feedback."


def _change(initiative: Initiative, data: dict[str, Any], request: HttpRequest) -> str:
    services.record_change(initiative, data["change_date"])
    return (
        f"Change recorded on {data['change_date']:%d %b %Y}: answers from then on count as after."
    )


def _measure(initiative: Initiative, data: dict[str, Any], request: HttpRequest) -> str:
    return services.measure(initiative).figures["summary"]


def _close(initiative: Initiative, data: dict[str, Any], request: HttpRequest) -> str:
    services.close_initiative(initiative)
    return "Initiative closed."


invite_designers = _act(lambda r, _: DesignersForm(r.POST), _invite)
record_input = _act(lambda r, i: InputForm(r.POST, initiative=i), _input)
record_change = _act(lambda r, _: ChangeForm(r.POST), _change)
measure = _act(lambda r, _: forms.Form(r.POST), _measure)
close = _act(lambda r, _: forms.Form(r.POST), _close)
