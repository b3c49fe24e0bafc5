"""Insight pages: the issue board, one issue, theme edits, recall reviews."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from outward.accounts.models import User
from outward.analytics.csvfiles import stream_csv
from outward.core.errors import OutwardError
from outward.core.partials import render_page_or_part
from outward.core.permissions import Perm, requires, user_has
from outward.customers.models import Product, Touchpoint
from outward.feedback.choices import Source
from outward.insights import selectors
from outward.insights.forms import (
    DecisionForm,
    MergeForm,
    OwnerForm,
    RenameForm,
    RuleForm,
    SplitForm,
)
from outward.insights.models import RecallReview, Theme
from outward.insights.services import recalls, themes
from outward.insights.services.refit import request_refit

BOARD_CSV_HEADER = [
    "theme",
    "engine label",
    "kind",
    "root cause",
    "mentions",
    "customers",
    "prevalence",
    "negative share",
    "mean sentiment",
    "nps",
    "revenue at risk",
    "trend",
]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # `requires` lets only signed-in users in
    return request.user


def filter_choices() -> dict[str, Any]:
    return {
        "sources": Source.choices,
        "touchpoints": list(
            Touchpoint.objects.order_by("position", "name").values_list("pk", "name")
        ),
        "products": list(Product.objects.order_by("name").values_list("pk", "name")),
    }


@requires(Perm.INSIGHTS_VIEW)
@require_GET
def board(request: HttpRequest) -> HttpResponseBase:
    filters, errors = selectors.Filters.from_query(request.GET)
    found = selectors.board(filters)
    if request.GET.get("format") == "csv":
        return _board_csv(found)
    context = {
        "board": found,
        "errors": errors,
        "can_change": user_has(request.user, Perm.INSIGHTS_CHANGE),
        "rule_form": RuleForm(),
        **filter_choices(),
    }
    return render_page_or_part(
        request,
        "insights/board.html",
        "insights/_board_view.html",
        context,
        status=400 if errors else 200,
    )


def _board_csv(found: selectors.Board) -> StreamingHttpResponse:
    def rows() -> Iterator[list[Any]]:
        for row in [*found.issues, *found.praise]:
            yield [
                row.theme.display_name,
                row.theme.label,
                row.theme.kind,
                row.theme.root_cause,
                row.mentions,
                row.customers,
                row.prevalence,
                round(row.negative_share, 4),
                round(row.mean_sentiment, 4),
                "" if row.nps is None else round(row.nps, 1),
                row.revenue_at_risk,
                row.trend,
            ]

    response = StreamingHttpResponse(
        stream_csv(BOARD_CSV_HEADER, rows()), content_type="text/csv; charset=utf-8"
    )
    name = f"issues-{found.filters.start}-{found.filters.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(Perm.INSIGHTS_VIEW)
@require_GET
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=pk)
    if theme.merged_into_id is not None:
        return redirect("insights:theme", pk=theme.merged_into_id)
    filters, errors = selectors.Filters.from_query(request.GET)
    page = selectors.theme_page(theme, filters)
    context = {
        "page": page,
        "filters": filters,
        "errors": errors,
        "can_change": user_has(request.user, Perm.INSIGHTS_CHANGE),
        "rename_form": RenameForm(initial={"name": theme.name}),
        "merge_form": MergeForm(
            targets=Theme.objects.filter(pk__in=[t.pk for t in page.merge_targets])
        ),
        "split_form": SplitForm(initial={"phrases": "\n".join(theme.key_phrases[:1])}),
        "rule_form": RuleForm(
            initial={
                "name": theme.name,
                "phrases": "\n".join(theme.rule_phrases),
                "pattern": theme.rule_pattern,
            }
        ),
        **filter_choices(),
    }
    return render(request, "insights/theme.html", context, status=400 if errors else 200)


@requires(Perm.INSIGHTS_CHANGE)
@require_POST
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One edit of a theme, named by the `action` field; back to the theme with a message."""
    theme = get_object_or_404(Theme, pk=pk, merged_into__isnull=True)
    action = request.POST.get("action", "")
    user = _user(request)
    try:
        target = _apply(request, theme, action, user)
    except OutwardError as error:
        details = "; ".join(f"{k}: {v}" for k, v in error.field_errors.items())
        messages.error(request, f"Not saved: {error.message} {details}".strip())
        return redirect("insights:theme", pk=theme.pk)
    if target is None:
        messages.error(request, "Not saved: check the form's fields.")
        return redirect("insights:theme", pk=theme.pk)
    return redirect("insights:theme", pk=target.pk)


