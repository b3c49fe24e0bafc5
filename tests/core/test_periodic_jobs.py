"""The job registry: apps register their periodic jobs; the clock runs each daily job once a
day from its hour (even with two clocks) and the minute jobs on every tick."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.db import connection

from outward.core import jobs
from outward.core.maintenance import refresh_query_statistics
from outward.core.models import JobRun

pytestmark = pytest.mark.django_db
MORNING = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NIGHT = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[date]]:
    """A registry of two test jobs only; what each ran, by job name."""
    ran: dict[str, list[date]] = {"daily": [], "minute": []}
    monkeypatch.setattr(jobs, "REGISTRY", {})
    jobs.daily("test-daily")(ran["daily"].append)
    jobs.every_minute("test-minute")(ran["minute"].append)
    return ran


def test_the_apps_register_their_jobs() -> None:
    assert {"survey-coverage", "survey-reminders", "contact-rollups"} <= set(jobs.REGISTRY)
    assert jobs.REGISTRY["feedback-analysis-sweep"].every == "minute"


def test_a_daily_job_runs_once_a_day_however_many_clocks_tick(
    registry: dict[str, list[date]],
) -> None:
    first = jobs.run_due_jobs(MORNING, hour=8)
    second = jobs.run_due_jobs(MORNING, hour=8)  # a second clock, or a restart

    assert first == ["test-daily"]
    assert second == []
    assert registry["daily"] == [date(2026, 3, 2)]
    assert JobRun.objects.get().job == "test-daily"


def test_daily_jobs_wait_for_the_clocks_hour_but_minute_jobs_do_not(
    registry: dict[str, list[date]],
) -> None:
    ran = jobs.run_due_jobs(NIGHT, hour=8)

    assert ran == []
    assert registry["daily"] == []
    assert registry["minute"] == [date(2026, 3, 2)]


def test_a_failing_daily_job_leaves_no_claim_so_the_next_tick_retries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jobs, "REGISTRY", {})
    calls: list[date] = []

    def flaky(day: date) -> None:
        calls.append(day)
        if len(calls) == 1:
            raise RuntimeError("queue down")

    jobs.daily("flaky")(flaky)
    with pytest.raises(RuntimeError):
        jobs.run_due_jobs(MORNING)

    assert jobs.run_due_jobs(MORNING) == ["flaky"]
    assert len(calls) == 2


def test_two_jobs_cannot_share_a_name(registry: dict[str, list[date]]) -> None:
    with pytest.raises(ValueError, match='"test-daily" is registered already'):
        jobs.daily("test-daily")(lambda day: None)


def test_the_clock_command_runs_the_registered_jobs_once(
    registry: dict[str, list[date]],
) -> None:
    out = io.StringIO()

    call_command("clock", "--once", "--hour", "0", stdout=out)

    assert "Ran today's test-daily." in out.getvalue()
    assert len(registry["daily"]) == len(registry["minute"]) == 1


@pytest.mark.django_db
def test_the_nightly_statistics_let_sqlite_plan_with_the_tables_shape() -> None:
    assert jobs.REGISTRY["query-statistics"].every == "day"

    done = refresh_query_statistics()

    assert done is (connection.vendor == "sqlite")
    if done:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1")
            assert cursor.fetchone()[0] > 0
