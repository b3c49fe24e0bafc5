"""`outward serve`: gunicorn on 127.0.0.1:8000, two task workers (the default and the bulk
queue) and the daily-jobs clock beside it.

They run as child processes; a signal to this process (Ctrl-C, SIGTERM) stops them all, and
if one dies the others are stopped too, so nothing is left half-running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


def gunicorn_command(bind: str, *, workers: int, threads: int) -> list[str]:
    """The gunicorn command line that serves Outward (the benchmarks start the same one)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "outward.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
    ]


class Command(BaseCommand):
    help = "Serve Outward with gunicorn, and run a task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("OUTWARD_BIND", "127.0.0.1:8000"))
        # Processes rather than threads: requests are short and CPU-bound (the GIL makes
        # threads queue), and two per core measured fastest (docs/benchmarks.md).
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1))),
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("OUTWARD_THREADS", "1"))
        )
        parser.add_argument("--no-worker", action="store_true", help="Serve pages only.")
        parser.add_argument(
            "--no-clock",
            action="store_true",
            help="Do not start the clock that enqueues the daily survey jobs.",
        )

    def handle(
        self,
        *args: Any,
        bind: str,
        workers: int,
        threads: int,
        no_worker: bool,
        no_clock: bool,
        **options: Any,
    ) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
        web = [
            *gunicorn_command(bind, workers=workers, threads=threads),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ]
        children = [subprocess.Popen(web, env=env)]
        if not no_worker:
            # Two workers: imports and refits (the bulk queue) run for minutes, and the
            # analysis of new feedback must not wait behind them.
            for queue in ("default", "bulk"):
                worker = [sys.executable, "-m", "outward.cli", "worker", "--queue", queue]
                children.append(subprocess.Popen(worker, env=env))
        if not no_worker and not no_clock:
            # The clock only enqueues the daily survey jobs (coverage, reminders); the worker
            # runs them, so it goes with the worker.
            children.append(
                subprocess.Popen([sys.executable, "-m", "outward.cli", "clock"], env=env)
            )
        self.stdout.write(self.style.SUCCESS(f"Outward is serving on http://{bind}/"))

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
