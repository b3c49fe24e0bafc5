from django.db import models


class Source(models.TextChoices):
    SURVEY = "survey", "Survey"
    FORUM = "forum", "Forum"
    TICKET = "ticket", "Ticket"
    EMAIL = "email", "E-mail"
    FIELD_OBSERVATION = "field_observation", "Field observation"
    CHECK_IN = "check_in", "Check-in"
    INTERVIEW = "interview", "Interview or workshop"
    REVIEW = "review", "Review"
    SOCIAL = "social", "Social media"
    IMPORT = "import", "Import"
    API = "api", "API"


SCORE_RANGES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
# What one item may hold, for every way in (the API, imports, surveys).
MAX_TEXT_CHARS = 50_000
MAX_TAGS = 20
MAX_TAG_CHARS = 200


class RootCause(models.TextChoices):
    """The analytics core's root-cause categories (`outward.analytics.rootcause.RootCause`)."""

    PRODUCT_DEFECT = "product_defect", "Product defect"
    EXPECTATION_GAP = "expectation_gap", "Expectation gap"
    UNCLEAR_DIRECTIONS = "unclear_directions", "Unclear directions"
    PROCESS_FAILURE = "process_failure", "Process failure"
    PEOPLE_ATTITUDE = "people_attitude", "People and attitude"
    PRICE_BILLING = "price_billing", "Price and billing"
    PRAISE = "praise", "Praise"
    OTHER = "other", "Other"


# VADER's cut-offs, as `outward.analytics.sentiment.sentiment_labels` uses them.
SENTIMENT_NEUTRAL_BAND = 0.05
