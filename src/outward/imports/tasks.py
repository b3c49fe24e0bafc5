"""Background tasks of imports. They take JSON primitives only."""

from __future__ import annotations

import uuid

from django_tasks import task

from outward.imports import services, uploads


@task(queue_name="bulk")
def run_import(job_id: str) -> str:
    """Run (or resume) one import job; returns its final status."""
    return services.run_job(uuid.UUID(job_id), raise_input_errors=False).status


@task()
def read_upload(job_id: str) -> str:
    """Read an uploaded file's header and first rows; returns the job's status after."""
    return uploads.read_upload(uuid.UUID(job_id)).status
