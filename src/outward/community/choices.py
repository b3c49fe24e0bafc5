from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    IDEA = "idea", _("Idea")
    QUESTION = "question", _("Question")
    DISCUSSION = "discussion", _("Discussion")
    BEST_PRACTICE = "practice", _("Best practice")


class IdeaStatus(models.TextChoices):
    NEW = "", _("New")
    UNDER_REVIEW = "review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class Visibility(models.TextChoices):
    """Whether a post or comment shows: held ones wait for a moderator (a new member's first
    post), hidden ones were taken down."""

    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden")
