"""Background tasks of the insights app. They take JSON primitives only."""

from __future__ import annotations

from django_tasks import task

from outward.insights.services import refit, rules


@task(queue_name="bulk")
def refit_task(run_id: int) -> str:
    """Run (or resume) one refit; returns its status."""
    return str(refit.run_refit(run_id).status)


@task(queue_name="bulk")
def reapply_rules_task() -> int:
    """Re-theme the items after a rule changed; returns how many changed theme."""
    return rules.reapply_rules()
