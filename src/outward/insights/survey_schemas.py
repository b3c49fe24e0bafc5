"""API schemas of a survey's results: per question, by group and by month."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from outward.insights.report_schemas import Interval
from outward.insights.schemas import IssueQuery

Breakdown = Literal["segment", "region", "touchpoint"]
SurveyChart = Literal["question", "trend", "breakdown"]


class SurveyQuery(IssueQuery):
    by: Breakdown = Field("segment", description="Break the headline score down by this")


class SurveyChartQuery(SurveyQuery):
    key: str = Field("", max_length=50, description="question: the question's key")


class ScoreOut(Schema):
    metric: str = Field(description="nps (points), csat (% satisfied), ces or mean")
    answers: int
    value: float
    ci: Interval


class GroupScoreOut(ScoreOut):
    group: str


class MonthScoreOut(ScoreOut):
    month: date


class StepOut(Schema):
    value: int
    count: int
    share: float


class ChoiceOut(Schema):
    value: str
    label: str
    count: int
    share: float = Field(description="Of the respondents who answered the question")
    ci: Interval


class CommentOut(Schema):
    text: str
    completed_at: datetime
    theme_id: int | None
    theme: str | None


class CommentThemeOut(Schema):
    theme_id: int
    name: str
    responses: int


class QuestionResultOut(Schema):
    key: str
    type: str
    title: str
    answered: int
    headline: ScoreOut | None
    steps: list[StepOut]
    choices: list[ChoiceOut]
    comments: list[CommentOut] = Field(description="The latest comments, newest first")
    themes: list[CommentThemeOut] = Field(description="The comments' most frequent themes")


class SurveyResultsOut(Schema):
    survey_id: uuid.UUID
    name: str
    start: date
    end: date
    completed: int = Field(description="Completed responses in the period and slice")
    main_question: str | None = Field(description="The key of the headline question")
    by: Breakdown
    breakdown: list[GroupScoreOut]
    trend: list[MonthScoreOut]
    questions: list[QuestionResultOut]
