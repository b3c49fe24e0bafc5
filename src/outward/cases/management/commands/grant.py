"""`outward grant CASE KIND AMOUNT --as USERNAME`: a remedy from a script (a credit to every
customer hit by an outage, say), under the same empowerment policy as the pages and the API:
above the person's latitude it waits for the approver."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outward.accounts.models import User
from outward.cases.choices import RemedyKind
from outward.cases.models import Case
from outward.cases.services.remedies import grant_remedy
from outward.core.audit import acting_as
from outward.core.errors import OutwardError


class Command(BaseCommand):
    help = "Grant a remedy on a case as a person, within the empowerment policy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", help="The case's reference (C-...)")
        parser.add_argument("kind", choices=RemedyKind.values)
        parser.add_argument("amount", help="Its value in the site's currency, e.g. 25.00")
        parser.add_argument("--as", dest="username", required=True, help="Who grants it")
        parser.add_argument("--note", default="")

    def handle(
        self,
        *args: Any,
        case: str,
        kind: str,
        amount: str,
        username: str,
        note: str,
        **options: Any,
    ) -> None:
        found = Case.objects.filter(reference__iexact=case.strip()).first()
        if found is None:
            raise CommandError(f"case: no case {case!r}.")
        person = User.objects.filter(username=username, is_active=True).first()
        if person is None:
            raise CommandError(f"--as: no active employee {username!r}.")
        try:
            with acting_as(person):
                given = grant_remedy(found, kind, amount, person, note)
        except OutwardError as error:
            fields = "; ".join(f"{k}: {v}" for k, v in error.field_errors.items())
            raise CommandError(f"{error.message} {fields}".strip()) from error
        if given.status == "pending":
            self.stdout.write(
                f"Above {person}'s latitude ({given.latitude} {given.currency}): request "
                f"{given.pk} waits for a {given.get_approver_role_display().lower()}."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{given.get_kind_display()} of {given.amount} {given.currency} granted on "
                    f"{found.reference}."
                )
            )
