"""The analysis pages of the demo company over real HTTP: drivers, journey, outcomes,
quality, a survey's results, and the chart endpoints they fetch.

    nice -n 10 .venv/bin/python bench/report_pages.py [--repeat 20] [--pg URL]

A fresh SQLite database (or, with --pg, a fresh PostgreSQL database `bench_reports`) gets the
demo company (`outward demo`: 20,000 items, analysed and refitted); gunicorn serves it on
127.0.0.1 (2 workers); a manager signs in through the login form and requests each page
--repeat times, one at a time, after one warm-up: median and p95 per page. Bounded: at most
--repeat requests per page, each with a 30 s timeout.

Target (issue 11): every insight page p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import requests

from benchdb import fresh_pg
from httpload import VENV_BIN, free_port, gunicorn

PASSWORD = "bench-pass-123"  # noqa: S105 (a throwaway account in a throwaway database)


def _outward(*args: str) -> str:
    done = subprocess.run(
        [str(VENV_BIN / "outward"), *args], check=True, capture_output=True, text=True
    )
    return done.stdout


def _prepare() -> str:
    """Migrate, generate the demo, add the manager; returns the relationship survey's id."""
    _outward("migrate", "--verbosity", "0")
    _outward("collectstatic", "--noinput", "--verbosity", "0")
    _outward("demo")  # dated up to today, so the pages' default periods hold its data
    script = (
        "from outward.accounts.services import create_employee;"
        "create_employee(username='bench', email='bench@example.org', role='manager',"
        f" password='{PASSWORD}');"
        "from outward.surveys.models import Survey;"
        "print(Survey.objects.filter(kind='relationship', audience='customers').first().pk)"
    )
    return _outward("shell", "-c", script).strip().splitlines()[-1]


def _signed_in(base: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": "bench",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    )
    response.raise_for_status()
    return session


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pg", default="", help="a PostgreSQL server URL (else SQLite)")
    args = parser.parse_args()
    os.environ["OUTWARD_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-reports-")
    os.environ.pop("DATABASE_URL", None)
    if args.pg:
        os.environ["DATABASE_URL"] = fresh_pg(args.pg, "bench_reports")
    started = time.perf_counter()
    survey = _prepare()
    print(f"demo ready in {time.perf_counter() - started:.0f} s; load {os.getloadavg()[0]:.2f}")
    pages = {
        "drivers": "/issues/drivers/",
        "drivers, churn": "/issues/drivers/?target=churn",
        "journey": "/issues/journey/",
        "outcomes": "/issues/outcomes/",
        "quality": "/issues/quality/",
        "survey results": f"/issues/surveys/{survey}/",
        "chart: drivers": "/api/v1/insights/charts/drivers",
        "chart: competitors": "/api/v1/insights/charts/competitors",
        "chart: survey trend": f"/api/v1/insights/surveys/{survey}/charts/trend",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn(port, workers=2, threads=1):
        session = _signed_in(base)
        print(f"{'page':24} {'median ms':>10} {'p95 ms':>8} {'KB':>6}")
        for name, path in pages.items():
            size = len(session.get(base + path, timeout=30).content)  # warm-up
            times = []
            for _ in range(args.repeat):
                begun = time.perf_counter()
                session.get(base + path, timeout=30).raise_for_status()
                times.append((time.perf_counter() - begun) * 1000)
            median, p95 = statistics.median(times), _p95(times)
            print(f"{name:24} {median:10.1f} {p95:8.1f} {size / 1024:6.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
