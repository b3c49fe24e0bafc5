"""Opting out (the public page, honoured everywhere after), bounces, and the one reminder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.surveys.choices import SkipReason, SuppressionReason, SurveyKind, Trigger
from outward.surveys.models import ContactPolicy, Invitation, SkippedInvitation, Suppression
from outward.surveys.services.coverage import run_coverage
from outward.surveys.services.invitations import (
    invite_customer,
    opt_out,
    record_bounce,
    send_due_reminders,
    send_invitation_email,
    trigger_transactional,
)
from outward.surveys.tokens import invitation_token
from tests.factories import CustomerFactory
from tests.surveys.invitation_helpers import make_survey, refresh

pytestmark = pytest.mark.django_db


def _sent(survey: object, customer: object, **kwargs: object) -> Invitation:
    invitation = invite_customer(survey, customer, trigger=Trigger.MANUAL, **kwargs)  # type: ignore[arg-type]
    assert isinstance(invitation, Invitation)
    assert send_invitation_email(invitation.pk, now=invitation.invited_at)
    invitation.refresh_from_db()
    return invitation


def _opt_out_url(invitation: Invitation) -> str:
    return reverse("respond:opt_out", kwargs={"token": invitation_token(invitation)})


# The page --------------------------------------------------------------------------------


def test_opening_the_opt_out_link_asks_and_changes_nothing(client: Client) -> None:
    invitation = _sent(make_survey(), CustomerFactory.create())

    response = client.get(_opt_out_url(invitation))

    assert response.status_code == 200
    assert b"<form" in response.content
    assert not Suppression.objects.exists()
    assert refresh(invitation.customer).contact_consent is True  # type: ignore[arg-type]


def test_confirming_suppresses_the_address_and_withdraws_consent(client: Client) -> None:
    customer = CustomerFactory.create(language="de")
    invitation = _sent(make_survey(languages=["en", "de"]), customer)

    response = client.post(_opt_out_url(invitation))

    assert response.status_code == 200
    assert "Sie erhalten keine Umfragen mehr" in response.content.decode()
    suppression = Suppression.objects.get()
    assert suppression.reason == SuppressionReason.OPT_OUT
    assert suppression.email == customer.email
    customer = refresh(customer)
    assert customer.contact_consent is False
    assert customer.consent_updated_at is not None


def test_opting_out_works_for_used_and_expired_links_and_twice(client: Client) -> None:
    invitation = _sent(make_survey(), CustomerFactory.create())
    Invitation.objects.filter(pk=invitation.pk).update(
        responded_at=timezone.now(), expires_at=timezone.now() - timedelta(days=1)
    )

    first = client.post(_opt_out_url(invitation))
    again = client.post(_opt_out_url(invitation))
    later_visit = client.get(_opt_out_url(invitation))

    assert first.status_code == again.status_code == later_visit.status_code == 200
    assert Suppression.objects.count() == 1
    assert b"<form" not in later_visit.content  # it says it is done


@pytest.mark.parametrize("token", ["garbage", "abc:def", "x" * 300])
def test_an_invalid_opt_out_link_gets_a_friendly_404(client: Client, token: str) -> None:
    response = client.post(reverse("respond:opt_out", kwargs={"token": token}))

    assert response.status_code == 404
    assert b"This link is not valid" in response.content


def test_a_tampered_token_is_refused(client: Client) -> None:
    invitation = _sent(make_survey(), CustomerFactory.create())
    token = invitation_token(invitation)

    response = client.post(reverse("respond:opt_out", kwargs={"token": token[:-2] + "xx"}))

    assert response.status_code == 404
    assert not Suppression.objects.exists()


# Honoured everywhere ---------------------------------------------------------------------


def test_an_opt_out_is_honoured_by_coverage_transactional_and_reminders() -> None:
    # given: a customer with an invitation owed a reminder, who opts out
    survey = make_survey(reminder_after_days=3)
    delivery = make_survey(kind=SurveyKind.TRANSACTIONAL)
    customer = CustomerFactory.create()
    invitation = _sent(survey, customer, now=timezone.now() - timedelta(days=40))
    opt_out(invitation)
    # the consent comes back by mistake: the suppression alone must still hold
    type(customer).objects.filter(pk=customer.pk).update(contact_consent=True)
    ContactPolicy.objects.update(coverage_started_on=timezone.localdate() - timedelta(days=400))
    mail.outbox.clear()

    # when
    reminded = send_due_reminders()
    coverage = run_coverage()
    transactional = trigger_transactional(delivery.pk, customer_id=customer.pk, event_ref="D1")

    # then
    assert reminded == 0
    assert coverage.eligible == 0
    assert isinstance(transactional.outcome, SkippedInvitation)
    assert transactional.outcome.reason == SkipReason.OPTED_OUT
    assert mail.outbox == []


# Bounces ---------------------------------------------------------------------------------


def test_a_bounce_suppresses_the_address_and_marks_the_latest_invitation() -> None:
    survey = make_survey()
    customer = CustomerFactory.create(email="bob@example.org")
    older = _sent(survey, customer, now=timezone.now() - timedelta(days=90))
    latest = _sent(survey, customer)

    bounce = record_bounce("BOB@example.org", "550 5.1.1 user unknown")

    assert bounce.invitation is not None
    assert bounce.invitation.pk == latest.pk
    assert Invitation.objects.get(pk=latest.pk).bounced_at is not None
    assert Invitation.objects.get(pk=older.pk).bounced_at is None
    suppression = Suppression.objects.get()
    assert (suppression.reason, suppression.customer_id) == (SuppressionReason.BOUNCE, customer.pk)
    assert suppression.detail == "550 5.1.1 user unknown"


def test_a_bounce_repeated_changes_nothing_more() -> None:
    record_bounce("x@example.org")
    record_bounce("X@example.org")

    assert Suppression.objects.count() == 1


def test_a_bounced_address_is_not_invited_again() -> None:
    survey = make_survey()
    customer = CustomerFactory.create()
    record_bounce(customer.email)

    outcome = invite_customer(survey, customer, trigger=Trigger.MANUAL)

    assert isinstance(outcome, SkippedInvitation)
    assert outcome.reason == SkipReason.BOUNCED


def test_the_record_bounce_command(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("record_bounce", "gone@example.org", "--reason", "mailbox gone")

    assert Suppression.objects.get().email == "gone@example.org"
    assert "gone@example.org suppressed" in capsys.readouterr().out


# The one reminder --------------------------------------------------------------------------


def test_exactly_one_reminder_goes_out_after_the_delay() -> None:
    # given: invited 5 days ago, reminders after 5 days
    survey = make_survey(reminder_after_days=5)
    now = timezone.now()
    invitation = _sent(survey, CustomerFactory.create(), now=now - timedelta(days=5))
    fresh = _sent(survey, CustomerFactory.create(), now=now - timedelta(days=4))
    mail.outbox.clear()

    # when: the daily job runs three days in a row
    counts = [send_due_reminders(now + timedelta(days=n)) for n in range(3)]

    # then
    assert counts == [1, 1, 0]  # the first invitation today, the fresh one tomorrow
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.startswith("Reminder: ")
    assert mail.outbox[0].to == [invitation.email]
    assert Invitation.objects.get(pk=fresh.pk).reminded_at is not None


@pytest.mark.parametrize("state", ["responded", "expired", "bounced", "no reminders"])
def test_no_reminder_for_answered_expired_or_bounced_invitations(state: str) -> None:
    survey = make_survey(reminder_after_days=0 if state == "no reminders" else 2)
    now = timezone.now()
    invitation = _sent(survey, CustomerFactory.create(), now=now - timedelta(days=10))
    changes: dict[str, object] = {
        "responded": {"responded_at": now},
        "expired": {"expires_at": now - timedelta(minutes=1)},
        "bounced": {"bounced_at": now},
        "no reminders": {},
    }[state]  # type: ignore[assignment]
    Invitation.objects.filter(pk=invitation.pk).update(**changes)
    mail.outbox.clear()

    assert send_due_reminders(now) == 0
    assert mail.outbox == []


def test_the_reminder_task_body_is_the_service(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from outward.surveys.tasks import send_reminders_task

    survey = make_survey(reminder_after_days=1)
    _sent(survey, CustomerFactory.create(), now=timezone.now() - timedelta(days=2))
    mail.outbox.clear()

    result = send_reminders_task.enqueue()

    assert result.return_value == 1
    assert len(mail.outbox) == 1
