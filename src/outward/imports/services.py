"""Importing feedback files: map the columns, run in chunks, resume; presets. (An upload is
stored and read by `imports.uploads`.)

The run (`run_job`) streams the file and commits it a chunk at a time: each chunk's
customers, feedback items, row errors and the job's counters go in one transaction, so a
crash (even kill -9) leaves whole chunks only, and the job says where to go on. Re-running
(`resume_job`, or `outward import` again on the same file) starts at the first row not
committed; rows already stored are recognised by their (source, external id) and counted
as duplicates, never stored twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from outward.analytics.io import InputError
from outward.core import audit
from outward.core.errors import NotFound, ValidationError
from outward.core.writes import apply_changes, save_validated
from outward.customers.bulk import upsert_customers
from outward.customers.models import Customer, Product, ProductBatch, Touchpoint
from outward.feedback.bulk import insert_items
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.feedback.services import schedule_analysis
from outward.imports.choices import JobOrigin, JobStatus
from outward.imports.mapping import (
    BUILTIN_PRESETS,
    BuiltinPreset,
    ColumnMapping,
    clean_mapping,
    detect_preset,
    guess_mapping,
)
from outward.imports.models import ImportJob, ImportPreset, ImportRowError
from outward.imports.parsing import Catalog, ParsedChunk, Plan, RowParser
from outward.imports.reader import Record, file_format, open_table

DEFAULT_CHUNK = 5_000
MAX_STORED_ERRORS = 100_000  # per job; the counts stay exact beyond it
UPLOAD_DIR = "imports"
STALE_AFTER_SECONDS = 600  # a running job silent this long has lost its worker
SQLITE_IMPORT_CACHE_KIB = 256 * 1024
Progress = Callable[[ImportJob], None]


class Superseded(Exception):
    """Another run of the same job committed a chunk this run was about to write."""


def max_upload_bytes() -> int:
    return int(getattr(settings, "OUTWARD_IMPORT_MAX_BYTES", 512 * 1024 * 1024))


def job_file(job: ImportJob) -> Path:
    """Where the job's file is: uploads under MEDIA_ROOT/imports, named by the job's id."""
    if job.origin == JobOrigin.UPLOAD:
        return Path(settings.MEDIA_ROOT) / UPLOAD_DIR / Path(job.stored_path).name
    return Path(job.stored_path)


def load_catalog() -> Catalog:
    touchpoints: dict[str, int] = {}
    for touchpoint_id, slug, name in Touchpoint.objects.values_list("pk", "slug", "name"):
        touchpoints.setdefault(name.strip().lower(), touchpoint_id)
        touchpoints[slug.lower()] = touchpoint_id
    products: dict[str, uuid.UUID] = {}
    for product_id, name in Product.objects.values_list("pk", "name"):
        # A SKU wins over another product's name; names only fill what no SKU took.
        products.setdefault(name.strip(), product_id)
        products.setdefault(name.strip().lower(), product_id)
    for product_id, sku in Product.objects.values_list("pk", "sku"):
        products[sku.lower()] = product_id
        products[sku] = product_id
    batches = {
        (product_id, lot): pk
        for pk, product_id, lot in ProductBatch.objects.values_list("pk", "product_id", "lot_code")
    }
    sources = {str(label).lower(): value for value, label in Source.choices}
    sources.update({value: value for value in Source.values})
    return Catalog(touchpoints=touchpoints, products=products, batches=batches, sources=sources)


# Presets


@dataclass(frozen=True)
class PresetChoice:
    """A preset chosen by name: a built-in one or a saved one."""

    builtin: BuiltinPreset | None = None
    saved: ImportPreset | None = None

    @property
    def source(self) -> str:
        if self.saved is not None:
            return self.saved.source
        return self.builtin.source if self.builtin else Source.IMPORT

    @property
    def id_prefix(self) -> str:
        if self.saved is not None:
            return self.saved.id_prefix
        return self.builtin.id_prefix if self.builtin else "import"

    def mapping_for(self, header: Sequence[str]) -> ColumnMapping:
        if self.saved is not None:
            present = set(header)
            return {
                name: list(columns)
                for name, columns in self.saved.mapping.items()
                if columns and all(c in present for c in columns)
            }
        return guess_mapping(header, self.builtin)


def find_preset(name: str) -> PresetChoice:
    """A built-in preset by key (zendesk, freshdesk, cfpb) or a saved one by name."""
    key = name.strip().lower()
    if key in BUILTIN_PRESETS:
        return PresetChoice(builtin=BUILTIN_PRESETS[key])
    saved = ImportPreset.objects.filter(name__iexact=name.strip()).first()
    if saved is None:
        known = ", ".join([*BUILTIN_PRESETS, *ImportPreset.objects.values_list("name", flat=True)])
        raise NotFound(f'No preset "{name}"; known: {known}.')
    return PresetChoice(saved=saved)


def _check_preset_fields(source: str, id_prefix: str) -> None:
    if source not in Source.values:
        raise ValidationError("Invalid preset.", field_errors={"source": "Unknown source."})
    if id_prefix in BUILTIN_PRESETS:
        raise ValidationError(
            "Invalid preset.",
            field_errors={"id_prefix": f'"{id_prefix}" belongs to a built-in preset.'},
        )


@transaction.atomic
def save_preset(
    *, name: str, mapping: ColumnMapping, source: str, id_prefix: str = "", user: Any = None
) -> ImportPreset:
    id_prefix = id_prefix or slugify(name)[:30] or "import"
    _check_preset_fields(source, id_prefix)
    preset = ImportPreset(
        name=name.strip(), mapping=mapping, source=source, id_prefix=id_prefix, created_by=user
    )
    return save_validated(preset, what="preset")


@transaction.atomic
def update_preset(preset: ImportPreset, **changes: Any) -> ImportPreset:
    _check_preset_fields(
        changes.get("source", preset.source), changes.get("id_prefix", preset.id_prefix)
    )
    apply_changes(preset, changes)
    return save_validated(preset, what="preset")


@transaction.atomic
def delete_preset(preset: ImportPreset) -> None:
    preset.delete()


# Jobs


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def preset_for(header: Sequence[str], choice: PresetChoice) -> PresetChoice:
    """The preset chosen, else a built-in one the header matches, else none."""
    if choice.builtin is None and choice.saved is None:
        detected = detect_preset(header)
        return PresetChoice(builtin=detected) if detected else choice
    return choice


def header_and_guess(path: Path, fmt: str, choice: PresetChoice) -> tuple[list[str], PresetChoice]:
    """A file's header and the preset for it (`preset_for`)."""
    with open_table(path, fmt) as table:
        header = table.header
    return header, preset_for(header, choice)


