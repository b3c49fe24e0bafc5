"""Surveys and invitations for the builder and response tests, built through the services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.utils import timezone

from outward.accounts.models import User
from outward.customers.models import Customer, Touchpoint
from outward.surveys.choices import Trigger
from outward.surveys.models import Invitation, Survey
from outward.surveys.services.building import (
    activate_survey,
    create_from_template,
    update_survey,
)
from outward.surveys.tokens import invitation_token


def active_survey(
    template: str = "relationship_nps",
    *,
    languages: Sequence[str] = ("en",),
    touchpoint: Touchpoint | None = None,
    public: bool = False,
    name: str = "Relationship 2026",
) -> Survey:
    survey = create_from_template(
        template, name=name, created_by=None, languages=languages, touchpoint=touchpoint
    )
    if public:
        survey = update_survey(survey, public_link_enabled=True)
    return activate_survey(survey)


def invite(
    survey: Survey,
    *,
    customer: Customer | None = None,
    employee: User | None = None,
    language: str = "en",
    expires_in: timedelta = timedelta(days=30),
    **fields: Any,
) -> tuple[Invitation, str]:
    """An invitation (as the distribution service would store it) and its link's token."""
    invitation = Invitation.objects.create(
        survey=survey,
        customer=customer,
        employee=employee,
        trigger=Trigger.PULSE if employee else Trigger.MANUAL,
        language=language,
        email=(customer.email if customer else employee.email if employee else ""),
        expires_at=timezone.now() + expires_in,
        **fields,
    )
    return invitation, invitation_token(invitation)
