"""Reading the e-mails a test sent (django.core.mail.outbox)."""

from __future__ import annotations

from django.core.mail import EmailMessage, EmailMultiAlternatives


def text_of(message: EmailMessage) -> str:
    return str(message.body)


def html_of(message: EmailMessage) -> str:
    """The HTML alternative of a message sent with a plain-text body and an HTML part."""
    assert isinstance(message, EmailMultiAlternatives)
    content, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return str(content)
