"""API schemas of the pulse: rounds and their anonymised results (every field listed)."""

from __future__ import annotations

import uuid
from datetime import datetime

from ninja import Schema

from outward.core.api import PageQuery


class RoundQuery(PageQuery):
    pass


class RoundOut(Schema):
    id: uuid.UUID
    name: str
    opened_at: datetime
    closes_at: datetime
    invited: int
    responded: int


class RoundPage(Schema):
    items: list[RoundOut]
    next_cursor: str | None


class FigureOut(Schema):
    """A statistic with its 95 % interval; all null and `suppressed` true for a small group;
    only `band` (and n) for a small group whose answers all fell in one band."""

    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int | None
    suppressed: bool
    band: str | None = None


class GroupOut(Schema):
    team_id: int | None
    label: str
    respondents: int | None
    suppressed: bool
    enps: FigureOut
    equipped: FigureOut
    invited: int | None
    response_rate: float | None


class RaterOut(Schema):
    team_id: int | None
    label: str
    rating: FigureOut


class RatingOut(Schema):
    team_id: int
    team_name: str
    overall: FigureOut
    by_rater: list[RaterOut]


class ResultsOut(Schema):
    round: RoundOut
    min_group: int
    invited: int
    responded: int
    respondents: int
    response_rate: float | None
    overall: GroupOut
    teams: list[GroupOut]
    ratings: list[RatingOut]
    comments: list[str] | None