@transaction.atomic
def start_job(
    job: ImportJob,
    *,
    mapping: Mapping[str, Any],
    source: str,
    id_prefix: str,
    save_as: str = "",
    user: Any = None,
) -> ImportJob:
    """Fix a draft job's mapping (optionally saving it as a preset) and queue its run."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.DRAFT:
        raise ValidationError("This import has already started.")
    header = job.preview_header
    if not header:
        raise ValidationError(job.message or "The file has not been read yet.")
    cleaned, problems = clean_mapping(mapping, header)
    if source not in Source.values:
        problems["source"] = "unknown source"
    id_prefix = slugify(id_prefix)[:30]
    if not id_prefix:
        problems["id_prefix"] = "give a short prefix such as zendesk"
    if problems:
        raise ValidationError("Check the column mapping.", field_errors=problems)
    if save_as.strip():
        preset_prefix = id_prefix if id_prefix not in BUILTIN_PRESETS else ""
        job.preset = save_preset(
            name=save_as, mapping=cleaned, source=source, id_prefix=preset_prefix, user=user
        )
    job.mapping, job.source, job.id_prefix = cleaned, source, id_prefix
    job.status = JobStatus.QUEUED
    job.save(update_fields=["mapping", "source", "id_prefix", "status", "preset", "updated_at"])
    _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    job_id = str(job.pk)

    def enqueue() -> None:
        from outward.imports.tasks import run_import

        run_import.enqueue(job_id)

    transaction.on_commit(enqueue)


def can_resume(job: ImportJob) -> bool:
    """A failed job, or a queued or running one nobody has touched for a while."""
    if job.status == JobStatus.FAILED:
        return True
    silent = (timezone.now() - job.updated_at).total_seconds() > STALE_AFTER_SECONDS
    return job.status in {JobStatus.QUEUED, JobStatus.RUNNING} and silent


@transaction.atomic
def resume_job(job: ImportJob) -> ImportJob:
    """Queue a stopped job again; it goes on from its first row not committed."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not can_resume(job):
        raise ValidationError("Only a failed or stalled import can be resumed.")
    if not job_file(job).is_file():
        raise ValidationError("The file of this import is gone; upload it again.")
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, message="", updated_at=timezone.now()
    )
    _enqueue(job)
    job.refresh_from_db()
    return job


