"""The lock every insights writer takes first (see `InsightsState`)."""

from __future__ import annotations

from outward.insights.models import AnalysisRun, InsightsState


def lock_state() -> InsightsState:
    """Lock the state row until the end of the caller's transaction (created on first use)."""
    InsightsState.objects.get_or_create(pk=1)
    return InsightsState.objects.select_for_update().get(pk=1)


def current_run_id() -> int | None:
    return AnalysisRun.objects.filter(is_current=True).values_list("pk", flat=True).first()
