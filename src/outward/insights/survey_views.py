"""The results page of one customer survey (`survey_results`), with its tables as CSV or XLSX:
`?format=csv&table=answers|breakdown|trend`."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET

from outward.analytics.scorestats import ScoreRow
from outward.core.partials import render_page_or_part
from outward.core.permissions import Perm, requires
from outward.core.tables import FORMATS, table_response
from outward.insights.selectors import Filters
from outward.insights.survey_results import BREAKDOWNS, SurveyResults, survey_results
from outward.insights.views import filter_choices
from outward.surveys.choices import Audience
from outward.surveys.models import Survey
from outward.surveys.services.responses import survey_questions

SURVEY_DAYS = 365
"""A survey's results cover a year unless the filters say otherwise."""
TABLES = ("answers", "breakdown", "trend")


def _score(row: ScoreRow) -> list[object]:
    return [row.n, round(row.value, 2), round(row.ci_low, 2), round(row.ci_high, 2)]


def _table(results: SurveyResults, table: str, fmt: str) -> HttpResponseBase:
    name = f"survey-{results.survey.pk}-{table}"
    if table == "breakdown":
        header = [results.by, "answers", "value", "low", "high"]
        rows = [[r.group, *_score(r)] for r in results.breakdown]
        return table_response(name, header, rows, fmt)
    if table == "trend":
        rows = [[p.month.isoformat(), *_score(p.row)] for p in results.trend]
        return table_response(name, ["month", "answers", "value", "low", "high"], rows, fmt)
    header = ["question", "answer", "count", "share", "low", "high"]
    rows = []
    for q in results.questions:
        rows += [[q.question.key, s.value, s.count, round(s.share, 4), "", ""] for s in q.steps]
        rows += [
            [q.question.key, c.label, c.count, *(round(x, 4) for x in (c.share, *c.ci))]
            for c in q.choices
        ]
        rows += [[q.question.key, c.text, 1, "", "", ""] for c in q.comments]
    return table_response(name, header, rows, fmt)


@requires(Perm.SURVEYS_VIEW)
@require_GET
def results(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    survey = get_object_or_404(Survey, pk=pk)
    if survey.audience == Audience.EMPLOYEES:
        return redirect("pulse:results")  # anonymous by team, with its threshold, there
    filters, errors = Filters.from_query(request.GET, days=SURVEY_DAYS)
    by = request.GET.get("by", "segment")
    if by not in BREAKDOWNS:
        by, errors["by"] = "segment", "Segment, region or touchpoint."
    found = survey_results(survey, survey_questions(survey), filters, by)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        table = request.GET.get("table", "answers")
        if table not in TABLES:
            raise Http404("No such table.")
        return _table(found, table, fmt)
    context = {
        "results": found,
        "errors": errors,
        "filter_query": filters.query_string(),
        "query": f"{filters.query_string()}&by={by}",
        "tables": TABLES,
        "breakdowns": [(key, label) for key, (label, _) in BREAKDOWNS.items()],
        "no_source": True,
        **filter_choices(),
    }
    return render_page_or_part(
        request,
        "insights/survey_results.html",
        "insights/_survey_results_view.html",
        context,
        status=400 if errors else 200,
    )
