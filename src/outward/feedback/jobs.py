"""The feedback app's periodic jobs (see `core.jobs`)."""

from __future__ import annotations

from datetime import date

from outward.core.jobs import every_minute
from outward.feedback.services import sweep_pending_analysis


@every_minute("feedback-analysis-sweep")
def analysis_sweep(day: date) -> None:
    """Queue the analysis of any item still waiting for it (a burst's task may have died)."""
    sweep_pending_analysis()
