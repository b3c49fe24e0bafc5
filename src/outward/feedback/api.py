"""API v1: record feedback (one item or a batch, idempotent per source), read and list it."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Router, Status

from outward.accounts.api_auth import api_requires
from outward.core.api_errors import error_body
from outward.core.pagination import Page, paginate
from outward.core.permissions import Perm
from outward.feedback.models import FeedbackItem
from outward.feedback.schemas import (
    BatchResultOut,
    FeedbackBatchIn,
    FeedbackIn,
    FeedbackOut,
    FeedbackPage,
    FeedbackQuery,
    RecordedOut,
)
from outward.feedback.selectors import NEWEST_FIRST, FeedbackFilter, feedback_items
from outward.feedback.services import BatchRejected, record_feedback, record_feedback_batch

router = Router(tags=["feedback"])


@router.post(
    "/feedback", response={200: FeedbackOut, 201: FeedbackOut}, **api_requires(Perm.FEEDBACK_ADD)
)
def record_item(request: HttpRequest, payload: FeedbackIn) -> Status[FeedbackItem]:
    """Record one item: 201 when stored, 200 with the stored item when its
    (source, external_id) was recorded before."""
    recorded = record_feedback(payload.to_draft())
    return Status(201 if recorded.created else 200, recorded.item)


@router.post(
    "/feedback/batch",
    response={200: BatchResultOut, 201: BatchResultOut},
    **api_requires(Perm.FEEDBACK_ADD),
)
def record_batch(request: HttpRequest, payload: FeedbackBatchIn) -> Status[BatchResultOut]:
    """Record every item or none (422 naming each bad item): 201 when at least one item was
    stored, 200 when all of them had been recorded before."""
    results = record_feedback_batch([item.to_draft() for item in payload.items])
    created = sum(r.created for r in results)
    summary = BatchResultOut(
        created=created,
        existing=len(results) - created,
        items=[
            RecordedOut(index=i, id=r.item.pk, external_id=r.item.external_id, created=r.created)
            for i, r in enumerate(results)
        ],
    )
    return Status(201 if created else 200, summary)


@router.get("/feedback", response=FeedbackPage, **api_requires(Perm.FEEDBACK_VIEW))
def list_feedback(request: HttpRequest, query: Query[FeedbackQuery]) -> Page[FeedbackItem]:
    criteria = FeedbackFilter(**query.model_dump(exclude={"cursor", "limit"}))
    return paginate(
        feedback_items(criteria), ordering=NEWEST_FIRST, cursor=query.cursor, limit=query.limit
    )


@router.get("/feedback/{item_id}", response=FeedbackOut, **api_requires(Perm.FEEDBACK_VIEW))
def get_feedback(request: HttpRequest, item_id: uuid.UUID) -> FeedbackItem:
    return get_object_or_404(feedback_items(FeedbackFilter()), pk=item_id)


def on_batch_rejected(api: NinjaAPI) -> None:
    """Answer a rejected batch with one entry per problem: index, field, message."""

    @api.exception_handler(BatchRejected)
    def handler(request: HttpRequest, exc: BatchRejected) -> HttpResponse:
        errors = [{"index": e.index, "field": e.field, "message": e.message} for e in exc.errors]
        return api.create_response(request, error_body(exc.message, errors), status=exc.status)
