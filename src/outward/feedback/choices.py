from django.db import models


class Source(models.TextChoices):
    SURVEY = "survey", "Survey"
    FORUM = "forum", "Forum"
    TICKET = "ticket", "Ticket"
    EMAIL = "email", "E-mail"
    FIELD_OBSERVATION = "field_observation", "Field observation"
    CHECK_IN = "check_in", "Check-in"
    REVIEW = "review", "Review"
    SOCIAL = "social", "Social media"
    IMPORT = "import", "Import"
    API = "api", "API"


SCORE_RANGES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
