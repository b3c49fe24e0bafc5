"""The check-ins' periodic job (see `core.jobs`)."""

from __future__ import annotations

from datetime import date

from outward.checkins.services.proposals import propose_checkins
from outward.checkins.services.risk import refit_risk
from outward.core.jobs import daily


@daily("checkins-propose")
def propose(day: date) -> None:
    """Re-learn who may leave, then propose the day's check-ins."""
    refit_risk(day)
    propose_checkins(day)
