"""The case lists and "slipping through the cracks" at scale, over real HTTP.

    nice -n 10 .venv/bin/python bench/case_pages.py --pg postgresql://postgres@127.0.0.1:5432/postgres
    nice -n 10 .venv/bin/python bench/case_pages.py --cases 20000 --promises 50000   # SQLite

A fresh database (PostgreSQL `bench_cases` with --pg, else SQLite) gets 20,000 customers, a
year of feedback (--feedback, a tenth of it detractors), ten desks of twenty agents,
--cases cases (a tenth still open: new, open or waiting, some past their SLA, some with no
next step) and --promises promises (a twentieth open, half of those overdue), written with
bulk inserts. gunicorn serves it on 127.0.0.1 (2 workers); a desk manager signs in and
requests each page --repeat times after one warm-up per worker: median and p95. Bounded: --repeat
requests per page, each with a 30 s timeout.

Target (issue 13): case list and cracks view p95 < 300 ms with 200,000 cases and 500,000
promises on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import requests

from benchdb import fresh_pg
from httpload import VENV_BIN, free_port, gunicorn

PASSWORD = "bench-pass-123"  # noqa: S105 (a throwaway account in a throwaway database)
CHUNK = 20_000
WORKERS = 2


def _outward(*args: str) -> None:
    subprocess.run([str(VENV_BIN / "outward"), *args], check=True, capture_output=True)


def _seed(cases: int, promises: int, feedback: int) -> None:
    """Bulk-write the company, feedback, cases and promises (django set up in-process)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outward.config.settings")
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from outward.accounts.models import Team, User
    from outward.accounts.services import create_employee
    from outward.cases import promise_rollup
    from outward.cases.models import Case, Promise
    from outward.customers.models import Customer
    from outward.feedback.models import FeedbackItem

    rng = random.Random(13)
    now = timezone.now()
    teams = Team.objects.bulk_create(Team(name=f"Desk {n}") for n in range(10))
    create_employee(
        username="bench",
        email="bench@example.org",
        role="manager",
        password=PASSWORD,
        team=teams[0],
    )
    agents = User.objects.bulk_create(
        User(
            username=f"agent{n}",
            email=f"agent{n}@example.org",
            role="agent",
            team=teams[n % 10],
            password=make_password(None),  # no sign-in
        )
        for n in range(200)
    )
    customers = Customer.objects.bulk_create(
        (Customer(name=f"Customer {n}", email=f"c{n}@example.org") for n in range(20_000)),
        batch_size=CHUNK,
    )
    year = 365 * 86400

    def items() -> list[FeedbackItem]:
        return [
            FeedbackItem(
                source="survey",
                customer=rng.choice(customers),
                text="Bench feedback text.",
                nps=rng.choice(
                    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] if rng.random() < 0.5 else [9, 10]
                ),
                occurred_at=now - dt.timedelta(seconds=rng.randint(0, year)),
                external_id=str(uuid.uuid4()),
                analysed_at=now,
            )
            for _ in range(min(CHUNK, feedback))
        ]

    for _ in range(0, feedback, CHUNK):
        FeedbackItem.objects.bulk_create(items(), batch_size=CHUNK)
    statuses = ["new", "open", "waiting"]
    for start in range(0, cases, CHUNK):
        rows = []
        for n in range(start, min(cases, start + CHUNK)):
            active = rng.random() < 0.1
            opened = now - dt.timedelta(seconds=rng.randint(0, year))
            agent = rng.choice(agents) if rng.random() < 0.85 else None
            rows.append(
                Case(
                    reference=f"C-{n:08X}",
                    title="Late delivery",
                    customer=rng.choice(customers),
                    origin="feedback",
                    status=rng.choice(statuses) if active else "closed",
                    resolution="" if active else "process_fixed",
                    priority="normal",
                    team=agent.team if agent else rng.choice(teams),
                    assignee=agent,
                    first_response_due=opened + dt.timedelta(hours=8),
                    resolution_due=opened + dt.timedelta(days=rng.randint(1, 10)),
                    first_responded_at=opened + dt.timedelta(hours=2)
                    if rng.random() < 0.9
                    else None,
                    next_step="Call back" if rng.random() < 0.7 else "",
                    resolved_at=None if active else opened + dt.timedelta(days=2),
                    closed_at=None if active else opened + dt.timedelta(days=3),
                )
            )
        Case.objects.bulk_create(rows, batch_size=CHUNK)
    for start in range(0, promises, CHUNK):
        rows2 = []
        for _ in range(start, min(promises, start + CHUNK)):
            due = now + dt.timedelta(seconds=rng.randint(-year, 7 * 86400))
            is_open = rng.random() < 0.05 or due > now
            owner = rng.choice(agents)
            status = "open" if is_open else ("kept" if rng.random() < 0.85 else "broken")
            rows2.append(
                Promise(
                    customer=rng.choice(customers),
                    kind="call_back",
                    description="Call back",
                    owner=owner,
                    team_id=owner.team_id,
                    due_at=due,
                    status=status,
                    resolved_at=None if is_open else due - dt.timedelta(hours=rng.randint(-5, 20)),
                )
            )
        Promise.objects.bulk_create(rows2, batch_size=CHUNK)
    promise_rollup.rebuild()  # what settling each promise one by one would have kept


