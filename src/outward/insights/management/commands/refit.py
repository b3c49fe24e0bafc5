"""`outward refit`: re-discover the themes and recompute the insights now, in this process."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from outward.insights.choices import RunStatus
from outward.insights.services.refit import request_refit, run_refit


class Command(BaseCommand):
    help = "Re-discover the themes over all feedback and recompute the insights (a full refit)."

    def handle(self, *args: Any, **options: Any) -> None:
        run, new = request_refit(trigger="command")
        if not new:
            self.stdout.write(
                f"Run {run.pk} is already {run.get_status_display().lower()}; resuming it here."
            )
        run = run_refit(run.pk)
        if run.status == RunStatus.DONE:
            timings = ", ".join(f"{k} {v:.1f} s" for k, v in run.timings.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Run {run.pk}: {run.n_items:,} items, {run.n_themes} themes ({timings})."
                )
            )
        elif run.status == RunStatus.FAILED:
            raise CommandError(f"Run {run.pk} failed:\n{run.error}")
        else:
            self.stdout.write(
                f"Run {run.pk} is held by another worker ({run.get_status_display()})."
            )
