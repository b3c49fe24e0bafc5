"""Inviting customers: the contact rules in order, the fatigue rule across surveys and
triggers, idempotent transactional triggers, and the invitation e-mail."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.core.errors import NotFound, ValidationError
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.surveys.choices import QuestionType, SkipReason, SurveyKind, SurveyStatus, Trigger
from outward.surveys.models import Invitation, SkippedInvitation, Suppression, Survey
from outward.surveys.services.invitations import (
    invite_customer,
    record_bounce,
    send_invitation_email,
    trigger_transactional,
)
from outward.surveys.tokens import find_invitation
from tests.factories import CustomerFactory
from tests.mail import html_of, text_of
from tests.surveys.invitation_helpers import make_survey, set_policy

pytestmark = pytest.mark.django_db

TRIGGERS = [Trigger.COVERAGE, Trigger.MANUAL, Trigger.EVENT]


def test_an_invitation_is_in_the_customers_language_and_expires_by_the_policy() -> None:
    # given
    set_policy(token_valid_days=12)
    survey = make_survey(languages=["en", "de"])
    customer = CustomerFactory.create(language="de", email="Jo@Example.org")
    now = timezone.now()

    # when
    invitation = invite_customer(survey, customer, trigger=Trigger.MANUAL, now=now)

    # then
    assert isinstance(invitation, Invitation)
    assert invitation.language == "de"
    assert invitation.email == "jo@example.org"
    assert invitation.invited_at == now
    assert invitation.expires_at == now + timedelta(days=12)


def test_a_language_the_survey_lacks_falls_back_to_its_first_language() -> None:
    survey = make_survey(languages=["fr", "en"])
    customer = CustomerFactory.create(language="nl")

    invitation = _invited(survey, customer)

    assert isinstance(invitation, Invitation)
    assert invitation.language == "fr"


@pytest.mark.parametrize("first", TRIGGERS)
@pytest.mark.parametrize("second", TRIGGERS)
def test_the_fatigue_rule_holds_across_surveys_whatever_the_trigger(
    first: str, second: str
) -> None:
    # given: a customer invited to one survey, and the policy's 30-day fatigue period
    set_policy(fatigue_days=30)
    relationship = make_survey()
    delivery = make_survey(kind=SurveyKind.TRANSACTIONAL, name="After delivery")
    customer = CustomerFactory.create()
    start = timezone.now()
    assert isinstance(
        invite_customer(relationship, customer, trigger=first, event_ref="e1", now=start),
        Invitation,
    )

    # when: another survey asks on day 29, then on day 30
    too_soon = invite_customer(
        delivery, customer, trigger=second, event_ref="e2", now=start + timedelta(days=29)
    )
    in_time = invite_customer(
        delivery, customer, trigger=second, event_ref="e3", now=start + timedelta(days=30)
    )

    # then
    assert isinstance(too_soon, SkippedInvitation)
    assert too_soon.reason == SkipReason.FATIGUE
    assert isinstance(in_time, Invitation)


def test_the_fatigue_rule_counts_calendar_days_not_hours() -> None:
    set_policy(fatigue_days=2)
    survey = make_survey()
    customer = CustomerFactory.create()
    late_evening = timezone.make_aware(
        datetime.combine(timezone.localdate(), datetime.min.time())
    ) + timedelta(hours=23)
    invite_customer(survey, customer, trigger=Trigger.MANUAL, now=late_evening)

    next_morning = invite_customer(
        survey, customer, trigger=Trigger.MANUAL, now=late_evening + timedelta(hours=10)
    )
    two_days_on = invite_customer(
        survey, customer, trigger=Trigger.MANUAL, now=late_evening + timedelta(hours=26)
    )

    assert isinstance(next_morning, SkippedInvitation)
    assert isinstance(two_days_on, Invitation)


def _opted_out(customer: object) -> None:
    Suppression.objects.create(email=customer.email.upper(), reason="opt_out")  # type: ignore[attr-defined]


def _bounced(customer: object) -> None:
    record_bounce(customer.email, "550 user unknown")  # type: ignore[attr-defined]


REFUSALS: list[tuple[str, dict[str, object], Callable[[object], None] | None, str]] = [
    ("survey closed", {}, None, SkipReason.SURVEY_NOT_ACTIVE),
    (
        "churned",
        {"status": LifecycleStatus.CHURNED, "churned_on": timezone.localdate()},
        None,
        SkipReason.INACTIVE,
    ),
    ("no consent", {"contact_consent": False}, None, SkipReason.NO_CONSENT),
    ("no e-mail", {"email": ""}, None, SkipReason.NO_EMAIL),
    ("opted out", {}, _opted_out, SkipReason.OPTED_OUT),
    ("bounced", {}, _bounced, SkipReason.BOUNCED),
]


@pytest.mark.parametrize(
    ("case", "fields", "arrange", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_every_refusal_is_recorded_with_its_reason_and_sends_nothing(
    case: str,
    fields: dict[str, object],
    arrange: Callable[[object], None] | None,
    reason: str,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # given
    survey = make_survey(status=SurveyStatus.CLOSED if case == "survey closed" else "active")
    customer = CustomerFactory.create(**fields)
    if arrange:
        arrange(customer)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        outcome = invite_customer(survey, customer, trigger=Trigger.MANUAL, event_ref="x-1")

    # then
    assert isinstance(outcome, SkippedInvitation)
    assert outcome.reason == reason
    assert outcome.detail
    assert outcome.event_ref == "x-1"
    assert SkippedInvitation.objects.get().reason == reason
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_duplicate_event_for_another_customer_is_refused() -> None:
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    invite_customer(survey, CustomerFactory.create(), trigger=Trigger.EVENT, event_ref="D-1")

    outcome = invite_customer(
        survey, CustomerFactory.create(), trigger=Trigger.EVENT, event_ref="D-1"
    )

    assert isinstance(outcome, SkippedInvitation)
    assert outcome.reason == SkipReason.DUPLICATE_EVENT


def test_an_employee_survey_is_not_for_customers() -> None:
    survey = make_survey(audience="employees")

    with pytest.raises(ValidationError) as error:
        invite_customer(survey, CustomerFactory.create(), trigger=Trigger.MANUAL)

    assert "survey" in error.value.field_errors


# Transactional triggers ---------------------------------------------------------------------


def test_the_same_event_twice_gives_one_invitation_and_one_email(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # given
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    customer = CustomerFactory.create(external_id="K-1")

    # when: the delivery system retries its call
    with django_capture_on_commit_callbacks(execute=True):
        first = trigger_transactional(survey.pk, customer_external_id="K-1", event_ref="DLV-9")
    with django_capture_on_commit_callbacks(execute=True):
        retry = trigger_transactional(survey.pk, customer_id=customer.pk, event_ref="DLV-9")

    # then
    assert first.created
    assert first.invited
    assert not retry.created
    assert retry.outcome.pk == first.outcome.pk
    assert Invitation.objects.count() == 1
    assert not SkippedInvitation.objects.exists()
    assert len(mail.outbox) == 1


def test_a_retried_event_that_was_skipped_answers_the_same_skip() -> None:
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    customer = CustomerFactory.create(contact_consent=False)

    first = trigger_transactional(survey.pk, customer_id=customer.pk, event_ref="C-1")
    retry = trigger_transactional(survey.pk, customer_id=customer.pk, event_ref="C-1")

    assert isinstance(first.outcome, SkippedInvitation)
    assert retry.outcome.pk == first.outcome.pk
    assert not retry.created
    assert SkippedInvitation.objects.count() == 1


def test_a_transactional_trigger_finds_the_customer_by_email_in_any_case() -> None:
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)
    customer = CustomerFactory.create(email="ana@example.org")

    result = trigger_transactional(survey.pk, customer_email=" ANA@Example.org ", event_ref="E")

    assert result.outcome.customer_id == customer.pk
    assert result.outcome.touchpoint.slug == "delivery"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("refs", "field"),
    [
        ({}, "customer"),
        ({"customer_external_id": "nope"}, "customer_external_id"),
        ({"customer_email": "x@y.z", "customer_external_id": "K"}, "customer"),
    ],
)
def test_a_trigger_naming_no_single_known_customer_says_which_field(
    refs: dict[str, str], field: str
) -> None:
    survey = make_survey(kind=SurveyKind.TRANSACTIONAL)

    with pytest.raises(ValidationError) as error:
        trigger_transactional(survey.pk, event_ref="E-1", **refs)  # type: ignore[arg-type]

    assert field in error.value.field_errors


def test_a_trigger_rejects_relationship_surveys_unknown_surveys_and_future_events() -> None:
    customer = CustomerFactory.create()
    relationship = make_survey()
    delivery = make_survey(kind=SurveyKind.TRANSACTIONAL)

    with pytest.raises(ValidationError) as not_transactional:
        trigger_transactional(relationship.pk, customer_id=customer.pk, event_ref="E")
    with pytest.raises(NotFound):
        trigger_transactional(customer.pk, customer_id=customer.pk, event_ref="E")
    with pytest.raises(ValidationError) as future:
        trigger_transactional(
            delivery.pk,
            customer_id=customer.pk,
            event_ref="E",
            occurred_at=timezone.now() + timedelta(days=1),
        )

    assert "survey_id" in not_transactional.value.field_errors
    assert "occurred_at" in future.value.field_errors
    assert not Invitation.objects.exists()


def _invited(survey: Survey, customer: Customer) -> Invitation:
    outcome = invite_customer(survey, customer, trigger=Trigger.MANUAL)
    assert isinstance(outcome, Invitation)
    return outcome


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def test_the_email_has_html_and_text_parts_with_one_click_scores_and_an_opt_out(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, settings: object
) -> None:
    # given
    settings.SITE_URL = "https://cx.example.com"  # type: ignore[attr-defined]
    survey = make_survey(score=QuestionType.NPS)
    customer = CustomerFactory.create(language="de")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_customer(survey, customer, trigger=Trigger.COVERAGE)

    # then: one message, in German, plain text and HTML
    assert isinstance(invitation, Invitation)
    [message] = mail.outbox
    assert message.to == [customer.email]
    assert message.subject == "Wie machen wir uns?"
    html = html_of(message)
    assert "Zwei Minuten Ihrer Zeit." in text_of(message)
    assert "Zwei Minuten Ihrer Zeit." in html
    # eleven score links 0..10, each carrying a token that opens this invitation
    scores = [u for u in _links(text_of(message)) if "?score=" in u]
    assert [int(u.rsplit("=", 1)[1]) for u in scores] == list(range(11))
    for url in scores:
        assert url.startswith("https://cx.example.com/s/")
        token = url.removeprefix("https://cx.example.com/s/").split("/")[0]
        assert find_invitation(token).pk == invitation.pk
    assert html.count("?score=") == 11
    # the opt-out link, in both parts and in the List-Unsubscribe header
    opt_out = [u for u in _links(text_of(message)) if u.endswith("/opt-out/")]
    assert len(opt_out) == 1
    assert opt_out[0] in html
    assert message.extra_headers["List-Unsubscribe"] == f"<{opt_out[0]}>"
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_a_csat_survey_offers_one_to_five() -> None:
    survey = make_survey(score=QuestionType.CSAT)
    invitation = _invited(survey, CustomerFactory.create())

    send_invitation_email(invitation.pk)

    scores = [u for u in _links(text_of(mail.outbox[0])) if "?score=" in u]
    assert [int(u.rsplit("=", 1)[1]) for u in scores] == [1, 2, 3, 4, 5]


def test_a_survey_without_a_score_question_sends_a_plain_link() -> None:
    survey = make_survey(score=None)
    invitation = _invited(survey, CustomerFactory.create())

    send_invitation_email(invitation.pk)

    assert "?score=" not in text_of(mail.outbox[0])
    assert any(u.endswith("/") and "/s/" in u for u in _links(text_of(mail.outbox[0])))


def test_sending_twice_sends_one_email() -> None:
    survey = make_survey()
    invitation = _invited(survey, CustomerFactory.create())

    assert send_invitation_email(invitation.pk) is True
    assert send_invitation_email(invitation.pk) is False

    assert len(mail.outbox) == 1


def test_an_address_suppressed_after_the_invitation_gets_no_email() -> None:
    survey = make_survey()
    customer = CustomerFactory.create()
    invitation = _invited(survey, customer)
    record_bounce(customer.email)

    sent = send_invitation_email(invitation.pk)

    assert sent is False
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert invitation.sent_at is None


def test_email_texts_are_escaped_in_html() -> None:
    survey = make_survey()
    survey.intro = {"en": "<script>alert(1)</script>", "de": "x"}
    survey.save()
    invitation = _invited(survey, CustomerFactory.create(language="en"))

    send_invitation_email(invitation.pk)

    html = html_of(mail.outbox[0])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
