"""The people of the company: users with roles, teams, the skills inventory, API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from outward.accounts.choices import TokenScope
from outward.core.models import TimeStampedModel
from outward.core.roles import Role


class Team(TimeStampedModel):
    """A team of employees (a support desk, a field crew, a department)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.CharField(
        max_length=50, blank=True, help_text="The customers' region it serves, if one."
    )
    auto_assign = models.BooleanField(
        default=False, help_text="New cases for this team go to its best qualified member."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An employee who signs in; what they may do follows from their role."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENT)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    job_title = models.CharField(max_length=100, blank=True)
    away_until = models.DateField(
        null=True, blank=True, help_text="Absent up to and including this day (no new work)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique_ci",
                violation_error_message="A user with this e-mail address already exists.",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Skill(TimeStampedModel):
    """A skill in the inventory (a product, a language, a kind of repair)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserSkill(TimeStampedModel):
    """How well one employee masters one skill, 1 (novice) to 5 (expert)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="holders")
    level = models.PositiveSmallIntegerField()
    verified_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["user", "skill"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="userskill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="userskill_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.skill} {self.level}/5"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class ApiToken(TimeStampedModel):
    """A token for an integration. Only the SHA-256 of the secret is stored.

    The secret has 256 random bits, so a fast hash is enough: nobody can guess a preimage.
    `prefix` (the first characters of the token) lets people tell their tokens apart.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class Organisation(TimeStampedModel):
    """The company that asks: its name in every e-mail to customers and employees, and the
    sender those e-mails come from. One row (the first); until it is saved, the name comes
    from OUTWARD_ORGANISATION_NAME."""

    name = models.CharField(max_length=100)
    sender_name = models.CharField(
        max_length=100, blank=True, help_text="Shown as the sender; the name if empty."
    )
    sender_address = models.EmailField(
        blank=True, help_text="The address e-mails come from; the server's default if empty."
    )
    reply_to = models.EmailField(blank=True, help_text="Where replies go, if not the sender.")

    def __str__(self) -> str:
        return self.name
