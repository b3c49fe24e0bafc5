"""The demo company's planted truths where a person would look: on the issue board.

The full-size demo (seed 42, today 2025-06-30, docs/demo-data.md) is generated once for the
module, analysed and refitted as `make run` does it (`refresh_insights`), and read through
the same selectors the pages use. A theme is picked the way a person scanning the board
would: by its words, never by the generator's internals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from outward.analytics.churnrisk import MIN_AUC
from outward.checkins.choices import CheckInStatus, Reason
from outward.checkins.models import CheckIn, RiskRun
from outward.community.models import Post
from outward.demo.checkins import write_demo_checkins
from outward.demo.community import write_demo_community
from outward.demo.initiatives import write_demo_initiatives
from outward.demo.programme import write_demo_programme
from outward.demo.services import generate_demo
from outward.feedback.models import FeedbackItem
from outward.initiatives.models import Initiative
from outward.insights import reports, selectors
from outward.insights.choices import RecallStatus
from outward.insights.models import AnalysisRun, RecallReview
from outward.insights.selectors import Board, Filters, IssueRow
from outward.insights.services.lifecycle import refresh_insights
from outward.programme.checklist import checklist
from outward.programme.models import Assessment

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)
LAST_QUARTER = Filters(start=TODAY - dt.timedelta(days=89), end=TODAY)


@pytest.fixture(scope="module")
def board(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Board]:
    with django_db_blocker.unblock(), transaction.atomic():
        generate_demo(seed=42, today=TODAY)
        run = refresh_insights(trigger="test")
        assert run.status == "done", run.error
        found = selectors.board(LAST_QUARTER, limit=200)
        write_demo_initiatives(TODAY)  # after the board: they add answers of their own
        write_demo_checkins(TODAY)
        write_demo_programme(TODAY)
        write_demo_community(TODAY)
        yield found
        transaction.set_rollback(True)


def rows_saying(rows: list[IssueRow], *words: str) -> list[IssueRow]:
    """Rows whose name or key phrases use every word: how a reader spots a theme."""

    def text(row: IssueRow) -> str:
        return " ".join([row.theme.display_name, *row.theme.key_phrases]).lower()

    return [row for row in rows if all(word in text(row) for word in words)]


def test_the_defective_batch_is_a_many_customer_issue_with_an_open_recall_review(
    board: Board,
) -> None:
    heating = rows_saying(board.issues, "heat")

    assert heating, [r.theme.display_name for r in board.issues[:15]]
    top = max(heating, key=lambda r: r.customers)
    assert top.prevalence == "many"
    assert top.theme.root_cause == "product_defect"
    assert board.issues.index(top) < 10  # near the top: it touches many, angrily
    review = RecallReview.objects.get(theme=top.theme)
    assert review.status == RecallStatus.OPEN
    assert review.batch.lot_code == "BMP-105"
    assert review.evidence["share"] >= 0.30
    assert review in board.open_reviews


def test_the_advert_that_overpromised_is_an_expectation_gap(board: Board) -> None:
    battery = rows_saying(board.issues, "battery")

    assert battery
    assert {r.theme.root_cause for r in battery} & {"expectation_gap"}


def test_the_unclear_descaling_instructions_are_an_unclear_directions_issue(board: Board) -> None:
    # Owners descale with vinegar because the manual says so (planted truth 3).
    descaling = rows_saying(board.issues, "descal") + rows_saying(board.issues, "vinegar")

    assert descaling
    assert "unclear_directions" in {r.theme.root_cause for r in descaling}


def test_long_lead_times_are_a_process_failure(board: Board) -> None:
    waiting = [
        row
        for row in board.issues
        if rows_saying([row], "week")
        or rows_saying([row], "lead time")
        or rows_saying([row], "waiting")
    ]

    assert any(row.theme.root_cause == "process_failure" for row in waiting)


def test_the_field_technicians_are_praised_not_listed_as_an_issue(board: Board) -> None:
    praised = [
        row
        for row in board.praise
        if rows_saying([row], "technician") or rows_saying([row], "engineer")
    ]

    assert praised
    assert not [r for r in rows_saying(board.issues, "technician") if r.negative_share < 0.2]


def test_the_run_is_recorded_with_its_window_backend_and_timings(board: Board) -> None:
    run = AnalysisRun.objects.get(is_current=True)

    assert run.n_items >= 19_000
    assert run.window_end is not None
    assert run.window_end.date() <= TODAY
    assert run.backend
    assert {"themes", "switch"} <= set(run.timings)


def test_brightline_is_the_competitor_churning_customers_name(board: Board) -> None:
    outcomes = reports.outcomes()
    competitors = outcomes.figures["competitors"]

    assert [c.name for c in outcomes.competitors] == ["Brightline"]
    assert sum(competitors["mentions"]["Brightline"]) >= 100
    assert sum(competitors["switching"]) >= 50


def test_detractors_churn_more_than_promoters(board: Board) -> None:
    groups = {g["group"]: g for g in reports.outcomes().groups}

    assert groups["detractor"]["churn_rate"] > 2 * groups["promoter"]["churn_rate"]
    assert groups["detractor"]["churn_ci"][0] > groups["promoter"]["churn_ci"][1]


def test_the_drivers_of_nps_put_complaints_first_and_the_technicians_among_the_lifts(
    board: Board,
) -> None:
    page = reports.drivers("nps")

    fix_first = [row for row in page.rows if row.fix_rank is not None]
    assert fix_first
    assert all(row.effect < 0 for row in fix_first)
    lifts = [row for row in page.rows if row.effect > 0]
    technicians = {row.theme.pk for row in rows_saying(board.praise, "technician")}
    assert any(
        row.name == "Field service" or (row.theme is not None and row.theme.pk in technicians)
        for row in lifts
    ), [(row.name, row.effect) for row in lifts]
    assert not page.weak


def test_delivery_is_the_worst_stage_of_the_journey_and_field_service_the_best(
    board: Board,
) -> None:
    journey = reports.journey(Filters(start=TODAY - dt.timedelta(days=364), end=TODAY))

    stages = {s.touchpoint.slug: s for s in journey.stages}
    assert journey.worst_by == "CSAT"
    assert [slug for slug, s in stages.items() if s.worst] == ["delivery"]
    best = max((s for s in journey.stages if s.csat is not None), key=lambda s: s.csat or 0)
    assert best.touchpoint.slug == "field-service"


def test_the_quality_page_flags_lot_bmp_105_alone(board: Board) -> None:
    brewmaster = next(p for p in reports.quality() if p.product.sku == "KST-BMP")

    flagged = [row for row in brewmaster.batches if any(c and c.flagged for _, c in row.cells)]
    assert [row.batch.lot_code for row in flagged] == ["BMP-105"]
    assert flagged[0].review is not None
    assert not [p for p in reports.quality() if p.flagged and p.product.sku != "KST-BMP"]


def test_the_lead_time_initiative_is_validated_by_its_customers(board: Board) -> None:
    lead_time = Initiative.objects.get(title__icontains="lead time")

    assert {t.root_cause for t in lead_time.themes.all()} == {"process_failure"}
    assert lead_time.designers.count() == 5
    assert lead_time.inputs.count() == 2
    assert lead_time.result.validated
    assert lead_time.result.figures["did"]["ci_low"] > 0


def test_the_descaling_initiative_is_not_validated_and_says_what_the_data_shows(
    board: Board,
) -> None:
    descaling = Initiative.objects.get(title__icontains="descaling")

    assert not descaling.result.validated
    assert descaling.result.figures["summary"].startswith("Not shown yet")


def test_check_ins_are_proposed_from_a_model_that_ranks_customers_it_did_not_learn_from(
    board: Board,
) -> None:
    run = RiskRun.objects.get()
    waiting = CheckIn.objects.filter(status=CheckInStatus.PROPOSED)

    assert run.usable, run.note
    assert run.auc is not None
    assert run.auc >= MIN_AUC
    assert {c.reason for c in waiting} == set(Reason.values)
    risky = waiting.filter(reason=Reason.AT_RISK).order_by("-risk").first()
    assert risky is not None
    assert "chance of leaving within 90 days" in risky.detail
    assert all(c.assignee_id for c in waiting)


def test_the_programme_checklist_is_assessed_from_evidence_with_a_score_over_time(
    board: Board,
) -> None:
    found = checklist(TODAY)
    lines = {line.key: line for line in found.lines}
    scores = list(Assessment.objects.order_by("day").values_list("score", flat=True))

    assert set(lines) == {"policy", "training", "empowerment", "funding", "leadership",
                          "coverage", "pulse"}  # fmt: skip
    assert lines["policy"].status == "met"
    assert lines["policy"].figures.startswith("Version 2")
    assert lines["training"].status == "partly"  # a few never trained or lapsed
    assert lines["funding"].status == "met"
    assert all(reverse(line.evidence) for line in found.lines)  # each links its evidence
    assert len(scores) == 13
    assert scores[-1] == found.score
    assert scores[-1] > scores[0]  # the programme was built over the year


def test_the_community_is_lively_and_its_posts_are_feedback(board: Board) -> None:
    ideas = Post.objects.filter(kind="idea").order_by("-votes_count")
    answered = Post.objects.filter(kind="question", accepted__isnull=False)

    assert ideas.count() >= 5
    assert ideas[0].votes_count > 50
    assert {"planned", "progress", "done"} <= set(ideas.values_list("status", flat=True))
    assert Post.objects.filter(kind="practice").count() >= 3
    assert answered.count() >= 2
    assert all(q.accepted is not None and q.accepted.official for q in answered)
    assert Post.objects.filter(visibility="held").count() == 1  # a newcomer's first post
    assert (
        FeedbackItem.objects.filter(source="forum").count()
        >= Post.objects.filter(visibility="published").count()
    )
