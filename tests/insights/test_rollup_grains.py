"""The coarse rollups the board reads at scale: the slice rollup (one slice at a time) and the
reach snapshot of the usual periods, kept exact as items arrive and equal to a recount."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from outward.feedback.models import FeedbackItem
from outward.feedback.services import analyse_pending_feedback
from outward.insights import rollups, selectors, sums
from outward.insights.models import AnalysisRun, InsightsState, ThemeSliceDay, ThemeWindow
from outward.insights.selectors import Filters
from outward.insights.services.windows import refresh_stale_windows
from tests.factories import CustomerFactory, FeedbackFactory, touchpoint
from tests.insights.fixtures import theme_of

pytestmark = pytest.mark.django_db


def _windows() -> set[tuple[object, ...]]:
    return set(ThemeWindow.objects.values_list("end", "days", "theme_id", "customers", "revenue"))


def _slices() -> set[tuple[object, ...]]:
    return set(
        ThemeSliceDay.objects.filter(items__gt=0).values_list(
            "dimension", "value", "day", "theme_id", "items", "negative", "nps_n", "promoters"
        )
    )


def _period(days: int) -> Filters:
    today = timezone.localdate()
    return Filters(start=today - timedelta(days=days - 1), end=today)


def test_new_items_keep_the_slices_and_the_reach_equal_to_a_recount(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    refit()
    known = corpus["delivery"][0].customer
    assert known is not None
    newcomer = CustomerFactory.create(annual_value=Decimal("1200"))
    now = timezone.now()
    # Said again by a counted customer; by a newcomer today; by a newcomer's neighbour
    # 60 days ago (inside 90 and 365 days, not 30); on a touchpoint, for the slices.
    same = corpus["delivery"][0].text
    FeedbackFactory.create(text=same, customer=known)
    FeedbackFactory.create(text=same, customer=newcomer, touchpoint=touchpoint("delivery"))
    FeedbackFactory.create(
        text=same, customer=CustomerFactory.create(), occurred_at=now - timedelta(days=60)
    )
    analyse_pending_feedback()
    kept = (_windows(), _slices())

    with transaction.atomic():
        rollups.rebuild()

    assert (_windows(), _slices()) == kept
    theme = theme_of(corpus["delivery"][0])
    assert theme is not None
    reach = dict(ThemeWindow.objects.filter(theme_id=theme).values_list("days", "customers"))
    today = timezone.localdate()
    said = FeedbackItem.objects.filter(theme_id=theme)
    assert reach == {
        days: said.filter(occurred_at__date__gt=today - timedelta(days=days))
        .values("customer_id")
        .distinct()
        .count()
        for days in (30, 90, 365)
    }
    assert reach[30] < reach[90]  # the neighbour of 60 days ago


def test_the_board_reads_the_same_figures_from_every_grain(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    refit()
    FeedbackFactory.create(
        text="The parcel arrived two weeks late.",
        customer=CustomerFactory.create(segment="charity"),
        touchpoint=touchpoint("delivery"),
    )
    analyse_pending_feedback()
    for filters in (_period(90), _period(30), _period(45)):
        from_snapshot = sums.reach(filters)
        InsightsState.objects.update(windows_end=None)  # the live count
        assert sums.reach(filters) == from_snapshot
        InsightsState.objects.update(windows_end=filters.end)
    one_slice = Filters(start=_period(90).start, end=_period(90).end, segment="charity")
    two_slices = Filters(
        start=one_slice.start,
        end=one_slice.end,
        segment="charity",
        touchpoint=touchpoint("delivery").pk,
    )
    by_slice = sums.theme_sums(one_slice)
    by_fine = sums.theme_sums(two_slices)
    assert by_slice == by_fine  # the one charity item is the one at delivery
    assert sum(row["n"] for row in by_slice.values()) == 1


def test_a_new_day_recounts_the_periods_once(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    refit()
    tomorrow = timezone.localdate() + timedelta(days=1)

    assert refresh_stale_windows(tomorrow)
    assert not refresh_stale_windows(tomorrow)

    assert set(ThemeWindow.objects.values_list("end", flat=True)) == {tomorrow}
    assert InsightsState.objects.get(pk=1).windows_end == tomorrow


def test_a_stale_snapshot_is_never_shown(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    refit()
    board = selectors.board(_period(90))
    yesterday = timezone.localdate() - timedelta(days=1)
    # Counted yesterday, and the day has not been recounted yet.
    ThemeWindow.objects.update(customers=999, end=yesterday)
    InsightsState.objects.update(windows_end=yesterday)

    again = selectors.board(_period(90))

    assert [r.customers for r in again.issues] == [r.customers for r in board.issues]
    assert all(r.customers < 999 for r in again.issues)
