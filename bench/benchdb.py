"""A fresh PostgreSQL database for a benchmark (the benchmarks that run on both databases)."""

from __future__ import annotations


def fresh_pg(admin_url: str, name: str) -> str:
    """Drop and create database `name` on the server of `admin_url`; its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name}")
        db.execute(f"CREATE DATABASE {name}")
    return f"{admin_url.rsplit('/', 1)[0]}/{name}"
