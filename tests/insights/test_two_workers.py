"""Two workers on one task queue: a refit is fitted and switched once, never twice.

A transactional test on its own file (see tests/surveys/test_concurrent_triggers.py)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from outward.feedback.models import FeedbackItem
from outward.insights.choices import RunStatus
from outward.insights.models import AnalysisRun
from outward.insights.services import refit as refits


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="The test database is SQLite's shared in-memory cache, whose table locks fail at "
    "once instead of waiting; a file database serialises writers (IMMEDIATE transactions).",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_given_the_same_refit_fit_it_once(
    corpus: dict[str, list[FeedbackItem]], monkeypatch: pytest.MonkeyPatch
) -> None:
    fits: list[int] = []
    real = refits.analyze

    def counted(*args: Any, **kwargs: Any) -> Any:
        fits.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(refits, "analyze", counted)
    queued, _ = refits.request_refit(trigger="test")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            refits.run_refit(queued.pk)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert fits == [1]
    run = AnalysisRun.objects.get(pk=queued.pk)
    assert run.status == RunStatus.DONE
    assert run.attempts == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="The test database is SQLite's shared in-memory cache (see above).",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_refit_requests_queue_one_run() -> None:
    barrier = threading.Barrier(2)
    made: list[bool] = []

    def ask() -> None:
        try:
            barrier.wait()
            made.append(refits.request_refit(trigger="test")[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(made) == [False, True]
    assert AnalysisRun.objects.count() == 1
