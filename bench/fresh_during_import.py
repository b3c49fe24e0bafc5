"""How soon a new item is on the issue board (analysed, themed, in the rollups) while a bulk
import runs: real HTTP, a real task worker, the real import command.

    nice -n 10 .venv/bin/python bench/fresh_during_import.py [--rows 600000] [--probes 6]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres]

A fresh database (SQLite in a temporary OUTWARD_DATA_DIR, or with --pg a fresh PostgreSQL
database `bench_fresh`) gets the demo company (analysed and refitted, so a theme model
exists). Then `outward worker` and gunicorn start, `outward import` loads a CSV of --rows
generated tickets, and while it runs, every 10 s, one item is POSTed to /api/v1/feedback;
the time until that item has its analysis and its theme (which the same transaction adds to
the rollups the board reads) is its latency. Bounded: at most --probes probes, each given
60 s; the import is stopped after the probes.

Target (issue 11): a new item appears analysed, with its theme, within 10 s during a bulk
import.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from benchdb import fresh_pg
from httpload import VENV_BIN, free_port, gunicorn

OPENERS = ["My order", "The invoice", "Your support line", "The app", "The delivery"]
ENDINGS = ["was late again.", "charged me twice.", "kept me on hold.", "crashed.", "was fine."]


def _outward(*args: str) -> str:
    done = subprocess.run(
        [str(VENV_BIN / "outward"), *args], check=True, capture_output=True, text=True
    )
    return done.stdout


def _write_csv(path: Path, rows: int) -> None:
    rng = random.Random(7)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ticket_id", "created_at", "description"])
        for n in range(rows):
            when = start + timedelta(minutes=rng.randrange(0, 500_000))
            text = f"{rng.choice(OPENERS)} {rng.choice(ENDINGS)} Case {n}."
            writer.writerow([f"T{n:07d}", when.isoformat(), text])


def _token() -> str:
    script = (
        "from outward.accounts.services import create_employee, create_api_token;"
        "u = create_employee(username='fresh', email='fresh@example.org', role='admin');"
        "print(create_api_token(user=u, name='bench', scope='write').secret)"
    )
    return _outward("shell", "-c", script).strip().splitlines()[-1]


def _themed(base: str, item_id: str, headers: dict[str, str]) -> bool:
    item = requests.get(f"{base}/api/v1/feedback/{item_id}", headers=headers, timeout=30).json()
    return item["analysed_at"] is not None and item["theme_id"] is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=600_000)
    parser.add_argument("--probes", type=int, default=6)
    parser.add_argument("--pg", default="")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-fresh-"))
    os.environ["OUTWARD_DATA_DIR"] = str(workdir)
    os.environ.pop("DATABASE_URL", None)
    if args.pg:
        os.environ["DATABASE_URL"] = fresh_pg(args.pg, "bench_fresh")
    _outward("migrate", "--verbosity", "0")
    _outward("demo")
    secret = _token()
    source = workdir / "tickets.csv"
    _write_csv(source, args.rows)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {secret}"}
    worker = subprocess.Popen(
        [str(VENV_BIN / "outward"), "worker"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    latencies: list[float] = []
    try:
        with gunicorn(port, workers=2, threads=1):
            started = time.monotonic()
            importing = subprocess.Popen(
                [str(VENV_BIN / "outward"), "import", str(source), "--no-progress"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for probe in range(args.probes):
                time.sleep(10)
                if importing.poll() is not None:
                    print(f"the import ended before probe {probe + 1}")
                    break
                sent = time.monotonic()
                response = requests.post(
                    f"{base}/api/v1/feedback",
                    json={"external_id": f"probe-{probe}", "text": "The heater broke, awful."},
                    headers=headers,
                    timeout=30,
                )
                response.raise_for_status()
                item_id = response.json()["id"]
                while not _themed(base, item_id, headers) and time.monotonic() - sent < 60:
                    time.sleep(0.25)
                waited = time.monotonic() - sent
                latencies.append(waited)
                at = time.monotonic() - started
                print(f"probe {probe + 1} at {at:3.0f} s of the import: themed in {waited:.1f} s")
            importing.terminate()
            importing.wait(timeout=60)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    if latencies:
        print(
            f"worst {max(latencies):.1f} s, median {sorted(latencies)[len(latencies) // 2]:.1f} s"
        )
    return 0 if latencies and max(latencies) <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
