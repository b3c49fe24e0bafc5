"""Background tasks of the feedback stream. They take JSON primitives only."""

from __future__ import annotations

from django_tasks import task

from outward.feedback import services


@task()
def analyse_feedback() -> int:
    """Analyse every item still waiting for it; returns how many were analysed."""
    return services.analyse_pending_feedback()
