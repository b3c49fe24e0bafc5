"""`outward worker`: run background tasks from the database queue until stopped."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run a task worker (django-tasks database backend) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--queue",
            default="*",
            help="The queues to run, comma-separated: default (feedback analysis, e-mail, "
            "surveys), bulk (imports, refits) or * for all (the default).",
        )

    def handle(self, *args: Any, batch: bool, interval: float, queue: str, **options: Any) -> None:
        call_command(
            "db_worker",
            queue_name=queue,
            interval=interval,
            batch=batch,
            verbosity=options["verbosity"],
        )
