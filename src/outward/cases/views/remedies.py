"""The approval queue and the empowerment policy page (with how the policy is used)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from outward.cases import reports
from outward.cases.choices import RemedyStatus
from outward.cases.forms import DecideForm, PolicyRuleForm, SlaForm
from outward.cases.models import PolicyVersion, Remedy, SlaPolicy
from outward.cases.services import remedies, sla
from outward.cases.views.common import user_of
from outward.core.errors import OutwardError
from outward.core.permissions import Perm, requires

QUEUE_SHOWN = 200


@requires(Perm.REMEDIES_APPROVE)
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    waiting = (
        Remedy.objects.filter(status=RemedyStatus.PENDING)
        .select_related("case", "customer", "requested_by")
        .order_by("created_at")[:QUEUE_SHOWN]
    )
    return render(request, "cases/approvals.html", {"waiting": waiting, "form": DecideForm()})


@requires(Perm.REMEDIES_APPROVE)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    remedy = get_object_or_404(Remedy, pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or reject.")
        return redirect("cases:approvals")
    try:
        decided = remedies.decide_remedy(
            remedy, form.cleaned_data["approve"], user_of(request), form.cleaned_data["note"]
        )
    except OutwardError as error:
        messages.error(request, error.message)
        return redirect("cases:approvals")
    messages.success(
        request, f"{decided.get_kind_display()} {decided.get_status_display().lower()}."
    )
    return redirect("cases:approvals")


def _policy_page(
    request: HttpRequest,
    form: PolicyRuleForm,
    status: int = 200,
    sla_form: SlaForm | None = None,
) -> HttpResponse:
    version = remedies.current_version()
    context = {
        "version": version,
        "rules": version.rules.select_related("team", "skill") if version else [],
        "history": PolicyVersion.objects.select_related("created_by")[:20],
        "form": form,
        "sla": SlaPolicy.objects.all(),
        "usage": reports.latitude_usage(),
        "sla_form": sla_form or SlaForm(),
    }
    return render(request, "cases/policy.html", context, status=status)


@requires(Perm.POLICY_MANAGE)
@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, PolicyRuleForm())


@requires(Perm.POLICY_MANAGE)
@require_POST
def policy_add_rule(request: HttpRequest) -> HttpResponse:
    form = PolicyRuleForm(request.POST)
    if not form.is_valid():
        return _policy_page(request, form, status=400)
    data = form.cleaned_data
    rule = remedies.RuleSpec(
        role=data["role"],
        kind=data["kind"],
        per_case=Decimal(data["per_case"]),
        per_customer=Decimal(data["per_customer"]),
        period_days=data["period_days"],
        approver_role=data["approver_role"],
        team_id=data["team"].pk if data["team"] else None,
        skill_id=data["skill"].pk if data["skill"] else None,
        min_level=data["min_level"] or 0,
        notify_only=data["notify_only"],
    )
    rules = [*remedies.specs_of(remedies.current_version()), rule]
    try:
        version = remedies.publish_policy(rules, user_of(request), data["note"])
    except OutwardError as error:
        form.add_error(None, error.message)
        return _policy_page(request, form, status=400)
    messages.success(request, f"Policy v{version.number} is in force.")
    return redirect("cases:policy")


@requires(Perm.POLICY_MANAGE)
@require_POST
def policy_remove_rule(request: HttpRequest, index: int) -> HttpResponse:
    rules = remedies.specs_of(remedies.current_version())
    if not 0 <= index < len(rules):
        messages.error(request, "No such rule in the policy in force.")
        return redirect("cases:policy")
    del rules[index]
    version = remedies.publish_policy(rules, user_of(request), request.POST.get("note", "")[:300])
    messages.success(request, f"Rule removed: policy v{version.number} is in force.")
    return redirect("cases:policy")


@requires(Perm.POLICY_MANAGE)
@require_POST
def sla_save(request: HttpRequest) -> HttpResponse:
    form = SlaForm(request.POST)
    if form.is_valid():
        try:
            sla.set_targets(**form.cleaned_data)
        except OutwardError as error:
            for field, text in error.field_errors.items():
                form.add_error(field if field in form.fields else None, text)
    if form.errors:
        return _policy_page(request, PolicyRuleForm(), status=400, sla_form=form)
    messages.success(request, "SLA saved: cases opened from now on follow it.")
    return redirect("cases:policy")
