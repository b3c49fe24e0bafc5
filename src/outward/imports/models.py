"""Imports of existing feedback files: saved column-mapping presets, jobs and their row errors."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from outward.core.models import TimeStampedModel, UUIDModel
from outward.feedback.choices import Source
from outward.imports.choices import FileFormat, JobOrigin, JobStatus


class ImportPreset(UUIDModel):
    """A named column mapping someone saved, to reuse on the next export of the same kind.

    The built-in presets (Zendesk, Freshdesk, CFPB) live in code (`imports.mapping`); these
    are the ones people save. `id_prefix` keeps ids of different systems apart: ticket 123
    of one help desk is not ticket 123 of another.
    """

    name = models.CharField(max_length=100, unique=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.IMPORT)
    id_prefix = models.SlugField(max_length=30)
    mapping = models.JSONField(default=dict, help_text="Target field -> list of column names.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_presets",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportJob(UUIDModel):
    """One import of one file, written in chunks; the counters move with each committed chunk.

    `next_row` is the file row the next chunk starts at: every row before it is committed
    (stored, recognised as a duplicate, or reported as an error), so a resumed run starts
    there. rows_read = rows_created + rows_duplicate + rows_error at every commit.
    """

    origin = models.CharField(max_length=10, choices=JobOrigin.choices)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    file_name = models.CharField(max_length=255, help_text="As the user named it; display only.")
    stored_path = models.CharField(
        max_length=500, help_text="Uploads: relative to MEDIA_ROOT; command line: absolute."
    )
    file_format = models.CharField(max_length=10, choices=FileFormat.choices)
    file_size = models.BigIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    preset = models.ForeignKey(
        ImportPreset, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    preset_key = models.CharField(max_length=30, blank=True, help_text="A built-in preset.")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.IMPORT)
    id_prefix = models.SlugField(max_length=30, default="import")
    mapping = models.JSONField(default=dict)
    preview = models.JSONField(
        default=dict,
        blank=True,
        help_text="An upload's header and first rows, read once by the task worker.",
    )
    chunk_size = models.PositiveIntegerField(default=5000)
    next_row = models.PositiveBigIntegerField(default=0)
    chunks_committed = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveBigIntegerField(default=0)
    rows_created = models.PositiveBigIntegerField(default=0)
    rows_duplicate = models.PositiveBigIntegerField(default=0)
    rows_error = models.PositiveBigIntegerField(default=0)
    customers_created = models.PositiveIntegerField(default=0)
    customers_updated = models.PositiveIntegerField(default=0)
    progress = models.FloatField(default=0.0, help_text="Share of the file read, 0 to 1.")
    message = models.TextField(blank=True, help_text="Why the job failed, when it did.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    rows_read=models.F("rows_created")
                    + models.F("rows_duplicate")
                    + models.F("rows_error")
                ),
                name="import_job_rows_add_up",
            )
        ]

    def __str__(self) -> str:
        return f"Import of {self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def preview_header(self) -> list[str]:
        """The header an upload's reading stored; empty until the file was read (or when it
        could not be)."""
        return list(self.preview.get("header") or [])

    @property
    def percent(self) -> int:
        return 100 if self.status == JobStatus.DONE else int(self.progress * 100)


class ImportRowError(TimeStampedModel):
    """One problem with one row of an imported file; the row was not stored."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveBigIntegerField(help_text="As in the file; the header is row 1.")
    column = models.CharField(max_length=255, blank=True)
    reason = models.CharField(max_length=300)
    value = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["job", "row", "id"]
        indexes = [models.Index(fields=["job", "row"])]

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"
