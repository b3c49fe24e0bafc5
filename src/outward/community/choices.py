from django.db import models


class PostKind(models.TextChoices):
    IDEA = "idea", "Idea"
    QUESTION = "question", "Question"
    DISCUSSION = "discussion", "Discussion"
    BEST_PRACTICE = "practice", "Best practice"


class IdeaStatus(models.TextChoices):
    NEW = "", "New"
    UNDER_REVIEW = "review", "Under review"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "progress", "In progress"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class Visibility(models.TextChoices):
    """Whether a post or comment shows: held ones wait for a moderator (a new member's first
    post), hidden ones were taken down."""

    PUBLISHED = "published", "Published"
    HELD = "held", "Held for review"
    HIDDEN = "hidden", "Hidden"
