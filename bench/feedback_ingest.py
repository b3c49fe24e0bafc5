"""Feedback ingestion over real HTTP: batches of 100 against one-by-one posts, on SQLite.

    .venv/bin/python bench/feedback_ingest.py [--items 20000] [--batch 100] [--clients 4]

Builds a fresh data directory (SQLite), migrates it, creates an admin and a write token
through the services, starts gunicorn (2 workers x 4 threads), posts realistic feedback from
a few client threads to 127.0.0.1, then checks in the database that every accepted item was
stored exactly once. The peer in the same run posts items one by one (POST /api/v1/feedback);
the figure to compare is the batch/single throughput ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from httpload import VENV_BIN, Run, free_port, gunicorn, post_all

TIME_LIMIT_S = 600  # the whole run stops waiting for the server after this long
REQUEST_TIMEOUT_S = 60
TEXTS = [
    "The engineer arrived on time and fixed the boiler in twenty minutes.",
    "Third call about the same invoice, and still nobody can explain the charge.",
    "Delivery came two weeks late and nobody told me.",
    "Great app, but the password reset e-mail never arrives.",
    "The kettle lid broke after a month; the replacement took ages.",
    "Friendly staff in the shop, very patient with my questions.",
    "I was transferred four times before anyone could help.",
    "Setup instructions were clear; working within ten minutes.",
]
SOURCES = ["survey", "ticket", "email", "review", "check_in", "api"]


@dataclass(frozen=True)
class Fixture:
    secret: str
    customers: list[str]  # external ids
    touchpoints: list[str]  # slugs


def _prepare(data_dir: Path, customers: int) -> Fixture:
    """Migrate a fresh database and create a token and some customers, through the services."""
    (data_dir / "static").mkdir()  # whitenoise warns on every start when it is missing
    os.environ["OUTWARD_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "outward.config.settings"
    subprocess.run(
        [str(VENV_BIN / "outward"), "migrate", "--verbosity", "0"], check=True, env=os.environ
    )
    import django

    django.setup()
    from django.db import connection

    from outward.accounts.services import create_api_token, create_employee
    from outward.customers.models import Touchpoint
    from outward.customers.services import create_customer

    user = create_employee(username="bench", email="bench@example.org", role="admin")
    secret = create_api_token(user=user, name="bench", scope="write").secret
    external_ids = [f"BENCH-C{i:05d}" for i in range(customers)]
    for external_id in external_ids:
        create_customer(name=f"Customer {external_id}", external_id=external_id)
    touchpoints = sorted(Touchpoint.objects.filter(is_active=True).values_list("slug", flat=True))
    connection.close()
    return Fixture(secret=secret, customers=external_ids, touchpoints=touchpoints)


def _items(prefix: str, count: int, fixture: Fixture, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    items = []
    for i in range(count):
        item: dict[str, Any] = {
            "source": rng.choice(SOURCES),
            "external_id": f"{prefix}-{i:07d}",
            "customer_external_id": rng.choice(fixture.customers),
            "touchpoint": rng.choice(fixture.touchpoints),
            "text": rng.choice(TEXTS),
            "nps": rng.randint(0, 10),
            "occurred_at": (now - timedelta(minutes=rng.randint(0, 90 * 24 * 60))).isoformat(),
        }
        if rng.random() < 0.5:
            item["csat"] = rng.randint(1, 5)
        if rng.random() < 0.3:
            item["ces"] = rng.randint(1, 7)
        items.append(item)
    return items


def _post_all(
    port: int, secret: str, path: str, bodies: list[tuple[bytes, int]], clients: int
) -> Run:
    """POST every body (JSON bytes, item count) from `clients` threads, one connection each."""
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    requests = [(path, body, items) for body, items in bodies]
    return post_all(
        port,
        requests,
        clients,
        headers,
        time_limit_s=TIME_LIMIT_S,
        timeout_s=REQUEST_TIMEOUT_S,
    )


def _report(name: str, run: Run, unit: str) -> float:
    rate = run.accepted / run.seconds if run.seconds else 0.0
    print(
        f"{name:<8} {run.accepted:>6} items in {run.seconds:6.2f} s = {rate:8.1f} items/s; "
        f"per {unit}: p50 {run.percentile(0.5):6.1f} ms, p99 {run.percentile(0.99):6.1f} ms, "
        f"mean {statistics.fmean(run.latencies) * 1000:6.1f} ms; statuses {run.statuses}"
    )
    return rate


def _stored(prefix: str) -> tuple[int, int]:
    from django.db.models import Count

    from outward.feedback.models import FeedbackItem

    rows = FeedbackItem.objects.filter(external_id__startswith=f"{prefix}-")
    duplicates = rows.values("source", "external_id").annotate(n=Count("id")).filter(n__gt=1)
    return rows.count(), duplicates.count()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=20_000, help="items posted in batches")
    parser.add_argument("--batch", type=int, default=100, help="items per batch (max 1000)")
    parser.add_argument("--single", type=int, default=2_000, help="items posted one by one")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--customers", type=int, default=500)
    args = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="outward-bench-"))
    try:
        fixture = _prepare(data_dir, args.customers)
        secret = fixture.secret
        batched = _items("bench-b", args.items, fixture, seed=1)
        single = _items("bench-s", args.single, fixture, seed=2)
        batch_bodies = [
            (
                json.dumps({"items": batched[i : i + args.batch]}).encode(),
                len(batched[i : i + args.batch]),
            )
            for i in range(0, len(batched), args.batch)
        ]
        single_bodies = [(json.dumps(item).encode(), 1) for item in single]
        port = free_port()
        print(
            f"SQLite in {data_dir}; gunicorn 2 workers x 4 threads on 127.0.0.1:{port}; "
            f"{args.clients} client threads; {os.cpu_count()} CPUs"
        )
        with gunicorn(port, workers=2, threads=4):
            warm = _items("bench-w", 20, fixture, seed=3)
            _post_all(
                port,
                secret,
                "/api/v1/feedback/batch",
                [(json.dumps({"items": warm}).encode(), 20)],
                1,
            )
            batch_run = _post_all(
                port, secret, "/api/v1/feedback/batch", batch_bodies, args.clients
            )
            single_run = _post_all(port, secret, "/api/v1/feedback", single_bodies, args.clients)
            retry_run = _post_all(port, secret, "/api/v1/feedback/batch", batch_bodies[:5], 1)

        batch_rate = _report("batch", batch_run, f"batch of {args.batch}")
        single_rate = _report("single", single_run, "item")
        print(
            f"batch/single throughput ratio: {batch_rate / single_rate:.1f}x" if single_rate else ""
        )
        stored_b, dup_b = _stored("bench-b")
        stored_s, dup_s = _stored("bench-s")
        retried = sorted(retry_run.statuses.items())
        print(
            f"stored: {stored_b} batched (accepted {batch_run.accepted}), "
            f"{stored_s} single (accepted {single_run.accepted}); duplicates: {dup_b + dup_s}; "
            f"retried batches answered {retried}"
        )
        exactly_once = (
            stored_b == batch_run.accepted == args.items
            and stored_s == single_run.accepted == args.single
            and dup_b + dup_s == 0
            and retry_run.statuses == {200: len(batch_bodies[:5])}
        )
        print("every accepted item stored exactly once: " + ("yes" if exactly_once else "NO"))
        return 0 if exactly_once else 1
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
