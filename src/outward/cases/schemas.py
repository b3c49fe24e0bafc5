"""API schemas of cases, remedies and promises (every field listed)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from outward.cases.choices import (
    CaseStatus,
    Priority,
    PromiseKind,
    PromiseStatus,
    RemedyKind,
    Resolution,
)
from outward.core.api import InSchema, Moment, PageQuery, PatchSchema, Text

DbId = Annotated[int, Field(ge=1, le=2**31 - 1)]
Short = Annotated[Text, Field(max_length=300)]
Long = Annotated[Text, Field(max_length=10_000)]
Amount = Annotated[Decimal, Field(ge=0, le=Decimal("9999999999.99"), decimal_places=2)]


class CaseQuery(PageQuery):
    view: str = Field("active", pattern="^(mine|team|unassigned|breaching|active|done)$")
    status: CaseStatus | None = None
    priority: Priority | None = None


class CaseIn(InSchema):
    feedback_id: uuid.UUID | None = Field(None, description="Open it about this feedback item")
    customer_id: uuid.UUID | None = Field(None, description="Or about this customer")
    title: Short | None = None
    priority: Priority | None = None
    note: Long = ""


class CasePatch(PatchSchema):
    assignee_id: DbId | None = None
    priority: Priority = None  # type: ignore[assignment]
    next_step: Short = None  # type: ignore[assignment]
    next_step_due: Moment | None = None
    waiting: bool = Field(None, description="Wait on the customer (pauses the clock)")  # type: ignore[assignment]


class EventOut(Schema):
    kind: str
    at: dt.datetime
    by_id: int | None
    text: str
    data: dict[str, Any]


class CaseOut(Schema):
    id: uuid.UUID
    reference: str
    title: str
    customer_id: uuid.UUID
    feedback_id: uuid.UUID | None
    theme_id: int | None
    root_cause: str
    origin: str
    status: str
    priority: str
    team_id: int | None
    assignee_id: int | None
    first_response_due: dt.datetime
    resolution_due: dt.datetime
    first_responded_at: dt.datetime | None
    paused_at: dt.datetime | None
    next_step: str
    next_step_due: dt.datetime | None
    resolution: str
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    created_at: dt.datetime


class CaseDetailOut(CaseOut):
    events: list[EventOut]


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class NoteIn(InSchema):
    text: Long


class ResolveIn(InSchema):
    resolution: Resolution
    note: Long = ""


class CloseIn(InSchema):
    survey_id: uuid.UUID | None = Field(None, description="Ask the customer how it went")


class RemedyIn(InSchema):
    kind: RemedyKind
    amount: Amount
    note: Annotated[Text, Field(max_length=2000)] = ""


class RemedyOut(Schema):
    id: int
    case_id: uuid.UUID
    customer_id: uuid.UUID
    kind: str
    amount: Decimal
    currency: str
    status: str
    latitude: Decimal = Field(description="What the requester could grant alone")
    approver_role: str
    escalated: bool
    policy_version_id: int | None
    requested_by_id: int | None
    decided_by_id: int | None
    decided_at: dt.datetime | None
    created_at: dt.datetime


class DecisionIn(InSchema):
    approve: bool
    note: Annotated[Text, Field(max_length=2000)] = ""


class LatitudeOut(Schema):
    kind: str
    up_to: Decimal


class PromiseIn(InSchema):
    customer_id: uuid.UUID
    case_id: uuid.UUID | None = None
    kind: PromiseKind
    description: Short
    owner_id: DbId
    due_at: Moment


class PromiseQuery(PageQuery):
    status: PromiseStatus | None = None
    owner_id: DbId | None = None


class PromiseOut(Schema):
    id: int
    customer_id: uuid.UUID
    case_id: uuid.UUID | None
    kind: str
    description: str
    owner_id: int
    team_id: int | None
    due_at: dt.datetime
    status: str
    resolved_at: dt.datetime | None
    created_at: dt.datetime


class PromisePage(Schema):
    items: list[PromiseOut]
    next_cursor: str | None


class SettleIn(InSchema):
    note: Annotated[Text, Field(max_length=2000)] = ""


class CracksOut(Schema):
    overdue_promises: int
    stalled_cases: int
    unanswered_detractors: int
    promise_kept_pct: float | None
    promise_on_time_pct: float | None
    promises_settled: int
