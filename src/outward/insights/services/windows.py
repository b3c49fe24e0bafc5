"""The board's usual periods (`ThemeWindow`) moved on to a new day."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from outward.insights import rollups
from outward.insights.services.state import lock_state


def refresh_stale_windows(today: dt.date) -> bool:
    """Recount the periods up to `today` unless they already end there (under the insights
    lock, so several clocks or a refit never count twice); whether it recounted."""
    with transaction.atomic():
        state = lock_state()
        if state.windows_end == today:
            return False
        rollups.refresh_windows(today)
    return True
