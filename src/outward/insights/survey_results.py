"""The results of one customer survey, question by question: each scored question's
distribution and headline with its interval, each choice question's answers with theirs, each
open question's latest comments with the themes the engine gave them; the headline broken down
by segment, region and touchpoint, and by month.

Scores, choices and how many answered are summed from the survey's answer rollup
(`surveys.AnswerDay`: day x question x answer x slice, kept as responses complete), in one
query for all questions, so a page reads a few small rows per question however many responses
there are; only the open questions' latest comments and their themes read the responses. The
statistics come from `outward.analytics` (NPS Wald interval, Wilson for shares, Student t for
means).
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
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import TruncMonth
from django.utils import timezone

from outward.analytics.cx import wilson_interval
from outward.analytics.scorestats import ScoreRow, ScoreType, score_rows
from outward.customers.models import Touchpoint
from outward.insights.models import Theme
from outward.insights.reports import ThemeNames
from outward.insights.selectors import Filters
from outward.surveys.choices import QuestionType
from outward.surveys.models import AnswerDay, Question, Response, Survey
from outward.surveys.rollups import COMPLETED
from outward.surveys.services.building import scale_of

SCORE_TYPES: dict[str, ScoreType] = {
    QuestionType.NPS: "nps",
    QuestionType.CSAT: "csat",
    QuestionType.CES: "ces",
    QuestionType.RATING: "mean",
}
HEADLINE_ORDER = (QuestionType.NPS, QuestionType.CSAT, QuestionType.CES, QuestionType.RATING)
BREAKDOWNS = {
    "segment": ("Segment", "segment"),
    "region": ("Region", "region"),
    "touchpoint": ("Touchpoint", "touchpoint_id"),
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


Tally = list[tuple[Any, Any, int]]
"""(group, answer, count) rows."""


def _scores(
    rows: Iterable[tuple[Any, Any, int]], scale: tuple[int, int]
) -> tuple[np.ndarray, list[Any]]:
    """(scores, group per score) from (group, answer, count) rows, one entry per answer."""
    values: list[int] = []
    counts: list[int] = []
    groups: list[Any] = []
    for group, raw, n in rows:
        value = _score(raw, scale)
        if value is not None:
            values.append(value)
            counts.append(n)
            groups += [group] * n
    return np.repeat(np.asarray(values, dtype=float), counts), groups


def _score_result(question: Question, title: str, tally: Tally) -> QuestionResult:
    scale = scale_of(question)
    assert scale is not None
    scores, _ = _scores(tally, scale)
    counted = Counter(int(v) for v in scores)
    total = len(scores)
    steps = [
        Step(v, counted[v], counted[v] / total if total else 0.0)
        for v in range(scale[0], scale[1] + 1)
    ]
    headline = score_rows(scores, SCORE_TYPES[question.type])[0] if total else None
    return QuestionResult(question, title, total, headline=headline, steps=steps)


def _choice_result(question: Question, title: str, tally: Tally, language: str) -> QuestionResult:
    counted: Counter[str] = Counter()
    answered = 0
    for _, raw, n in tally:
        picked = _picked(raw)
        if picked:
            answered += n
        for value in picked:
            counted[value] += n
    values = [str(c.get("value")) for c in question.choices or []]
    values += sorted(set(counted) - set(values))  # answers to a choice since removed
    choices = [
        ChoiceRow(
            value=value,
            label=_choice_label(question, value, language),
            count=counted[value],
            share=counted[value] / answered if answered else 0.0,
            ci=wilson_interval(counted[value], answered) if answered else (0.0, 0.0),
        )
        for value in values
    ]
    multiple = question.type == QuestionType.MULTIPLE_CHOICE
    return QuestionResult(question, title, answered, choices=choices, multiple=multiple)


def _text_result(
    question: Question,
    title: str,
    answered: int,
    responses: QuerySet[Response],
    themes: Counter[int],
    names: ThemeNames,
) -> QuestionResult:
    latest = (
        _answered(responses, question.key)
        .order_by("-completed_at")
        .values_list("answer", "completed_at", "feedback__theme_id")[:COMMENTS]
        if answered
        else []  # nobody answered it: no need to look through the responses
    )
    comments = [
        Comment(str(text), at, names.shown(names.by_pk.get(theme_id)) if theme_id else None)
        for text, at, theme_id in latest
    ]
    counted: Counter[Theme] = Counter()
    for theme_id, n in themes.items():
        theme = names.shown(names.by_pk.get(theme_id))
        if theme is not None and not theme.hidden:
            counted[theme] += n
    return QuestionResult(
        question, title, answered, comments=comments, themes=counted.most_common(COMMENT_THEMES)
    )


def _comment_themes(responses: QuerySet[Response], keys: list[str]) -> dict[str, Counter[int]]:
    """Per open question, how many of its answers the engine gave each theme: one pass over
    the themed responses for all the open questions (a theme is the response's, set on its
    feedback item by the analysis, so no rollup can hold it through a refit)."""
    if not keys:
        return {}
    counts = {
        f"q{n}": Count("pk", filter=Q(**{f"answers__{key}__isnull": False}))
        for n, key in enumerate(keys)
    }
    rows = (
        responses.filter(feedback__theme_id__isnull=False)
        .values("feedback__theme_id")
        .annotate(**counts)
        .order_by()
    )
    found: dict[str, Counter[int]] = {key: Counter() for key in keys}
    for row in rows:
        for n, key in enumerate(keys):
            if row[f"q{n}"]:
                found[key][row["feedback__theme_id"]] += row[f"q{n}"]
    return found


def main_question(questions: list[Question]) -> Question | None:
    """The question the survey is read by: its first NPS, else CSAT, CES or rating."""
    for kind in HEADLINE_ORDER:
        for question in questions:
            if question.type == kind:
                return question
    return None


def _breakdown(main: Question, answers: QuerySet[AnswerDay], by: str) -> list[ScoreRow]:
    scale = scale_of(main)
    assert scale is not None
    column = BREAKDOWNS[by][1]
    rows: list[tuple[Any, Any, int]] = list(
        answers.filter(question=main.key)
        .exclude(**{column: 0 if column == "touchpoint_id" else ""})
        .values_list(column, "answer")
        .annotate(n=Sum("n"))
        .order_by()
    )
    if column == "touchpoint_id":
        named = dict(Touchpoint.objects.values_list("pk", "name"))
        rows = [(named.get(group, str(group)), raw, n) for group, raw, n in rows]
    scores, groups = _scores(rows, scale)
    if not len(scores):
        return []
    found = score_rows(scores, SCORE_TYPES[main.type], {by: pd.Series(groups)}, min_n=MIN_GROUP)
    return [row for row in found if row.segment == by]


def _trend(main: Question, answers: QuerySet[AnswerDay]) -> list[TrendPoint]:
    scale = scale_of(main)
    assert scale is not None
    rows = (
        answers.filter(question=main.key)
        .annotate(month=TruncMonth("day"))
        .values_list("month", "answer")
        .annotate(n=Sum("n"))
        .order_by()
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


def _answer_rows(survey: Survey, filters: Filters) -> QuerySet[AnswerDay]:
    rows = AnswerDay.objects.filter(survey=survey, day__gte=filters.start, day__lte=filters.end)
    if filters.segment:
        rows = rows.filter(segment=filters.segment)
    if filters.region:
        rows = rows.filter(region=filters.region)
    if filters.touchpoint is not None:
        rows = rows.filter(touchpoint_id=filters.touchpoint)
    if filters.product:
        rows = rows.filter(product_id=filters.product)
    return rows


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
    answers = _answer_rows(survey, filters)
    tallies: dict[str, Tally] = defaultdict(list)
    for question_key, raw, n in (
        answers.values_list("question", "answer").annotate(n=Sum("n")).order_by()
    ):
        tallies[question_key].append((None, raw, n))
    responses = _responses(survey, filters)
    open_keys = [q.key for q in questions if q.type == QuestionType.TEXT]
    themes = _comment_themes(responses, open_keys)
    names = ThemeNames()
    language = survey.default_language
    found: list[QuestionResult] = []
    for question in questions:
        title = _title(question, survey)
        tally = tallies.get(question.key, [])
        if question.type in SCORE_TYPES:
            found.append(_score_result(question, title, tally))
        elif question.type == QuestionType.TEXT:
            answered = sum(n for _, _, n in tally)
            found.append(
                _text_result(question, title, answered, responses, themes[question.key], names)
            )
        else:
            found.append(_choice_result(question, title, tally, language))
    main = main_question(questions)
    return SurveyResults(
        survey=survey,
        filters=filters,
        completed=sum(n for _, _, n in tallies.get(COMPLETED, [])),
        questions=found,
        main=main,
        by=by,
        breakdown=_breakdown(main, answers, by) if main else [],
        trend=_trend(main, answers) if main else [],
    )
