"""The alerts app's periodic jobs (see `core.jobs`)."""

from __future__ import annotations

from datetime import date

from outward.alerts.services import detect, dispatch, webhooks
from outward.alerts.tasks import retry_due_task, send_digests_task
from outward.core.jobs import daily, every_minute


@every_minute("alerts-sweep")
def sweep(day: date) -> None:
    """Events of a new refit and of crossed thresholds, and events a lost task left
    waiting (database work only); the sending that is due goes to the worker."""
    detect.record_run_events()
    detect.record_threshold_events()
    dispatch.dispatch_waiting()
    if webhooks.anything_due():
        retry_due_task.enqueue()


@daily("alerts-digest")
def digest(day: date) -> None:
    """Each subscriber's daily digest."""
    send_digests_task.enqueue()
