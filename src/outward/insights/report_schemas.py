"""API schemas of the analysis pages: drivers, journey, outcomes, batch quality, charts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from outward.insights.schemas import IssueQuery

TargetKey = Literal["nps", "csat", "ces", "churn"]
ChartName = Literal["drivers", "journey", "churn", "competitors", "quality"]


class DriverQuery(Schema):
    target: TargetKey = Field("nps", description="nps, csat, ces or churn")


class ChartQuery(IssueQuery):
    target: TargetKey = Field("nps", description="drivers: the target")


class Interval(Schema):
    low: float
    high: float


class DriverOut(Schema):
    name: str
    kind: str = Field(description="theme or touchpoint")
    theme_id: int | None
    prevalence: float = Field(description="Share of the answers that mention it")
    effect: float = Field(description="Shift of the target when it is mentioned")
    effect_ci: Interval
    impact: float = Field(description="effect x prevalence: the shift of the average")
    impact_ci: Interval
    importance: float = Field(description="Share of the explained variance (Pratt)")
    fix_rank: int | None = Field(description="Fix-first rank (harmful beyond doubt), or null")
    explanation: str


class DriversOut(Schema):
    target: TargetKey
    label: str
    run_id: int | None
    n: int
    sampled: bool
    skipped: str
    metric: str = Field(description="auc (churn) or r2 (scores), on held-out customers")
    accuracy: float | None
    weak: bool
    accuracy_explained: str
    drivers: list[DriverOut]


class IssueCount(Schema):
    theme_id: int
    name: str
    negative_items: int


class StageOut(Schema):
    touchpoint_id: int
    name: str
    items: int
    mean_sentiment: float | None
    negative_share: float | None
    nps: float | None
    nps_answers: int
    csat_satisfied: float | None
    csat_answers: int
    ces: float | None
    ces_answers: int
    top_issues: list[IssueCount]
    worst: bool


class JourneyOut(Schema):
    start: date
    end: date
    worst_by: str
    stages: list[StageOut]


class GroupOut(Schema):
    group: str
    customers: int
    churned: int
    churn_rate: float | None
    churn_ci: list[float | None]
    annual_value: float
    lost_value: float


class ExposureOut(Schema):
    theme_id: int
    name: str
    exposed: int
    exposed_churn: float
    unexposed_churn: float
    difference: float
    difference_ci: Interval
    p_value: float | None
    lost_value: float
    revenue_at_risk: float


class CompetitorMonthsOut(Schema):
    months: list[str]
    items: list[int]
    mentions: dict[str, list[int]]
    switching: list[int]


class OutcomesOut(Schema):
    run_id: int | None
    computed_at: datetime | None
    customers: int
    churned: int
    annual_value: float
    revenue_at_risk: float
    at_risk_customers: int
    nps_groups: list[GroupOut]
    exposure: list[ExposureOut]
    competitors: CompetitorMonthsOut
    competitor_names: list[str]


class BatchThemeOut(Schema):
    theme_id: int
    name: str
    affected: int
    share: float
    other_share: float | None
    ratio: float | None
    p_adjusted: float | None
    test: str
    flagged: bool


class BatchOut(Schema):
    batch_id: uuid.UUID
    lot_code: str
    manufactured_on: date | None
    owners: int
    themes: list[BatchThemeOut]
    recall_review_id: int | None


class ProductQualityOut(Schema):
    product_id: uuid.UUID
    name: str
    sku: str
    batches: list[BatchOut]


class FigureOut(Schema):
    data: list[dict[str, Any]] = Field(description="Plotly traces")
    layout: dict[str, Any] = Field(description="Plotly layout")
