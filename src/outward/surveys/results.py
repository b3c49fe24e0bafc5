"""Read queries of the survey builder pages: the list with its counts, and the results summary
of one survey (response count, NPS / CSAT / CES with intervals from `outward.analytics.cx`,
the distribution of the first scored question). Only aggregates: employee pulse surveys show
nothing per person here (their results live on the pulse pages)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from outward.analytics import cx
from outward.surveys.choices import Audience, QuestionType
from outward.surveys.models import Invitation, Question, Response, Survey
from outward.surveys.services.building import scale_of


def _count_of(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("survey_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def survey_list() -> QuerySet[Survey]:
    """Every survey with its invitation, response and completed-response counts, one query
    (subqueries, so the counts do not multiply each other as joins would)."""
    return Survey.objects.select_related("touchpoint").annotate(
        invitation_count=_count_of(Invitation.objects.filter(survey_id=OuterRef("pk"))),
        response_count=_count_of(
            Response.objects.filter(survey_id=OuterRef("pk"), completed_at__isnull=False)
        ),
        partial_count=_count_of(
            Response.objects.filter(survey_id=OuterRef("pk"), completed_at__isnull=True)
        ),
    )


PLOT_TOP = 2.0
PLOT_HEIGHT = 34.0


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    interval: str
    n: int


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float  # geometry in the chart's 100 x 46 viewBox
    width: float
    y: float
    height: float
    label_x: float


@dataclass(frozen=True)
class Summary:
    completed: int
    partial: int
    invited: int
    metrics: list[Metric]
    chart_title: str
    bars: list[Bar]
    chart_n: int


def _fmt(value: float, digits: int = 1) -> str:
    return "—" if math.isnan(value) else f"{value:.{digits}f}"


def _metric(question: Question, values: list[int]) -> Metric | None:
    if question.type == QuestionType.NPS:
        result = cx.nps(values, method="adjusted" if len(values) < 30 else "normal")
        return Metric(
            "NPS",
            _fmt(result.nps, 0),
            f"95% CI {_fmt(result.ci_low, 0)} to {_fmt(result.ci_high, 0)}",
            result.n,
        )
    if question.type == QuestionType.CSAT:
        sat = cx.csat(values).satisfied
        return Metric(
            "CSAT (share 4-5)",
            f"{_fmt(sat.share * 100, 0)}%",
            f"95% CI {_fmt(sat.ci_low * 100, 0)}% to {_fmt(sat.ci_high * 100, 0)}%",
            sat.n,
        )
    if question.type == QuestionType.CES:
        mean = cx.ces(values)
        return Metric(
            "CES (mean, 1-7)",
            _fmt(mean.mean, 2),
            f"95% CI {_fmt(mean.ci_low, 2)} to {_fmt(mean.ci_high, 2)}",
            mean.n,
        )
    return None


def summary(survey: Survey, questions: list[Question]) -> Summary:
    """The survey's results, aggregated over completed responses."""
    counts = Response.objects.filter(survey=survey).aggregate(
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        partial=Count("pk", filter=Q(completed_at__isnull=True)),
    )
    invited = Invitation.objects.filter(survey=survey).count()
    answers = list(
        Response.objects.filter(survey=survey, completed_at__isnull=False).values_list(
            "answers", flat=True
        )
    )
    metrics: list[Metric] = []
    seen_types: set[str] = set()
    chart_question: Question | None = None
    for question in questions:
        scale = scale_of(question)
        if scale is None:
            continue
        chart_question = chart_question or question
        if question.type in seen_types or survey.audience == Audience.EMPLOYEES:
            continue
        seen_types.add(question.type)
        values = _scores(answers, question.key, scale)
        metric = _metric(question, values)
        if metric is not None:
            metrics.append(metric)
    bars: list[Bar] = []
    chart_n = 0
    title = ""
    if chart_question is not None:
        scale = scale_of(chart_question)
        assert scale is not None
        values = _scores(answers, chart_question.key, scale)
        tally = Counter(values)
        chart_n = len(values)
        peak = max(tally.values(), default=0) or 1
        steps = list(range(scale[0], scale[1] + 1))
        slot = 100.0 / len(steps)
        bars = []
        for i, step in enumerate(steps):
            height = PLOT_HEIGHT * tally[step] / peak
            bars.append(
                Bar(
                    label=str(step),
                    count=tally[step],
                    x=round(i * slot + slot * 0.15, 2),
                    width=round(slot * 0.7, 2),
                    y=round(PLOT_TOP + PLOT_HEIGHT - height, 2),
                    height=round(height, 2),
                    label_x=round(i * slot + slot / 2, 2),
                )
            )
        title = str((chart_question.text or {}).get(survey.default_language) or chart_question.key)
    return Summary(
        completed=counts["completed"],
        partial=counts["partial"],
        invited=invited,
        metrics=metrics,
        chart_title=title,
        bars=bars,
        chart_n=chart_n,
    )


def _scores(answers: list[object], key: str, scale: tuple[int, int]) -> list[int]:
    values = []
    for entry in answers:
        if isinstance(entry, dict):
            value = entry.get(key)
            if isinstance(value, int) and scale[0] <= value <= scale[1]:
                values.append(value)
    return values
