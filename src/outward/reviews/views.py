"""Review pages: the cadence and history, one review (figures, attendance, decisions,
actions), its printable version, and the settings (cadence, targets)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from outward.accounts.models import User
from outward.core.errors import OutwardError
from outward.core.permissions import Perm, requires, user_has
from outward.reviews import selectors, services
from outward.reviews.forms import (
    ActionForm,
    AttendanceForm,
    CadenceForm,
    DecisionForm,
    DoneForm,
    TargetForm,
    leaders,
)
from outward.reviews.models import MetricTarget, Review, ReviewAction

HISTORY_SHOWN = 24
ACTION_DUE = dt.timedelta(days=30)  # the due date an action form proposes


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # `requires` lets only signed-in users in
    return request.user


@requires(Perm.REVIEWS_VIEW)
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "cadence": services.cadence(),
        "next": selectors.next_review(today),
        "participation": selectors.participation(today),
        "history": selectors.reviews()[:HISTORY_SHOWN],
        "open_actions": selectors.open_actions(),
        "today": today,
        "may_manage": user_has(request.user, Perm.REVIEWS_MANAGE),
    }
    return render(request, "reviews/list.html", context)


@requires(Perm.REVIEWS_MANAGE)
@require_POST
def prepare_now(request: HttpRequest) -> HttpResponse:
    day = services.next_review_date(timezone.localdate())
    try:
        review = services.prepare_review(day)
    except OutwardError as error:
        messages.error(request, error.message)
        return redirect("reviews:list")
    messages.success(request, "Review prepared; participants get its digest by e-mail.")
    return redirect("reviews:detail", pk=review.pk)


def _invited(review: Review) -> Any:
    recorded = review.attendance.values_list("user_id", flat=True)
    participants = services.cadence().participants.values_list("pk", flat=True)
    return leaders().filter(pk__in=list(recorded) + list(participants))


def _detail_context(request: HttpRequest, review: Review, **forms: Any) -> dict[str, Any]:
    may_record = user_has(request.user, Perm.REVIEWS_RECORD)
    present = list(review.attendance.filter(present=True).values_list("user_id", flat=True))
    return {
        "review": review,
        "f": review.figures,
        "attendance": review.attendance.select_related("user"),
        "decisions": review.decisions.select_related("recorded_by"),
        "agreed": selectors.agreed_actions(review),
        "carried": selectors.carried_actions(review),
        "today": timezone.localdate(),
        "may_record": may_record,
        "attendance_form": forms.get("attendance_form")
        or AttendanceForm(invited=_invited(review), initial={"present": present}),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "action_form": forms.get("action_form")
        or ActionForm(initial={"due_on": timezone.localdate() + ACTION_DUE}),
        "done_form": DoneForm(),
    }


@requires(Perm.REVIEWS_VIEW)
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=pk)
    return render(request, "reviews/detail.html", _detail_context(request, review))


@requires(Perm.REVIEWS_VIEW)
@require_GET
def review_print(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=pk)
    context = _detail_context(request, review) | {
        "participants": services.cadence().participants.order_by("last_name", "username")
    }
    return render(request, "reviews/print.html", context)


@requires(Perm.REVIEWS_RECORD)
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=pk)
    invited = _invited(review)
    form = AttendanceForm(request.POST, invited=invited)
    if not form.is_valid():
        context = _detail_context(request, review, attendance_form=form)
        return render(request, "reviews/detail.html", context, status=400)
    services.record_attendance(review, form.cleaned_data["present"], invited)
    messages.success(request, "Attendance recorded; the review counts as held.")
    return redirect("reviews:detail", pk=review.pk)


@requires(Perm.REVIEWS_RECORD)
@require_POST
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.record_decision(review, form.cleaned_data["text"], by=_user(request))
        except OutwardError as error:
            form.add_error("text", error.field_errors.get("text", error.message))
    if form.errors:
        context = _detail_context(request, review, decision_form=form)
        return render(request, "reviews/detail.html", context, status=400)
    messages.success(request, "Decision recorded.")
    return redirect("reviews:detail", pk=review.pk)


@requires(Perm.REVIEWS_RECORD)
@require_POST
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.add_action(
                review,
                title=form.cleaned_data["title"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                by=_user(request),
            )
        except OutwardError as error:
            for field, message in error.field_errors.items():
                form.add_error(field if field in form.fields else None, message)
    if form.errors:
        context = _detail_context(request, review, action_form=form)
        return render(request, "reviews/detail.html", context, status=400)
    messages.success(request, "Action recorded; it is carried to every review until done.")
    return redirect("reviews:detail", pk=review.pk)


@requires(Perm.REVIEWS_RECORD)
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(ReviewAction, pk=pk)
    form = DoneForm(request.POST)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
    services.complete_action(action, by=_user(request), outcome=outcome)
    messages.success(request, f"Done: {action.title}.")
    back = request.POST.get("next", "")
    if back.startswith("/reviews/") and "//" not in back:
        return redirect(back)
    return redirect("reviews:detail", pk=action.review_id)


def _settings_page(
    request: HttpRequest,
    cadence_form: CadenceForm | None = None,
    target_form: TargetForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rule = services.cadence()
    context = {
        "cadence_form": cadence_form
        or CadenceForm(
            initial={
                "frequency": rule.frequency,
                "weekday": rule.weekday,
                "day_of_month": rule.day_of_month,
                "participants": list(rule.participants.values_list("pk", flat=True)),
            }
        ),
        "target_form": target_form or TargetForm(),
        "targets": MetricTarget.objects.select_related("owner"),
        "next_day": services.next_review_date(timezone.localdate(), rule),
    }
    return render(request, "reviews/settings.html", context, status=status)


@requires(Perm.REVIEWS_MANAGE)
def settings_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _settings_page(request)
    form = CadenceForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, cadence_form=form, status=400)
    services.set_cadence(
        frequency=form.cleaned_data["frequency"],
        weekday=form.cleaned_data["weekday"],
        day_of_month=form.cleaned_data["day_of_month"],
        participants=form.cleaned_data["participants"],
    )
    messages.success(request, "Cadence saved.")
    return redirect("reviews:settings")


@requires(Perm.REVIEWS_MANAGE)
@require_POST
def target_save(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, target_form=form, status=400)
    services.set_target(
        form.cleaned_data["metric"], form.cleaned_data["target"], form.cleaned_data["owner"]
    )
    messages.success(request, "Target saved; the next review shows the distance to it.")
    return redirect("reviews:settings")


@requires(Perm.REVIEWS_MANAGE)
@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.remove_target(get_object_or_404(MetricTarget, pk=pk))
    messages.success(request, "Target removed.")
    return redirect("reviews:settings")
