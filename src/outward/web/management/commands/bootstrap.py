"""`outward bootstrap`: everything a first `make run` needs, safe to repeat.

Migrates, collects static files, creates the admin account (its password kept in the data
directory, readable by this user only, and printed), and generates the demo company when
the database holds no customers yet.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from outward.accounts.models import User
from outward.accounts.services import create_employee
from outward.core.roles import Role
from outward.customers.models import Customer


class Command(BaseCommand):
    help = "Migrate, collect static files, create the admin account and the demo company."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-demo", action="store_true", help="Skip the demo company.")

    def handle(self, *args: Any, no_demo: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        username, password = self._admin()
        if not no_demo and not Customer.objects.exists():
            self.stdout.write("Generating the demo company (about a minute)…")
            call_command("demo")
        self.stdout.write(self.style.SUCCESS(f"Ready. Sign in as {username} / {password}"))

    def _admin(self) -> tuple[str, str]:
        path = settings.DATA_DIR / ADMIN_PASSWORD_FILE
        user = User.objects.filter(username="admin").first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = create_employee(
                username="admin",
                email="admin@outward.localhost",
                password=password,
                role=Role.ADMIN,
                first_name="Ada",
                last_name="Admin",
            )
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(password + "\n")
            return user.username, password
        return user.username, admin_password(user)


ADMIN_PASSWORD_FILE = "admin-password.txt"  # noqa: S105 (a file name)


def admin_password(user: User) -> str:
    """The admin's first password, kept in the data directory, while it still works."""
    path = settings.DATA_DIR / ADMIN_PASSWORD_FILE
    stored = path.read_text().strip() if path.exists() else ""
    if stored and user.check_password(stored):
        return stored
    return "(the password you set; `outward changepassword admin` resets it)"


def admin_sign_in() -> str | None:
    """`admin / password`, or None when there is no admin account."""
    user = User.objects.filter(username="admin").first()
    return None if user is None else f"{user.username} / {admin_password(user)}"
