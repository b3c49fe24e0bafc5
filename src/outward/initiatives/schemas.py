"""API schemas of improvement initiatives (every field listed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from outward.core.api import Day, InSchema
from outward.initiatives.choices import Metric, Stage

Text = Field(min_length=1, max_length=5000, pattern=r"^[^\x00]*$")


class InitiativeOut(Schema):
    id: int
    title: str
    hypothesis: str
    stage: Stage
    owner_id: int | None
    budget: Decimal
    theme_ids: list[int]
    root_causes: list[str]
    touchpoint_ids: list[int]
    segment: str
    product_id: str | None
    batch_id: str | None
    competitor: str
    metric: Metric
    window_days: int
    change_date: dt.date | None
    resurvey_id: str | None
    resurvey_after_days: int
    resurveyed_at: dt.datetime | None
    validated: bool | None = Field(description="None until measured after the change")
    result: dict[str, Any] | None = Field(
        description="Before/after cells, the difference-in-differences, verdict and summary"
    )


class InitiativeIn(InSchema):
    title: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    hypothesis: str = Text
    owner_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    budget: Decimal = Field(default=Decimal(0), ge=0, max_digits=12, decimal_places=2)
    theme_ids: list[int] = Field(default_factory=list, max_length=50)
    root_causes: list[str] = Field(default_factory=list, max_length=20)
    touchpoint_ids: list[int] = Field(default_factory=list, max_length=50)
    segment: str = Field(default="", max_length=50, pattern=r"^[^\x00]*$")
    competitor: str = Field(default="", max_length=100, pattern=r"^[^\x00]*$")
    metric: Metric = Metric.NPS
    window_days: int = Field(default=90, ge=14, le=365)
    resurvey_after_days: int = Field(default=14, ge=0, le=180)


class ChangeIn(InSchema):
    change_date: Day
