"""The results of one customer survey, question by question: each scored question's
distribution and headline with its interval, each choice question's answers with theirs, each
open question's latest comments with the themes the engine gave them; the headline broken down
by segment, region and touchpoint, and by month.

Every figure is counted by the database (answers grouped by value), so a page reads a few
small rows per question however many responses there are; the statistics come from
`outward.analytics` (NPS Wald interval, Wilson for shares, Student t for means).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Count, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import TruncMonth
from django.utils import timezone

from outward.analytics.cx import wilson_interval
from outward.analytics.scorestats import ScoreRow, ScoreType, score_rows
from outward.insights.models import Theme
from outward.insights.reports import ThemeNames
from outward.insights.selectors import Filters
from outward.surveys.choices import QuestionType
from outward.surveys.models import Question, Response, Survey
from outward.surveys.services.building import scale_of

SCORE_TYPES: dict[str, ScoreType] = {
    QuestionType.NPS: "nps",
    QuestionType.CSAT: "csat",
    QuestionType.CES: "ces",
    QuestionType.RATING: "mean",
}
HEADLINE_ORDER = (QuestionType.NPS, QuestionType.CSAT, QuestionType.CES, QuestionType.RATING)
BREAKDOWNS = {
    "segment": ("Segment", "customer__segment"),
    "region": ("Region", "customer__region"),
    "touchpoint": ("Touchpoint", "feedback__touchpoint__name"),
}
COMMENTS = 12
COMMENT_THEMES = 6
MIN_GROUP = 5
"""Fewest answers a breakdown group or a month needs to be shown (its interval is too wide)."""


@dataclass(frozen=True)
class Step:
    value: int
    count: int
    share: float


@dataclass(frozen=True)
class ChoiceRow:
    value: str
    label: str
    count: int
    share: float
    ci: tuple[float, float]


@dataclass(frozen=True)
class Comment:
    text: str
    at: dt.datetime
    theme: Theme | None


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    title: str
    answered: int
    headline: ScoreRow | None = None
    steps: list[Step] = field(default_factory=list)
    choices: list[ChoiceRow] = field(default_factory=list)
    multiple: bool = False
    comments: list[Comment] = field(default_factory=list)
    themes: list[tuple[Theme, int]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.question.type in SCORE_TYPES:
            return "score"
        return "text" if self.question.type == QuestionType.TEXT else "choice"


@dataclass(frozen=True)
class TrendPoint:
    month: dt.date
    row: ScoreRow


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    filters: Filters
    completed: int
    questions: list[QuestionResult]
    main: Question | None
    by: str
    breakdown: list[ScoreRow]
    trend: list[TrendPoint]

    @property
    def by_label(self) -> str:
        return BREAKDOWNS[self.by][0]


def _title(question: Question, survey: Survey) -> str:
    texts = question.text or {}
    return str(texts.get(survey.default_language) or next(iter(texts.values()), question.key))


def _choice_label(question: Question, value: str, language: str) -> str:
    for choice in question.choices or []:
        if str(choice.get("value")) == value:
            labels = choice.get("label") or {}
            return str(labels.get(language) or next(iter(labels.values()), value))
    return value


def _score(raw: Any, scale: tuple[int, int]) -> int | None:
    """An answer as the database hands it back (a number, or its text on PostgreSQL)."""
    try:
        value = int(str(raw))
    except ValueError:
        return None
    return value if scale[0] <= value <= scale[1] else None


def _picked(raw: Any) -> list[str]:
    """A choice answer: one value, or a list of them (stored as JSON text by some backends)."""
    if isinstance(raw, list):
        return [str(v) for v in raw]
    text = str(raw)
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            return [text]
        return [str(v) for v in parsed] if isinstance(parsed, list) else [text]
    return [text]


def _answered(responses: QuerySet[Response], key: str) -> QuerySet[Any]:
    """The responses that answered `key`, each with its answer as `answer`."""
    return responses.annotate(answer=KT(f"answers__{key}")).exclude(answer__isnull=True)


def _scores(
    rows: Iterable[tuple[Any, Any, int]], scale: tuple[int, int]
) -> tuple[np.ndarray, list[Any]]:
    """(scores, group per score) from (group, answer, count) rows, one entry per answer."""
    scores: list[int] = []
    groups: list[Any] = []
    for group, raw, n in rows:
        value = _score(raw, scale)
        if value is not None:
            scores += [value] * n
            groups += [group] * n
    return np.asarray(scores, dtype=float), groups


def _score_result(question: Question, title: str, responses: QuerySet[Response]) -> QuestionResult:
    scale = scale_of(question)
    assert scale is not None
    rows = _answered(responses, question.key).values_list("answer").annotate(n=Count("pk"))
    scores, _ = _scores(((None, raw, n) for raw, n in rows), scale)
    tally = Counter(int(v) for v in scores)
    total = len(scores)
    steps = [
        Step(v, tally[v], tally[v] / total if total else 0.0) for v in range(scale[0], scale[1] + 1)
    ]
    headline = score_rows(scores, SCORE_TYPES[question.type])[0] if total else None
    return QuestionResult(question, title, total, headline=headline, steps=steps)


def _choice_result(
    question: Question, title: str, responses: QuerySet[Response], language: str
) -> QuestionResult:
    rows = _answered(responses, question.key).values_list("answer").annotate(n=Count("pk"))
    tally: Counter[str] = Counter()
    answered = 0
    for raw, n in rows:
        picked = _picked(raw)
        if picked:
            answered += n
        for value in picked:
            tally[value] += n
    values = [str(c.get("value")) for c in question.choices or []]
    values += sorted(set(tally) - set(values))  # answers to a choice since removed
    choices = [
        ChoiceRow(
            value=value,
            label=_choice_label(question, value, language),
            count=tally[value],
            share=tally[value] / answered if answered else 0.0,
            ci=wilson_interval(tally[value], answered) if answered else (0.0, 0.0),
        )
        for value in values
    ]
    multiple = question.type == QuestionType.MULTIPLE_CHOICE
    return QuestionResult(question, title, answered, choices=choices, multiple=multiple)


def _text_result(
    question: Question, title: str, responses: QuerySet[Response], names: ThemeNames
) -> QuestionResult:
    said = _answered(responses, question.key)  # answers are never stored empty
    answered = said.count()
    latest = said.order_by("-completed_at").values_list(
        "answer", "completed_at", "feedback__theme_id"
    )[:COMMENTS]
    comments = [
        Comment(str(text), at, names.shown(names.by_pk.get(theme_id)) if theme_id else None)
        for text, at, theme_id in latest
    ]
    counted: Counter[Theme] = Counter()
    for theme_id, n in (
        said.exclude(feedback__theme_id__isnull=True)
        .values_list("feedback__theme_id")
        .annotate(n=Count("pk"))
    ):
        theme = names.shown(names.by_pk.get(theme_id))
        if theme is not None and not theme.hidden:
            counted[theme] += n
    themes = counted.most_common(COMMENT_THEMES)
    return QuestionResult(question, title, answered, comments=comments, themes=themes)


def main_question(questions: list[Question]) -> Question | None:
    """The question the survey is read by: its first NPS, else CSAT, CES or rating."""
    for kind in HEADLINE_ORDER:
        for question in questions:
            if question.type == kind:
                return question
    return None


def _breakdown(main: Question, responses: QuerySet[Response], by: str) -> list[ScoreRow]:
    scale = scale_of(main)
    assert scale is not None
    path = BREAKDOWNS[by][1]
    rows = (
        _answered(responses, main.key)
        .exclude(**{f"{path}__isnull": True})
        .exclude(**{path: ""})
        .values_list(path, "answer")
        .annotate(n=Count("pk"))
    )
    scores, groups = _scores(rows, scale)
    if not len(scores):
        return []
    found = score_rows(scores, SCORE_TYPES[main.type], {by: pd.Series(groups)}, min_n=MIN_GROUP)
    return [row for row in found if row.segment == by]


def _trend(main: Question, responses: QuerySet[Response]) -> list[TrendPoint]:
    scale = scale_of(main)
    assert scale is not None
    rows = (
        _answered(responses, main.key)
        .annotate(month=TruncMonth("completed_at"))
        .values_list("month", "answer")
        .annotate(n=Count("pk"))
    )
    per_month: dict[dt.date, list[tuple[Any, Any, int]]] = defaultdict(list)
    for month, raw, n in rows:
        day = month.date() if isinstance(month, dt.datetime) else month
        per_month[day].append((None, raw, n))
    points = []
    for month in sorted(per_month):
        scores, _ = _scores(per_month[month], scale)
        if len(scores) >= MIN_GROUP:
            points.append(TrendPoint(month, score_rows(scores, SCORE_TYPES[main.type])[0]))
    return points


def _responses(survey: Survey, filters: Filters) -> QuerySet[Response]:
    def midnight(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    responses = Response.objects.filter(
        survey=survey,
        completed_at__gte=midnight(filters.start),
        completed_at__lt=midnight(filters.end + dt.timedelta(days=1)),
    )
    if filters.segment:
        responses = responses.filter(customer__segment=filters.segment)
    if filters.region:
        responses = responses.filter(customer__region=filters.region)
    if filters.touchpoint is not None:
        responses = responses.filter(feedback__touchpoint_id=filters.touchpoint)
    if filters.product:
        responses = responses.filter(feedback__product_id=filters.product)
    return responses


def survey_results(
    survey: Survey, questions: list[Question], filters: Filters, by: str = "segment"
) -> SurveyResults:
    """Every question's results over the survey's completed responses in the filters."""
    responses = _responses(survey, filters)
    names = ThemeNames()
    language = survey.default_language
    found: list[QuestionResult] = []
    for question in questions:
        title = _title(question, survey)
        if question.type in SCORE_TYPES:
            found.append(_score_result(question, title, responses))
        elif question.type == QuestionType.TEXT:
            found.append(_text_result(question, title, responses, names))
        else:
            found.append(_choice_result(question, title, responses, language))
    main = main_question(questions)
    return SurveyResults(
        survey=survey,
        filters=filters,
        completed=responses.count(),
        questions=found,
        main=main,
        by=by,
        breakdown=_breakdown(main, responses, by) if main else [],
        trend=_trend(main, responses) if main else [],
    )
