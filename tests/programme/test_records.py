"""The programme's own records: the written policy is versioned (text or a document), a
training record is checked and kept once, the funding plan is one per year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from outward.core.errors import ValidationError
from outward.core.roles import Role
from outward.programme.models import FundingPlan, ServicePolicy, TrainingRecord
from outward.programme.services import (
    MAX_FILE_BYTES,
    Upload,
    publish_policy,
    record_training,
    set_funding,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_publication_is_a_new_version_and_the_old_ones_stay() -> None:
    first = publish_policy(title="Policy", body="Answer within a day.")
    second = publish_policy(title="Policy", body="Answer within four hours.", note="Faster")

    assert (first.number, second.number) == (1, 2)
    assert list(ServicePolicy.objects.values_list("number", flat=True)) == [2, 1]


def test_an_uploaded_text_document_becomes_the_policy_text() -> None:
    made = publish_policy(title="Policy", upload=Upload("policy.md", b"# Promise\nWe call back."))

    assert made.body == "# Promise\nWe call back."
    assert made.file_name == "policy.md"
    assert made.file_type == "text/markdown"


def test_a_pdf_is_kept_as_it_came() -> None:
    data = b"%PDF-1.7 fake but opaque"

    made = publish_policy(title="Policy", upload=Upload("../../Policy 2026.pdf", data))

    assert bytes(ServicePolicy.objects.get(pk=made.pk).file_data or b"") == data
    assert made.file_name == "Policy 2026.pdf"


@pytest.mark.parametrize(
    ("title", "body", "upload", "field"),
    [
        ("", "Text", None, "title"),
        ("Policy", "", None, "body"),
        ("Policy", "", Upload("policy.exe", b"MZ"), "document"),
        ("Policy", "", Upload("policy.pdf", b"x" * (MAX_FILE_BYTES + 1)), "document"),
        ("Policy", "", Upload("policy.txt", b"\xff\xfe\x00bad"), "document"),
    ],
)
def test_a_bad_policy_names_its_field_and_stores_nothing(
    title: str, body: str, upload: Upload | None, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        publish_policy(title=title, body=body, upload=upload)

    assert field in refused.value.field_errors
    assert not ServicePolicy.objects.exists()


def test_a_training_record_is_kept_once() -> None:
    agent = UserFactory.create(role=Role.AGENT)
    today = timezone.localdate()

    first = record_training(agent, course="De-escalation", completed_on=today, hours=Decimal(4))
    again = record_training(agent, course="De-escalation", completed_on=today, hours=Decimal(4))

    assert first.pk == again.pk
    assert TrainingRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"course": " "}, "course"),
        ({"completed_on": dt.date(2999, 1, 1)}, "completed_on"),
        ({"valid_until": dt.date(2000, 1, 1)}, "valid_until"),
        ({"hours": Decimal(0)}, "hours"),
    ],
)
def test_a_bad_training_record_names_its_field(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"course": "De-escalation", "completed_on": timezone.localdate()}

    with pytest.raises(ValidationError) as refused:
        record_training(UserFactory.create(), **(values | changes))  # type: ignore[arg-type]

    assert field in refused.value.field_errors
    assert not TrainingRecord.objects.exists()


def test_setting_a_year_funding_again_replaces_it() -> None:
    set_funding(2026, initiatives=Decimal(1000), remedies=Decimal(500))
    set_funding(2026, initiatives=Decimal(2000), remedies=Decimal(500))

    plan = FundingPlan.objects.get()
    assert plan.initiatives == Decimal(2000)
    assert plan.currency == "EUR"
    with pytest.raises(ValidationError) as refused:
        set_funding(1999, initiatives=Decimal(-1), remedies=Decimal(0))
    assert set(refused.value.field_errors) == {"year", "initiatives"}
