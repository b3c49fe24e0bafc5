"""Surveys (customer NPS/CSAT/CES and the employee pulse), invitations, responses and the
contact policy that keeps anybody from being asked too often.

Texts a respondent reads are stored per language as JSON objects ({"en": "...", "de": "..."});
`Survey.languages` lists the languages offered, the first being the fallback.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from outward.core.models import TimeStampedModel, UUIDModel
from outward.surveys.choices import (
    Audience,
    Channel,
    QuestionType,
    SkipReason,
    SuppressionReason,
    SurveyKind,
    SurveyStatus,
    Trigger,
)


def new_secret() -> str:
    """128 bits from the OS's CSPRNG, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def default_languages() -> list[str]:
    return ["en"]


class ContactPolicy(TimeStampedModel):
    """The one row of rules for contacting people (pk = 1; `ContactPolicy.current()`)."""

    fatigue_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Nobody is invited more often than once in this many days, across all surveys.",
    )
    coverage_days = models.PositiveSmallIntegerField(
        default=365,
        help_text="Every active, consenting customer is invited to a relationship survey "
        "at least once in this many days.",
    )
    token_valid_days = models.PositiveSmallIntegerField(
        default=30, help_text="An invitation's link works for this many days."
    )
    coverage_started_on = models.DateField(
        null=True,
        blank=True,
        help_text="The first day the coverage scheduler ran: customers never invited before "
        "are spread over the cycle that starts here, not all invited at once.",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "contact policy"

    def __str__(self) -> str:
        return f"At most one invitation per {self.fatigue_days} days"

    @classmethod
    def current(cls) -> ContactPolicy:
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class Survey(UUIDModel):
    """A questionnaire sent to customers (relationship or transactional) or to employees."""

    name = models.CharField(max_length=200, help_text="Internal name, never shown to respondents.")
    kind = models.CharField(
        max_length=20, choices=SurveyKind.choices, default=SurveyKind.RELATIONSHIP
    )
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.CUSTOMERS)
    status = models.CharField(
        max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    touchpoint = models.ForeignKey(
        "customers.Touchpoint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
        help_text="Required for transactional surveys: the event they follow.",
    )
    languages = models.JSONField(default=default_languages)
    title = models.JSONField(default=dict, blank=True)
    intro = models.JSONField(default=dict, blank=True)
    thanks = models.JSONField(default=dict, blank=True)
    public_token = models.CharField(max_length=32, unique=True, default=new_secret)
    public_link_enabled = models.BooleanField(
        default=False, help_text="Anyone with the public link (or the website snippet) may answer."
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        default=5, help_text="One reminder this many days after the invitation; 0 sends none."
    )
    after_field_visit = models.BooleanField(
        default=False,
        help_text="Transactional: invite the customer after each field visit a technician "
        "records (through the contact rules).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=SurveyKind.TRANSACTIONAL) | Q(touchpoint__isnull=False),
                name="survey_transactional_has_touchpoint",
                violation_error_message="A transactional survey needs a touchpoint.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    @property
    def is_active(self) -> bool:
        return self.status == SurveyStatus.ACTIVE


class Question(TimeStampedModel):
    """One question. `show_if` makes it a follow-up: {"question": "nps", "min": 0, "max": 6}
    shows it only when the answer to the question keyed "nps" lies in [min, max]."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=50, help_text="Stable name of the answer, e.g. 'nps'.")
    type = models.CharField(max_length=10, choices=QuestionType.choices)
    required = models.BooleanField(default=False)
    text = models.JSONField(default=dict, help_text='Per language: {"en": "How likely ..."}.')
    help_text = models.JSONField(default=dict, blank=True)
    choices = models.JSONField(
        default=list,
        blank=True,
        help_text='For choice questions: [{"value": "speed", "label": {"en": "Speed"}}].',
    )
    scale_max = models.PositiveSmallIntegerField(
        default=5, help_text="For rating questions: answers run from 1 to this."
    )
    show_if = models.JSONField(null=True, blank=True)
    about_team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Internal-customer rating: the department whose service is rated.",
    )

    class Meta:
        ordering = ["survey", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.key}"


class Invitation(UUIDModel):
    """One person asked to answer one survey. The link carries a signed token made from
    `nonce` (128 random bits); it works once (`responded_at`) and until `expires_at`.

    For the employee pulse, the response is stored without a link back here (anonymity):
    `responded_at` only records that this person has answered.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    touchpoint = models.ForeignKey(
        "customers.Touchpoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event_ref = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="The event a transactional invitation follows (a delivery or case id).",
    )
    language = models.CharField(max_length=12, default="en")
    email = models.EmailField(blank=True)
    nonce = models.CharField(max_length=32, unique=True, default=new_secret)
    invited_at = models.DateTimeField(
        default=timezone.now,
        help_text="When we decided to invite: the moment the fatigue rule and the coverage "
        "guarantee count from (the e-mail follows within seconds, `sent_at`).",
    )
    event_at = models.DateTimeField(
        null=True, blank=True, help_text="When the event a transactional invitation follows was."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    bounced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(customer__isnull=True) ^ Q(employee__isnull=True),
                name="invitation_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["survey", "event_ref"],
                condition=~Q(event_ref=""),
                name="invitation_event_once",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "created_at"]),
            models.Index(fields=["employee", "created_at"]),
            models.Index(fields=["survey", "sent_at"]),
            models.Index(fields=["customer", "invited_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.customer or self.employee}"

    def is_expired(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_used(self) -> bool:
        return self.responded_at is not None


class SkippedInvitation(TimeStampedModel):
    """An invitation that was not sent, and why (fatigue rule, opt-out, no consent, ...)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="skips")
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_skips",
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_skips",
    )
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    reason = models.CharField(max_length=20, choices=SkipReason.choices)
    detail = models.CharField(max_length=300, blank=True)
    event_ref = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["customer", "created_at"])]

    def __str__(self) -> str:
        return f"{self.survey}: skipped {self.customer or self.employee} ({self.reason})"


class Suppression(TimeStampedModel):
    """An e-mail address we must not write to: the person opted out, or mail to it bounced."""

    email = models.EmailField()
    reason = models.CharField(max_length=10, choices=SuppressionReason.choices)
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suppressions",
    )
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "reason", name="suppression_email_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


class Response(UUIDModel):
    """The answers of one respondent, saved as they go (`completed_at` is null until sent).

    A customer's completed response becomes a FeedbackItem (`feedback`). An employee's pulse
    response keeps only the respondent's team, never who they are.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    invitation = models.OneToOneField(
        Invitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pulse_responses",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    language = models.CharField(max_length=12, default="en")
    answers = models.JSONField(default=dict, blank=True)
    submission_key = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text="Random key of an anonymous link's form, so a double submit stores one response.",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    feedback = models.OneToOneField(
        "feedback.FeedbackItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_response",
    )

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["survey", "completed_at"])]

    def __str__(self) -> str:
        state = "complete" if self.completed_at else "partial"
        return f"{self.survey}: {state} response"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class AnswerDay(models.Model):
    """Rollup: per survey, question, day and slice, how many completed responses gave each
    answer (the survey results page counts these rows, never the responses' JSON).

    `answer` is the stored value as text: a score ("9"), a choice's value, a multiple choice
    as its JSON list; "" for an open question (only how many answered is counted). The row
    with `question` "" counts the completed responses themselves. Segment and region are the
    customer's when they answered; touchpoint and product are the response's feedback item's
    (0 and "": none). Written with the response's completion (`surveys.rollups`).
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=50, blank=True)
    day = models.DateField()
    answer = models.CharField(max_length=500, blank=True)
    segment = models.CharField(max_length=50, blank=True, default="")
    region = models.CharField(max_length=50, blank=True, default="")
    touchpoint_id = models.BigIntegerField(default=0)
    product_id = models.CharField(max_length=36, blank=True, default="")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "survey",
                    "question",
                    "day",
                    "answer",
                    "segment",
                    "region",
                    "touchpoint_id",
                    "product_id",
                ],
                name="answer_day_key",
            )
        ]
        indexes = [models.Index(fields=["survey", "question", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.question}={self.answer!r}: {self.n}"
