"""API schemas of the insights: the issue board, themes, recall reviews (every field listed)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from outward.core.api import UNSET, Day, PatchSchema
from outward.feedback.choices import Source

Slice = Annotated[str, Field(max_length=50, pattern=r"^[^\x00]*$")]


class IssueQuery(Schema):
    start: Day | None = Field(None, description="First day (default: 90 days before `end`)")
    end: Day | None = Field(None, description="Last day, inclusive (default: today)")
    source: Source | None = None
    segment: Slice | None = None
    region: Slice | None = None
    touchpoint: Annotated[int, Field(ge=1, le=2**31)] | None = Field(
        None, description="Touchpoint id"
    )
    product: uuid.UUID | None = Field(None, description="Product id")


class ThemeOut(Schema):
    id: int
    name: str = Field(description="The name people gave it, else the engine's label")
    label: str = Field(description="The engine's label")
    kind: str
    origin: str
    root_cause: str
    key_phrases: list[str]
    quotes: list[str]
    rule_phrases: list[str]
    rule_pattern: str
    pinned: bool
    hidden: bool
    archived: bool
    merged_into: int | None
    version: int


class IssueOut(Schema):
    theme: ThemeOut
    mentions: int
    customers: int = Field(description="Distinct customers who mentioned it in the period")
    prevalence: str = Field(description="single, few or many")
    negative_share: float
    mean_sentiment: float
    nps: float | None
    revenue_at_risk: Decimal = Field(description="Annual value of the active customers affected")
    weekly_rates: list[float] = Field(description="Share of all feedback, per week")
    trend: str


class RunOut(Schema):
    id: int
    status: str
    finished_at: datetime | None
    n_items: int
    n_themes: int
    backend: str
    engine_version: str


class BoardOut(Schema):
    start: date
    end: date
    items: int = Field(description="Feedback items in the period and slice")
    active_customers: int
    issues: list[IssueOut]
    praise: list[IssueOut]
    run: RunOut | None


class ThemeEditOut(Schema):
    version: int
    action: str
    changes: dict[str, Any]
    by: str | None
    at: datetime


class ThemeDetailOut(Schema):
    theme: ThemeOut
    figures: IssueOut | None
    edits: list[ThemeEditOut]


class ThemePatch(PatchSchema):
    name: Annotated[str, Field(max_length=120, pattern=r"^[^\x00]*$")] = Field(UNSET)
    hidden: bool = Field(UNSET)
    pinned: bool = Field(UNSET)


class RecallQuery(Schema):
    status: Annotated[str, Field(pattern=r"^(open|decided)$")] | None = None


class RecallOut(Schema):
    id: int
    theme_id: int
    product_id: uuid.UUID
    batch_id: uuid.UUID
    lot_code: str
    status: str
    decision: str
    rationale: str
    owner_id: int | None
    evidence: dict[str, Any]
    created_at: datetime
    decided_at: datetime | None


class RefitOut(Schema):
    run: RunOut
    queued: bool = Field(description="False when a refit was already queued or running")
