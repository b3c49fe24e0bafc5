"""Who is asking: the organisation's name and the sender of every e-mail Outward sends."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings

from outward.accounts.models import Organisation


def current() -> Organisation:
    """The saved organisation, or one named from the settings until someone saves it."""
    found = Organisation.objects.order_by("pk").first()
    return found or Organisation(name=settings.OUTWARD_ORGANISATION_NAME)


def sender(organisation: Organisation | None = None) -> str:
    """`"Kestrel Home" <cx@kestrel.example>`: the From of every e-mail."""
    organisation = organisation or current()
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = organisation.sender_name or organisation.name or default_name
    return formataddr((name, organisation.sender_address or default_address))


def reply_to(organisation: Organisation | None = None) -> list[str]:
    organisation = organisation or current()
    return [organisation.reply_to] if organisation.reply_to else []
