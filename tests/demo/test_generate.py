"""Generating the demo company: deterministic, all or nothing, never over real data."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from outward.accounts.models import Skill, Team, User, UserSkill
from outward.accounts.organisation import sender
from outward.accounts.services import save_organisation
from outward.customers.models import Customer, CustomerAsset, Product, ProductBatch
from outward.demo import themes
from outward.demo.services import DemoExists, DemoSummary, delete_demo, generate_demo
from outward.feedback.models import FeedbackItem
from tests.factories import CustomerFactory, UserFactory

TODAY = date(2025, 6, 30)


def small_demo(seed: int, *, reset: bool = False) -> DemoSummary:
    return generate_demo(seed=seed, today=TODAY, customers=200, feedback=2000, reset=reset)


def canonical_dump() -> dict[str, list[tuple[Any, ...]]]:
    """Everything the demo writes, in a stable order, minus the write-time timestamps."""
    return {
        "customers": list(
            Customer.objects.order_by("external_id").values_list(
                "id", "external_id", "kind", "account_id", "name", "email", "segment", "region",
                "language", "annual_value", "currency", "status", "churned_on", "customer_since",
                "contact_consent", "consent_updated_at",
            )
        ),
        "products": list(
            Product.objects.order_by("sku").values_list("id", "sku", "name", "launched_on")
        ),
        "batches": list(
            ProductBatch.objects.order_by("lot_code").values_list(
                "id", "product_id", "lot_code", "manufactured_on", "quantity"
            )
        ),
        "assets": list(
            CustomerAsset.objects.order_by("serial_number").values_list(
                "id", "customer_id", "product_id", "batch_id", "serial_number", "owned_since"
            )
        ),
        "staff": list(
            User.objects.order_by("username").values_list(
                "username", "email", "role", "team__name", "first_name", "last_name", "job_title"
            )
        ),
        "skills": list(
            UserSkill.objects.order_by("user__username", "skill__name").values_list(
                "user__username", "skill__name", "level", "verified_on"
            )
        ),
        "feedback": list(
            FeedbackItem.objects.order_by("external_id").values_list(
                "id", "source", "external_id", "customer_id", "touchpoint__slug", "product_id",
                "batch_id", "text", "language", "nps", "csat", "ces", "occurred_at",
                "received_at", "raw",
            )
        ),
    }  # fmt: skip


@pytest.mark.django_db
def test_same_seed_and_date_give_identical_company() -> None:
    small_demo(7)
    first = canonical_dump()

    small_demo(7, reset=True)
    second = canonical_dump()

    assert len(first["customers"]) == 200
    assert len(first["feedback"]) == 2000
    assert first == second


@pytest.mark.django_db
def test_other_seed_gives_another_company() -> None:
    small_demo(7)
    first = canonical_dump()

    small_demo(8, reset=True)
    second = canonical_dump()

    assert {row[0] for row in first["customers"]}.isdisjoint(row[0] for row in second["customers"])
    assert [row[4] for row in first["customers"]] != [row[4] for row in second["customers"]]
    assert [row[7] for row in first["feedback"]] != [row[7] for row in second["feedback"]]


@pytest.mark.django_db
def test_dates_follow_the_reference_date() -> None:
    small_demo(7)

    days = [moment.date() for moment in FeedbackItem.objects.values_list("occurred_at", flat=True)]

    assert max(days) < TODAY
    assert min(days) >= date(2024, 6, 30)


@pytest.mark.django_db
def test_refuses_to_generate_over_existing_customers() -> None:
    CustomerFactory.create()

    with pytest.raises(DemoExists):
        small_demo(7)

    assert Customer.objects.count() == 1
    assert not FeedbackItem.objects.exists()


@pytest.mark.django_db
def test_reset_replaces_the_demo_and_keeps_other_users() -> None:
    UserFactory.create(username="admin", role="admin")
    small_demo(7)

    small_demo(9, reset=True)

    assert Customer.objects.count() == 200
    assert FeedbackItem.objects.count() == 2000
    assert User.objects.count() == 31
    assert User.objects.filter(username="admin").exists()
    assert Team.objects.count() == 8
    assert Skill.objects.count() == 15


@pytest.mark.django_db
def test_the_demo_names_its_organisation_and_its_removal_forgets_only_that_name() -> None:
    small_demo(7)
    assert sender() == "Kestrel Home <care@kestrel-home.example>"

    delete_demo()
    assert sender() == "Our company <outward@localhost>"

    save_organisation(name="Acme Appliances")
    small_demo(7)
    delete_demo()
    assert sender() == "Acme Appliances <outward@localhost>"  # an admin's choice stays


@pytest.mark.django_db
def test_a_failed_generation_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> list[FeedbackItem]:
        raise RuntimeError("disk full")

    monkeypatch.setattr("outward.demo.services.generate_feedback", broken)

    with pytest.raises(RuntimeError):
        small_demo(7)

    assert not Customer.objects.exists()
    assert not User.objects.exists()
    assert not Team.objects.exists()


@pytest.mark.django_db
def test_command_reports_counts_and_refuses_a_second_run_without_reset() -> None:
    out = StringIO()
    call_command(
        "demo", "--seed", "3", "--today", "2025-06-30", "--customers", "120", "--feedback",
        "900", "-v", "0", stdout=out,
    )  # fmt: skip

    assert "120 customers" in out.getvalue()
    assert "900 feedback items" in out.getvalue()
    assert "Insights ready" in out.getvalue()
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", "--customers", "120", "--feedback", "900", "-v", "0")


def test_planted_words_stay_in_their_own_theme() -> None:
    planted = {
        "heat": themes.DEFECT,
        "batter": themes.BATTERY_CLAIM,
        "descal": themes.DESCALING,
    }
    every_theme = {value for value in vars(themes).values() if isinstance(value, themes.Theme)}

    for word, owner in planted.items():
        for theme in every_theme - {owner}:
            sentences = theme.statements + theme.details + theme.observations
            assert not [s for s in sentences if word in s.lower()], (word, theme.key)
    assert not [
        s for theme in every_theme for s in theme.statements + theme.details
        if "brightline" in s.lower()
    ]  # fmt: skip
