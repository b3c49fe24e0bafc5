"""The import pages: upload, mapping, the background job, progress, errors and presets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import DjangoAssertNumQueries, Settings

from outward.accounts.models import User
from outward.core.models import AuditEntry
from outward.core.roles import Role
from outward.feedback.models import FeedbackItem
from outward.imports import services
from outward.imports.choices import JobStatus
from outward.imports.models import ImportJob, ImportPreset
from tests.imports.conftest import ZENDESK_CSV

if TYPE_CHECKING:  # the test client's response type exists only in django-stubs
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db
Login = Callable[[str], User]
CSV = (
    b"Comment,Customer e-mail,NPS,Channel\n"
    b"Great service,ann@example.com,9,web\n"
    b",bo@example.com,3,phone\n"
    b"Slow refund,bo@example.com,11,phone\n"
    b"Friendly staff,cy@example.com,10,shop\n"
)


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media" / "imports"


def _upload(
    client: Client, content: bytes = CSV, name: str = "survey.csv", **data: str
) -> Response:
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(reverse("imports:new"), {"file": file, **data})


def _start(client: Client, job: ImportJob, **fields: str) -> Response:
    form = {"source": "survey", "id_prefix": "nps-2025", "col_text": "Comment"}
    form.update({f"col_{k}" if k != "save_as" else k: v for k, v in fields.items()})
    return client.post(reverse("imports:start", args=[job.pk]), form)


def test_an_upload_shows_the_first_rows_and_the_guessed_mapping(
    client: Client, login: Login, media: Path
) -> None:
    login(Role.ANALYST)

    response = _upload(client)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    assert job.status == JobStatus.DRAFT
    assert job.mapping == {
        "text": ["Comment"],
        "customer_email": ["Customer e-mail"],
        "nps": ["NPS"],
    }
    assert [p.name for p in media.iterdir()] == [f"{job.pk}.csv"]
    page = client.get(reverse("imports:detail", args=[job.pk]))
    assert b"Friendly staff" in page.content
    assert page.context["form"]["col_customer_email"].value() == "Customer e-mail"


def test_starting_runs_the_import_in_the_background_and_reports_the_result(
    client: Client,
    login: Login,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user = login(Role.MANAGER)
    _upload(client)
    job = ImportJob.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, job, customer_email="Customer e-mail", nps="NPS")

    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == JobStatus.DONE
    # the row with a score and no text is kept, as the API keeps it
    assert (job.rows_read, job.rows_created, job.rows_duplicate, job.rows_error) == (4, 3, 0, 1)
    assert set(FeedbackItem.objects.values_list("source", flat=True)) == {"survey"}
    assert FeedbackItem.objects.get(text="Great service").raw == {"Channel": "web"}
    assert (
        AuditEntry.objects.filter(user=user, object_type="feedback.feedbackitem").get().count == 3
    )
    page = client.get(reverse("imports:detail", args=[job.pk]))
    assert FeedbackItem.objects.get(nps=3).text == ""
    assert b"score out of range (0-10)" in page.content


def test_a_running_job_page_refreshes_itself_and_a_done_one_does_not(
    client: Client, login: Login
) -> None:
    login(Role.ANALYST)
    _upload(client)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=0.4)

    running = client.get(reverse("imports:detail", args=[job.pk]))
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    done = client.get(reverse("imports:detail", args=[job.pk]))

    assert b'http-equiv="refresh"' in running.content
    assert b'value="40"' in running.content
    assert b'http-equiv="refresh"' not in done.content


def test_the_error_report_downloads_as_csv(
    client: Client, login: Login, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    login(Role.ANALYST)
    _upload(client)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        _start(client, job, customer_email="Customer e-mail", nps="NPS")

    response = client.get(reverse("imports:errors_csv", args=[job.pk]))

    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.splitlines() == [
        "row,column,reason,value",
        "4,NPS,score out of range (0-10),11",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"%PDF-1.4", b"unsupported file type"),
        ("empty.csv", b"", b"The submitted file is empty."),
        ("broken.xlsx", b"PK not really a zip", b"not a readable Excel workbook"),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_kept(
    client: Client, login: Login, media: Path, name: str, content: bytes, message: bytes
) -> None:
    login(Role.ANALYST)

    response = _upload(client, content, name)

    assert response.status_code == 400
    assert message in response.content
    assert not ImportJob.objects.exists()
    assert not media.exists() or not any(media.iterdir())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin.csv", b"text\n\x81\x8d caf\xe9\n", b"neither UTF-8 nor Windows-1252"),
        ("binary.csv", b"text\nab\x00cd\n", b"control or NUL character"),
        ("header.jsonl", b"[1, 2]\n", b"holds no JSON object"),
    ],
)
def test_a_file_the_worker_cannot_read_shows_why_and_cannot_start(
    client: Client, login: Login, media: Path, name: str, content: bytes, message: bytes
) -> None:
    login(Role.ANALYST)

    _upload(client, content, name)

    job = ImportJob.objects.get()
    page = client.get(reverse("imports:detail", args=[job.pk]))
    started = _start(client, job)
    job.refresh_from_db()
    assert message in page.content
    assert name.encode() in page.content
    assert started.status_code == 302
    assert job.status == JobStatus.DRAFT
    assert not any(media.iterdir())


def test_the_mapping_page_shows_the_stored_preview_without_reading_the_file_again(
    client: Client, login: Login, media: Path
) -> None:
    # Given an upload the worker has read
    login(Role.ANALYST)
    _upload(client)
    job = ImportJob.objects.get()

    # When its stored file is unreadable now (the page must not touch it)
    (media / f"{job.pk}.csv").write_bytes(b"\x00garbage")
    page = client.get(reverse("imports:detail", args=[job.pk]))

    # Then the preview and mapping still show
    assert page.status_code == 200
    assert b"Friendly staff" in page.content
    assert job.preview["header"] == ["Comment", "Customer e-mail", "NPS", "Channel"]


def test_a_file_still_being_read_shows_that_and_refreshes(client: Client, login: Login) -> None:
    login(Role.ANALYST)
    _upload(client)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.READING, preview={})

    page = client.get(reverse("imports:detail", args=[job.pk]))

    assert b"Reading the file" in page.content
    assert b'http-equiv="refresh"' in page.content


def test_a_mapping_without_text_is_refused_and_nothing_starts(client: Client, login: Login) -> None:
    login(Role.ANALYST)
    _upload(client)
    job = ImportJob.objects.get()

    response = _start(client, job, text="")

    job.refresh_from_db()
    assert response.status_code == 400
    assert b"choose the column that holds the text (or the scores or tags)" in response.content
    assert job.status == JobStatus.DRAFT


def test_a_mapping_saved_as_a_preset_is_offered_and_used_on_the_next_upload(
    client: Client, login: Login, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    login(Role.ANALYST)
    _upload(client)
    with django_capture_on_commit_callbacks(execute=True):
        _start(client, ImportJob.objects.get(), nps="NPS", save_as="Yearly NPS survey")
    preset = ImportPreset.objects.get()

    _upload(client, name="next.csv", preset=str(preset.pk))

    job = ImportJob.objects.get(status=JobStatus.DRAFT)
    assert (preset.name, preset.source, preset.id_prefix) == (
        "Yearly NPS survey",
        "survey",
        "nps-2025",
    )
    assert preset.mapping == {"text": ["Comment"], "nps": ["NPS"]}
    assert (job.preset, job.mapping, job.id_prefix) == (preset, preset.mapping, "nps-2025")


def test_a_preset_is_edited_and_deleted(client: Client, login: Login) -> None:
    user = login(Role.ADMIN)
    preset = services.save_preset(
        name="Old", mapping={"text": ["Body"]}, source="review", user=user
    )

    edited = client.post(
        reverse("imports:preset_edit", args=[preset.pk]),
        {"name": "Reviews", "source": "review", "id_prefix": "reviews", "col_text": "Review",
         "col_text_2": "Title", "col_rating": "Stars"},
    )  # fmt: skip
    preset.refresh_from_db()
    deleted = client.post(reverse("imports:preset_delete", args=[preset.pk]))

    assert edited.status_code == deleted.status_code == 302
    assert (preset.name, preset.mapping) == (
        "Reviews",
        {"text": ["Review", "Title"], "rating": ["Stars"]},
    )
    assert not ImportPreset.objects.exists()


def test_a_zendesk_export_is_recognised_on_upload(client: Client, login: Login) -> None:
    login(Role.ANALYST)
    content = (",".join(ZENDESK_CSV) + "\n" + ",".join(["x"] * len(ZENDESK_CSV)) + "\n").encode()

    _upload(client, content, "tickets.csv")

    job = ImportJob.objects.get()
    assert (job.preset_key, job.source, job.id_prefix) == ("zendesk", "ticket", "zendesk")


def test_a_failed_job_can_be_resumed_from_the_page(
    client: Client, login: Login, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    login(Role.ANALYST)
    _upload(client)
    job = ImportJob.objects.get()
    services.start_job(job, mapping={"text": ["Comment"]}, source="survey", id_prefix="s")
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message="Stopped")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:resume", args=[job.pk]))

    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.status, job.rows_created, job.message) == (JobStatus.DONE, 3, "")


def test_imports_list_uses_a_fixed_number_of_queries(
    client: Client, login: Login, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    login(Role.ANALYST)
    for name in ("a.csv", "b.csv", "c.csv"):
        _upload(client, name=name)
    services.save_preset(name="P", mapping={"text": ["Comment"]}, source="survey")

    with django_assert_max_num_queries(6):
        response = client.get(reverse("imports:list"))

    assert response.status_code == 200
    assert response.content.count(b"survey.csv") == 0
    assert b"c.csv" in response.content


@pytest.mark.parametrize(
    "name", ["imports:detail", "imports:errors_csv", "imports:preset_edit", "imports:start"]
)
def test_unknown_ids_answer_404(client: Client, login: Login, name: str) -> None:
    login(Role.ANALYST)

    response = client.post(reverse(name, args=["6f1c2a9e-0000-4000-8000-000000000000"]))

    assert response.status_code in {404, 405}
    if name != "imports:detail":
        assert response.status_code == 404


def test_an_agent_may_not_import(client: Client, login: Login) -> None:
    login(Role.AGENT)

    assert client.get(reverse("imports:new")).status_code == 403
    assert _upload(client).status_code == 403


def test_a_file_over_the_size_limit_is_refused(
    client: Client, login: Login, settings: Settings
) -> None:
    login(Role.ANALYST)
    settings.OUTWARD_IMPORT_MAX_BYTES = 1024 * 1024

    response = _upload(client, b"text\n" + b"x" * (1024 * 1024) + b"\n")

    assert response.status_code == 400
    assert b"larger than 1 MB" in response.content
    assert not ImportJob.objects.exists()
