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
from pytest_django import DjangoDbBlocker

from outward.demo.services import generate_demo
from outward.insights import selectors
from outward.insights.choices import RecallStatus
from outward.insights.models import AnalysisRun, RecallReview
from outward.insights.selectors import Board, Filters, IssueRow
from outward.insights.services.lifecycle import refresh_insights

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)
LAST_QUARTER = Filters(start=TODAY - dt.timedelta(days=89), end=TODAY)


@pytest.fixture(scope="module")
def board(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Board]:
    with django_db_blocker.unblock(), transaction.atomic():
        generate_demo(seed=42, today=TODAY)
        run = refresh_insights(trigger="test")
        assert run.status == "done", run.error
        yield selectors.board(LAST_QUARTER, limit=200)
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
