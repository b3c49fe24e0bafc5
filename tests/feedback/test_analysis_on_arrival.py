"""Every item written to the stream is analysed soon after: sentiment and root cause."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.feedback.bulk import insert_items
from outward.feedback.models import FeedbackItem
from outward.feedback.services import (
    PENDING_KEY,
    FeedbackDraft,
    analyse_pending_feedback,
    record_feedback,
    record_feedback_batch,
    sweep_pending_analysis,
)
from outward.feedback.signals import items_analysed
from outward.imports.parsing import ParsedRow

pytestmark = pytest.mark.django_db


def test_recording_feedback_queues_its_analysis_after_commit(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    cache.delete(PENDING_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        item = record_feedback(
            FeedbackDraft(source="api", text="The heater broke after two days. Awful.")
        ).item

    item.refresh_from_db()
    assert item.analysed_at is not None
    assert item.sentiment is not None
    assert item.sentiment < 0
    assert item.root_cause == "product_defect"
    assert item.root_cause_cues


def test_a_burst_of_writes_queues_one_analysis_task(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from outward.feedback import tasks

    cache.delete(PENDING_KEY)
    queued: list[None] = []

    class QueueSpy:
        def enqueue(self) -> None:
            queued.append(None)

    monkeypatch.setattr(tasks, "analyse_feedback", QueueSpy())

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            record_feedback(FeedbackDraft(source="api", text=f"Message {n}"))

    assert len(queued) == 1
    assert FeedbackItem.objects.filter(analysed_at__isnull=True).count() == 3


def test_pending_items_are_analysed_in_chunks_and_only_once() -> None:
    record_feedback_batch(
        [FeedbackDraft(source="api", text=f"Thank you, great help number {n}!") for n in range(5)]
    )

    first = analyse_pending_feedback(chunk=2)
    second = analyse_pending_feedback(chunk=2)

    assert (first, second) == (5, 0)
    assert all(
        s is not None and s > 0 for s in FeedbackItem.objects.values_list("sentiment", flat=True)
    )


def test_an_item_without_text_is_marked_analysed_without_a_score() -> None:
    item = record_feedback(FeedbackDraft(source="survey", nps=9)).item

    analyse_pending_feedback()

    item.refresh_from_db()
    assert item.analysed_at is not None
    assert item.sentiment is None
    assert item.root_cause == ""


def test_the_clocks_sweep_queues_analysis_only_while_items_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from outward.feedback import tasks

    queued: list[None] = []

    class QueueSpy:
        def enqueue(self) -> None:
            queued.append(None)

    monkeypatch.setattr(tasks, "analyse_feedback", QueueSpy())
    cache.delete(PENDING_KEY)
    assert sweep_pending_analysis() is False

    record_feedback(FeedbackDraft(source="api", text="Waiting"))
    cache.delete(PENDING_KEY)

    assert sweep_pending_analysis() is True
    assert sweep_pending_analysis() is False  # already queued
    assert len(queued) == 1


def test_an_item_that_arrives_alone_is_analysed_before_a_waiting_import() -> None:
    import_rows = [
        ParsedRow(row=n, source="ticket", external_id=f"t-{n}", text=f"Old ticket {n}.")
        for n in range(6)
    ]
    insert_items(import_rows, {}, timezone.now())
    alone = FeedbackItem.objects.create(source="api", text="The heater broke today.")
    batches: list[list[FeedbackItem]] = []

    def seen(sender: object, items: list[FeedbackItem], **kwargs: object) -> None:
        batches.append(list(items))

    items_analysed.connect(seen)
    try:
        analyse_pending_feedback(chunk=4)
    finally:
        items_analysed.disconnect(seen)

    assert alone.pk in {item.pk for item in batches[0]}
    assert [len(b) for b in batches] == [4, 3]
    assert FeedbackItem.objects.filter(imported=True).count() == 6
    assert not FeedbackItem.objects.filter(analysed_at__isnull=True).exists()
