"""API schemas of metric reviews (every field listed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from outward.core.api import Day, InSchema
from outward.reviews.choices import ActionStatus


class ActionOut(Schema):
    id: int
    review_id: int
    title: str
    owner_id: int | None
    due_on: dt.date
    status: str
    done_at: dt.datetime | None
    outcome: str


class ReviewSummaryOut(Schema):
    id: int
    scheduled_for: dt.date
    period_start: dt.date
    period_end: dt.date
    status: str
    prepared_at: dt.datetime
    held_at: dt.datetime | None


class AttendanceOut(Schema):
    user_id: int
    present: bool


class ReviewOut(ReviewSummaryOut):
    figures: dict[str, Any] = Field(
        description="Scores with intervals and change, outcomes, issues, recalls, coverage, targets"
    )
    attendance: list[AttendanceOut]
    decisions: list[str]
    actions: list[ActionOut] = Field(description="Actions agreed in this review")
    carried: list[ActionOut] = Field(description="Earlier actions this review follows up")


class ActionIn(InSchema):
    title: str = Field(min_length=1, max_length=300, pattern=r"^[^\x00]*$")
    owner_id: int = Field(ge=1, le=2**31 - 1)
    due_on: Day


class ActionQuery(Schema):
    status: ActionStatus | None = None


class DoneIn(InSchema):
    outcome: str = Field("", max_length=5000, pattern=r"^[^\x00]*$")
