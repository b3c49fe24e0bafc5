"""The coverage page at 100,000 customers and 1,000,000 feedback items, on SQLite and PostgreSQL.

    nice -n 10 .venv/bin/python bench/coverage_page.py [--customers 100000] [--items 1000000]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--skip-pg] [--repeat 15]

For each database (a fresh SQLite file in a temporary OUTWARD_DATA_DIR, and a fresh
PostgreSQL database `bench_coverage`, dropped and created) a child process migrates, writes
the customers (segments, regions, a tenth churned, four in five consenting to surveys), a
million feedback items over fifteen
months and an invitation e-mailed to a third of the customers, fills the contact rollups
with the daily repair (`rebuild_contact_rollups`, timed too), runs VACUUM ANALYZE on
PostgreSQL (the state autovacuum keeps a live table in), then requests
/surveys/coverage/ as a signed-in executive through Django's test client (the whole view and
template, no network) --repeat times, and the same figures computed the way the page did
before the rollups (correlated EXISTS over feedback, responses and invitations) as the peer.
It prints the median and the slowest request, and checks that both ways count the same.

Target: the page under 200 ms on both databases at 100k customers / 1M items.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdb import fresh_pg

VENV_BIN = Path(sys.executable).parent
SEGMENTS = ["consumer", "small business", "enterprise", "public sector"]
REGIONS = ["north", "south", "east", "west", "central"]


def _populate(customers: int, items: int) -> None:
    import random
    import uuid
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    from outward.customers.models import Customer
    from outward.feedback.models import FeedbackItem
    from outward.surveys.models import Invitation
    from outward.surveys.services.building import activate_survey, create_from_template

    rng = random.Random(7)
    now = timezone.now()
    rows = []
    for n in range(customers):
        churned = n % 10 == 0
        consents = n % 5 != 0  # four in five may be surveyed
        rows.append(
            Customer(
                name=f"Customer {n:06d}",
                external_id=f"C{n:06d}",
                email=f"c{n:06d}@example.com",
                contact_consent=consents,
                segment=SEGMENTS[n % len(SEGMENTS)],
                region=REGIONS[(n // 7) % len(REGIONS)],
                status="churned" if churned else "active",
                churned_on=now.date() if churned else None,
            )
        )
    Customer.objects.bulk_create(rows, batch_size=5000)
    ids = list(Customer.objects.values_list("pk", flat=True))
    chunk = 20_000
    for start in tqdm(range(0, items, chunk), desc="feedback", unit_scale=chunk):
        batch = []
        for _ in range(min(chunk, items - start)):
            # Most customers speak rarely: a skewed choice leaves many never heard from.
            customer = ids[int(len(ids) * rng.random() ** 3)]
            at = now - timedelta(minutes=rng.randrange(0, 450 * 24 * 60))
            batch.append(
                FeedbackItem(
                    id=uuid.uuid4(),
                    source="ticket",
                    customer_id=customer,
                    text="The delivery was late again.",
                    occurred_at=at,
                    received_at=at,
                    analysed_at=at,
                )
            )
        with transaction.atomic():
            FeedbackItem.objects.bulk_create(batch, batch_size=5000)
    survey = activate_survey(
        create_from_template("relationship_nps", name="Yearly", created_by=None, languages=["en"])
    )
    invitations = []
    for customer in ids[::3]:
        at = now - timedelta(days=rng.randrange(0, 500))
        invitations.append(
            Invitation(
                survey=survey,
                customer_id=customer,
                trigger="coverage",
                invited_at=at,
                sent_at=at,
                expires_at=at + timedelta(days=30),
            )
        )
    Invitation.objects.bulk_create(invitations, batch_size=5000)


def _before_rollups() -> dict[str, int]:
    """The page's overall figures as computed before the rollups (the peer)."""
    from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q

    from outward.customers.models import Customer
    from outward.feedback.models import FeedbackItem
    from outward.surveys.coverage_selectors import window_start
    from outward.surveys.models import Invitation, Response

    since = window_start()
    invited = Exists(Invitation.objects.filter(customer=OuterRef("pk"), sent_at__gte=since))
    spoke = FeedbackItem.objects.filter(occurred_at__gte=since, customer=OuterRef("pk"))
    answered = Response.objects.filter(customer=OuterRef("pk"), completed_at__gte=since)
    heard = ExpressionWrapper(Q(Exists(spoke)) | Q(Exists(answered)), output_field=BooleanField())
    rows = list(
        Customer.objects.active()
        .annotate(invited=invited, heard=heard)
        .order_by()
        .values("segment", "region", "invited", "heard")
        .annotate(n=Count("id"))
    )
    return {
        "customers": sum(r["n"] for r in rows),
        "invited": sum(r["n"] for r in rows if r["invited"]),
        "heard": sum(r["n"] for r in rows if r["heard"]),
    }


