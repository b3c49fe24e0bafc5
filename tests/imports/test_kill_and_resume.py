"""kill -9 in the middle of `outward import`: only whole chunks are stored, and running the
same command again completes the import without a duplicate.

The import runs in a real subprocess against a database both sides can see: a fresh SQLite
file (migrated by the subprocess), or, when TEST_DATABASE_URL is set, the PostgreSQL test
database itself (hence a transactional test).
"""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from outward.feedback.models import FeedbackItem
from outward.imports.models import ImportJob

ROWS = 60_000
CHUNK = 1_000
KILL_AFTER = 5_000  # committed rows
OUTWARD = str(Path(sys.executable).parent / "outward")
Counts = tuple[int, int, int, int]  # stored items, jobs, job rows read, job rows created


def _write(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Id", "Comment", "Customer ID", "Date"])
        for i in range(ROWS):
            writer.writerow(
                [f"K{i}", f"Feedback number {i}", f"C{i % 500}", f"2025-{1 + i % 12:02d}-15"]
            )


def _env(tmp_path: Path) -> tuple[dict[str, str], Callable[[], Counts]]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "outward.config.settings"}
    env["OUTWARD_DATA_DIR"] = str(tmp_path / "data")
    env.pop("TEST_DATABASE_URL", None)
    if connection.vendor == "sqlite":
        db = tmp_path / "data" / "import.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{db}"
        subprocess.run([OUTWARD, "migrate", "-v", "0"], env=env, check=True, timeout=300)

        def counts() -> Counts:
            with sqlite3.connect(db, timeout=30) as conn:
                stored = conn.execute("select count(*) from feedback_feedbackitem").fetchone()[0]
                jobs = conn.execute(
                    "select count(*), max(rows_read), max(rows_created) from imports_importjob"
                ).fetchone()
            return stored, jobs[0], jobs[1] or 0, jobs[2] or 0

        return env, counts
    s = connection.settings_dict
    env["DATABASE_URL"] = (
        f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
        f"/{s['NAME']}"
    )
    # The test settings cache in memory, so the test database has no cache table; the
    # subprocess runs with the real settings, which cache in the database.
    subprocess.run([OUTWARD, "createcachetable"], env=env, check=True, timeout=120)

    def pg_counts() -> Counts:
        jobs = list(ImportJob.objects.values_list("rows_read", "rows_created"))
        read = max((j[0] for j in jobs), default=0)
        created = max((j[1] for j in jobs), default=0)
        return FeedbackItem.objects.count(), len(jobs), read, created

    return env, pg_counts


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_killed_mid_way_keeps_whole_chunks_and_a_rerun_completes_it(
    tmp_path: Path,
) -> None:
    # Given a file of 60 chunks, all rows valid, imported by the real command
    (tmp_path / "data").mkdir()
    file = tmp_path / "feedback.csv"
    _write(file)
    env, counts = _env(tmp_path)
    command = [OUTWARD, "import", str(file), "--no-progress", "--chunk-size", str(CHUNK)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)

    # When it is killed once a few chunks are committed
    deadline = time.monotonic() + 240
    while counts()[2] < KILL_AFTER and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    stored, jobs, read, created = counts()

    # Then it stopped mid-way, and what is stored is whole chunks, as the job says
    assert process.returncode == -signal.SIGKILL
    assert jobs == 1
    assert KILL_AFTER <= read < ROWS
    assert stored == created == read
    assert stored % CHUNK == 0

    # When the same command runs again, then it completes the rest, storing nothing twice
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert counts() == (ROWS, 1, ROWS, ROWS)
    assert f"{ROWS:,} rows read, {ROWS:,} created, 0 duplicates" in rerun.stdout
