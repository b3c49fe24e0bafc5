"""Whole-app insights chores: bring them up to date now, or start over."""

from __future__ import annotations

from django.db import transaction

from outward.feedback.services import analyse_pending_feedback
from outward.insights.models import (
    AnalysisRun,
    InsightsState,
    RecallReview,
    Theme,
    ThemeCustomerDay,
    ThemeDay,
    ThemeSliceDay,
    ThemeWindow,
)
from outward.insights.services.refit import request_refit, run_refit


def refresh_insights(trigger: str = "command") -> AnalysisRun:
    """Analyse every item still waiting, then refit, in this process (the demo, `make run`)."""
    analyse_pending_feedback()
    run, _ = request_refit(trigger=trigger)
    return run_refit(run.pk)


@transaction.atomic
def delete_insights() -> None:
    """Forget every theme, rollup, recall review and run (the demo's reset)."""
    RecallReview.objects.all().delete()
    InsightsState.objects.all().delete()
    AnalysisRun.objects.all().delete()
    ThemeDay.objects.all().delete()
    ThemeSliceDay.objects.all().delete()
    ThemeWindow.objects.all().delete()
    ThemeCustomerDay.objects.all().delete()
    Theme.objects.update(merged_into=None, parent=None)
    Theme.objects.all().delete()
