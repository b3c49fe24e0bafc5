"""API v1: the issue board, themes (read and simple edits), recall reviews, refits.

Every chart and table of the insight pages reads the same selectors as these operations.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from outward.accounts.api_auth import api_requires
from outward.accounts.models import User
from outward.core.errors import NotFound, ValidationError
from outward.core.permissions import Perm
from outward.insights import selectors
from outward.insights.models import AnalysisRun, RecallReview, Theme
from outward.insights.schemas import (
    BoardOut,
    IssueQuery,
    RecallOut,
    RecallQuery,
    RefitOut,
    ThemeDetailOut,
    ThemePatch,
)
from outward.insights.services import themes as theme_services
from outward.insights.services.refit import request_refit

router = Router(tags=["insights"])
RECALL_LIMIT = 200


def filters_of(query: IssueQuery, days: int = selectors.DEFAULT_DAYS) -> selectors.Filters:
    """The filters of an API query; without dates, the `days` days up to today."""
    end = query.end or timezone.localdate()
    start = query.start or selectors.default_start(end, days)
    if start > end:
        raise ValidationError("The start comes after the end.", field_errors={"start": "<= end"})
    return selectors.Filters(
        start=start,
        end=end,
        source=query.source or "",
        segment=query.segment or "",
        region=query.region or "",
        touchpoint=query.touchpoint,
        product=str(query.product) if query.product else "",
    )


def _theme(theme: Theme) -> dict[str, Any]:
    return {
        "id": theme.pk,
        "name": theme.display_name,
        "label": theme.label,
        "kind": theme.kind,
        "origin": theme.origin,
        "root_cause": theme.root_cause,
        "key_phrases": theme.key_phrases,
        "quotes": theme.quotes,
        "rule_phrases": theme.rule_phrases,
        "rule_pattern": theme.rule_pattern,
        "pinned": theme.pinned,
        "hidden": theme.hidden,
        "archived": theme.archived,
        "merged_into": theme.merged_into_id,
        "version": theme.version,
    }


def _issue(row: selectors.IssueRow) -> dict[str, Any]:
    return {
        "theme": _theme(row.theme),
        "mentions": row.mentions,
        "customers": row.customers,
        "prevalence": row.prevalence,
        "negative_share": row.negative_share,
        "mean_sentiment": row.mean_sentiment,
        "nps": row.nps,
        "revenue_at_risk": row.revenue_at_risk,
        "weekly_rates": list(row.rates),
        "trend": row.trend,
    }


def _run(run: AnalysisRun | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "id": run.pk,
        "status": run.status,
        "finished_at": run.finished_at,
        "n_items": run.n_items,
        "n_themes": run.n_themes,
        "backend": run.backend,
        "engine_version": run.engine_version,
    }


@router.get("/insights/issues", response=BoardOut, **api_requires(Perm.INSIGHTS_VIEW))
def issue_board(request: HttpRequest, query: Query[IssueQuery]) -> dict[str, Any]:
    """The issue board: themes ranked by impact, praise apart (the page's figures)."""
    board = selectors.board(filters_of(query))
    return {
        "start": board.filters.start,
        "end": board.filters.end,
        "items": board.items,
        "active_customers": board.base,
        "issues": [_issue(r) for r in board.issues],
        "praise": [_issue(r) for r in board.praise],
        "run": _run(board.run),
    }


def _get_theme(theme_id: int) -> Theme:
    theme = Theme.objects.filter(pk=theme_id).first()
    if theme is None:
        raise NotFound("No such theme.")
    return theme


@router.get(
    "/insights/themes/{theme_id}", response=ThemeDetailOut, **api_requires(Perm.INSIGHTS_VIEW)
)
def theme_detail(request: HttpRequest, theme_id: int, query: Query[IssueQuery]) -> dict[str, Any]:
    theme = _get_theme(theme_id)
    row = selectors.board_row(theme, filters_of(query))
    edits = theme.edits.select_related("by")[:100]
    return {
        "theme": _theme(theme),
        "figures": _issue(row) if row else None,
        "edits": [
            {
                "version": e.version,
                "action": e.action,
                "changes": e.changes,
                "by": e.by.username if e.by else None,
                "at": e.at,
            }
            for e in edits
        ],
    }


@router.patch(
    "/insights/themes/{theme_id}", response=ThemeDetailOut, **api_requires(Perm.INSIGHTS_CHANGE)
)
def edit_theme(request: HttpRequest, theme_id: int, body: ThemePatch) -> dict[str, Any]:
    """Rename, hide or pin a theme (each change is a new version of it)."""
    theme = _get_theme(theme_id)
    user = request.user if isinstance(request.user, User) else None
    changes = body.changes()
    if "name" in changes:
        theme_services.rename_theme(theme, changes["name"], by=user)
    if "hidden" in changes and changes["hidden"] != theme.hidden:
        theme_services.set_hidden(theme, changes["hidden"], by=user)
    if "pinned" in changes and changes["pinned"] != theme.pinned:
        theme_services.set_pinned(theme, changes["pinned"], by=user)
    return theme_detail(request, theme_id, IssueQuery.model_validate({}))


def _recall(review: RecallReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "theme_id": review.theme_id,
        "product_id": review.product_id,
        "batch_id": review.batch_id,
        "lot_code": review.batch.lot_code,
        "status": review.status,
        "decision": review.decision,
        "rationale": review.rationale,
        "owner_id": review.owner_id,
        "evidence": review.evidence,
        "created_at": review.created_at,
        "decided_at": review.decided_at,
    }


@router.get(
    "/insights/recall-reviews", response=list[RecallOut], **api_requires(Perm.INSIGHTS_VIEW)
)
def recall_reviews(request: HttpRequest, query: Query[RecallQuery]) -> list[dict[str, Any]]:
    return [_recall(r) for r in selectors.recall_reviews(query.status or "")[:RECALL_LIMIT]]


@router.post("/insights/refits", response={202: RefitOut}, **api_requires(Perm.INSIGHTS_CHANGE))
def start_refit(request: HttpRequest) -> Status:
    """Queue a full refit (none is queued while one is queued or running)."""
    run, queued = request_refit(trigger="api")
    return Status(202, {"run": _run(run), "queued": queued})
