"""`outward demo`: generate the deterministic demo company (see docs/demo-data.md)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outward.core.errors import OutwardError
from outward.core.maintenance import refresh_query_statistics
from outward.demo.cases import write_demo_cases
from outward.demo.checkins import write_demo_checkins
from outward.demo.community import write_demo_community
from outward.demo.initiatives import write_demo_initiatives
from outward.demo.leadership import find_run_alerts, write_demo_leadership
from outward.demo.programme import write_demo_programme
from outward.demo.services import (
    DEFAULT_CUSTOMERS,
    DEFAULT_FEEDBACK,
    DEFAULT_SEED,
    generate_demo,
)
from outward.insights.services.lifecycle import refresh_insights


class Command(BaseCommand):
    help = "Generate the demo company: customers, products, employees, a year of feedback."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Reference date YYYY-MM-DD the year of feedback ends on (default: today).",
        )
        parser.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS)
        parser.add_argument("--feedback", type=int, default=DEFAULT_FEEDBACK)
        parser.add_argument(
            "--no-insights",
            action="store_true",
            help="Skip analysing the feedback and the first refit (the worker does them later).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete all customers, products, feedback and demo staff first.",
        )

    def handle(
        self,
        *args: Any,
        seed: int,
        today: date | None,
        customers: int,
        feedback: int,
        reset: bool,
        no_insights: bool,
        **options: Any,
    ) -> None:
        started = time.perf_counter()
        try:
            summary = generate_demo(
                seed, today, customers, feedback, reset=reset, progress=options["verbosity"] > 0
            )
        except OutwardError as error:
            raise CommandError(error.message) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo company (seed {summary.seed}, as of {summary.today}) in {seconds:.1f} s: "
                f"{summary.customers} customers ({summary.accounts} accounts, {summary.people} "
                f"people), {summary.products} products in {summary.batches} batches, "
                f"{summary.assets} assets, {summary.employees} employees in {summary.teams} "
                f"teams, {summary.skills} skills, {summary.feedback} feedback items."
            )
        )
        if no_insights:
            write_demo_cases(summary.today, summary.seed)
            write_demo_leadership(summary.today)
            write_demo_programme(summary.today, summary.seed)
            return
        self.stdout.write("Analysing the feedback and finding its themes (about a minute)…")
        started = time.perf_counter()
        run = refresh_insights(trigger="demo")
        self.stdout.write(
            self.style.SUCCESS(
                f"Insights ready in {time.perf_counter() - started:.0f} s: {run.n_themes} themes "
                f"over {run.n_items:,} items (run {run.pk}, {run.get_status_display().lower()})."
            )
        )
        cases = write_demo_cases(summary.today, summary.seed)
        write_demo_leadership(summary.today)
        initiatives = write_demo_initiatives(summary.today, summary.seed)
        checkins = write_demo_checkins(summary.today)
        score = write_demo_programme(summary.today, summary.seed)
        posts = write_demo_community(summary.today, summary.seed)
        alerts = find_run_alerts()
        refresh_query_statistics()  # a whole company written at once: plan with its shape
        self.stdout.write(
            self.style.SUCCESS(
                f"Acting: {cases} cases from recent detractors with promises and remedies; last "
                "week's metric review held with its actions, the next one prepared; "
                f"{alerts} alerts from the refit (emerging issues, recall reviews); "
                f"{initiatives} improvement initiatives measured with their customers; "
                f"{checkins.total} check-ins proposed ({checkins.at_risk} at risk, "
                f"{checkins.service} services due, {checkins.silent} not heard from); the "
                f"programme checklist scores {score} of 100; {posts} community posts."
            )
        )
