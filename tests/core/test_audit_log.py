"""The audit log records every write made by a person or an API token, and nothing else."""

from __future__ import annotations

import pytest

from outward.accounts.services import create_api_token
from outward.core.audit import acting_as
from outward.core.models import AuditEntry
from outward.customers.services import create_customer, update_customer
from outward.feedback.services import FeedbackDraft, record_feedback_batch
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_users_write_is_logged_with_its_changes() -> None:
    user = UserFactory.create()
    with acting_as(user=user):
        customer = create_customer(name="Ann", email="ann@example.org")
        update_customer(customer, segment="enterprise")

    entries = list(AuditEntry.objects.filter(object_type="customers.customer").order_by("at", "id"))

    assert [e.action for e in entries] == ["create", "update"]
    assert all(e.user == user for e in entries)
    assert entries[1].changes == {"segment": ["", "enterprise"]}


def test_a_tokens_write_names_the_token() -> None:
    user = UserFactory.create()
    token = create_api_token(user=user, name="sync").token
    with acting_as(user=user, token=token):
        create_customer(name="Bob")

    entry = AuditEntry.objects.get(object_type="customers.customer")

    assert entry.token == token


def test_a_bulk_write_is_one_entry_counting_its_objects() -> None:
    drafts = [FeedbackDraft(source="api", text=f"note {i}") for i in range(3)]
    with acting_as(user=UserFactory.create()):
        record_feedback_batch(drafts)

    entry = AuditEntry.objects.get(object_type="feedback.feedbackitem")

    assert entry.count == 3
    assert len(entry.changes["ids"]) == 3


def test_writes_without_an_actor_are_not_logged() -> None:
    create_customer(name="Migrated")

    assert not AuditEntry.objects.exists()


def test_saving_without_changes_adds_no_entry() -> None:
    with acting_as(user=UserFactory.create()):
        customer = create_customer(name="Same")
        update_customer(customer, name="Same")

    assert AuditEntry.objects.filter(action="update").count() == 0
