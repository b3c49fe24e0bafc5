"""Surveys, policies and clocks for the distribution tests (invitations, coverage, opt-out)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from outward.customers.models import Customer
from outward.surveys.choices import QuestionType, SurveyKind, SurveyStatus
from outward.surveys.models import ContactPolicy, Question, Survey
from tests.factories import touchpoint


def make_survey(
    *,
    kind: str = SurveyKind.RELATIONSHIP,
    status: str = SurveyStatus.ACTIVE,
    languages: list[str] | None = None,
    score: str | None = QuestionType.NPS,
    **fields: Any,
) -> Survey:
    languages = languages or ["en", "de"]
    if kind == SurveyKind.TRANSACTIONAL:
        fields.setdefault("touchpoint", touchpoint("delivery"))
    survey = Survey.objects.create(
        name=fields.pop("name", f"{kind} survey"),
        kind=kind,
        status=status,
        languages=languages,
        title={"en": "How are we doing?", "de": "Wie machen wir uns?"},
        intro={"en": "Two minutes of your time.", "de": "Zwei Minuten Ihrer Zeit."},
        **fields,
    )
    if score is not None:
        Question.objects.create(
            survey=survey,
            position=1,
            key="score",
            type=score,
            required=True,
            text={"en": "How likely are you to recommend us?", "de": "Wie wahrscheinlich ...?"},
        )
    Question.objects.create(
        survey=survey, position=2, key="why", type=QuestionType.TEXT, text={"en": "Why?"}
    )
    return survey


def set_policy(**values: int) -> ContactPolicy:
    policy = ContactPolicy.current()
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def days_later(moment: datetime, days: int) -> datetime:
    return moment + timedelta(days=days)


def refresh(customer: Customer) -> Customer:
    customer.refresh_from_db()
    return customer
