"""The insight pages at scale: the issue board, an issue, home, the journey, a survey's
results and their API.

    nice -n 10 .venv/bin/python bench/insight_pages.py [--customers 20000] [--items 100000]
        [--themes 80] [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--skip-pg]
        [--skip-sqlite] [--repeat 20] [--reuse]

For each database (a fresh SQLite file in a temporary OUTWARD_DATA_DIR, and a fresh
PostgreSQL database `bench_insights`) a child process migrates and writes customers, themes
and analysed feedback items over fifteen months, each with its theme, touchpoint and
sentiment (a skewed choice of customer and theme, as real feedback is), then rebuilds the
rollups the way a refit's switch-over does (`insights.rollups.rebuild`, timed), runs VACUUM
ANALYZE on PostgreSQL, and requests each page as a signed-in manager through Django's test
client (view and template, no network) --repeat times: median and p95. The peer is the
board's main figures computed from the feedback itself (GROUP BY theme with COUNT DISTINCT
customers over the period), what the pages would cost without rollups. A relationship survey
gets one completed response per five items (NPS, a choice question, a comment from three in
ten), spread over twelve months, for the survey results page. `--reuse` measures the last
run's PostgreSQL database again (a million items take a while to write).

Target (issue 11): every insight page p95 < 300 ms at 100k items on SQLite and 1M on
PostgreSQL.
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
SOURCES = ["ticket", "survey", "email", "review", "social"]


def _populate(customers: int, items: int, themes: int) -> list[int]:
    import random
    import uuid
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    from outward.customers.models import Customer, Touchpoint
    from outward.feedback.models import FeedbackItem
    from outward.insights.models import Theme

    rng = random.Random(11)
    now = timezone.now()
    Customer.objects.bulk_create(
        [
            Customer(
                name=f"Customer {n:06d}",
                email=f"c{n:06d}@example.com",
                segment=SEGMENTS[n % len(SEGMENTS)],
                region=REGIONS[(n // 7) % len(REGIONS)],
                annual_value=1000 + n % 5000,
            )
            for n in range(customers)
        ],
        batch_size=5000,
    )
    ids = list(Customer.objects.values_list("pk", flat=True))
    touchpoints = list(Touchpoint.objects.values_list("pk", flat=True))
    made = Theme.objects.bulk_create(
        [
            Theme(
                engine_id=n,
                origin="engine",
                label=f"Theme {n}",
                kind="praise" if n % 4 == 0 else "issue",
                key_phrases=[f"phrase {n}"],
            )
            for n in range(themes)
        ]
    )
    theme_ids = [t.pk for t in made] or list(Theme.objects.values_list("pk", flat=True))
    chunk = 20_000
    for start in tqdm(range(0, items, chunk), desc="feedback", unit_scale=chunk):
        batch = []
        for _ in range(min(chunk, items - start)):
            at = now - timedelta(minutes=rng.randrange(0, 450 * 24 * 60))
            batch.append(
                FeedbackItem(
                    id=uuid.uuid4(),
                    source=rng.choice(SOURCES),
                    customer_id=ids[int(len(ids) * rng.random() ** 2)],
                    touchpoint_id=rng.choice(touchpoints),
                    text="The delivery was late again.",
                    sentiment=rng.uniform(-1, 1),
                    nps=rng.randrange(0, 11) if rng.random() < 0.3 else None,
                    occurred_at=at,
                    received_at=at,
                    analysed_at=at,
                    theme_id=theme_ids[int(len(theme_ids) * rng.random() ** 2)],
                )
            )
        with transaction.atomic():
            FeedbackItem.objects.bulk_create(batch, batch_size=5000)
    return theme_ids


def _populate_survey(responses: int) -> str:
    """A relationship survey with an extra choice question and `responses` completed responses
    from random customers over twelve months; returns its id."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from outward.customers.models import Customer
    from outward.surveys import rollups
    from outward.surveys.models import Response
    from outward.surveys.services.building import (
        activate_survey,
        add_question,
        create_from_template,
    )

    rng = random.Random(12)
    survey = create_from_template("relationship_nps", name="Bench", created_by=None)
    choices = [{"value": v, "label": {"en": v.title()}} for v in ("web", "phone", "shop")]
    add_question(survey, key="bought", type="single", text={"en": "How?"}, choices=choices)
    survey = activate_survey(survey)
    ids = list(Customer.objects.values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    for _ in range(responses):
        answers: dict[str, object] = {
            "nps": rng.randrange(0, 11),
            "bought": rng.choice(choices)["value"],
        }
        if rng.random() < 0.3:
            answers["comment"] = "The delivery was late again."
        rows.append(
            Response(
                survey=survey,
                customer_id=rng.choice(ids),
                answers=answers,
                completed_at=now - timedelta(minutes=rng.randrange(0, 360 * 24 * 60)),
            )
        )
    Response.objects.bulk_create(rows, batch_size=5000)
    rollups.rebuild([survey])  # written in bulk, so counted as a migration would
    return str(survey.pk)


def _without_rollups() -> int:
    """The board's per-theme mentions and distinct customers, from the feedback (the peer)."""
    from datetime import timedelta

    from django.db.models import Count
    from django.utils import timezone

    from outward.feedback.models import FeedbackItem

    since = timezone.now() - timedelta(days=90)
    rows = (
        FeedbackItem.objects.filter(occurred_at__gte=since, theme_id__isnull=False)
        .values("theme_id")
        .annotate(n=Count("id"), c=Count("customer_id", distinct=True))
        .order_by()
    )
    return len(list(rows))


def _timed(call: object, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def child(customers: int, items: int, themes: int, repeat: int, reuse: bool) -> None:
    """Runs inside one database's environment; prints one JSON line of figures."""
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run([str(VENV_BIN / "outward"), *command, "--verbosity", "0"], check=True)
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from outward.accounts.models import User
    from outward.accounts.services import create_employee
    from outward.insights import rollups
    from outward.insights.models import Theme
    from outward.insights.services.windows import refresh_stale_windows
    from outward.surveys.models import Survey

    figures: dict[str, object] = {}
    if reuse:
        theme_ids = list(Theme.objects.order_by("engine_id").values_list("pk", flat=True))
        survey_id = str(Survey.objects.get(name="Bench").pk)
        boss = User.objects.get(username="boss")
    else:
        started = time.perf_counter()
        theme_ids = _populate(customers, items, themes)
        survey_id = _populate_survey(items // 5)
        figures["populate_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        with transaction.atomic():
            rollups.rebuild()
        figures["rebuild_s"] = round(time.perf_counter() - started, 2)
        boss = create_employee(username="boss", email="b@example.org", role="manager")
    started = time.perf_counter()
    refresh_stale_windows(timezone.localdate())  # the minute job, on a new day
    figures["windows_s"] = round(time.perf_counter() - started, 2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = Client()
    client.force_login(boss)
    pages = {
        "board": "/issues/",
        "issue": f"/issues/themes/{theme_ids[1]}/",
        "home": "/",
        "api board": "/api/v1/insights/issues",
        "board, one touchpoint": "/issues/?touchpoint=1",
        "journey": "/issues/journey/",
        "api journey": "/api/v1/insights/journey",
        "survey results": f"/issues/surveys/{survey_id}/",
        "survey results by region": f"/issues/surveys/{survey_id}/?by=region",
        "api survey results": f"/api/v1/insights/surveys/{survey_id}/results",
    }
    for name, url in pages.items():

        def page(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        page()  # the session, once
        times = _timed(page, repeat)
        figures[name] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(_p95(times), 1),
        }
    peer = _timed(_without_rollups, max(3, repeat // 5))
    figures["peer: board figures from the feedback"] = {
        "median_ms": round(statistics.median(peer), 1)
    }
    print(json.dumps(figures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--themes", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the last run's PostgreSQL data again"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.customers, args.items, args.themes, args.repeat, args.reuse)
        return 0
    sizes = [f"--customers={args.customers}", f"--items={args.items}", f"--themes={args.themes}"]
    runs: list[tuple[str, dict[str, str]]] = []
    if not args.skip_sqlite and not args.reuse:
        runs.append(("SQLite", {"OUTWARD_DATA_DIR": tempfile.mkdtemp(prefix="bench-insights-")}))
    if not args.skip_pg:
        base_url = args.pg.rsplit("/", 1)[0]
        url = f"{base_url}/bench_insights" if args.reuse else fresh_pg(args.pg, "bench_insights")
        runs.append(("PostgreSQL", {"DATABASE_URL": url, "OUTWARD_DATA_DIR": tempfile.mkdtemp()}))
    print(
        f"{args.items:,} items, {args.customers:,} customers, {args.themes} themes; "
        f"nproc {os.cpu_count()}, load {os.getloadavg()[0]:.2f}"
    )
    for name, env in runs:
        result = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                *sizes,
                f"--repeat={args.repeat}",
                *(["--reuse"] if args.reuse else []),
            ],
            env={
                **{
                    k: v
                    for k, v in os.environ.items()
                    if k not in {"DATABASE_URL", "TEST_DATABASE_URL"}
                },
                "DJANGO_SETTINGS_MODULE": "outward.config.settings",
                "LOG_LEVEL": "WARNING",
                "ALLOWED_HOSTS": "testserver",
                **env,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            print(f"{name}: failed\n{result.stderr[-3000:]}")
            return 1
        print(f"{name}: {result.stdout.strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
