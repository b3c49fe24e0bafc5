"""API v1: a customer survey's results as its page shows them, and the page's charts."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from outward.accounts.api_auth import api_requires
from outward.analytics.scorestats import ScoreRow
from outward.core.errors import NotFound
from outward.core.permissions import Perm
from outward.insights import survey_charts
from outward.insights.api import filters_of
from outward.insights.report_schemas import FigureOut
from outward.insights.survey_results import SurveyResults, survey_results
from outward.insights.survey_schemas import (
    SurveyChart,
    SurveyChartQuery,
    SurveyQuery,
    SurveyResultsOut,
)
from outward.insights.survey_views import SURVEY_DAYS
from outward.surveys.choices import Audience
from outward.surveys.models import Survey
from outward.surveys.services.responses import survey_questions

router = Router(tags=["insights"])
VIEW = api_requires(Perm.SURVEYS_VIEW)


def _results(survey_id: uuid.UUID, query: SurveyQuery) -> SurveyResults:
    survey = Survey.objects.filter(pk=survey_id).exclude(audience=Audience.EMPLOYEES).first()
    if survey is None:
        raise NotFound("No such customer survey (pulse results are under /pulse).")
    return survey_results(
        survey, survey_questions(survey), filters_of(query, SURVEY_DAYS), query.by
    )


def _score(row: ScoreRow) -> dict[str, Any]:
    return {
        "metric": row.metric,
        "answers": row.n,
        "value": row.value,
        "ci": {"low": row.ci_low, "high": row.ci_high},
    }


@router.get("/insights/surveys/{survey_id}/results", response=SurveyResultsOut, **VIEW)
def results(request: HttpRequest, survey_id: uuid.UUID, query: Query[SurveyQuery]) -> Any:
    """Per question: score distribution and headline with interval, choice shares with
    intervals, latest comments with their themes; the headline by group and by month."""
    found = _results(survey_id, query)
    return {
        "survey_id": found.survey.pk,
        "name": found.survey.name,
        "start": found.filters.start,
        "end": found.filters.end,
        "completed": found.completed,
        "main_question": found.main.key if found.main else None,
        "by": found.by,
        "breakdown": [{"group": r.group, **_score(r)} for r in found.breakdown],
        "trend": [{"month": p.month, **_score(p.row)} for p in found.trend],
        "questions": [
            {
                "key": q.question.key,
                "type": q.question.type,
                "title": q.title,
                "answered": q.answered,
                "headline": _score(q.headline) if q.headline else None,
                "steps": [vars(s) for s in q.steps],
                "choices": [
                    {
                        "value": c.value,
                        "label": c.label,
                        "count": c.count,
                        "share": c.share,
                        "ci": {"low": c.ci[0], "high": c.ci[1]},
                    }
                    for c in q.choices
                ],
                "comments": [
                    {
                        "text": c.text,
                        "completed_at": c.at,
                        "theme_id": c.theme.pk if c.theme else None,
                        "theme": c.theme.display_name if c.theme else None,
                    }
                    for c in q.comments
                ],
                "themes": [
                    {"theme_id": t.pk, "name": t.display_name, "responses": n} for t, n in q.themes
                ],
            }
            for q in found.questions
        ],
    }


@router.get(
    "/insights/surveys/{survey_id}/charts/{name}",
    response=FigureOut,
    url_name="insights_survey_chart",
    **VIEW,
)
def chart(
    request: HttpRequest, survey_id: uuid.UUID, name: SurveyChart, query: Query[SurveyChartQuery]
) -> dict[str, Any]:
    """A chart of the survey's results page: question (?key=), trend or breakdown (?by=)."""
    found = _results(survey_id, query)
    if name == "trend":
        return survey_charts.trend_figure(found)
    if name == "breakdown":
        return survey_charts.breakdown_figure(found)
    question = next(
        (q for q in found.questions if q.question.key == query.key and q.kind != "text"), None
    )
    if question is None:
        raise NotFound("No scored or choice question with that key: pass ?key=<question key>.")
    return survey_charts.question_figure(question)
