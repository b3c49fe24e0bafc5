"""Business time: SLA clocks run Monday to Friday, 9:00 to 17:00."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from outward.cases.business_hours import BusinessHours

TZ = ZoneInfo("Europe/Amsterdam")
HOURS = BusinessHours(tz=TZ)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=TZ)  # 7 Dec 2026 is a Monday


def test_time_inside_a_working_day_adds_up_directly() -> None:
    assert HOURS.add(at(7, 10), 3 * 3600) == at(7, 13)


def test_time_left_at_closing_carries_over_to_the_next_morning() -> None:
    assert HOURS.add(at(7, 16), 2 * 3600) == at(8, 10)


def test_a_friday_afternoon_runs_on_into_monday() -> None:
    assert HOURS.add(at(11, 16), 8 * 3600) == at(14, 16)


def test_a_case_opened_at_night_starts_counting_next_morning() -> None:
    assert HOURS.add(at(7, 22), 3600) == at(8, 10)


def test_working_seconds_between_skip_nights_and_weekends() -> None:
    assert HOURS.between(at(11, 16), at(14, 10)) == 2 * 3600
    assert HOURS.between(at(14, 10), at(11, 16)) == 0


FIRST, LAST = dt.date(2026, 1, 1), dt.date(2027, 12, 31)
MOMENTS = st.tuples(st.dates(FIRST, LAST), st.times()).map(
    lambda parts: dt.datetime.combine(parts[0], parts[1], tzinfo=TZ)
)


@given(start=MOMENTS, seconds=st.integers(min_value=0, max_value=200 * 3600))
def test_adding_then_measuring_gives_back_the_time_added(start: dt.datetime, seconds: int) -> None:
    assert abs(HOURS.between(start, HOURS.add(start, seconds)) - seconds) < 1e-6
