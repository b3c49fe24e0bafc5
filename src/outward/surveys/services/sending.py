"""Sending a survey now to the customers a manager chose (`audience.Criteria`): each one
through `invite_customer`, so every contact rule is checked again under its lock."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from outward.core.errors import ValidationError
from outward.customers.models import Customer
from outward.surveys import audience
from outward.surveys.choices import Audience, SurveyKind, SurveyStatus, Trigger
from outward.surveys.models import Invitation, Survey
from outward.surveys.services.invitations import invite_customer


def check_sendable(survey: Survey) -> None:
    """A bulk send is for an active customer survey that is not transactional (those are
    sent by their triggers, one event at a time)."""
    if survey.audience != Audience.CUSTOMERS:
        raise ValidationError(
            "This survey is for employees.", field_errors={"survey": "Not a customer survey."}
        )
    if survey.kind == SurveyKind.TRANSACTIONAL:
        raise ValidationError(
            "A transactional survey is sent by its triggers, not to a list.",
            field_errors={"survey": "Transactional."},
        )
    if survey.status != SurveyStatus.ACTIVE:
        raise ValidationError(
            "Activate the survey before sending it.",
            field_errors={"survey": f"The survey is {survey.get_status_display()}."},
        )


def send_to(
    survey: Survey, criteria: audience.Criteria, *, now: datetime | None = None
) -> audience.Sent:
    """Invite every customer the criteria select, now; how many, and why the others not."""
    check_sendable(survey)
    now = now or timezone.now()
    invited = 0
    skipped: dict[str, int] = {}
    for customer in audience.customers(criteria, now).order_by("id").iterator(chunk_size=500):
        outcome = invite_customer(survey, customer, trigger=Trigger.MANUAL, now=now)
        if isinstance(outcome, Invitation):
            invited += 1
        else:
            skipped[outcome.reason] = skipped.get(outcome.reason, 0) + 1
    return audience.Sent(invited=invited, skipped=skipped)


def invite_after_visit(customer: Customer, event_ref: str) -> int:
    """A field visit was recorded: invite the customer to each active transactional survey
    set to follow visits (the contact rules decide; the visit's reference makes a retry send
    nothing twice). How many invitations were made."""
    surveys = Survey.objects.filter(
        audience=Audience.CUSTOMERS,
        kind=SurveyKind.TRANSACTIONAL,
        status=SurveyStatus.ACTIVE,
        after_field_visit=True,
    ).order_by("created_at")
    made = 0
    for survey in surveys:
        outcome = invite_customer(survey, customer, trigger=Trigger.EVENT, event_ref=event_ref)
        made += isinstance(outcome, Invitation)
    return made


def follow_field_visits(survey: Survey, on: bool) -> Survey:
    """Turn the field-visit trigger of a transactional survey on or off."""
    if survey.kind != SurveyKind.TRANSACTIONAL:
        raise ValidationError(
            "Only a transactional survey follows events.",
            field_errors={"after_field_visit": "Not transactional."},
        )
    survey.after_field_visit = on
    survey.save(update_fields=["after_field_visit", "updated_at"])
    return survey
