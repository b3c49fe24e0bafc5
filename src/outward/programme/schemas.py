"""API schemas of the customer-service programme (every field listed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from outward.core.api import Day, InSchema, Text
from outward.programme.choices import LineStatus

Money = Annotated[Decimal, Field(ge=0, lt=Decimal("10000000000"), decimal_places=2)]


class LineOut(Schema):
    key: str
    title: str
    score: float = Field(description="0 to 1")
    status: LineStatus
    figures: str
    evidence: str = Field(description="The page that holds the evidence")


class ChecklistOut(Schema):
    day: dt.date
    score: int = Field(description="0 to 100: the mean of the lines' scores")
    lines: list[LineOut]


class ScoreOut(Schema):
    day: dt.date
    score: int


class PolicyOut(Schema):
    number: int
    title: str
    body: str
    file_name: str
    note: str
    published_at: dt.datetime = Field(alias="created_at")
    published_by_id: int | None


class TrainingIn(InSchema):
    user_id: int = Field(ge=1, le=2**31 - 1)
    course: Annotated[Text, Field(max_length=200)]
    completed_on: Day
    valid_until: Day | None = None
    hours: Decimal | None = Field(None, gt=0, le=1000, decimal_places=1)
    note: Annotated[Text, Field(max_length=300)] = ""


class TrainingOut(Schema):
    id: int
    user_id: int
    course: str
    completed_on: dt.date
    valid_until: dt.date | None
    hours: Decimal | None
    note: str


class FundingIn(InSchema):
    initiatives: Money
    remedies: Money


class FundingOut(Schema):
    year: int
    initiatives: Decimal
    remedies: Decimal
    currency: str
