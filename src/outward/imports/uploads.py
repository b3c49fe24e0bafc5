"""Uploads through the import page: stored at once, read once in the task worker.

The web request checks only what is cheap (the file type, its size, a workbook's zip
directory) and stores the file. The header, the first rows and the guessed mapping are read
by `read_upload` in the task worker and kept on the job, so a slow or hostile file never
holds a web worker, and the mapping page shows the stored preview instead of parsing the
file again on every view.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from outward.analytics.io import InputError
from outward.core.errors import ValidationError
from outward.imports.choices import JobOrigin, JobStatus
from outward.imports.mapping import BUILTIN_PRESETS
from outward.imports.models import ImportJob
from outward.imports.reader import FORMATS, Record, check_workbook, file_format, preview
from outward.imports.services import (
    DEFAULT_CHUNK,
    UPLOAD_DIR,
    PresetChoice,
    job_file,
    max_upload_bytes,
    preset_for,
)

PREVIEW_ROWS = 10


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, field_errors={"file": message})


def create_upload_job(
    *, upload: UploadedFile, user: Any, preset: PresetChoice | None = None
) -> ImportJob:
    """Store an uploaded file and a job that reads it in the background; ValidationError
    (and nothing kept) for a file of the wrong type, empty, too big, or a workbook that
    unpacks past the limits."""
    name = Path(upload.name or "upload").name
    try:
        fmt = file_format(name)
    except InputError as error:
        raise _refuse(error.message) from None
    if not upload.size:
        raise _refuse(f'"{name}" is empty.')
    if upload.size > max_upload_bytes():
        raise _refuse(f"The file is larger than {max_upload_bytes() // (1024 * 1024)} MB.")
    job_id = uuid.uuid4()
    suffix = next(s for s, f in FORMATS.items() if f == fmt)  # ours, never the user's
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{job_id}{suffix}"
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        for block in upload.chunks():
            digest.update(block)
            handle.write(block)
    if fmt == "xlsx":
        try:
            check_workbook(path, name)
        except InputError as error:
            path.unlink(missing_ok=True)
            raise _refuse(error.message) from None
    chosen = preset or PresetChoice()
    with transaction.atomic():
        job = ImportJob.objects.create(
            id=job_id,
            origin=JobOrigin.UPLOAD,
            status=JobStatus.READING,
            created_by=user,
            file_name=name[:255],
            stored_path=f"{UPLOAD_DIR}/{path.name}",
            file_format=fmt,
            file_size=path.stat().st_size,
            file_sha256=digest.hexdigest(),
            preset=chosen.saved,
            preset_key=chosen.builtin.key if chosen.builtin else "",
            chunk_size=DEFAULT_CHUNK,
        )
        # Enqueued in the job's own transaction: the database queue commits both or neither.
        from outward.imports.tasks import read_upload as read_upload_task

        read_upload_task.enqueue(str(job.pk))
    return job


def read_upload(job_id: uuid.UUID) -> ImportJob:
    """Read a stored upload's header and first rows and guess its mapping (the task's body).

    A file that cannot be read leaves the job a draft with the reason as its message and no
    preview, and its stored copy is removed: nothing can be imported from it.
    """
    job = ImportJob.objects.select_related("preset").get(pk=job_id)
    if job.status != JobStatus.READING:
        return job  # read already (a retried task), or discarded and replaced
    path = job_file(job)
    chosen = PresetChoice(saved=job.preset, builtin=BUILTIN_PRESETS.get(job.preset_key))
    try:
        header, rows = preview(path, job.file_format, PREVIEW_ROWS)
    except InputError as error:
        path.unlink(missing_ok=True)
        message = error.message.replace(path.name, job.file_name)
        ImportJob.objects.filter(pk=job.pk, status=JobStatus.READING).update(
            status=JobStatus.DRAFT, message=message
        )
        return ImportJob.objects.filter(pk=job.pk).first() or job
    choice = preset_for(header, chosen)
    ImportJob.objects.filter(pk=job.pk, status=JobStatus.READING).update(
        status=JobStatus.DRAFT,
        preview={"header": header, "rows": [_plain(header, record) for record in rows]},
        preset=choice.saved,
        preset_key=choice.builtin.key if choice.builtin else "",
        source=choice.source,
        id_prefix=choice.id_prefix,
        mapping=choice.mapping_for(header),
    )
    return ImportJob.objects.filter(pk=job.pk).first() or job


def _plain(header: list[str], record: Record) -> list[Any]:
    """[row number, cells in header order, ""] or [row number, [], why it is unreadable]."""
    number, cells = record
    if isinstance(cells, str):
        return [number, [], cells]
    return [number, [cells.get(column, "") for column in header], ""]


def stored_preview(job: ImportJob) -> tuple[list[str], list[tuple[int, list[str], str]]]:
    """The header and first rows stored for the mapping page."""
    header = job.preview_header
    stored = job.preview.get("rows") or []
    rows = [(int(n), list(cells), str(problem)) for n, cells, problem in stored]
    return header, rows
