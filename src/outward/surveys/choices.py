from django.db import models

from outward.feedback.choices import SCORE_RANGES


class SurveyKind(models.TextChoices):
    RELATIONSHIP = "relationship", "Relationship (how is our relationship overall)"
    TRANSACTIONAL = "transactional", "Transactional (after an event at a touchpoint)"


class Audience(models.TextChoices):
    CUSTOMERS = "customers", "Customers"
    EMPLOYEES = "employees", "Employees (pulse, anonymous)"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class QuestionType(models.TextChoices):
    NPS = "nps", "NPS (0-10)"
    CSAT = "csat", "CSAT (1-5)"
    CES = "ces", "CES (1-7)"
    RATING = "rating", "Rating"
    SINGLE_CHOICE = "single", "Single choice"
    MULTIPLE_CHOICE = "multiple", "Multiple choice"
    TEXT = "text", "Open text"


# The scale of each scored question type; a rating question carries its own `scale_max`.
QUESTION_SCALES: dict[str, tuple[int, int]] = {
    QuestionType.NPS: SCORE_RANGES["nps"],
    QuestionType.CSAT: SCORE_RANGES["csat"],
    QuestionType.CES: SCORE_RANGES["ces"],
}


class Trigger(models.TextChoices):
    COVERAGE = "coverage", "Annual coverage scheduler"
    MANUAL = "manual", "Sent by a manager"
    EVENT = "event", "After an event (transactional)"
    PULSE = "pulse", "Employee pulse round"
    INITIATIVE = "initiative", "Improvement initiative (design or re-survey)"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail invitation"
    LINK = "link", "Public link"
    EMBED = "embed", "Website snippet"


class SkipReason(models.TextChoices):
    FATIGUE = "fatigue", "Invited too recently (fatigue rule)"
    OPTED_OUT = "opted_out", "Opted out"
    NO_CONSENT = "no_consent", "No contact consent"
    NO_EMAIL = "no_email", "No e-mail address"
    BOUNCED = "bounced", "E-mail address bounced"
    INACTIVE = "inactive", "Customer not active"
    DUPLICATE_EVENT = "duplicate_event", "Event already surveyed"
    SURVEY_NOT_ACTIVE = "survey_not_active", "Survey not active"


class SuppressionReason(models.TextChoices):
    OPT_OUT = "opt_out", "Opted out"
    BOUNCE = "bounce", "Hard bounce"
