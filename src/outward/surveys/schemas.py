"""API schemas of the surveys app: explicit In and Out schemas, never a token or nonce."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from outward.core.api import InSchema, Moment, PageQuery, Text
from outward.surveys.choices import Audience, SurveyKind, SurveyStatus
from outward.surveys.models import Survey

Key = Annotated[Text, Field(min_length=1, max_length=200)]


class SurveyQuery(PageQuery):
    kind: SurveyKind | None = None
    status: SurveyStatus | None = None
    audience: Audience | None = None


class SurveyOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    audience: str
    status: str
    touchpoint: str | None = Field(description="Touchpoint slug (transactional surveys)")
    languages: list[str]
    reminder_after_days: int
    created_at: datetime

    @staticmethod
    def resolve_touchpoint(obj: Survey) -> str | None:
        return obj.touchpoint.slug if obj.touchpoint is not None else None


class SurveyPage(Schema):
    items: list[SurveyOut]
    next_cursor: str | None


class TriggerIn(InSchema):
    """Name the customer by exactly one of customer_id, customer_external_id, customer_email."""

    customer_id: uuid.UUID | None = None
    customer_external_id: Key | None = None
    customer_email: Key | None = None
    event_ref: Key = Field(
        description="The event's id in your system (a delivery, a case): a retry with the "
        "same one answers the first outcome and sends nothing more"
    )
    occurred_at: Moment | None = Field(None, description="When the event happened")


class TriggerOut(Schema):
    outcome: Literal["invited", "skipped"]
    replayed: bool = Field(description="True when this event was triggered before")
    survey_id: uuid.UUID
    customer_id: uuid.UUID | None
    event_ref: str
    invitation_id: uuid.UUID | None = None
    language: str | None = None
    invited_at: datetime | None = None
    expires_at: datetime | None = None
    sent_at: datetime | None = None
    reason: str | None = Field(None, description="Why it was skipped (SkipReason)")
    detail: str | None = None


class BounceIn(InSchema):
    email: Annotated[Text, Field(min_length=3, max_length=254)]
    reason: Annotated[Text, Field(max_length=300)] = Field(
        "", description="The provider's diagnostic, e.g. '550 5.1.1 user unknown'"
    )


class BounceOut(Schema):
    email: str
    suppressed: bool
    invitation_id: uuid.UUID | None = Field(description="The latest invitation to the address")


class ShareOut(Schema):
    label: str
    customers: int
    invited: int
    heard: int
    invited_pct: float
    heard_pct: float


class CoverageOut(Schema):
    since: date = Field(description="Start of the 12-month window")
    overall: ShareOut
    by_segment: list[ShareOut]
    by_region: list[ShareOut]
    never_heard: int
    contactable: int
    not_invited_in_cycle: int = Field(
        description="Contactable customers without a relationship invitation in coverage_days"
    )
    coverage_days: int
