"""`outward clock`: run the periodic jobs the apps register (`core.jobs`): the daily ones once
a day from the clock's hour (survey coverage and reminders, the contact rollups), the minute
ones on every tick (the sweep for feedback still waiting for its analysis).

`outward serve` starts it beside the web server and the worker; the jobs enqueue tasks, and
the worker runs them.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from outward.core.jobs import REGISTRY, run_due_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs the apps register (daily and every minute), until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hour",
            type=int,
            default=int(os.environ.get("OUTWARD_CLOCK_HOUR", "8")),
            help="Local hour from which the day's jobs go out (default 8, OUTWARD_CLOCK_HOUR).",
        )
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between checks.")
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")

    def handle(self, *args: Any, hour: int, interval: float, once: bool, **options: Any) -> None:
        if not 0 <= hour <= 23:
            self.stderr.write("--hour must lie between 0 and 23.")
            raise SystemExit(2)

        def stop(signum: int, frame: object) -> None:
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        names = ", ".join(f"{j.name} (every {j.every})" for j in REGISTRY.values())
        self.stdout.write(f"Clock: {names or 'no jobs registered'}.")
        try:
            while True:
                for job in run_due_jobs(hour=hour):
                    self.stdout.write(f"Ran today's {job}.")
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            return
