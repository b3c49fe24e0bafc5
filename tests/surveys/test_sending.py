"""Sending a survey as a manager wants: choose whom (segment, region, a product or batch
owned, a touchpoint, when last heard from, never invited, an uploaded list), see how many
will be invited and how many each contact rule skips, then send; a transactional survey's
page explains and sets its triggers instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outward.core.roles import Role
from outward.fieldwork.services import record_observation
from outward.surveys.audience import Criteria, customers, parse_list, preview
from outward.surveys.choices import SkipReason, SurveyKind, Trigger
from outward.surveys.models import Invitation, Survey
from outward.surveys.services.invitations import invite_customer
from tests.factories import AssetFactory, CustomerFactory
from tests.surveys.invitation_helpers import make_survey

pytestmark = pytest.mark.django_db


def _send_url(survey: Survey) -> str:
    return reverse("surveys:send", kwargs={"survey_id": survey.pk})


def test_the_preview_counts_who_will_be_invited_and_why_others_not() -> None:
    CustomerFactory.create_batch(2, segment="smb")
    CustomerFactory.create(segment="smb", contact_consent=False)
    CustomerFactory.create(segment="smb", email="")
    asked = CustomerFactory.create(segment="smb")
    invite_customer(make_survey(name="Earlier"), asked, trigger=Trigger.MANUAL)
    CustomerFactory.create(segment="enterprise")

    counted = preview(Criteria(segment="smb"))

    assert (counted.selected, counted.will_invite) == (5, 2)
    assert counted.skipped == {
        SkipReason.NO_CONSENT: 1,
        SkipReason.NO_EMAIL: 1,
        SkipReason.FATIGUE: 1,
    }


def test_owners_of_a_product_or_a_batch_and_the_long_quiet_are_chosen() -> None:
    asset = AssetFactory.create()
    AssetFactory.create()  # another product, another batch
    quiet = CustomerFactory.create(last_heard_at=timezone.now() - timedelta(days=400))
    CustomerFactory.create(last_heard_at=timezone.now() - timedelta(days=10))
    never = CustomerFactory.create(last_heard_at=None)

    assert list(customers(Criteria(product_id=asset.product_id))) == [asset.customer]
    assert list(customers(Criteria(batch_id=asset.batch_id))) == [asset.customer]
    year = set(customers(Criteria(heard="365")))
    assert {quiet, never} <= year
    assert set(customers(Criteria(heard="never"))) >= {never}
    assert quiet not in set(customers(Criteria(heard="never")))


def test_a_list_matches_addresses_in_any_case_and_customer_ids() -> None:
    maria = CustomerFactory.create(email="Maria@Example.org")
    thomas = CustomerFactory.create(external_id="C-42")
    CustomerFactory.create()

    listed = parse_list("email\nmaria@example.org\nC-42, Thomas\n\nnobody@example.org\n")

    assert listed == ("maria@example.org", "C-42", "nobody@example.org")
    assert set(customers(Criteria(listed=listed))) == {maria, thomas}


def test_the_page_counts_first_then_sends_to_the_uploaded_list(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = make_survey()
    for n in range(3):
        CustomerFactory.create(email=f"c{n}@example.org")
    CustomerFactory.create(email="outside@example.org")
    upload = SimpleUploadedFile("list.csv", b"email\nc0@example.org\nC1@example.org\nx@y.z\n")

    counted = client.post(_send_url(survey), {"action": "preview", "list_file": upload})

    assert counted.status_code == 200
    assert counted.context["preview"].will_invite == 2
    html = counted.content.decode()
    assert "2 will be invited" in html
    assert "match no customer: x@y.z" in html
    assert not Invitation.objects.exists()  # counting sends nothing

    listed = counted.context["form"]["listed"].value()
    sent = client.post(_send_url(survey), {"action": "send", "listed": listed}, follow=True)

    assert "Invited 2 of 2 customers (3 listed)." in sent.content.decode()
    assert set(Invitation.objects.values_list("customer__email", flat=True)) == {
        "c0@example.org",
        "c1@example.org",
    }


def test_a_link_from_the_coverage_page_arrives_counted(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = make_survey()
    CustomerFactory.create(last_invited_at=None)
    CustomerFactory.create(last_invited_at=timezone.now() - timedelta(days=30))

    page = client.get(_send_url(survey), {"never_invited": "on"})

    assert page.context["preview"].selected == 1


def test_a_bad_list_file_is_named(client: Client, login: Callable[[str], object]) -> None:
    login(Role.MANAGER)
    survey = make_survey()

    refused = client.post(
        _send_url(survey),
        {"action": "send", "list_file": SimpleUploadedFile("l.csv", b"\xff\xfe\x00bad")},
    )

    assert refused.status_code == 400
    assert "list_file" in refused.context["form"].errors
    assert not Invitation.objects.exists()


def test_a_transactional_survey_explains_its_triggers_and_follows_field_visits(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL, name="After the visit")

    page = client.get(_send_url(survey)).content.decode()
    assert f"/api/v1/surveys/{survey.pk}/invitations" in page
    assert "event_ref" in page
    assert "When a case is closed" in page

    client.post(_send_url(survey), {"after_field_visit": "on"})
    survey.refresh_from_db()
    assert survey.after_field_visit
    customer = CustomerFactory.create()
    record_observation(
        customer_id=customer.pk,
        asset_id=None,
        observed_by=None,
        state="Boiler serviced.",
        client_key="v" * 24,
    )

    [invitation] = Invitation.objects.filter(survey=survey)
    assert invitation.customer == customer
    assert invitation.event_ref.startswith("field-visit:")
    assert invitation.trigger == Trigger.EVENT


def test_a_transactional_survey_is_never_sent_to_a_list(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    CustomerFactory.create()

    client.post(_send_url(survey), {"action": "send"})

    assert not Invitation.objects.exists()
