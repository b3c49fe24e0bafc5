"""Recall reviews: a defect theme concentrated in one product batch opens a review with the
evidence; a person owns it and records the decision."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from outward.accounts.models import User
from outward.analytics.prevalence import BatchConcentrationReport, batch_concentration
from outward.core.errors import Conflict, ValidationError
from outward.customers.models import ProductBatch
from outward.feedback.analysis import ownership_frame
from outward.feedback.choices import RootCause
from outward.insights.choices import RecallDecision, RecallStatus, ThemeKind
from outward.insights.models import AnalysisRun, RecallReview, Theme, ThemeCustomerDay


def concentrations() -> dict[int, BatchConcentrationReport]:
    """For every issue theme, each batch's owners tested against the product's other owners
    (`analytics.prevalence.batch_concentration`); by theme id. Empty without ownership."""
    owners = ownership_frame()
    if owners.empty:
        return {}
    reports = {}
    themes = Theme.objects.filter(kind=ThemeKind.ISSUE, merged_into__isnull=True, archived=False)
    for theme in themes:
        affected = (
            ThemeCustomerDay.objects.filter(theme_id=theme.pk)
            .values_list("customer_id", flat=True)
            .distinct()
        )
        reports[theme.pk] = batch_concentration(
            owners["customer_id"],
            owners["product"],
            owners["batch"],
            [str(c) for c in affected],
            theme=str(theme.pk),
        )
    return reports


def open_recall_reviews(
    run: AnalysisRun, reports: Mapping[int, BatchConcentrationReport]
) -> list[RecallReview]:
    """A flagged batch opens a review unless one exists for that theme and batch (open or
    decided: a decision is not reopened by itself)."""
    batches = {
        (sku, lot): (pk, product)
        for pk, sku, lot, product in ProductBatch.objects.values_list(
            "pk", "product__sku", "lot_code", "product_id"
        )
    }
    opened = []
    for theme_id, report in reports.items():
        for found in report.batches:
            batch = batches.get((found.product, found.batch))
            if not found.recall_review or batch is None:
                continue
            if RecallReview.objects.filter(theme_id=theme_id, batch_id=batch[0]).exists():
                continue
            opened.append(
                RecallReview.objects.create(
                    theme_id=theme_id,
                    product_id=batch[1],
                    batch_id=batch[0],
                    evidence=found.to_dict(),
                    opened_by_run=run,
                )
            )
    return opened


def quality_figures(reports: Mapping[int, BatchConcentrationReport]) -> dict[str, Any]:
    """What the product-quality page shows: owners per batch, and the batch figures of the
    defect themes (root cause "product defect") and of any theme with a flagged batch."""
    owners: dict[tuple[str, str], int] = {}
    themes = []
    defects = set(
        Theme.objects.filter(pk__in=list(reports), root_cause=RootCause.PRODUCT_DEFECT).values_list(
            "pk", flat=True
        )
    )
    for theme_id, report in reports.items():
        for row in report.batches:
            owners[(row.product, row.batch)] = row.owners
        touched = [row for row in report.batches if row.affected > 0]
        if touched and (theme_id in defects or report.flagged):
            themes.append({"theme_id": theme_id, "batches": [row.to_dict() for row in touched]})
    return {
        "owners": [
            {"product": product, "batch": batch, "owners": n}
            for (product, batch), n in sorted(owners.items())
        ],
        "themes": themes,
    }


@transaction.atomic
def assign_owner(review: RecallReview, owner: User | None) -> RecallReview:
    review.owner = owner
    review.save(update_fields=["owner", "updated_at"])
    return review


@transaction.atomic
def decide(review: RecallReview, decision: str, rationale: str, *, by: User) -> RecallReview:
    """Record the decision (recall, fix, no action) with its rationale; decided once."""
    locked = RecallReview.objects.select_for_update().get(pk=review.pk)
    if locked.status != RecallStatus.OPEN:
        raise Conflict("This review was decided already.")
    if decision not in RecallDecision.values:
        raise ValidationError(
            "Unknown decision.", field_errors={"decision": f"One of {RecallDecision.values}."}
        )
    rationale = rationale.strip()
    if not rationale:
        raise ValidationError("Say why.", field_errors={"rationale": "The rationale is required."})
    locked.decision = decision
    locked.rationale = rationale[:5000]
    locked.status = RecallStatus.DECIDED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    return locked