@transaction.atomic
def discard_job(job: ImportJob) -> None:
    """Forget a job that is not running, and its stored upload; what it imported stays."""
    if job.status in {JobStatus.QUEUED, JobStatus.RUNNING} and not can_resume(job):
        raise ValidationError("This import is running; wait for it to finish.")
    if job.origin == JobOrigin.UPLOAD:
        path = job_file(job)
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
    job.delete()


def import_file(
    path: Path,
    *,
    preset: PresetChoice | None = None,
    overrides: Mapping[str, list[str]] | None = None,
    source: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> ImportJob:
    """The command line's import: the job for this file and mapping (an unfinished one is
    resumed), run to the end. InputError for a file that cannot be read; ValidationError for
    a bad mapping."""
    path = path.resolve()
    fmt = file_format(path.name)
    header, choice = header_and_guess(path, fmt, preset or PresetChoice())
    guessed = choice.mapping_for(header)
    guessed.update({k: list(v) for k, v in (overrides or {}).items()})
    mapping, problems = clean_mapping(guessed, header)
    source = source or choice.source
    if source not in Source.values:
        problems["source"] = f"unknown source; one of {', '.join(Source.values)}"
    if problems:
        raise ValidationError("Check the column mapping.", field_errors=problems)
    sha = _sha256(path)
    job = next(
        (
            j
            for j in ImportJob.objects.filter(origin=JobOrigin.COMMAND, file_sha256=sha)
            .exclude(status=JobStatus.DONE)
            .order_by("-created_at")
            if j.mapping == mapping and j.source == source and j.id_prefix == choice.id_prefix
        ),
        None,
    )
    if job is None:
        job = ImportJob.objects.create(
            origin=JobOrigin.COMMAND,
            status=JobStatus.QUEUED,
            file_name=path.name[:255],
            stored_path=str(path),
            file_format=fmt,
            file_size=path.stat().st_size,
            file_sha256=sha,
            preset=choice.saved,
            preset_key=choice.builtin.key if choice.builtin else "",
            source=source,
            id_prefix=choice.id_prefix,
            mapping=mapping,
            chunk_size=max(1, chunk_size),
        )
    return run_job(job.pk, progress=progress)


def _set_status(job_id: uuid.UUID, status: str, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(status=status, updated_at=timezone.now(), **fields)


def run_job(
    job_id: uuid.UUID, *, progress: Progress | None = None, raise_input_errors: bool = True
) -> ImportJob:
    """Run (or go on with) an import to its end. Row problems are reported per row; a file
    that cannot be read fails the job with the reason, kept on the job (and raised as
    InputError unless raise_input_errors is False: the background task only records it)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status in {JobStatus.DONE, JobStatus.DRAFT, JobStatus.READING}:
        return job
    now = timezone.now()
    _set_status(job.pk, JobStatus.RUNNING, message="", started_at=job.started_at or now)
    actor = audit.acting_as(user=job.created_by) if job.created_by else None
    try:
        if actor is not None:
            with actor:
                _run(job, progress)
        else:
            _run(job, progress)
    except Superseded:
        return ImportJob.objects.get(pk=job.pk)
    except InputError as error:
        _set_status(job.pk, JobStatus.FAILED, message=error.message)
        if raise_input_errors:
            raise
        return ImportJob.objects.get(pk=job.pk)
    except BaseException as error:
        # Also KeyboardInterrupt: the committed chunks stay, the job can be resumed.
        _set_status(job.pk, JobStatus.FAILED, message=f"Stopped: {error!r}"[:2000])
        raise
    _set_status(job.pk, JobStatus.DONE, progress=1.0, finished_at=timezone.now())
    job.refresh_from_db()
    if progress is not None:
        progress(job)
    return job


@contextlib.contextmanager
def _large_sqlite_cache() -> Iterator[None]:
    """A bigger page cache for this connection while it imports: the random ids of a large
    table's indexes otherwise miss SQLite's small default cache on every insert."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def _run(job: ImportJob, progress: Progress | None) -> None:
    with _large_sqlite_cache():
        _run_file(job, progress)


def _run_file(job: ImportJob, progress: Progress | None) -> None:
    path = job_file(job)
    with open_table(path, job.file_format) as table:
        missing = sorted({c for cols in job.mapping.values() for c in cols} - set(table.header))
        if missing:
            raise InputError(f'the file has no column "{missing[0]}" (named in the mapping)')
        plan = Plan(mapping=job.mapping, source=job.source, id_prefix=job.id_prefix)
        parser = RowParser(plan, load_catalog(), timezone.now())
        stored_errors = job.row_errors.count()
        expected = job.next_row
        chunks = 0
        batch: list[Record] = []
        for record in table.rows(start_row=job.next_row):
            batch.append(record)
            if len(batch) >= job.chunk_size:
                expected, stored_errors = _commit(
                    job, parser.parse(batch), expected, table.progress(), stored_errors
                )
                batch = []
                chunks += 1
                if chunks & (chunks - 1) == 0:  # 1, 2, 4, 8, ... chunks in
                    _refresh_statistics()
                if progress is not None:
                    job.refresh_from_db()
                    progress(job)
        if batch:
            _commit(job, parser.parse(batch), expected, table.progress(), stored_errors)


def _refresh_statistics() -> None:
    """ANALYZE the tables an import grows, now and then (PostgreSQL). Planned on the
    statistics of a nearly empty table, the look-up of stored ids scans the whole table once
    it is large; autovacuum catches up only after minutes."""
    if connection.vendor != "postgresql":
        return
    tables = [FeedbackItem._meta.db_table, Customer._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _commit(
    job: ImportJob, chunk: ParsedChunk, expected: int, share: float, stored_errors: int
) -> tuple[int, int]:
    """Write one chunk and move the job on, in one transaction (retried once if a concurrent
    writer took a customer's e-mail or id between our look-up and our write)."""
    for attempt in range(2):
        try:
            return _write_chunk(job, chunk, expected, share, stored_errors)
        except IntegrityError:
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


def _write_chunk(
    job: ImportJob, chunk: ParsedChunk, expected: int, share: float, stored_errors: int
) -> tuple[int, int]:
    now = timezone.now()
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().only("next_row").get(pk=job.pk)
        if locked.next_row != expected:
            raise Superseded
        customers = upsert_customers(chunk.rows, now)
        items = insert_items(chunk.rows, customers.ids, now)
        room = max(0, MAX_STORED_ERRORS - stored_errors)
        ImportRowError.objects.bulk_create(
            [
                ImportRowError(
                    job_id=job.pk,
                    row=e.row,
                    column=e.column[:255],
                    reason=e.reason,
                    value=e.value[:200],
                )
                for e in chunk.errors[:room]
            ],
            batch_size=500,
        )
        next_row = chunk.last_row + 1
        ImportJob.objects.filter(pk=job.pk).update(
            next_row=next_row,
            chunks_committed=F("chunks_committed") + 1,
            rows_read=F("rows_read") + chunk.read,
            rows_created=F("rows_created") + len(items.created),
            rows_duplicate=F("rows_duplicate") + items.duplicates,
            rows_error=F("rows_error") + chunk.error_rows,
            customers_created=F("customers_created") + len(customers.created),
            customers_updated=F("customers_updated") + len(customers.updated),
            progress=share,
            updated_at=now,
        )
        audit.record_bulk("create", customers.created)
        audit.record_bulk("update", customers.updated)
        if items.created and audit.current_actor() is not None:
            audit.record_bulk(
                "create",
                [
                    FeedbackItem(
                        id=v["id"], source=v["source"], text=v["text"], occurred_at=v["occurred_at"]
                    )
                    for v in items.created
                ],
            )
        if items.created:
            schedule_analysis()
    return next_row, stored_errors + min(room, len(chunk.errors))
