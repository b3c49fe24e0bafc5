"""Recall reviews: a defect concentrated in one batch opens a review; people decide it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from outward.accounts.models import User
from outward.core.errors import Conflict, ValidationError
from outward.core.roles import Role
from outward.customers.models import ProductBatch
from outward.insights.choices import RecallDecision, RecallStatus
from outward.insights.models import AnalysisRun, RecallReview
from outward.insights.services import recalls

pytestmark = pytest.mark.django_db


def test_a_defect_concentrated_in_one_batch_opens_one_review_with_the_evidence(
    defect: tuple[ProductBatch, ProductBatch], refit: Callable[[], AnalysisRun]
) -> None:
    bad, _ = defect

    run = refit()
    refit()  # a second refit does not open it twice

    review = RecallReview.objects.get()
    assert review.batch == bad
    assert review.status == RecallStatus.OPEN
    assert review.opened_by_run == run
    assert (review.evidence["affected"], review.evidence["owners"]) == (15, 40)
    assert review.evidence["recall_review"] is True
    assert review.evidence["p_adjusted"] < 0.01


def test_a_decision_needs_a_known_choice_and_a_reason_and_is_taken_once(
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    make_user: Callable[..., User],
) -> None:
    refit()
    review = RecallReview.objects.get()
    manager = make_user(Role.MANAGER)

    with pytest.raises(ValidationError) as no_reason:
        recalls.decide(review, RecallDecision.RECALL, "  ", by=manager)
    with pytest.raises(ValidationError) as unknown:
        recalls.decide(review, "shrug", "because", by=manager)
    decided = recalls.decide(review, RecallDecision.FIX, "Replace the elements.", by=manager)
    with pytest.raises(Conflict):
        recalls.decide(review, RecallDecision.RECALL, "Changed my mind.", by=manager)

    assert "rationale" in no_reason.value.field_errors
    assert "decision" in unknown.value.field_errors
    assert (decided.status, decided.decision, decided.decided_by) == (
        RecallStatus.DECIDED,
        RecallDecision.FIX,
        manager,
    )


def test_the_outreach_list_holds_the_affected_owners_of_the_batch_only(
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    client: Client,
    login: Callable[[str], User],
) -> None:
    refit()
    review = RecallReview.objects.get()
    login(Role.MANAGER)

    response = client.get(reverse("insights:recall_owners_csv", args=[review.pk]))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert rows[0] == ["name", "email", "external id", "segment", "region"]
    assert len(rows) == 1 + 15


def test_a_manager_owns_and_decides_a_review_on_its_page(
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    client: Client,
    login: Callable[[str], User],
) -> None:
    refit()
    review = RecallReview.objects.get()
    manager = login(Role.MANAGER)

    page = client.get(reverse("insights:recall", args=[review.pk]))
    owned = client.post(reverse("insights:recall_owner", args=[review.pk]), {"owner": manager.pk})
    empty = client.post(reverse("insights:recall_decide", args=[review.pk]), {"decision": "fix"})
    decided = client.post(
        reverse("insights:recall_decide", args=[review.pk]),
        {"decision": "recall", "rationale": "Safety first."},
    )

    assert page.status_code == 200
    assert b"15 of 40 owners raised it" in page.content
    assert owned.status_code == 302
    assert empty.status_code == 400
    assert decided.status_code == 302
    review.refresh_from_db()
    assert (review.owner, review.decision, review.rationale) == (
        manager,
        RecallDecision.RECALL,
        "Safety first.",
    )
