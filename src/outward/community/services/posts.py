"""What members (and staff) write and do: posts, comments one level deep, votes on ideas
(one per member, withdrawable), follows, and accepting an answer.

A new member's first post waits for a moderator (spam protection with the honeypot and
the rate limits of the views); once a moderator approves one, their posts publish at once.
A published post or comment by a member is also their feedback (source forum), so the
engine themes it with everything else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from outward.accounts.models import User
from outward.community import search
from outward.community.choices import PostKind, Visibility
from outward.community.markup import render
from outward.community.models import Comment, Follow, Member, Post, Space, Vote
from outward.core.errors import Conflict, ValidationError
from outward.feedback.choices import Source
from outward.feedback.services import FeedbackDraft, record_feedback

MAX_TITLE = 200
MAX_BODY = 20_000


@dataclass(frozen=True)
class Author:
    """Who writes: a member, or a staff user (marked as staff on every post)."""

    member: Member | None = None
    staff: User | None = None

    def __post_init__(self) -> None:
        if (self.member is None) == (self.staff is None):
            raise ValueError("An author is a member or a staff user.")


def _text(value: str, field: str, limit: int) -> str:
    text = value.replace("\x00", "").strip()
    if not text:
        raise ValidationError(_("Write something."), field_errors={field: _("Required.")})
    if len(text) > limit:
        raise ValidationError(
            _("Too long."), field_errors={field: _("At most %(n)d characters.") % {"n": limit}}
        )
    return text


def _check_member(author: Author) -> None:
    if author.member is not None and author.member.banned_at is not None:
        raise Conflict(_("You can no longer post in the community."))


def _dated(item: Post | Comment, at: dt.datetime) -> None:
    """Written at `at` (an import or the demo writes history; the feedback item says so)."""
    if abs((item.created_at - at).total_seconds()) > 1:
        type(item).objects.filter(pk=item.pk).update(created_at=at)
        item.created_at = at


def _as_feedback(item: Post | Comment, text: str, tags: tuple[str, ...]) -> None:
    """A member's published words become their feedback, once."""
    if item.member is None or item.feedback_id is not None:
        return
    kind = "post" if isinstance(item, Post) else "comment"
    recorded = record_feedback(
        FeedbackDraft(
            source=Source.FORUM,
            text=text[:50_000],
            external_id=f"community-{kind}-{item.pk}",
            customer_id=item.member.customer_id,
            occurred_at=item.created_at,
            tags=("community", *tags),
        )
    )
    type(item).objects.filter(pk=item.pk).update(feedback=recorded.item)
    item.feedback = recorded.item


def publish_feedback(post: Post) -> None:
    _as_feedback(post, f"{post.title}\n\n{post.body}", (post.kind, post.space.slug))


def recount_spaces(space_ids: list[int] | None = None) -> None:
    """Count each space's listed posts (published, public, not merged away) again, so the
    forum index shows them without counting every post on each visit; every service that
    publishes, hides, merges or adds a post calls it (None: every space)."""
    listed = (
        Post.objects.filter(
            space=OuterRef("pk"),
            visibility=Visibility.PUBLISHED,
            private=False,
            merged_into__isnull=True,
        )
        .order_by()
        .values("space")
        .annotate(n=Count("pk"))
        .values("n")
    )
    spaces = Space.objects.all() if space_ids is None else Space.objects.filter(pk__in=space_ids)
    spaces.update(posts_count=Coalesce(Subquery(listed), 0))


def create_post(
    space: Space,
    author: Author,
    *,
    kind: str,
    title: str,
    body: str,
    private: bool = False,
    now: dt.datetime | None = None,
) -> Post:
    now = now or timezone.now()
    _check_member(author)
    if kind not in PostKind.values:
        raise ValidationError(
            _("Unknown kind."),
            field_errors={"kind": _("Idea, question, discussion or best practice.")},
        )
    title, body = _text(title, "title", MAX_TITLE), _text(body, "body", MAX_BODY)
    held = author.member is not None and not author.member.trusted
    with transaction.atomic():
        post = Post.objects.create(
            space=space,
            kind=kind,
            title=title,
            body=body,
            body_html=render(body),
            member=author.member,
            staff=author.staff,
            private=private,
            visibility=Visibility.HELD if held else Visibility.PUBLISHED,
            last_activity_at=now,
        )
        _dated(post, now)
        search.index_post(post)
        recount_spaces([space.pk])
        if author.member is not None:
            Follow.objects.get_or_create(post=post, member=author.member)
            if not held:
                publish_feedback(post)
    return post


