"""Business time: SLA clocks run only in working hours (Monday to Friday, 9:00 to 17:00 in
the site's time zone by default; public holidays are not modelled). Plain datetime
arithmetic, no Django: `add` moves a moment forward by working seconds, `between` counts
the working seconds from one moment to another."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class BusinessHours:
    tz: ZoneInfo
    opens: dt.time = dt.time(9)
    closes: dt.time = dt.time(17)
    days: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))  # Mon..Fri

    def _window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        if day.weekday() not in self.days:
            return None
        return (
            dt.datetime.combine(day, self.opens, tzinfo=self.tz),
            dt.datetime.combine(day, self.closes, tzinfo=self.tz),
        )

    def add(self, moment: dt.datetime, seconds: float) -> dt.datetime:
        """The moment `seconds` of working time after `moment`."""
        current = moment.astimezone(self.tz)
        left = max(seconds, 0.0)
        day = current.date()
        for _ in range(3660):  # ten years of days: a bound, never reached in practice
            window = self._window(day)
            if window is not None:
                start = max(window[0], current)
                if start < window[1]:
                    available = (window[1] - start).total_seconds()
                    if left <= available:
                        return start + dt.timedelta(seconds=left)
                    left -= available
            day += dt.timedelta(days=1)
            current = dt.datetime.combine(day, dt.time.min, tzinfo=self.tz)
        raise ValueError("no business hours configured")

    def between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working seconds from `start` to `end` (0 when end is not after start)."""
        if end <= start:
            return 0.0
        a, b = start.astimezone(self.tz), end.astimezone(self.tz)
        total = 0.0
        day = a.date()
        while day <= b.date():
            window = self._window(day)
            if window is not None:
                low, high = max(window[0], a), min(window[1], b)
                if high > low:
                    total += (high - low).total_seconds()
            day += dt.timedelta(days=1)
        return total
