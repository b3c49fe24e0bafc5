"""Spaces, members, posts, comments, votes and follows; the status changes of ideas and the
notifications they owe each voter; reports for moderators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from outward.community.choices import IdeaStatus, PostKind, Visibility
from outward.core.models import TimeStampedModel


class Space(TimeStampedModel):
    """A category of the forum (a product line, a topic) with the post kinds it takes."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    template = models.TextField(blank=True, help_text="Text a new post in this space starts with.")
    posts_count = models.PositiveIntegerField(
        default=0, help_text="Published, public posts not merged away (kept by the services)."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Member(TimeStampedModel):
    """A customer who joined the community (signed in by an e-mail link)."""

    customer = models.OneToOneField(
        "customers.Customer", on_delete=models.CASCADE, related_name="community_member"
    )
    display_name = models.CharField(max_length=60)
    trusted = models.BooleanField(
        default=False, help_text="Posts without review (set when a moderator approves one)."
    )
    banned_at = models.DateTimeField(null=True, blank=True)
    banned_because = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.display_name


class SignInLink(models.Model):
    """A single-use e-mailed sign-in link; only the token's hash is stored."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sign-in link of member {self.member_id}"


class Authored(TimeStampedModel):
    """What posts and comments share: a member or a staff author, Markdown and its safe
    HTML, visibility, and the FeedbackItem that carries it to analysis."""

    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    body_html = models.TextField()
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    feedback = models.OneToOneField(
        "feedback.FeedbackItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def author_name(self) -> str:
        if self.staff is not None:
            return self.staff.get_full_name() or self.staff.username
        return self.member.display_name if self.member else "A former member"


class Post(Authored):
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="posts")
    kind = models.CharField(max_length=10, choices=PostKind.choices)
    title = models.CharField(max_length=200)
    private = models.BooleanField(default=False, help_text="Only the author and staff see it.")
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=IdeaStatus.choices, blank=True, default="")
    status_message = models.TextField(blank=True)
    # No index: nothing looks posts up by it, and SQLite would read the listings through it
    # (merged_into IS NULL holds for nearly every post) instead of through their order.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        db_index=False,
    )
    accepted = models.ForeignKey(
        "community.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    theme = models.ForeignKey(
        "insights.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    votes_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-pinned", "-last_activity_at", "-id"]
        indexes = [
            # a space's list in its order (SORTS["active"]), read until the page is full
            models.Index(
                fields=["space", "-pinned", "-last_activity_at", "-id"], name="community_post_space"
            ),
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["-votes_count"]),
            models.Index(fields=["-last_activity_at", "-id"], name="community_post_recent"),
        ]

    def __str__(self) -> str:
        return self.title


class Comment(Authored):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    official = models.BooleanField(default=False, help_text="An official answer from staff.")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.post}"


class Attachment(models.Model):
    """A file on a post: a photo (re-encoded, metadata stripped) or a PDF, kept in the
    database so every web process serves it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Vote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="one_vote")]

    def __str__(self) -> str:
        return f"Vote of member {self.member_id} for post {self.post_id}"


class Follow(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="follows")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="one_follow")]

    def __str__(self) -> str:
        return f"Member {self.member_id} follows post {self.post_id}"


class StatusChange(models.Model):
    """An idea's status moved: the voters and followers each get one e-mail about it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=10, choices=IdeaStatus.choices)
    message = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Post {self.post_id} {self.get_status_display().lower()}"


class Notification(models.Model):
    change = models.ForeignKey(StatusChange, on_delete=models.CASCADE, related_name="notifications")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["change", "member"], name="one_notification")
        ]
        indexes = [models.Index(fields=["sent_at"])]

    def __str__(self) -> str:
        return f"Notification of change {self.change_id} to member {self.member_id}"


class Report(models.Model):
    """Someone flagged a post or a comment for moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    member = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["resolved_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "comment", "member"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_report",
            )
        ]

    def __str__(self) -> str:
        return f"Report on post {self.post_id}: {self.reason[:40]}"
