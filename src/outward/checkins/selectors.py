"""Reads for the check-in pages and API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from outward.analytics.churnrisk import FEATURES, MIN_AUC
from outward.checkins.choices import CheckInStatus, Reason
from outward.checkins.models import CheckIn, RiskRun


def checkins(
    *, status: str = CheckInStatus.PROPOSED, reason: str = "", assignee_id: int | None = None
) -> QuerySet[CheckIn]:
    found = CheckIn.objects.select_related("customer", "assignee", "done_by", "case").filter(
        status=status
    )
    if reason:
        found = found.filter(reason=reason)
    if assignee_id is not None:
        found = found.filter(assignee_id=assignee_id)
    return found


def waiting_by_reason() -> dict[str, int]:
    counts = dict(
        CheckIn.objects.filter(status=CheckInStatus.PROPOSED)
        .values("reason")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("reason", "n")
    )
    return {value: counts.get(value, 0) for value in Reason.values}


@dataclass(frozen=True)
class Weight:
    feature: str
    says: str
    coefficient: float


@dataclass(frozen=True)
class ModelCard:
    """The latest churn-risk fit, for people: is it used, how well it ranks, what it weighs."""

    run: RiskRun | None
    min_auc: float
    weights: list[Weight]


def model_card() -> ModelCard:
    run = RiskRun.objects.order_by("-created_at", "-pk").first()
    weights = sorted(
        (
            Weight(name, FEATURES[name], float(value))
            for name, value in (run.coefficients if run else {}).items()
            if name in FEATURES
        ),
        key=lambda w: -w.coefficient,
    )
    return ModelCard(run, MIN_AUC, weights)
