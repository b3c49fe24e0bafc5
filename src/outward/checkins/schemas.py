"""API schemas of check-ins and the churn-risk model (every field listed)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from outward.cases.choices import PromiseKind
from outward.checkins.choices import CheckInStatus, Reason
from outward.core.api import InSchema, Moment, PageQuery, Text

Short = Annotated[Text, Field(max_length=300)]


class CheckInQuery(PageQuery):
    status: CheckInStatus = CheckInStatus.PROPOSED
    reason: Reason | None = None
    mine: bool = False


class CheckInOut(Schema):
    id: int
    customer_id: uuid.UUID
    customer_name: str
    reason: Reason
    detail: str
    risk: float | None
    proposed_on: dt.date
    assignee_id: int | None
    assigned_because: str
    status: CheckInStatus
    note: str
    done_at: dt.datetime | None
    outcome_id: uuid.UUID | None
    case_id: uuid.UUID | None

    @staticmethod
    def resolve_customer_name(obj: Any) -> str:
        return str(obj.customer.name)


class CheckInPage(Schema):
    items: list[CheckInOut]
    next_cursor: str | None


class OutcomeIn(InSchema):
    text: Annotated[Text, Field(max_length=4000)]
    nps: int | None = Field(None, ge=0, le=10)
    open_case: bool = False
    promise: Short = ""
    promise_kind: PromiseKind = PromiseKind.FOLLOW_UP
    promise_due: Moment | None = None


class DismissIn(InSchema):
    note: Short


class WeightOut(Schema):
    feature: str
    says: str
    coefficient: float


class RiskModelOut(Schema):
    fitted_at: dt.datetime | None
    usable: bool
    auc: float | None = Field(description="Held-out AUC (customers the model did not learn from)")
    min_auc: float
    customers: int
    churned: int
    note: str
    weights: list[WeightOut]