def _timed(call: object, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return times


def child(customers: int, items: int, repeat: int) -> None:
    """Runs inside one database's environment; prints one JSON line of figures."""
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run([str(VENV_BIN / "outward"), *command, "--verbosity", "0"], check=True)
    import django

    django.setup()
    from django.test import Client

    from outward.accounts.services import create_employee
    from outward.surveys.coverage_selectors import coverage_figures
    from outward.surveys.services.coverage import rebuild_contact_rollups

    started = time.perf_counter()
    _populate(customers, items)
    populate_s = time.perf_counter() - started
    started = time.perf_counter()
    rebuild_contact_rollups()
    rebuild_s = time.perf_counter() - started
    from django.db import connection

    if connection.vendor == "postgresql":
        # The steady state autovacuum keeps a table in: statistics, and a visibility map
        # that lets the coverage index answer without reading table rows.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = Client()
    client.force_login(create_employee(username="exec", email="x@example.org", role="executive"))

    def page() -> None:
        response = client.get("/surveys/coverage/")
        assert response.status_code == 200, response.status_code

    page()  # the session and the policy row, once
    figures = coverage_figures().overall
    ours = {"customers": figures.customers, "invited": figures.invited, "heard": figures.heard}
    page_ms = _timed(page, repeat)
    peer_ms = _timed(_before_rollups, max(3, repeat // 5))
    print(
        json.dumps(
            {
                "populate_s": round(populate_s, 1),
                "rebuild_s": round(rebuild_s, 2),
                "page_median_ms": round(statistics.median(page_ms), 1),
                "page_max_ms": round(max(page_ms), 1),
                "peer_median_ms": round(statistics.median(peer_ms), 1),
                "figures": ours,
                "same_as_peer": ours == _before_rollups(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.customers, args.items, args.repeat)
        return
    targets = [("SQLite", None)] + ([] if args.skip_pg else [("PostgreSQL", args.pg)])
    failed = False
    for label, admin_url in targets:
        with tempfile.TemporaryDirectory(prefix="outward-bench-") as data_dir:
            env = dict(os.environ)
            env.update(
                OUTWARD_DATA_DIR=data_dir,
                DJANGO_SETTINGS_MODULE="outward.config.settings",
                LOG_LEVEL="WARNING",
                ALLOWED_HOSTS="testserver",
            )
            env.pop("TEST_DATABASE_URL", None)
            env.pop("DATABASE_URL", None)
            if admin_url:
                env["DATABASE_URL"] = fresh_pg(admin_url, "bench_coverage")
            (Path(data_dir) / "static").mkdir()
            command = [sys.executable, __file__, "--child", "--customers", str(args.customers),
                       "--items", str(args.items), "--repeat", str(args.repeat)]  # fmt: skip
            done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{label}: {args.customers:,} customers, {args.items:,} items: {result}")
            failed |= not result["same_as_peer"] or result["page_median_ms"] >= 200
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
