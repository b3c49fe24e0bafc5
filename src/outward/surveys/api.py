"""API v1: list surveys, trigger a transactional survey after an event, report bounces, read
the coverage of the customer base. No token or nonce ever leaves through the API."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from outward.accounts.api_auth import api_requires
from outward.core.pagination import Page, paginate
from outward.core.permissions import Perm
from outward.surveys.coverage_selectors import Share, coverage_figures
from outward.surveys.models import Invitation, Survey
from outward.surveys.schemas import (
    BounceIn,
    BounceOut,
    CoverageOut,
    ShareOut,
    SurveyPage,
    SurveyQuery,
    TriggerIn,
    TriggerOut,
)
from outward.surveys.services.invitations import Triggered, record_bounce, trigger_transactional

router = Router(tags=["surveys"])


@router.get("/surveys", response=SurveyPage, **api_requires(Perm.SURVEYS_VIEW))
def list_surveys(request: HttpRequest, query: Query[SurveyQuery]) -> Page[Survey]:
    surveys = Survey.objects.select_related("touchpoint")
    for name in ("kind", "status", "audience"):
        if (value := getattr(query, name)) is not None:
            surveys = surveys.filter(**{name: value})
    return paginate(surveys, ordering=("created_at", "id"), cursor=query.cursor, limit=query.limit)


@router.get("/surveys/coverage", response=CoverageOut, **api_requires(Perm.SURVEYS_VIEW))
def get_coverage(request: HttpRequest) -> CoverageOut:
    """Shares of active customers invited and heard from in the last 12 months."""
    figures = coverage_figures()
    return CoverageOut(
        since=figures.since.date(),
        overall=share(figures.overall),
        by_segment=[share(s) for s in figures.by_segment],
        by_region=[share(s) for s in figures.by_region],
        never_heard=figures.never_heard,
        contactable=figures.contactable,
        not_invited_in_cycle=figures.not_invited_in_cycle,
        coverage_days=figures.coverage_days,
    )


def share(s: Share) -> ShareOut:
    return ShareOut(
        label=s.label,
        customers=s.customers,
        invited=s.invited,
        heard=s.heard,
        invited_pct=round(s.invited_pct, 1),
        heard_pct=round(s.heard_pct, 1),
    )


def _trigger_out(survey_id: uuid.UUID, result: Triggered) -> TriggerOut:
    outcome = result.outcome
    common: dict[str, Any] = {
        "replayed": not result.created,
        "survey_id": survey_id,
        "customer_id": outcome.customer_id,
        "event_ref": outcome.event_ref,
    }
    if isinstance(outcome, Invitation):
        return TriggerOut(
            outcome="invited",
            invitation_id=outcome.pk,
            language=outcome.language,
            invited_at=outcome.invited_at,
            expires_at=outcome.expires_at,
            sent_at=outcome.sent_at,
            **common,
        )
    return TriggerOut(outcome="skipped", reason=outcome.reason, detail=outcome.detail, **common)


@router.post(
    "/surveys/{survey_id}/invitations",
    response={200: TriggerOut, 201: TriggerOut},
    **api_requires(Perm.SURVEYS_SEND),
)
def trigger_invitation(
    request: HttpRequest, survey_id: uuid.UUID, payload: TriggerIn
) -> Status[TriggerOut]:
    """Ask a customer about an event: 201 when an invitation was created now, 200 with the
    skip and its reason (the contact rules refused it), or 200 with the first outcome when
    the same event_ref was triggered before (`replayed`)."""
    result = trigger_transactional(
        survey_id,
        event_ref=payload.event_ref,
        customer_id=payload.customer_id,
        customer_external_id=payload.customer_external_id,
        customer_email=payload.customer_email,
        occurred_at=payload.occurred_at,
    )
    status = 201 if result.created and result.invited else 200
    return Status(status, _trigger_out(survey_id, result))


@router.post("/surveys/bounces", response=BounceOut, **api_requires(Perm.SURVEYS_CHANGE))
def report_bounce(request: HttpRequest, payload: BounceIn) -> BounceOut:
    """A mail provider's bounce webhook: the address is never written to again."""
    bounce = record_bounce(payload.email, payload.reason)
    return BounceOut(
        email=bounce.suppression.email,
        suppressed=True,
        invitation_id=bounce.invitation.pk if bounce.invitation else None,
    )
