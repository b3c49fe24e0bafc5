"""`outward import FILE`: import a feedback file (CSV, XLSX, JSONL) into the stream.

Streams the file in chunks, each committed in one transaction; run it again after a crash
and it goes on where it stopped, storing nothing twice. Columns are guessed (or taken from
--preset) and can be overridden with --map field=column.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from outward.analytics.io import InputError
from outward.core.errors import OutwardError
from outward.feedback.choices import Source
from outward.imports import selectors, services
from outward.imports.export import write_errors
from outward.imports.mapping import BUILTIN_PRESETS, FIELD_NAMES
from outward.imports.models import ImportJob

ERRORS_SHOWN = 10


def parse_maps(values: list[str]) -> dict[str, list[str]]:
    """--map text=Subject --map text=Description --map occurred_at=Date -> a mapping."""
    mapping: dict[str, list[str]] = {}
    for value in values:
        name, sep, column = value.partition("=")
        name = name.strip()
        if not sep or not name or not column.strip():
            raise CommandError(f'--map "{value}": write field=column, e.g. text=Comment')
        if name not in FIELD_NAMES:
            raise CommandError(f'--map "{value}": unknown field; one of {", ".join(FIELD_NAMES)}')
        mapping.setdefault(name, []).append(column.strip())
    return mapping


class Command(BaseCommand):
    help = (
        "Import a feedback file (.csv, .xlsx or .jsonl) into the feedback stream: customers "
        "are found or created by external id or e-mail, re-imports add nothing, a re-run "
        "after a crash goes on where it stopped. Built-in presets: "
        f"{', '.join(BUILTIN_PRESETS)}; fields for --map: {', '.join(FIELD_NAMES)}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV, XLSX or JSONL file")
        parser.add_argument(
            "--preset", help="zendesk, freshdesk, cfpb or a saved preset's name (else guessed)"
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="map a column to a field, e.g. --map text=Comment (repeat text for two columns)",
        )
        parser.add_argument("--source", choices=Source.values, help="default source of the rows")
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=services.DEFAULT_CHUNK,
            help=f"rows per transaction (default {services.DEFAULT_CHUNK})",
        )
        parser.add_argument("--errors", metavar="FILE", help="write the per-row errors as CSV")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1")
        overrides = parse_maps(options["map"])
        size = path.stat().st_size if path.is_file() else 0
        bar = tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            file=sys.stderr,
            disable=options["no_progress"],
            desc=path.name[:30],
        )

        def progress(job: ImportJob) -> None:
            bar.update(max(0, int(job.progress * size) - bar.n))
            bar.set_postfix(rows=job.rows_read, new=job.rows_created, refresh=False)

        try:
            preset = services.find_preset(options["preset"]) if options["preset"] else None
            job = services.import_file(
                path,
                preset=preset,
                overrides=overrides,
                source=options["source"],
                chunk_size=options["chunk_size"],
                progress=progress,
            )
        except InputError as error:
            raise CommandError(error.message) from None
        except OutwardError as error:
            details = "; ".join(f"{k}: {v}" for k, v in error.field_errors.items())
            raise CommandError(f"{error.message} {details}".strip()) from None
        finally:
            bar.close()
        self._report(job, options["errors"])

    def _report(self, job: ImportJob, errors_path: str | None) -> None:
        mapping = ", ".join(f"{field} <- {' + '.join(cols)}" for field, cols in job.mapping.items())
        self.stderr.write(f"mapping: {mapping}")
        self.stdout.write(
            f"{job.file_name}: {job.rows_read:,} rows read, {job.rows_created:,} created, "
            f"{job.rows_duplicate:,} duplicates, {job.rows_error:,} with errors "
            f"(customers: {job.customers_created:,} created, {job.customers_updated:,} "
            f"filled in); job {job.pk}"
        )
        if errors_path:
            with open(errors_path, "w", newline="", encoding="utf-8") as handle:
                written = write_errors(selectors.all_errors(job), handle)
            self.stdout.write(f"{written:,} errors written to {errors_path}")
        elif job.rows_error:
            for error in selectors.first_errors(job, ERRORS_SHOWN):
                column = f' column "{error.column}"' if error.column else ""
                self.stderr.write(f"row {error.row}{column}: {error.reason} {error.value!r}")
            if job.rows_error > ERRORS_SHOWN:
                self.stderr.write("... (--errors FILE writes them all)")
