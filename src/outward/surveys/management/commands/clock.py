"""`outward clock`: enqueue the daily survey jobs (coverage, reminders) once a day, and every
minute the analysis of any feedback still waiting for it.

`outward serve` starts it beside the web server and the worker; the worker runs the jobs.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from outward.feedback.services import sweep_pending_analysis
from outward.surveys.services.clock import enqueue_daily_jobs


class Command(BaseCommand):
    help = "Enqueue the daily survey jobs (coverage, reminders) once a day, until stopped."

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
        try:
            while True:
                for job in enqueue_daily_jobs(hour=hour):
                    self.stdout.write(f"Enqueued today's {job}.")
                sweep_pending_analysis()
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            return