def add_comment(
    post: Post,
    author: Author,
    body: str,
    *,
    parent: Comment | None = None,
    official: bool = False,
    now: dt.datetime | None = None,
) -> Comment:
    """A comment on `post`, or a reply to one of its top-level comments (one level)."""
    now = now or timezone.now()
    _check_member(author)
    if post.locked:
        raise Conflict(_("The post is locked: no more comments."))
    if post.merged_into_id is not None:
        raise Conflict(_("The post was merged into another; comment there."))
    if parent is not None and (parent.post_id != post.pk or parent.parent_id is not None):
        raise ValidationError(
            _("Reply to a comment of this post."),
            field_errors={"parent": _("Not a top-level comment of this post.")},
        )
    if official and author.staff is None:
        raise ValidationError(
            _("Only staff answer officially."), field_errors={"official": _("Staff only.")}
        )
    body = _text(body, "body", MAX_BODY)
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            parent=parent,
            body=body,
            body_html=render(body),
            member=author.member,
            staff=author.staff,
            official=official,
        )
        _dated(comment, now)
        search.index_post(post)
        Post.objects.filter(pk=post.pk).update(
            comments_count=F("comments_count") + 1, last_activity_at=now
        )
        if author.member is not None:
            Follow.objects.get_or_create(post=post, member=author.member)
            _as_feedback(comment, body, ("comment", post.kind, post.space.slug))
        mentioned = mentions(post, body, author)
        if mentioned:
            from outward.community.tasks import send_mentions_task

            ids = [m.pk for m in mentioned]
            transaction.on_commit(lambda: send_mentions_task.enqueue(comment.pk, ids))
    return comment


MAX_MENTIONS = 5


def mentions(post: Post, body: str, author: Author) -> list[Member]:
    """The members of this thread (the post's author and commenters) that `body` names as
    @Display Name, the writer excepted; at most MAX_MENTIONS."""
    lowered = body.lower()
    members = {post.member_id, *post.comments.values_list("member_id", flat=True)}
    found = [
        m
        for m in Member.objects.filter(pk__in=[pk for pk in members if pk], banned_at=None)
        if f"@{m.display_name.lower()}" in lowered
        and (author.member is None or m.pk != author.member.pk)
    ]
    return sorted(found, key=lambda m: m.pk)[:MAX_MENTIONS]


def _votable(post: Post) -> None:
    if post.kind != PostKind.IDEA:
        raise Conflict(_("Only ideas take votes."))
    if post.merged_into_id is not None:
        raise Conflict(_("The idea was merged into another; vote there."))


def vote(post: Post, member: Member) -> bool:
    """Vote for an idea; False when the member had voted already (a double click)."""
    _votable(post)
    _check_member(Author(member=member))
    try:
        with transaction.atomic():
            Vote.objects.create(post=post, member=member)
            Post.objects.filter(pk=post.pk).update(votes_count=F("votes_count") + 1)
            Follow.objects.get_or_create(post=post, member=member)
    except IntegrityError:
        return False
    return True


def unvote(post: Post, member: Member) -> bool:
    """Withdraw a vote; False when there was none."""
    with transaction.atomic():
        deleted, _ = Vote.objects.filter(post=post, member=member).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(votes_count=F("votes_count") - 1)
    return bool(deleted)


def follow(post: Post, member: Member, on: bool = True) -> None:
    if on:
        Follow.objects.get_or_create(post=post, member=member)
    else:
        Follow.objects.filter(post=post, member=member).delete()


def accept_answer(post: Post, comment: Comment, author: Author) -> Post:
    """The question's author (or staff) marks the comment that answered it."""
    if post.kind != PostKind.QUESTION:
        raise Conflict(_("Only questions have an accepted answer."))
    if comment.post_id != post.pk:
        raise ValidationError(
            _("Not a comment of this question."),
            field_errors={"comment": _("Pick a comment of this question.")},
        )
    if author.staff is None and (author.member is None or author.member.pk != post.member_id):
        raise Conflict(_("Only the question's author or staff accept an answer."))
    post.accepted = comment
    post.save(update_fields=["accepted", "updated_at"])
    return post
