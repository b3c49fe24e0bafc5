"""Recording feedback: idempotent per (source, external id), batches all or nothing."""

from __future__ import annotations

import pytest

from outward.core.errors import ValidationError
from outward.feedback.models import FeedbackItem
from outward.feedback.services import (
    BatchRejected,
    FeedbackDraft,
    record_feedback,
    record_feedback_batch,
)
from tests.factories import BatchFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def test_same_external_id_twice_stores_one_item() -> None:
    draft = FeedbackDraft(source="ticket", external_id="T-1", text="Still waiting for a refund.")

    first = record_feedback(draft)
    second = record_feedback(draft)

    assert first.created is True
    assert second.created is False
    assert second.item.pk == first.item.pk
    assert FeedbackItem.objects.count() == 1


def test_same_external_id_in_other_source_is_another_item() -> None:
    record_feedback(FeedbackDraft(source="ticket", external_id="X", text="one"))
    record_feedback(FeedbackDraft(source="email", external_id="X", text="two"))

    assert FeedbackItem.objects.count() == 2


def test_repeat_inside_one_batch_is_stored_once() -> None:
    draft = FeedbackDraft(source="api", external_id="dup", text="Great service")

    results = record_feedback_batch([draft, draft])

    assert [r.created for r in results] == [True, False]
    assert results[0].item.pk == results[1].item.pk
    assert FeedbackItem.objects.count() == 1


def test_batch_with_one_bad_item_stores_nothing_and_names_it() -> None:
    good = FeedbackDraft(source="survey", nps=9, text="Lovely")
    bad = FeedbackDraft(source="survey", nps=11, text="Too high")

    with pytest.raises(BatchRejected) as rejected:
        record_feedback_batch([good, bad, good])

    assert [(e.index, e.field) for e in rejected.value.errors] == [(1, "nps")]
    assert FeedbackItem.objects.count() == 0


def test_customer_and_batch_are_resolved_by_public_keys() -> None:
    customer = CustomerFactory.create(external_id="CUST-9", email="ann@example.org")
    batch = BatchFactory.create(lot_code="L-7", product__sku="KETTLE")

    by_email = record_feedback(
        FeedbackDraft(
            source="review",
            text="Lid broke",
            customer_email="ANN@example.org",
            product="KETTLE",
            batch="L-7",
            touchpoint="usage",
        )
    ).item

    assert by_email.customer == customer
    assert by_email.batch == batch
    assert by_email.touchpoint is not None
    assert by_email.touchpoint.slug == "usage"


def test_unknown_references_are_named() -> None:
    with pytest.raises(ValidationError) as error:
        record_feedback(
            FeedbackDraft(source="api", text="x", customer_external_id="nobody", touchpoint="moon")
        )

    assert set(error.value.field_errors) == {"customer_external_id", "touchpoint"}


def test_an_item_needs_a_text_or_a_score() -> None:
    with pytest.raises(ValidationError) as error:
        record_feedback(FeedbackDraft(source="api", text="   "))

    assert "text" in error.value.field_errors


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (FeedbackDraft(source="api", text="a\x00b"), "text"),
        (FeedbackDraft(source="api", text="ok", raw={"k": "\x00"}), "raw"),
        (FeedbackDraft(source="api", text="ok", language="x" * 13), "language"),
    ],
)
def test_values_no_database_could_store_are_refused_by_name(
    draft: FeedbackDraft, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        record_feedback(draft)

    assert field in error.value.field_errors


def test_a_low_score_item_is_never_shown_positive_nor_a_high_one_negative() -> None:
    detractor = FeedbackItem(nps=3, sentiment=0.6)
    promoter = FeedbackItem(nps=10, sentiment=-0.4)
    unscored = FeedbackItem(sentiment=0.6)

    assert detractor.sentiment_label == "neutral"
    assert promoter.sentiment_label == "neutral"
    assert unscored.sentiment_label == "positive"
