"""When another run of the same file commits a key between our look-up and our insert, its
row wins and ours counts as a duplicate: nothing is stored twice, nothing is lost."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pytest

from outward.customers import bulk as customer_bulk
from outward.customers.models import Customer
from outward.feedback import bulk as item_bulk
from outward.feedback.models import FeedbackItem
from outward.imports.parsing import ParsedRow
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 5, 1, tzinfo=UTC)


def _blind_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the look-ups see nothing, as if the other run committed right after them."""

    def nothing(values: Iterable[str], size: int = 500) -> Iterable[list[str]]:
        return iter(())

    monkeypatch.setattr(item_bulk, "sliced", nothing)


def test_a_row_committed_meanwhile_by_another_run_is_a_duplicate_not_a_second_item(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    theirs = FeedbackFactory.create(source="ticket", external_id="zendesk:1", text="theirs")
    rows = [
        ParsedRow(row=2, source="ticket", external_id="zendesk:1", text="ours"),
        ParsedRow(row=3, source="ticket", external_id="zendesk:2", text="new"),
    ]
    _blind_lookups(monkeypatch)

    writes = item_bulk.insert_items(rows, {}, NOW)

    assert [values["external_id"] for values in writes.created] == ["zendesk:2"]
    assert writes.duplicates == 1
    assert FeedbackItem.objects.get(external_id="zendesk:1") == theirs
    assert FeedbackItem.objects.count() == 2


def test_a_customer_created_meanwhile_by_another_run_is_used_not_duplicated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    theirs = Customer.objects.create(name="Ann", external_id="C1", email="ann@example.com")
    rows = [ParsedRow(row=2, source="import", external_id="x", text="t", customer_external_id="C1")]
    monkeypatch.setattr(customer_bulk, "_existing", _empty_then_real(customer_bulk._existing))

    writes = customer_bulk.upsert_customers(rows, NOW)

    assert writes.ids == {2: theirs.pk}
    assert writes.created == []
    assert Customer.objects.count() == 1


def _empty_then_real(real: object) -> object:
    calls = {"n": 0}

    def lookup(ext_ids: set[str], emails: set[str]) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            return {}, {}
        return real(ext_ids, emails)  # type: ignore[operator]

    return lookup
