"""`outward coverage`: invite today's share of customers to the relationship survey."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from outward.core.errors import OutwardError
from outward.surveys.services.coverage import run_coverage


class Command(BaseCommand):
    help = (
        "Run the annual coverage scheduler for a day: invite that day's share of the active, "
        "consenting customers to the relationship survey, within the contact policy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be done; invite nobody."
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(
        self, *args: Any, date: date | None, dry_run: bool, json: bool, **options: Any
    ) -> None:
        show = options["verbosity"] > 0 and not json

        def progress(ids: Sequence[uuid.UUID]) -> Iterable[uuid.UUID]:
            return tqdm(ids, desc="inviting", unit="", file=sys.stderr, disable=not show)

        try:
            summary = run_coverage(date, dry_run=dry_run, progress=progress)
        except OutwardError as error:
            raise CommandError(error.message) from error
        if json:
            self.stdout.write(_dumps(summary.to_dict()))
            return
        if summary.note:
            self.stdout.write(self.style.WARNING(summary.note))
            return
        verb = "Would invite" if dry_run else "Invited"
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(summary.skipped.items())) or "none"
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.day}: {verb} {summary.invited} of {summary.eligible} contactable "
                f"customers (daily share {summary.quota}, {summary.forced} catching up). "
                f"Skipped: {skipped}. Due and waiting: {summary.due_remaining} "
                f"({summary.waiting_fatigue} in the fatigue period)."
            )
        )


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2)
