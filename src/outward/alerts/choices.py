from django.db import models


class AlertKind(models.TextChoices):
    DETRACTOR = "detractor", "New detractor"
    URGENT_OBSERVATION = "urgent_observation", "Urgent field observation"
    EMERGING_ISSUE = "emerging_issue", "Emerging issue"
    RECALL_FLAG = "recall_flag", "Recall review opened"
    THEME_VOLUME = "theme_volume", "Theme above a volume"
    THEME_SENTIMENT = "theme_sentiment", "Theme below a sentiment"
    COMPETITOR_SWITCH = "competitor_switch", "Switching talk from a high-value customer"


THRESHOLD_KINDS = frozenset({AlertKind.THEME_VOLUME, AlertKind.THEME_SENTIMENT})
"""Kinds whose events belong to one rule (its own threshold), found by the periodic check."""

ITEM_KINDS = frozenset(
    {AlertKind.DETRACTOR, AlertKind.URGENT_OBSERVATION, AlertKind.COMPETITOR_SWITCH}
)
"""Kinds found on one feedback item as its analysis is stored."""


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", "At once"
    DIGEST = "digest", "Daily digest"
    NONE = "none", "No e-mail"


class WebhookFormat(models.TextChoices):
    SLACK = "slack", "Slack incoming webhook"
    TEAMS = "teams", "Microsoft Teams (Workflows / incoming webhook)"
    JSON = "json", "Plain JSON"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENDING = "sending", "Sending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Gave up"
    SKIPPED = "skipped", "Skipped (endpoint disabled)"
