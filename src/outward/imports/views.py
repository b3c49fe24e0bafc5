"""Import pages: the list, the upload, a job (mapping, then progress and errors), presets."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from outward.core.errors import OutwardError
from outward.core.permissions import Perm, requires
from outward.imports import selectors, services, uploads
from outward.imports.choices import JobStatus
from outward.imports.export import stream_errors
from outward.imports.forms import MappingForm, PresetForm, UploadForm
from outward.imports.mapping import BUILTIN_PRESETS, FIELDS_BY_NAME
from outward.imports.models import ImportJob, ImportPreset

ERRORS_SHOWN = 100
POLL_SECONDS = 2


def _add_errors(form: Any, error: OutwardError, fallback: str | None = None) -> None:
    for name, text in error.field_errors.items():
        field = name if name in form.fields else f"col_{name}"
        form.add_error(field if field in form.fields else fallback, text)
    if not error.field_errors:
        form.add_error(fallback, error.message)


@requires(Perm.IMPORTS_RUN)
def job_list(request: HttpRequest) -> HttpResponse:
    context = {
        "jobs": selectors.recent_jobs(),
        "presets": selectors.presets(),
        "builtins": BUILTIN_PRESETS.values(),
    }
    return render(request, "imports/list.html", context)


@requires(Perm.IMPORTS_RUN)
def job_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            preset = _preset_choice(form.cleaned_data["preset"])
            job = uploads.create_upload_job(
                upload=form.cleaned_data["file"], user=request.user, preset=preset
            )
        except OutwardError as error:
            _add_errors(form, error)
        else:
            return redirect("imports:detail", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/new.html", {"form": form}, status=status)


def _preset_choice(value: str) -> services.PresetChoice | None:
    if not value:
        return None
    if value in BUILTIN_PRESETS:
        return services.PresetChoice(builtin=BUILTIN_PRESETS[value])
    try:
        saved = ImportPreset.objects.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        saved = None
    return services.PresetChoice(saved=saved) if saved else None


def _detail(
    request: HttpRequest, job: ImportJob, form: MappingForm | None = None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"job": job, "fields": FIELDS_BY_NAME}
    if job.status == JobStatus.READING:
        context["poll"] = POLL_SECONDS
    elif job.status == JobStatus.DRAFT:
        header, rows = uploads.stored_preview(job)
        if not header:
            context["file_problem"] = job.message or "The file could not be read."
        else:
            context["header"] = header
            context["rows"] = rows
            context["form"] = form or MappingForm(
                header=header,
                mapping=job.mapping,
                initial={"source": job.source, "id_prefix": job.id_prefix},
            )
    else:
        context["errors"] = selectors.first_errors(job, ERRORS_SHOWN)
        context["stored_errors"] = selectors.stored_error_count(job) if job.rows_error else 0
        context["can_resume"] = services.can_resume(job)
        context["poll"] = POLL_SECONDS if job.status in {JobStatus.QUEUED, JobStatus.RUNNING} else 0
    return render(request, "imports/detail.html", context, status=status)


@requires(Perm.IMPORTS_RUN)
def job_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _detail(request, get_object_or_404(ImportJob, pk=pk))


@requires(Perm.IMPORTS_RUN)
@require_POST
def job_start(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    if job.status != JobStatus.DRAFT:
        messages.error(request, "This import has already started.")
        return redirect("imports:detail", pk=job.pk)
    header = job.preview_header
    if not header:
        messages.error(request, job.message or "The file has not been read yet.")
        return redirect("imports:detail", pk=job.pk)
    form = MappingForm(request.POST, header=header, mapping={})
    if not form.is_valid():
        return _detail(request, job, form, status=400)
    try:
        services.start_job(
            job,
            mapping=form.mapping(form.cleaned_data),
            source=form.cleaned_data["source"],
            id_prefix=form.cleaned_data["id_prefix"],
            save_as=form.cleaned_data["save_as"],
            user=request.user,
        )
    except OutwardError as error:
        _add_errors(form, error)
        return _detail(request, job, form, status=400)
    return redirect("imports:detail", pk=job.pk)


@requires(Perm.IMPORTS_RUN)
@require_POST
def job_resume(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        services.resume_job(job)
    except OutwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The import goes on from its first row not yet imported.")
    return redirect("imports:detail", pk=job.pk)


@requires(Perm.IMPORTS_RUN)
@require_POST
def job_discard(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        services.discard_job(job)
    except OutwardError as error:
        messages.error(request, error.message)
        return redirect("imports:detail", pk=job.pk)
    messages.success(request, f"The import of {job.file_name} is removed from the list.")
    return redirect("imports:list")


@requires(Perm.IMPORTS_RUN)
def errors_csv(request: HttpRequest, pk: uuid.UUID) -> StreamingHttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    response = StreamingHttpResponse(
        stream_errors(selectors.all_errors(job)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-errors-{job.pk}.csv"'
    return response


@requires(Perm.IMPORTS_RUN)
def preset_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    preset = get_object_or_404(ImportPreset, pk=pk)
    form = PresetForm(request.POST or None, preset=preset)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_preset(
                preset,
                name=data["name"],
                source=data["source"],
                id_prefix=data["id_prefix"],
                mapping=form.mapping(data),
            )
        except OutwardError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Preset “{preset.name}” saved.")
            return redirect("imports:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/preset.html", {"form": form, "preset": preset}, status=status)


@requires(Perm.IMPORTS_RUN)
@require_POST
def preset_delete(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    preset = get_object_or_404(ImportPreset, pk=pk)
    name = preset.name
    services.delete_preset(preset)
    messages.success(request, f"Preset “{name}” deleted.")
    return redirect("imports:list")
