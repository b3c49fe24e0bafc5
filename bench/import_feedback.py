"""Importing a million feedback rows through `outward import`, on SQLite and PostgreSQL.

    nice -n 10 .venv/bin/python bench/import_feedback.py ../shared/data [--rows 1000000]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--skip-pg] [--chunk-size 5000]

Writes a CSV of --rows rows whose texts are real customer voice resampled from the public
data sets (support tweets, clothing reviews, banking queries), with 50,000 customers (id,
e-mail, name, segment, region), dates over two years, star ratings and NPS, a channel column
that goes to raw, 10% of rows without an id (content-hash ids), and 0.1% bad rows (empty
text, impossible date, NPS 11). Then, on a fresh SQLite database (temporary OUTWARD_DATA_DIR)
and on a fresh PostgreSQL database (`bench_import`, dropped and created), it runs the real
command twice: the first run imports, the second must add nothing. It prints wall time,
rows/s and the peak RSS of each run, checks read = created + duplicates + errors and the
stored count, and exits 1 if a check fails. Child processes run under `nice -n 10`.

Targets (2-core machine): 1,000,000 rows in at most 5 minutes on SQLite, 3 on PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
SEGMENTS = ["consumer", "small business", "enterprise", "public sector"]
REGIONS = ["north", "south", "east", "west", "central"]
CHANNELS = ["email", "chat", "phone", "web", "app"]
CUSTOMERS = 50_000
BAD_EVERY = 1000  # one bad row in this many


def _texts(data: Path) -> list[str]:
    texts: list[str] = []
    sources = [
        (data / "tweets" / "spotifycares_support_requests.csv", "text"),
        (data / "reviews" / "womens_clothing_reviews.csv", "Review Text"),
        (data / "banking77" / "train.csv", "text"),
    ]
    for path, column in sources:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            texts.extend(r[column].strip() for r in csv.DictReader(handle) if r.get(column))
    if not texts:
        raise SystemExit(f"no texts found under {data} (see its README)")
    return [t for t in texts if t]


def write_file(path: Path, rows: int, texts: list[str], seed: int = 7) -> int:
    """Write the CSV; returns the number of valid rows (all distinct)."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    valid = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Review ID", "Date", "Customer ID", "Email", "Customer name", "Segment",
             "Region", "Text", "Rating", "NPS", "Channel"]
        )  # fmt: skip
        for i in range(rows):
            c = rng.randrange(CUSTOMERS)
            when = start + timedelta(seconds=rng.randrange(2 * 365 * 86400))
            text = texts[rng.randrange(len(texts))]
            row = [
                f"R{i:08d}" if i % 10 else "",
                when.strftime("%Y-%m-%d %H:%M:%S"),
                f"C{c:06d}",
                f"customer{c}@example.com",
                f"Customer {c}",
                SEGMENTS[c % len(SEGMENTS)],
                REGIONS[c % len(REGIONS)],
                # rows without an id get a content-hash id: keep them distinct
                text if i % 10 else f"{text} (#{i})",
                str(rng.randint(1, 5)),
                str(rng.randint(0, 10)) if rng.random() < 0.4 else "",
                CHANNELS[rng.randrange(len(CHANNELS))],
            ]
            if i % BAD_EVERY == 999:
                kind = (i // BAD_EVERY) % 3
                if kind == 0:
                    row[7] = ""
                elif kind == 1:
                    row[1] = "2024-13-45"
                else:
                    row[9] = "11"
            else:
                valid += 1
            writer.writerow(row)
    return valid


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system: what the run costs whatever else the machine does
    peak_rss_mb: float
    output: str


def _run(command: list[str], env: dict[str, str]) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(
        ["nice", "-n", "10", *command], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["OUTWARD_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "outward.config.settings"
    env["LOG_LEVEL"] = "WARNING"
    env.pop("TEST_DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def _counts_sqlite(path: Path) -> tuple[int, tuple[int, ...]]:
    with sqlite3.connect(path) as db:
        stored = db.execute("select count(*) from feedback_feedbackitem").fetchone()[0]
        job = db.execute(
            "select rows_read, rows_created, rows_duplicate, rows_error from imports_importjob "
            "order by created_at desc limit 1"
        ).fetchone()
    return stored, tuple(job)


def _counts_pg(url: str) -> tuple[int, tuple[int, ...]]:
    import psycopg

    with psycopg.connect(url) as db:
        stored = db.execute("select count(*) from feedback_feedbackitem").fetchone()
        job = db.execute(
            "select rows_read, rows_created, rows_duplicate, rows_error from imports_importjob "
            "order by created_at desc limit 1"
        ).fetchone()
    assert stored is not None
    assert job is not None
    return stored[0], tuple(job)


def _fresh_pg(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name}")
        db.execute(f"CREATE DATABASE {name}")
    base = admin_url.rsplit("/", 1)[0]
    return f"{base}/{name}"


def bench(label: str, file: Path, env: dict[str, str], counts: object, valid: int,
          chunk: int) -> bool:  # fmt: skip
    outward = str(VENV_BIN / "outward")
    _run([outward, "migrate", "--verbosity", "0"], env)
    command = [outward, "import", str(file), "--no-progress", "--chunk-size", str(chunk)]
    ok = True
    for attempt in ("first", "second"):
        run = _run(command, env)
        stored, job = counts()  # type: ignore[operator]
        read, created, duplicates, errors = job
        rows = read
        expected_created = valid if attempt == "first" else 0
        checks = {
            "read = created + duplicates + errors": read == created + duplicates + errors,
            f"created {expected_created:,}": created == expected_created,
            f"stored {valid:,}": stored == valid,
        }
        ok &= all(checks.values())
        print(
            f"{label:10} {attempt:6} run: {run.seconds:6.1f} s wall ({rows / run.seconds:,.0f} "
            f"rows/s), {run.cpu_seconds:6.1f} s CPU ({rows / run.cpu_seconds:,.0f} rows/CPU-s), "
            f"peak RSS {run.peak_rss_mb:4.0f} MB; read {read:,}, created {created:,}, "
            f"duplicates {duplicates:,}, errors {errors:,}; stored {stored:,}; "
            + ", ".join(f"{k}: {'ok' if v else 'FAILED'}" for k, v in checks.items())
        )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the public data folder (../shared/data)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=5000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--pg-name", default="bench_import")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="outward-import-bench-"))
    try:
        file = work / "feedback.csv"
        started = time.perf_counter()
        valid = write_file(file, args.rows, _texts(args.data))
        print(
            f"wrote {args.rows:,} rows ({valid:,} valid, {file.stat().st_size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - started:.1f} s; chunk size {args.chunk_size:,}"
        )
        ok = True
        if not args.skip_sqlite:
            data_dir = work / "sqlite"
            data_dir.mkdir()
            ok &= bench(
                "SQLite",
                file,
                _env(data_dir, None),
                lambda: _counts_sqlite(data_dir / "outward.sqlite3"),
                valid,
                args.chunk_size,
            )
        if not args.skip_pg:
            url = _fresh_pg(args.pg, args.pg_name)
            data_dir = work / "pg"
            data_dir.mkdir()
            ok &= bench(
                "PostgreSQL", file, _env(data_dir, url), lambda: _counts_pg(url), valid,
                args.chunk_size,
            )  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