def _apply(request: HttpRequest, theme: Theme, action: str, user: User) -> Theme | None:
    if action == "rename":
        form: Any = RenameForm(request.POST)
        if not form.is_valid():
            return None
        themes.rename_theme(theme, form.cleaned_data["name"], by=user)
        messages.success(request, "Renamed.")
        return theme
    if action in {"hide", "show"}:
        themes.set_hidden(theme, action == "hide", by=user)
        messages.success(request, "Hidden from the board." if action == "hide" else "Shown again.")
        return theme
    if action in {"pin", "unpin"}:
        themes.set_pinned(theme, action == "pin", by=user)
        messages.success(request, "Pinned: refits keep it." if action == "pin" else "Unpinned.")
        return theme
    if action == "merge":
        form = MergeForm(request.POST, targets=selectors.merge_targets(theme))
        if not form.is_valid():
            return None
        into = themes.merge_themes(theme, form.cleaned_data["into"], by=user)
        messages.success(request, f"Merged into {into.display_name}.")
        return into
    if action == "split":
        form = SplitForm(request.POST)
        if not form.is_valid():
            return None
        name = form.cleaned_data["name"]
        new = themes.add_rule_theme(name, form.phrase_list(), parent=theme, by=user)
        messages.success(request, "Split off; its items move over in the background.")
        return new
    if action == "rule":
        form = RuleForm(request.POST)
        if not form.is_valid():
            return None
        themes.change_rule(theme, form.phrase_list(), form.cleaned_data["pattern"], by=user)
        messages.success(request, "Rule changed; items move in the background.")
        return theme
    return None


@requires(Perm.INSIGHTS_CHANGE)
@require_POST
def rule_new(request: HttpRequest) -> HttpResponse:
    form = RuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not saved: a rule theme needs a name and phrases or a pattern.")
        return redirect("insights:board")
    try:
        theme = themes.add_rule_theme(
            form.cleaned_data["name"],
            form.phrase_list(),
            form.cleaned_data["pattern"],
            by=_user(request),
        )
    except OutwardError as error:
        details = "; ".join(f"{k}: {v}" for k, v in error.field_errors.items())
        messages.error(request, f"Not saved: {error.message} {details}".strip())
        return redirect("insights:board")
    messages.success(request, "Rule theme added; matching items move to it in the background.")
    return redirect("insights:theme", pk=theme.pk)


@requires(Perm.INSIGHTS_CHANGE)
@require_POST
def refit(request: HttpRequest) -> HttpResponse:
    run, new = request_refit(trigger="manual")
    if new:
        messages.success(
            request, f"Refit {run.pk} queued: the board switches over when it is done."
        )
    else:
        messages.info(request, f"Refit {run.pk} is already {run.get_status_display().lower()}.")
    return redirect("insights:board")


@requires(Perm.INSIGHTS_VIEW)
@require_GET
def recall_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    reviews = selectors.recall_reviews(status if status in {"open", "decided"} else "")
    return render(request, "insights/recalls.html", {"reviews": reviews, "status": status})


@requires(Perm.INSIGHTS_VIEW)
@require_GET
def recall_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(selectors.recall_reviews(), pk=pk)
    return _recall_page(request, review, OwnerForm(initial={"owner": review.owner_id}))


def _recall_page(
    request: HttpRequest,
    review: RecallReview,
    owner_form: OwnerForm,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    owners = selectors.affected_owners(review)
    context = {
        "review": review,
        "evidence": review.evidence,
        "owners": owners[:50],
        "owners_count": owners.count(),
        "can_decide": user_has(request.user, Perm.RECALLS_DECIDE),
        "owner_form": owner_form,
        "decision_form": decision_form or DecisionForm(),
    }
    return render(request, "insights/recall.html", context, status=status)


@requires(Perm.RECALLS_DECIDE)
@require_POST
def recall_owner(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(selectors.recall_reviews(), pk=pk)
    form = OwnerForm(request.POST)
    if not form.is_valid():
        return _recall_page(request, review, form, status=400)
    recalls.assign_owner(review, form.cleaned_data["owner"])
    messages.success(request, "Owner saved.")
    return redirect("insights:recall", pk=review.pk)


@requires(Perm.RECALLS_DECIDE)
@require_POST
def recall_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(selectors.recall_reviews(), pk=pk)
    form = DecisionForm(request.POST)
    owner_form = OwnerForm(initial={"owner": review.owner_id})
    if not form.is_valid():
        return _recall_page(request, review, owner_form, form, status=400)
    try:
        recalls.decide(
            review,
            form.cleaned_data["decision"],
            form.cleaned_data["rationale"],
            by=_user(request),
        )
    except OutwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Decision recorded.")
    return redirect("insights:recall", pk=review.pk)


@requires(Perm.INSIGHTS_VIEW)
@require_GET
def recall_customers_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    review = get_object_or_404(RecallReview, pk=pk)
    owners = selectors.affected_owners(review).values_list(
        "name", "email", "external_id", "segment", "region"
    )
    response = StreamingHttpResponse(
        stream_csv(["name", "email", "external id", "segment", "region"], owners.iterator()),
        content_type="text/csv; charset=utf-8",
    )
    name = f"recall-review-{review.pk}-owners.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
