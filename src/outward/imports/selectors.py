"""Read queries of the imports pages and the command line."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from outward.imports.models import ImportJob, ImportPreset, ImportRowError


def recent_jobs(limit: int = 50) -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("created_by", "preset").order_by("-created_at")[:limit]


def presets() -> QuerySet[ImportPreset]:
    return ImportPreset.objects.select_related("created_by").order_by("name")


def first_errors(job: ImportJob, limit: int = 100) -> QuerySet[ImportRowError]:
    return job.row_errors.order_by("row", "id")[:limit]


def stored_error_count(job: ImportJob) -> int:
    return job.row_errors.count()


def all_errors(job: ImportJob) -> Iterator[ImportRowError]:
    """Every stored error of a job in row order, fetched in batches (not all in memory)."""
    return job.row_errors.order_by("row", "id").iterator(chunk_size=2000)
