"""A customer survey's results, question by question, as a manager reads them: the score
distribution and NPS with its interval, the choice answers (visible nowhere else), the
comments with their themes, the breakdown by segment, region and touchpoint, and the trend."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outward.accounts.models import User
from outward.analytics.cx import nps as nps_of
from outward.core.roles import Role
from outward.feedback.services import analyse_pending_feedback
from outward.insights.models import AnalysisRun
from outward.insights.selectors import Filters
from outward.insights.survey_results import survey_results
from outward.surveys.models import Question
from outward.surveys.services.building import create_from_template
from outward.surveys.services.responses import save_answers
from tests.factories import CustomerFactory
from tests.insights.survey_fixtures import answered_survey
from tests.surveys.response_helpers import active_survey, invite

pytestmark = pytest.mark.django_db


def test_every_question_has_its_results_with_intervals() -> None:
    survey = answered_survey()

    found = survey_results(
        survey,
        list(Question.objects.filter(survey=survey).order_by("position")),
        Filters(start=timezone.localdate() - timedelta(days=364), end=timezone.localdate()),
    )

    by_key = {q.question.key: q for q in found.questions}
    nps = by_key["nps"]
    expected = nps_of([3] * 30 + [10] * 20)
    assert found.completed == 50
    assert nps.answered == 50
    assert nps.headline is not None
    assert nps.headline.value == pytest.approx(expected.nps)
    assert (nps.headline.ci_low, nps.headline.ci_high) == pytest.approx(
        (expected.ci_low, expected.ci_high)
    )
    assert [(s.value, s.count) for s in nps.steps if s.count] == [(3, 30), (10, 20)]
    assert len(nps.steps) == 11
    bought = {c.value: c for c in by_key["bought"].choices}
    assert (bought["web"].count, bought["phone"].count, bought["shop"].count) == (30, 20, 0)
    assert bought["web"].label == "Website"
    assert bought["web"].ci[0] < 0.6 < bought["web"].ci[1]
    liked = {c.value: c for c in by_key["liked"].choices}
    assert by_key["liked"].multiple
    assert (liked["speed"].count, liked["staff"].count, liked["price"].count) == (20, 20, 30)
    assert by_key["fix_first"].answered == 30
    assert len(by_key["fix_first"].comments) == 12
    assert by_key["comment"].answered == 0


def test_the_headline_breaks_down_by_segment_region_and_touchpoint() -> None:
    survey = answered_survey()
    today = timezone.localdate()
    filters = Filters(start=today - timedelta(days=364), end=today)
    questions = list(Question.objects.filter(survey=survey).order_by("position"))

    by_segment = survey_results(survey, questions, filters, "segment").breakdown
    by_region = survey_results(survey, questions, filters, "region").breakdown

    assert {(r.group, r.n, round(r.value)) for r in by_segment} == {
        ("smb", 30, -100),
        ("enterprise", 20, 100),
    }
    assert {r.group for r in by_region} == {"north", "south"}


def test_the_trend_has_one_point_per_month_with_enough_answers() -> None:
    survey = answered_survey()
    today = timezone.localdate()
    questions = list(Question.objects.filter(survey=survey).order_by("position"))

    trend = survey_results(
        survey, questions, Filters(start=today - timedelta(days=364), end=today)
    ).trend

    assert sum(p.row.n for p in trend) == 50
    assert [p.month for p in trend] == sorted(p.month for p in trend)
    assert all(p.row.ci_low <= p.row.value <= p.row.ci_high for p in trend)
    assert all(p.month.day == 1 for p in trend)


def test_the_filters_narrow_every_figure() -> None:
    survey = answered_survey()
    today = timezone.localdate()
    questions = list(Question.objects.filter(survey=survey).order_by("position"))

    smb = survey_results(
        survey, questions, Filters(start=today - timedelta(days=364), end=today, segment="smb")
    )
    recent = survey_results(survey, questions, Filters(start=today - timedelta(days=20), end=today))

    assert smb.completed == 30
    assert smb.questions[0].headline is not None
    assert smb.questions[0].headline.value == -100
    assert 10 <= recent.completed < 50


def test_comments_show_the_themes_the_analysis_gave_them(
    refit: Callable[[], AnalysisRun],
) -> None:
    survey = answered_survey()
    analyse_pending_feedback()
    refit()
    today = timezone.localdate()
    questions = list(Question.objects.filter(survey=survey).order_by("position"))

    found = survey_results(survey, questions, Filters(start=today - timedelta(days=364), end=today))

    fix_first = next(q for q in found.questions if q.question.key == "fix_first")
    assert fix_first.themes
    assert sum(n for _, n in fix_first.themes) <= 30
    assert any(c.theme is not None for c in fix_first.comments)


def test_the_page_shows_choice_answers_and_downloads_each_table(
    client: Client, login: Callable[[str], User]
) -> None:
    survey = answered_survey()
    login(Role.EXECUTIVE)
    url = reverse("insights:survey_results", args=[survey.pk])

    page = client.get(url)
    as_csv = client.get(url, {"format": "csv", "table": "answers"})
    breakdown = client.get(url, {"format": "xlsx", "table": "breakdown", "by": "region"})

    assert page.status_code == 200
    assert b"Website" in page.content
    assert b"How did you buy?" in page.content
    rows = list(csv.reader(io.StringIO(b"".join(as_csv.streaming_content).decode())))  # type: ignore[attr-defined]
    assert rows[0] == ["question", "answer", "count", "share", "low", "high"]
    assert rows[[r[1] for r in rows].index("Website")][:3] == ["bought", "Website", "30"]
    sheet = openpyxl.load_workbook(io.BytesIO(breakdown.content), read_only=True).active
    assert sheet is not None
    assert {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)} == {"north", "south"}


def test_bad_filters_are_a_400_naming_the_field(
    client: Client, login: Callable[[str], User]
) -> None:
    survey = active_survey()
    login(Role.MANAGER)
    url = reverse("insights:survey_results", args=[survey.pk])

    bad_by = client.get(url, {"by": "shoe size"})
    bad_day = client.get(url, {"start": "yesterday"})
    bad_table = client.get(url, {"format": "csv", "table": "secrets"})

    assert (bad_by.status_code, bad_day.status_code, bad_table.status_code) == (400, 400, 404)
    assert "by" in bad_by.context["errors"]
    assert "start" in bad_day.context["errors"]
    assert b"No completed responses" in bad_by.content


def test_an_employee_pulse_is_read_on_the_pulse_pages(
    client: Client, login: Callable[[str], User]
) -> None:
    pulse = create_from_template("employee_pulse", name="Pulse", created_by=None)
    login(Role.MANAGER)

    response = client.get(reverse("insights:survey_results", args=[pulse.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("pulse:results")


def test_agents_may_not_read_survey_results(client: Client, login: Callable[[str], User]) -> None:
    survey = active_survey()
    login(Role.AGENT)

    assert client.get(reverse("insights:survey_results", args=[survey.pk])).status_code == 403


def test_the_page_reads_as_many_queries_for_many_responses_as_for_few(
    client: Client, login: Callable[[str], User]
) -> None:
    survey = answered_survey()
    login(Role.ANALYST)
    url = reverse("insights:survey_results", args=[survey.pk])

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        invitation, _ = invite(survey, customer=CustomerFactory.create(segment="consumer"))
        save_answers(survey=survey, invitation=invitation, raw={"nps": 7, "bought": "shop"},
                     complete=True, language="en")  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    assert len(many) == len(few) <= 24  # a few per question, none per response


def test_a_customer_surveys_page_links_to_its_results(
    client: Client, login: Callable[[str], User]
) -> None:
    survey = active_survey()
    login(Role.EXECUTIVE)

    page = client.get(reverse("surveys:detail", args=[survey.pk]))

    assert reverse("insights:survey_results", args=[survey.pk]) in page.content.decode()
