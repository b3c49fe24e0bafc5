"""The reviews app's periodic jobs (see `core.jobs`)."""

from __future__ import annotations

from datetime import date

from outward.core.jobs import daily
from outward.reviews.services import prepare_due_review


@daily("reviews-prepare")
def prepare(day: date) -> None:
    """Prepare the next metric review the day before it."""
    prepare_due_review()
