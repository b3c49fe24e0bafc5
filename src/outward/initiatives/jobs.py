"""The initiatives' periodic jobs (see `core.jobs`)."""

from __future__ import annotations

from datetime import date

from outward.core.jobs import daily
from outward.initiatives import services


@daily("initiatives-resurvey")
def resurvey_changed(day: date) -> None:
    """Re-survey the customers of every initiative whose change has settled."""
    for initiative_id in services.resurvey_due(day):
        services.resurvey(initiative_id)


@daily("initiatives-measure")
def measure_changed(day: date) -> None:
    """Recompute every changed initiative's result from the answers so far."""
    services.measure_all(day)
