"""A fresh PostgreSQL database for a benchmark (the benchmarks that run on both databases)."""

from __future__ import annotations


def fresh_pg(admin_url: str, name: str) -> str:
    """Drop and create database `name` on the server of `admin_url`; its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name}")
        db.execute(f"CREATE DATABASE {name}")
    return f"{admin_url.rsplit('/', 1)[0]}/{name}"


def timed(call: object, repeat: int) -> list[float]:
    """Milliseconds of `repeat` calls of `call`."""
    import time

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    """The 95th percentile (nearest rank) of `times`."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
