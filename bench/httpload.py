"""Real HTTP load for the benchmarks: gunicorn on 127.0.0.1 and client threads that POST.

Shared by `feedback_ingest.py` and `survey_responses.py`; bounded in time and count.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from outward.web.management.commands.serve import gunicorn_command

VENV_BIN = Path(sys.executable).parent


@dataclass
class Run:
    """Statuses and latencies of one load run; `accepted` counts the items answered 2xx."""

    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    accepted: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, latency: float, items: int) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.latencies.append(latency)
            if status in (200, 201):
                self.accepted += items

    def percentile(self, q: float) -> float:
        """The q-quantile of the latencies, in milliseconds (0 for an empty run)."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def gunicorn(port: int, *, workers: int, threads: int) -> Iterator[int]:
    """Serve the site with gunicorn on 127.0.0.1:`port` until the block ends; yields the
    master's pid once /healthz answers."""
    bind = f"127.0.0.1:{port}"
    command = [*gunicorn_command(bind, workers=workers, threads=threads), "--log-level", "warning"]
    process = subprocess.Popen(command, env=os.environ)
    try:
        _wait_until_up(port, process)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 s")


def post_all(
    port: int,
    requests: Sequence[tuple[str, bytes, int]],
    clients: int,
    headers: dict[str, str],
    *,
    time_limit_s: float,
    timeout_s: float,
) -> Run:
    """POST every (path, body, items) from `clients` threads, one kept-alive connection each;
    no request starts after `time_limit_s`."""
    run = Run()
    local = threading.local()
    deadline = time.monotonic() + time_limit_s

    def post(request: tuple[str, bytes, int]) -> None:
        if time.monotonic() > deadline:
            return
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
        started = time.perf_counter()
        try:
            local.connection.request("POST", request[0], body=request[1], headers=headers)
            response = local.connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            local.connection.close()
            del local.connection
            status = 0
        run.record(status, time.perf_counter() - started, request[2])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(post, requests))
    run.seconds = time.perf_counter() - started
    return run
