"""Deployment checks of our own (`outward check --deploy`): production must send its e-mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

DEVELOPMENT_BACKENDS = (
    "outward.core.mailbox.FileAndConsoleBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)


@register(Tags.compatibility, deploy=True)
def email_is_sent(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.EMAIL_BACKEND not in DEVELOPMENT_BACKENDS:
        return []
    return [
        Warning(
            "E-mails are not sent: survey invitations, sign-in links and alerts only reach "
            "the console.",
            hint="Set EMAIL_URL (smtp://user:pass@host:587?tls=1) or EMAIL_HOST.",
            id="outward.W001",
        )
    ]
