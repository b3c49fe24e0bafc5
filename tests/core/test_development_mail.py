"""In development nothing is sent: each e-mail is one console line (recipient, subject,
link) and a whole message in a file under the data directory; a 403 logs one line."""

from __future__ import annotations

import io
import logging
from email import message_from_bytes
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from outward.core.mailbox import FileAndConsoleBackend
from outward.core.roles import Role
from tests.factories import UserFactory


def test_each_email_is_a_line_and_a_file(settings: Settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    console = io.StringIO()
    message = EmailMessage(
        "Your survey from Acme",
        "Hello Maria,\n\nplease answer: https://acme.example/s/abc123/ (thank you).",
        "Acme <cx@acme.example>",
        ["maria@example.org"],
    )

    sent = FileAndConsoleBackend(stream=console).send_messages([message])

    assert sent == 1
    [line] = console.getvalue().splitlines()
    assert line.startswith("E-mail (not sent) to maria@example.org: 'Your survey from Acme'")
    assert "| https://acme.example/s/abc123/ |" in line
    [kept] = (tmp_path / "mail").glob("*.eml")
    assert line.endswith(str(kept))
    stored = message_from_bytes(kept.read_bytes())
    assert stored["Subject"] == "Your survey from Acme"
    payload = stored.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert "please answer" in payload.decode()


@pytest.mark.django_db
def test_a_refused_request_logs_one_line(caplog: pytest.LogCaptureFixture) -> None:
    client = Client()
    client.force_login(UserFactory.create(role=Role.AGENT))

    with caplog.at_level(logging.WARNING, logger="django.request"):
        refused = client.get(reverse("accounts:users"))

    assert refused.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == f"Forbidden (Permission denied): {reverse('accounts:users')}"
    assert record.exc_info is None
