"""`outward permissions_table`: print the role x permission matrix as Markdown."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from outward.core.permissions import markdown_table


class Command(BaseCommand):
    help = "Print the permission matrix (the table of docs/permissions.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(markdown_table())
