"""The home page: real CX figures from a few aggregate queries, and the monthly chart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outward.accounts.models import User
from outward.core.roles import Role
from outward.customers.choices import LifecycleStatus
from outward.feedback.models import FeedbackItem
from outward.feedback.services import analyse_pending_feedback
from outward.insights import rollups
from outward.insights.models import AnalysisRun
from outward.web.selectors import home_figures, monthly_volume
from tests.factories import CustomerFactory, FeedbackFactory

pytestmark = pytest.mark.django_db


def _scores(*rows: tuple[int | None, int | None, int | None], days_ago: int = 1) -> None:
    customer = CustomerFactory.create()
    when = timezone.now() - timedelta(days=days_ago)
    for nps, csat, ces in rows:
        FeedbackFactory.create(customer=customer, nps=nps, csat=csat, ces=ces, occurred_at=when)
    analyse_pending_feedback()


def test_home_renders_with_an_empty_database(client: Client, login: Callable[[str], User]) -> None:
    login(Role.EXECUTIVE)

    response = client.get(reverse("web:home"))

    assert response.status_code == 200
    assert b"No data yet" in response.content
    assert b"<svg" not in response.content


def test_scores_match_hand_computed_nps_csat_ces() -> None:
    # Given 5 NPS answers: 2 promoters (9, 10), 1 passive (7), 2 detractors (0, 6);
    # 4 CSAT answers: 5, 4, 3, 1; 3 CES answers: 2, 3, 7.
    _scores((9, 5, 2), (10, 4, 3), (7, 3, 7), (0, 1, None), (6, None, None), (None, None, None))

    # When
    scores = home_figures().scores

    # Then NPS = 40% - 40% = 0, CSAT = 2/4 = 50% with mean 13/4, CES = 12/3.
    assert (scores.nps, scores.nps_n) == (pytest.approx(0.0), 5)
    assert (scores.csat, scores.csat_n) == (pytest.approx(50.0), 4)
    assert scores.csat_mean == pytest.approx(3.25)
    assert (scores.ces, scores.ces_n) == (pytest.approx(4.0), 3)


def test_nps_can_be_negative() -> None:
    _scores((10, None, None), (3, None, None), (5, None, None), (8, None, None))

    scores = home_figures().scores

    assert scores.nps == pytest.approx(25.0 - 50.0)


def test_scores_ignore_answers_older_than_90_days() -> None:
    _scores((0, 1, 7), days_ago=91)
    _scores((10, 5, 1), days_ago=89)

    scores = home_figures().scores

    assert (scores.nps, scores.nps_n) == (pytest.approx(100.0), 1)
    assert (scores.csat_n, scores.ces_n) == (1, 1)


def test_figures_count_an_item_once_its_analysis_is_stored() -> None:
    FeedbackFactory.create(nps=10, occurred_at=timezone.now())

    before = home_figures().scores.nps_n
    analyse_pending_feedback()

    assert (before, home_figures().scores.nps_n) == (0, 1)


def test_a_refits_rebuild_gives_the_same_figures_as_arrivals() -> None:
    _scores((9, 5, 2), (3, 2, 6), days_ago=3)
    _scores((10, 4, None), days_ago=40)
    arrived = home_figures()

    with transaction.atomic():
        rollups.rebuild()

    assert home_figures() == arrived


def test_home_counts_active_and_churned_customers() -> None:
    CustomerFactory.create_batch(3)
    CustomerFactory.create(status=LifecycleStatus.CHURNED, churned_on=timezone.localdate())

    customers = home_figures().customers

    assert (customers.active, customers.churned) == (3, 1)


def test_recent_feedback_is_counted_by_source() -> None:
    now = timezone.now()
    FeedbackFactory.create_batch(2, source="survey", occurred_at=now - timedelta(days=2))
    FeedbackFactory.create(source="ticket", occurred_at=now - timedelta(days=29))
    FeedbackFactory.create(source="ticket", occurred_at=now - timedelta(days=31))
    analyse_pending_feedback()

    figures = home_figures()

    assert figures.feedback_recent == 3
    assert [(s.source, s.count) for s in figures.feedback_by_source] == [
        ("survey", 2),
        ("ticket", 1),
    ]


def test_monthly_volume_covers_twelve_months_oldest_first() -> None:
    now = timezone.now()
    FeedbackFactory.create_batch(2, occurred_at=now)
    FeedbackFactory.create(occurred_at=now - timedelta(days=400))
    analyse_pending_feedback()

    months = monthly_volume(now=now)

    assert len(months) == 12
    assert months[-1].month == timezone.localdate(now).replace(day=1)
    assert months[-1].count == 2
    assert sum(m.count for m in months) == 2


def test_home_shows_figures_with_sample_sizes_and_the_chart(
    client: Client, login: Callable[[str], User]
) -> None:
    _scores((9, 5, 2), (10, 4, 3), (0, 1, 7))
    login(Role.AGENT)

    response = client.get(reverse("web:home"))

    content = response.content.decode()
    assert "+33" in content  # 2 of 3 promoters, 1 of 3 detractors
    assert "from 3 answers" in content
    assert "<svg" in content
    assert "3 items" in content  # this month's bar


def test_home_needs_few_queries(
    client: Client, login: Callable[[str], User], django_assert_max_num_queries: Callable
) -> None:
    _scores(*[(n % 11, n % 5 + 1, n % 7 + 1) for n in range(30)])
    login(Role.MANAGER)

    # Eight for the figures and the chart, the rest for the top issues (rollups only).
    with django_assert_max_num_queries(18):
        response = client.get(reverse("web:home"))

    assert response.status_code == 200


def test_home_shows_the_top_issues_to_those_who_see_insights(
    corpus: dict[str, list[FeedbackItem]],
    refit: Callable[[], AnalysisRun],
    client: Client,
    login: Callable[[str], User],
) -> None:
    refit()
    login(Role.EXECUTIVE)

    executive = client.get(reverse("web:home"))
    login(Role.FIELD_TECHNICIAN)
    technician = client.get(reverse("web:home"))

    top = executive.context["board"].issues
    assert 0 < len(top) <= 5
    assert top[0].theme.display_name in executive.content.decode()
    assert "Top issues" not in technician.content.decode()
