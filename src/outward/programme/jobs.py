"""The programme's periodic job (see `core.jobs`)."""

from __future__ import annotations

from datetime import date

from outward.core.jobs import daily
from outward.programme.services import record_assessment


@daily("programme-assess")
def assess(day: date) -> None:
    """Keep the day's checklist score: the programme's score over time."""
    record_assessment(day)
