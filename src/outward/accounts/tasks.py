"""Background tasks of the accounts app. They take JSON primitives only."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task

from outward.accounts.organisation import sender


@task()
def send_email(subject: str, body: str, to: list[str], html_body: str | None = None) -> int:
    """Send one e-mail (plain text, optionally with an HTML part) from the organisation."""
    return send_mail(subject, body, sender(), to, html_message=html_body)
