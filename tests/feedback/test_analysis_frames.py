"""Feedback and ownership as plain tables for the engine: one query, one row per record."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from pytest_django import DjangoAssertNumQueries

from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.feedback.analysis import (
    FEEDBACK_COLUMNS,
    OWNERSHIP_COLUMNS,
    feedback_frame,
    ownership_frame,
)
from outward.feedback.models import FeedbackItem
from tests.factories import (
    AccountFactory,
    AssetFactory,
    BatchFactory,
    CustomerFactory,
    FeedbackFactory,
    touchpoint,
)

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_feedback_frame_reads_every_item_in_one_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    FeedbackFactory.create_batch(7)

    with django_assert_num_queries(1):
        frame = feedback_frame(chunk_size=3)

    assert len(frame) == 7
    assert list(frame.columns) == list(FEEDBACK_COLUMNS)
    assert frame["id"].is_unique


def test_feedback_frame_carries_customer_product_batch_scores_and_team() -> None:
    account: Customer = AccountFactory.create(
        status=LifecycleStatus.CHURNED, churned_on=dt.date(2025, 4, 1)
    )
    person: Customer = CustomerFactory.create(
        account=account, status=LifecycleStatus.CHURNED, churned_on=dt.date(2025, 4, 1)
    )
    batch = BatchFactory.create(lot_code="BMP-105", product__sku="KST-BMP")
    item: FeedbackItem = FeedbackFactory.create(
        customer=person,
        source="ticket",
        touchpoint=touchpoint("support"),
        product=batch.product,
        batch=batch,
        text="The heater stopped heating.",
        nps=None,
        csat=2,
        ces=3,
        occurred_at=NOON,
        raw={"team": "Support Desk South", "agent": "ana"},
    )

    row = feedback_frame().iloc[0]

    assert row["id"] == str(item.pk)
    assert row["customer_id"] == str(person.pk)
    assert row["account_id"] == str(account.pk)
    assert row["occurred_at"] == pd.Timestamp(NOON)
    assert (row["source"], row["touchpoint"]) == ("ticket", "support")
    assert (row["product"], row["batch"]) == ("KST-BMP", "BMP-105")
    assert row["text"] == "The heater stopped heating."
    assert pd.isna(row["nps"])
    assert (row["csat"], row["ces"]) == (2.0, 3.0)
    assert row["team"] == "Support Desk South"
    assert row["status"] == "churned"
    assert row["churned_on"] == pd.Timestamp("2025-04-01")


def test_feedback_frame_leaves_unknowns_empty() -> None:
    FeedbackFactory.create(customer=None, nps=None, raw={})

    row = feedback_frame().iloc[0]

    assert row["customer_id"] is None
    assert row["account_id"] is None
    assert pd.isna(row["team"])
    assert pd.isna(row["product"])
    assert pd.isna(row["nps"])
    assert pd.isna(row["churned_on"])


def test_feedback_frame_is_oldest_first_and_honours_the_queryset() -> None:
    later: FeedbackItem = FeedbackFactory.create(
        occurred_at=NOON + dt.timedelta(days=2), source="survey"
    )
    earlier: FeedbackItem = FeedbackFactory.create(occurred_at=NOON, source="survey")
    FeedbackFactory.create(occurred_at=NOON + dt.timedelta(days=1), source="review", nps=None)

    frame = feedback_frame(FeedbackItem.objects.filter(source="survey"))

    assert frame["id"].tolist() == [str(earlier.pk), str(later.pk)]
    assert str(frame["occurred_at"].dt.tz) == "UTC"
    assert frame["nps"].dtype == "float64"


def test_feedback_frame_of_nothing_has_the_columns() -> None:
    frame = feedback_frame()

    assert frame.empty
    assert list(frame.columns) == list(FEEDBACK_COLUMNS)


def test_ownership_frame_lists_every_asset_in_one_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    owner: Customer = CustomerFactory.create()
    batch = BatchFactory.create(lot_code="SWP-102", product__sku="KST-SWP")
    AssetFactory.create(customer=owner, batch=batch, owned_since=dt.date(2025, 1, 5))
    AssetFactory.create_batch(4)

    with django_assert_num_queries(1):
        frame = ownership_frame()

    assert len(frame) == 5
    assert list(frame.columns) == list(OWNERSHIP_COLUMNS)
    mine = frame[frame["customer_id"] == str(owner.pk)].iloc[0]
    assert (mine["product"], mine["batch"]) == ("KST-SWP", "SWP-102")
    assert mine["owned_since"] == pd.Timestamp("2025-01-05")
    assert mine["status"] == "active"
