"""Every analysed item gets its theme and counts in the rollups; refits switch over whole."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.db.models import Sum

from outward.feedback.models import FeedbackItem
from outward.feedback.services import analyse_pending_feedback
from outward.insights import rollups, tasks
from outward.insights.choices import RunStatus
from outward.insights.models import AnalysisRun, Theme, ThemeCustomerDay, ThemeDay
from outward.insights.services import refit as refits
from outward.insights.services.themes import rename_theme
from tests.factories import CustomerFactory, FeedbackFactory
from tests.insights.fixtures import theme_for, theme_of

pytestmark = pytest.mark.django_db


def rollup_items() -> int:
    return ThemeDay.objects.aggregate(n=Sum("items"))["n"] or 0


def test_items_analysed_before_any_refit_count_in_the_rollups_without_a_theme(
    corpus: dict[str, list[FeedbackItem]],
) -> None:
    assert not FeedbackItem.objects.filter(theme_id__isnull=False).exists()
    assert rollup_items() == 120
    assert set(ThemeDay.objects.values_list("theme_id", flat=True)) == {0}


def test_a_refit_themes_every_item_without_mixing_topics_and_the_rollups_add_up(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    run = refit()

    assert run.status == RunStatus.DONE
    assert run.is_current
    themes = {topic: {theme_of(i) for i in items} for topic, items in corpus.items()}
    assert all(None not in ids for ids in themes.values())
    delivery, billing, praise = themes["delivery"], themes["billing"], themes["praise"]
    assert not delivery & billing
    assert not delivery & praise
    assert not billing & praise
    assert rollup_items() == 120
    reached = ThemeCustomerDay.objects.filter(theme_id__in=delivery).values("customer_id")
    assert reached.distinct().count() == 40
    assert set(Theme.objects.filter(pk__in=praise).values_list("kind", flat=True)) == {"praise"}
    assert set(Theme.objects.filter(pk__in=delivery).values_list("kind", flat=True)) == {"issue"}
    assert run.timings["switch"] >= 0
    assert run.backend


def test_a_new_item_gets_its_theme_in_the_transaction_that_stores_its_analysis(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    refit()
    delivery = {theme_of(i) for i in corpus["delivery"]}

    late = FeedbackFactory.create(
        text="The parcel arrived two weeks late.", customer=CustomerFactory.create()
    )
    blank = FeedbackFactory.create(text="", customer=CustomerFactory.create())
    analyse_pending_feedback()

    assert theme_of(late) == theme_of(corpus["delivery"][7])
    assert theme_of(late) in delivery
    assert theme_of(blank) is None
    assert rollup_items() == 122


def test_a_second_refit_keeps_theme_ids_and_the_names_people_gave(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    first = refit()
    before = {i.pk: theme_of(i) for items in corpus.values() for i in items}
    delivery = theme_for(corpus["delivery"][0])
    rename_theme(delivery, "Late deliveries", by=None)

    second = refit()

    assert second.pk != first.pk
    assert second.is_current
    first.refresh_from_db()
    assert not first.is_current
    assert {i.pk: theme_of(i) for items in corpus.values() for i in items} == before
    delivery.refresh_from_db()
    assert delivery.display_name == "Late deliveries"
    assert not delivery.archived


def test_a_failed_switch_over_leaves_the_previous_results_in_place(
    corpus: dict[str, list[FeedbackItem]],
    refit: Callable[[], AnalysisRun],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = refit()
    before = {i.pk: theme_of(i) for items in corpus.values() for i in items}
    days = list(ThemeDay.objects.order_by("pk").values_list("theme_id", "items"))

    def broken() -> None:
        FeedbackItem.objects.update(theme_id=None)  # half-written: must roll back
        raise RuntimeError("disk full")

    monkeypatch.setattr(rollups, "rebuild", broken)
    queued, _ = refits.request_refit(trigger="test")
    with pytest.raises(RuntimeError):
        refits.run_refit(queued.pk)

    assert AnalysisRun.objects.get(is_current=True) == first
    assert {i.pk: theme_of(i) for items in corpus.values() for i in items} == before
    assert list(ThemeDay.objects.order_by("pk").values_list("theme_id", "items")) == days


def test_a_crashed_refit_resumes_at_the_switch_without_fitting_again(
    corpus: dict[str, list[FeedbackItem]], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_rebuild = rollups.rebuild
    monkeypatch.setattr(rollups, "rebuild", lambda: (_ for _ in ()).throw(RuntimeError("killed")))
    queued, _ = refits.request_refit(trigger="test")
    with pytest.raises(RuntimeError):
        refits.run_refit(queued.pk)
    crashed = AnalysisRun.objects.get(pk=queued.pk)
    assert crashed.status == RunStatus.SWITCHING
    assert crashed.fitted is not None

    def no_second_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("the stored fit must be reused")

    monkeypatch.setattr(refits, "analyze", no_second_fit)
    monkeypatch.setattr(rollups, "rebuild", real_rebuild)
    resumed = refits.run_refit(queued.pk)

    assert resumed.status == RunStatus.DONE
    assert resumed.attempts == 2
    assert FeedbackItem.objects.filter(theme_id__isnull=False).count() == 120


def test_a_run_held_by_a_live_worker_is_left_alone(corpus: dict[str, list[FeedbackItem]]) -> None:
    queued, new = refits.request_refit(trigger="test")
    again, second_new = refits.request_refit(trigger="test")

    assert new
    assert not second_new
    assert again == queued
    assert refits.claim(queued.pk)
    assert not refits.claim(queued.pk)  # a second worker: the heartbeat is fresh
    assert refits.run_refit(queued.pk).status == RunStatus.QUEUED


def test_a_run_whose_worker_stopped_beating_is_queued_again(
    corpus: dict[str, list[FeedbackItem]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    queued, _ = refits.request_refit(trigger="test")
    assert refits.claim(queued.pk)
    enqueued: list[int] = []
    monkeypatch.setattr(tasks, "refit_task", SimpleNamespace(enqueue=enqueued.append))

    assert refits.resume_stale_runs() == []
    later = timezone.now() + refits.STALE_AFTER + timedelta(minutes=1)
    assert refits.resume_stale_runs(later) == [queued.pk]
    assert enqueued == [queued.pk]
