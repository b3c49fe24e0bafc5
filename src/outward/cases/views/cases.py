"""Case pages: the lists, a new case, a case with its timeline, and the actions on it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from outward.cases import selectors
from outward.cases.choices import CaseOrigin, CaseStatus, Priority, RemedyKind
from outward.cases.forms import (
    AssignForm,
    BulkAssignForm,
    CloseForm,
    EmailForm,
    NewCaseForm,
    NextStepForm,
    NoteForm,
    PriorityForm,
    PromiseForm,
    RemedyForm,
    ResolveForm,
)
from outward.cases.models import Case
from outward.cases.services import assignment, lifecycle, remedies
from outward.cases.services.promises import make_promise
from outward.cases.views.common import back_to, refused, user_of
from outward.core.errors import OutwardError
from outward.core.permissions import Perm, requires, user_has
from outward.customers.models import Customer
from outward.feedback.models import FeedbackItem

PER_PAGE = 50


@requires(Perm.CASES_VIEW)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    view = request.GET.get("view", "mine")
    chosen = selectors.CaseFilter(
        view=view if view in selectors.VIEWS else "mine",
        status=request.GET.get("status", "")
        if request.GET.get("status") in CaseStatus.values
        else "",
        priority=request.GET.get("priority", "")
        if request.GET.get("priority") in Priority.values
        else "",
        query=request.GET.get("q", "")[:100].replace("\x00", ""),
    )
    found = selectors.cases(user, chosen).order_by("resolution_due", "id")
    counts = selectors.counts(user)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "chosen": chosen,
        "tabs": [(k, label, counts.get(k)) for k, label in selectors.VIEWS.items()],
        "statuses": CaseStatus.choices,
        "priorities": Priority.choices,
        "may_work": user_has(user, Perm.CASES_WORK),
        "bulk_form": BulkAssignForm(),
        "query": urlencode(
            {
                "view": chosen.view,
                "status": chosen.status,
                "priority": chosen.priority,
                "q": chosen.query,
            }
        ),
    }
    return render(request, "cases/list.html", context)


@requires(Perm.CASES_WORK)
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    form = BulkAssignForm(request.POST)
    ids = []
    for raw in request.POST.getlist("case"):
        try:
            ids.append(uuid.UUID(raw))
        except ValueError:
            continue
    if not form.is_valid() or not ids:
        messages.error(request, "Tick at least one case and pick who takes them.")
        return redirect("cases:list")
    done = lifecycle.bulk_assign(
        Case.objects.filter(pk__in=ids), form.cleaned_data["assignee"], user_of(request)
    )
    messages.success(request, f"{done} case{'s' if done != 1 else ''} assigned.")
    back = str(request.POST.get("back", ""))
    return redirect(back if back.startswith("/cases/") and "//" not in back else "cases:list")


@requires(Perm.CASES_WORK)
def case_new(request: HttpRequest) -> HttpResponse:
    form = NewCaseForm(request.POST or None, initial={"customer": request.GET.get("customer")})
    customer = None
    raw = request.POST.get("customer") or request.GET.get("customer") or ""
    try:
        customer = Customer.objects.filter(pk=uuid.UUID(raw)).first()
    except ValueError:
        customer = None
    if request.method == "POST" and form.is_valid():
        if customer is None:
            form.add_error(None, "Open the case from the customer's page (no customer chosen).")
        else:
            try:
                case = lifecycle.open_case(
                    lifecycle.CaseSpec(
                        customer=customer,
                        title=form.cleaned_data["title"],
                        priority=form.cleaned_data["priority"],
                        skills=tuple(form.cleaned_data["skills"]),
                        note=form.cleaned_data["note"],
                    ),
                    user_of(request),
                )
            except OutwardError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Case {case.reference} opened.")
                return redirect("cases:detail", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/new.html", {"form": form, "customer": customer}, status=status)


@requires(Perm.CASES_WORK)
@require_POST
def from_feedback(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = get_object_or_404(FeedbackItem.objects.select_related("customer"), pk=pk)
    origin = CaseOrigin.ALERT if request.POST.get("origin") == "alert" else CaseOrigin.FEEDBACK
    try:
        spec = lifecycle.spec_from_feedback(item, origin=origin)
        case = lifecycle.open_case(spec, user_of(request))
    except OutwardError as error:
        messages.error(request, error.message)
        return redirect("cases:list")
    messages.success(request, f"Case {case.reference} is open for this feedback.")
    return redirect("cases:detail", pk=case.pk)


@requires(Perm.CASES_VIEW)
@require_GET
def case_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    case = get_object_or_404(
        Case.objects.select_related("customer", "assignee", "team", "feedback", "theme"), pk=pk
    )
    user = user_of(request)
    latitude = (
        {label: remedies.latitude_for(case, user, kind) for kind, label in RemedyKind.choices}
        if user_has(user, Perm.REMEDIES_GRANT) and case.is_active
        else {}
    )
    context: dict[str, Any] = {
        "case": case,
        "timeline": selectors.timeline(case),
        "remedies": case.remedies.select_related("requested_by", "decided_by"),
        "promises": case.promises.select_related("owner"),
        "skills": case.required_skills.all(),
        "proposals": assignment.propose(case) if case.is_active else [],
        "latitude": latitude,
        "may_work": user_has(user, Perm.CASES_WORK),
        "may_grant": user_has(user, Perm.REMEDIES_GRANT),
        "breaching": case.is_breaching(),
        "forms": {
            "assign": AssignForm(initial={"assignee": case.assignee_id}),
            "priority": PriorityForm(initial={"priority": case.priority}),
            "note": NoteForm(),
            "next_step": NextStepForm(initial={"next_step": case.next_step}),
            "email": EmailForm(initial={"subject": case.title}),
            "resolve": ResolveForm(),
            "close": CloseForm(),
            "remedy": RemedyForm(),
            "promise": PromiseForm(initial={"owner": case.assignee_id or user.pk}),
        },
    }
    return render(request, "cases/detail.html", context)


def _act(
    form_class: type[forms.Form], work: Callable[[Case, dict[str, Any], HttpRequest], str]
) -> Callable[[HttpRequest, uuid.UUID], HttpResponse]:
    """A POST action on a case: the form checked, the service called, the outcome shown."""

    def view(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        case = get_object_or_404(Case.objects.select_related("customer"), pk=pk)
        form = form_class(request.POST)
        if not form.is_valid():
            fields = "; ".join(
                f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items()
            )
            messages.error(request, f"Not saved ({fields}).")
            return back_to(case)
        try:
            done = work(case, form.cleaned_data, request)
        except OutwardError as error:
            return refused(request, case, error)
        messages.success(request, done)
        return back_to(case)

    return view


def _assign(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    lifecycle.assign(case, data["assignee"], user_of(request))
    return f"Assigned to {data['assignee'] or 'nobody'}."


def _priority(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    lifecycle.set_priority(case, data["priority"], user_of(request))
    return "Priority changed; the SLA follows it."


def _note(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    lifecycle.add_note(case, data["text"], user_of(request))
    return "Note added."


def _next_step(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    lifecycle.set_next_step(case, data["next_step"], data["due"], user_of(request))
    return "Next step saved."


def _email(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    lifecycle.email_customer(case, data["subject"], data["body"], user_of(request))
    return f"E-mail sent to {case.customer.email}."


def _resolve(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    lifecycle.resolve(case, data["resolution"], user_of(request), data["note"])
    return "Case resolved."


def _close(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    lifecycle.close(case, user_of(request), data["survey"])
    return "Case closed." + (" The customer is asked how it went." if data["survey"] else "")


def _remedy(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    given = remedies.grant_remedy(
        case, data["kind"], data["amount"], user_of(request), data["note"]
    )
    if given.status == "pending":
        return (
            f"Above your latitude ({given.latitude} {given.currency}): the request waits for a "
            f"{given.get_approver_role_display().lower()}."
        )
    return f"{given.get_kind_display()} of {given.amount} {given.currency} granted."


def _promise(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    make_promise(
        case.customer,
        kind=data["kind"],
        description=data["description"],
        owner=data["owner"],
        due_at=data["due_at"],
        by=user_of(request),
        case=case,
    )
    return "Promise recorded in the ledger."


class _Empty(forms.Form):
    pass


def _waiting(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    waiting = case.status != CaseStatus.WAITING
    lifecycle.set_waiting(case, waiting, user_of(request))
    return "Waiting on the customer: the clock is paused." if waiting else "Back in progress."


def _reopen(case: Case, data: dict[str, Any], request: HttpRequest) -> str:
    lifecycle.reopen(case, user_of(request))
    return "Case reopened."


assign_view = requires(Perm.CASES_WORK)(require_POST(_act(AssignForm, _assign)))
priority_view = requires(Perm.CASES_WORK)(require_POST(_act(PriorityForm, _priority)))
note_view = requires(Perm.CASES_WORK)(require_POST(_act(NoteForm, _note)))
next_step_view = requires(Perm.CASES_WORK)(require_POST(_act(NextStepForm, _next_step)))
email_view = requires(Perm.CASES_WORK)(require_POST(_act(EmailForm, _email)))
waiting_view = requires(Perm.CASES_WORK)(require_POST(_act(_Empty, _waiting)))
resolve_view = requires(Perm.CASES_WORK)(require_POST(_act(ResolveForm, _resolve)))
close_view = requires(Perm.CASES_WORK)(require_POST(_act(CloseForm, _close)))
reopen_view = requires(Perm.CASES_WORK)(require_POST(_act(_Empty, _reopen)))
remedy_view = requires(Perm.REMEDIES_GRANT)(require_POST(_act(RemedyForm, _remedy)))
promise_view = requires(Perm.CASES_WORK)(require_POST(_act(PromiseForm, _promise)))
