"""`outward record_bounce EMAIL`: never write to an address again (a hard bounce)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outward.core.errors import OutwardError
from outward.surveys.services.invitations import record_bounce


class Command(BaseCommand):
    help = "Record a hard bounce: suppress the address and mark its latest invitation bounced."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--reason", default="", help="The mail server's diagnostic.")

    def handle(self, *args: Any, email: str, reason: str, **options: Any) -> None:
        try:
            bounce = record_bounce(email, reason)
        except OutwardError as error:
            raise CommandError(error.message) from error
        marked = " and its latest invitation marked bounced" if bounce.invitation else ""
        self.stdout.write(self.style.SUCCESS(f"{bounce.suppression.email} suppressed{marked}."))
