"""Background tasks of imports. They take JSON primitives only."""

from __future__ import annotations

import uuid

from django_tasks import task

from outward.imports import services


@task()
def run_import(job_id: str) -> str:
    """Run (or resume) one import job; returns its final status."""
    return services.run_job(uuid.UUID(job_id), raise_input_errors=False).status