def _signed_in(base: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    session.post(
        f"{base}/accounts/login/",
        data={
            "username": "bench",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    ).raise_for_status()
    return session


def _p95(times: list[float]) -> float:
    """The nearest-rank 95th percentile (with 40 requests: the 38th fastest)."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


PAGES = {
    "cases: mine": "/cases/?view=mine",
    "cases: my team": "/cases/?view=team",
    "cases: unassigned": "/cases/?view=unassigned",
    "cases: breaching SLA": "/cases/?view=breaching",
    "cases: all open": "/cases/?view=active",
    "cases: search": "/cases/?view=active&q=Customer%2012",
    "cracks": "/cases/cracks/",
    "promises: all open": "/cases/promises/?scope=all",
    "api: breaching": "/api/v1/cases?view=breaching",
    "api: cracks": "/api/v1/cases/cracks",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--promises", type=int, default=500_000)
    parser.add_argument("--feedback", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--pg", default="", help="a PostgreSQL server URL (else SQLite)")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the last run's PostgreSQL data again"
    )
    args = parser.parse_args()
    os.environ["OUTWARD_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-cases-")
    os.environ.pop("DATABASE_URL", None)
    if args.pg:
        base_url = args.pg.rsplit("/", 1)[0]
        reuse = args.reuse
        os.environ["DATABASE_URL"] = (
            f"{base_url}/bench_cases" if reuse else fresh_pg(args.pg, "bench_cases")
        )
    else:
        reuse = False
    started = time.perf_counter()
    _outward("migrate", "--verbosity", "0")
    _outward("collectstatic", "--noinput", "--verbosity", "0")
    if not reuse:
        _seed(args.cases, args.promises, args.feedback)
    if args.pg:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
            db.execute("VACUUM ANALYZE")
    print(
        f"{args.cases:,} cases, {args.promises:,} promises, {args.feedback:,} feedback items "
        f"written in {time.perf_counter() - started:.0f} s on "
        f"{'PostgreSQL' if args.pg else 'SQLite'}; load {os.getloadavg()[0]:.2f}"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn(port, workers=WORKERS, threads=1):
        session = _signed_in(base)
        print(f"{'page':24} {'median ms':>10} {'p95 ms':>8} {'KB':>6}")
        for name, path in PAGES.items():
            for _ in range(WORKERS):  # warm-up: one request per worker process
                size = len(session.get(base + path, timeout=30).content)
            times = []
            for _ in range(args.repeat):
                begun = time.perf_counter()
                session.get(base + path, timeout=30).raise_for_status()
                times.append((time.perf_counter() - begun) * 1000)
            print(
                f"{name:24} {statistics.median(times):10.1f} {_p95(times):8.1f} {size / 1024:6.0f}"
            )
            if os.environ.get("BENCH_TIMES"):  # every request, to see a tail
                print("   ", sorted(round(t) for t in times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
