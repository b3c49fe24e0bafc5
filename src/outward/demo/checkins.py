"""The demo company's proactive check-ins: the churn-risk model learnt from its customers'
history (who left in the last 90 days, and what they had said before), and the day's
proposals: customers at risk, owners due for their yearly service, and customers silent for
half a year with nothing open."""

from __future__ import annotations

import datetime as dt

from outward.checkins.services.proposals import Proposed, propose_checkins
from outward.checkins.services.risk import refit_risk


def write_demo_checkins(today: dt.date) -> Proposed:
    refit_risk(today)
    return propose_checkins(today)
