"""`outward serve`: gunicorn on 127.0.0.1:8000, two task workers (the default and the bulk
queue) and the daily-jobs clock beside it.

They run as child processes; a signal to this process (Ctrl-C, SIGTERM) stops them all, and
if one dies the others are stopped too, so nothing is left half-running.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from outward.core.mailbox import FileAndConsoleBackend
from outward.web.management.commands.bootstrap import admin_sign_in


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


def _listening(bind: str, web: subprocess.Popen[bytes], seconds: float = 30) -> bool:
    """Wait until gunicorn accepts connections (or has died)."""
    host, _, port = bind.rpartition(":")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and web.poll() is None:
        try:
            with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), 0.5):
                return True
        except (OSError, ValueError):
            time.sleep(0.3)
    return False


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

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            if _listening(bind, children[0]):
                self._banner(bind)
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

    def _banner(self, bind: str) -> None:
        """The last lines of a start: where to go, who to sign in as, where e-mails go."""
        time.sleep(1.0)  # let the workers' start-up lines pass first
        lines = [f"Outward is running: open http://{bind}/"]
        login = admin_sign_in()
        if login:
            lines.append(f"Sign in as {login}")
        backend = settings.EMAIL_BACKEND
        if backend.endswith(FileAndConsoleBackend.__name__):
            lines.append(
                "E-mails are not sent: each is printed here in one line, the whole message "
                f"kept in {settings.DATA_DIR / 'mail'}/"
            )
        elif backend.endswith("console.EmailBackend"):
            lines.append("E-mails are not sent: they are printed here.")
        lines.append("Ctrl-C stops it.")
        rule = "=" * max(len(line) for line in lines)
        self.stdout.write(self.style.SUCCESS("\n".join([rule, *lines, rule])))
        self.stdout.flush()
