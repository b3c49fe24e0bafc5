"""Recall reviews: a defect theme concentrated in one product batch opens a review with the
evidence; a person owns it and records the decision."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from outward.accounts.models import User
from outward.analytics.prevalence import batch_concentration
from outward.core.errors import Conflict, ValidationError
from outward.customers.models import ProductBatch
from outward.feedback.analysis import ownership_frame
from outward.insights.choices import RecallDecision, RecallStatus, ThemeKind
from outward.insights.models import AnalysisRun, RecallReview, Theme, ThemeCustomerDay


def open_recall_reviews(run: AnalysisRun) -> list[RecallReview]:
    """For every issue theme, test each batch's owners against the product's other owners
    (`analytics.prevalence.batch_concentration`); a flagged batch opens a review unless one
    exists for that theme and batch (open or decided: a decision is not reopened by itself).
    """
    owners = ownership_frame()
    if owners.empty:
        return []
    batches = {
        (sku, lot): pk
        for pk, sku, lot in ProductBatch.objects.values_list("pk", "product__sku", "lot_code")
    }
    product_of = dict(ProductBatch.objects.values_list("pk", "product_id"))
    opened = []
    themes = Theme.objects.filter(kind=ThemeKind.ISSUE, merged_into__isnull=True, archived=False)
    for theme in themes:
        affected = (
            ThemeCustomerDay.objects.filter(theme_id=theme.pk)
            .values_list("customer_id", flat=True)
            .distinct()
        )
        report = batch_concentration(
            owners["customer_id"],
            owners["product"],
            owners["batch"],
            [str(c) for c in affected],
            theme=str(theme.pk),
        )
        for found in report.batches:
            batch_id = batches.get((found.product, found.batch))
            if not found.recall_review or batch_id is None:
                continue
            if RecallReview.objects.filter(theme=theme, batch_id=batch_id).exists():
                continue
            opened.append(
                RecallReview.objects.create(
                    theme=theme,
                    product_id=product_of[batch_id],
                    batch_id=batch_id,
                    evidence=found.to_dict(),
                    opened_by_run=run,
                )
            )
    return opened


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
