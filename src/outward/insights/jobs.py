"""The insights app's periodic jobs (see `core.jobs`)."""

from __future__ import annotations

from datetime import date

from outward.core.jobs import daily, every_minute
from outward.insights.services.refit import request_refit, resume_stale_runs
from outward.insights.services.windows import refresh_stale_windows


@daily("insights-refit")
def nightly_refit(day: date) -> None:
    """Re-discover the themes over all feedback and recompute every figure, once a day."""
    request_refit(trigger="scheduled")


@every_minute("insights-resume-refits")
def resume_refits(day: date) -> None:
    """Queue again a refit whose worker died (it resumes at the stage it reached)."""
    resume_stale_runs()


@every_minute("insights-windows")
def roll_windows(day: date) -> None:
    """Recount the board's usual periods (`ThemeWindow`) once the day has changed."""
    refresh_stale_windows(day)
