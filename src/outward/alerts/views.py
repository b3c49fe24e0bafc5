"""Alert pages: one's alerts and rules; webhook endpoints with their delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from outward.accounts.models import User
from outward.alerts import selectors
from outward.alerts.forms import EndpointForm, RuleForm
from outward.alerts.services import rules, webhooks
from outward.core.errors import OutwardError
from outward.core.permissions import Perm, requires, user_has

ALERTS_PER_PAGE = 50
DELIVERIES_SHOWN = 100


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # `requires` lets only signed-in users in
    return request.user


def _list_page(
    request: HttpRequest, form: RuleForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    may_subscribe = user_has(user, Perm.ALERTS_SUBSCRIBE)
    may_post = user_has(user, Perm.ALERTS_MANAGE)
    page = Paginator(selectors.alerts_of(user), ALERTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rules": selectors.rules_of(user),
        "may_subscribe": may_subscribe,
        "may_manage": may_post,
        "form": form or (RuleForm(may_post=may_post) if may_subscribe else None),
    }
    return render(request, "alerts/list.html", context, status=status)


@requires(Perm.ALERTS_VIEW)
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@requires(Perm.ALERTS_SUBSCRIBE)
@require_POST
def rule_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = RuleForm(request.POST, may_post=user_has(user, Perm.ALERTS_MANAGE))
    if not form.is_valid():
        return _list_page(request, form, status=400)
    try:
        rules.add_rule(user, form.spec())
    except OutwardError as error:
        for field, message in error.field_errors.items():
            form.add_error(field if field in form.fields else None, message)
        return _list_page(request, form, status=400)
    messages.success(request, "Rule saved: matching events will reach you from now on.")
    return redirect("alerts:list")


@requires(Perm.ALERTS_SUBSCRIBE)
@require_POST
def rule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(selectors.rules_of(_user(request)), pk=pk)
    rules.set_enabled(rule, not rule.enabled)
    messages.success(request, "Rule resumed." if rule.enabled else "Rule paused.")
    return redirect("alerts:list")


@requires(Perm.ALERTS_SUBSCRIBE)
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rules.remove_rule(get_object_or_404(selectors.rules_of(_user(request)), pk=pk))
    messages.success(request, "Rule deleted.")
    return redirect("alerts:list")


def _endpoints_page(
    request: HttpRequest, form: EndpointForm | None = None, status: int = 200
) -> HttpResponse:
    context = {"endpoints": selectors.endpoints(), "form": form or EndpointForm()}
    return render(request, "alerts/endpoints.html", context, status=status)


@requires(Perm.ALERTS_MANAGE)
def endpoint_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _endpoints_page(request)
    form = EndpointForm(request.POST)
    if not form.is_valid():
        return _endpoints_page(request, form, status=400)
    try:
        endpoint = webhooks.add_endpoint(
            name=form.cleaned_data["name"],
            url=form.cleaned_data["url"],
            fmt=form.cleaned_data["format"],
            by=_user(request),
        )
    except OutwardError as error:
        for field, message in error.field_errors.items():
            form.add_error(field if field in form.fields else None, message)
        return _endpoints_page(request, form, status=400)
    messages.success(request, "Webhook added. Give its secret to the receiver to check posts.")
    return redirect("alerts:endpoint", pk=endpoint.pk)


@requires(Perm.ALERTS_MANAGE)
@require_GET
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(selectors.endpoints(), pk=pk)
    context = {
        "endpoint": endpoint,
        "deliveries": selectors.deliveries_of(endpoint)[:DELIVERIES_SHOWN],
    }
    return render(request, "alerts/endpoint.html", context)


@requires(Perm.ALERTS_MANAGE)
@require_POST
def endpoint_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(selectors.endpoints(), pk=pk)
    result = webhooks.send_test(endpoint)
    if result.ok:
        messages.success(request, f"Test message delivered (HTTP {result.status}).")
    else:
        messages.error(request, f"Test message failed: {result.error or result.status}.")
    return redirect("alerts:endpoint", pk=endpoint.pk)


@requires(Perm.ALERTS_MANAGE)
@require_POST
def endpoint_enable(request: HttpRequest, pk: int) -> HttpResponse:
    webhooks.enable_endpoint(get_object_or_404(selectors.endpoints(), pk=pk))
    messages.success(request, "Webhook enabled again.")
    return redirect("alerts:endpoint", pk=pk)


@requires(Perm.ALERTS_MANAGE)
@require_POST
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    webhooks.remove_endpoint(get_object_or_404(selectors.endpoints(), pk=pk))
    messages.success(request, "Webhook deleted: the rules that posted to it now only e-mail.")
    return redirect("alerts:endpoints")
