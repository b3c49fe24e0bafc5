"""What staff do: move an idea's status (and owe each voter and follower one e-mail about
it), merge duplicates, link an idea to an issue and an initiative, and moderate."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from outward.accounts.models import User
from outward.community import search
from outward.community.choices import IdeaStatus, PostKind, Visibility
from outward.community.models import (
    Comment,
    Follow,
    Member,
    Notification,
    Post,
    Report,
    Space,
    StatusChange,
    Vote,
)
from outward.community.services.posts import publish_feedback, recount_spaces
from outward.core.errors import Conflict, ValidationError
from outward.initiatives.models import Initiative
from outward.insights.models import Theme


def _locked(post: Post) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("space").get(pk=post.pk)


def set_status(
    post: Post, status: str, message: str, by: User, now: dt.datetime | None = None
) -> StatusChange:
    """Move an idea to `status`; every voter, follower and the author is owed one e-mail
    (sent by a task once this commits)."""
    now = now or timezone.now()
    if status not in IdeaStatus.values or status == IdeaStatus.NEW:
        raise ValidationError("Unknown status.", field_errors={"status": "Pick a status."})
    with transaction.atomic():
        locked = _locked(post)
        if locked.kind != PostKind.IDEA:
            raise Conflict("Only ideas have a status.")
        if locked.status == status and locked.status_message == message.strip():
            raise Conflict("The idea has that status already.")
        locked.status, locked.status_message = status, message.strip()[:5000]
        locked.last_activity_at = now
        locked.save(update_fields=["status", "status_message", "last_activity_at", "updated_at"])
        change = StatusChange.objects.create(
            post=locked, status=status, message=locked.status_message, by=by, at=now
        )
        owed = set(Vote.objects.filter(post=locked).values_list("member_id", flat=True))
        owed |= set(Follow.objects.filter(post=locked).values_list("member_id", flat=True))
        if locked.member_id:
            owed.add(locked.member_id)
        live = Member.objects.filter(pk__in=owed, banned_at__isnull=True).values_list(
            "pk", flat=True
        )
        Notification.objects.bulk_create(
            [Notification(change=change, member_id=pk) for pk in live], ignore_conflicts=True
        )
        from outward.community.tasks import send_status_notifications_task

        transaction.on_commit(lambda: send_status_notifications_task.enqueue(change.pk))
    return change


def merge(duplicate: Post, original: Post, by: User) -> Post:
    """Fold a duplicate idea into the original: its votes and followers move over (a member
    who voted for both counts once), and its address sends people to the original."""
    if duplicate.pk == original.pk:
        raise ValidationError("Pick another post.", field_errors={"original": "Not itself."})
    with transaction.atomic():
        dup, into = _locked(duplicate), _locked(original)
        if dup.merged_into_id is not None:
            raise Conflict("That post was merged already.")
        if into.merged_into_id is not None:
            raise ValidationError("Merge into the surviving post.", field_errors={"original": "?"})
        if dup.kind != into.kind:
            raise ValidationError("Merge posts of one kind.", field_errors={"original": "Kind."})
        voters = set(Vote.objects.filter(post=into).values_list("member_id", flat=True))
        Vote.objects.filter(post=dup, member_id__in=voters).delete()
        Vote.objects.filter(post=dup).update(post=into)
        followers = set(Follow.objects.filter(post=into).values_list("member_id", flat=True))
        Follow.objects.filter(post=dup, member_id__in=followers).delete()
        Follow.objects.filter(post=dup).update(post=into)
        counts = Vote.objects.filter(post=into).aggregate(n=Count("pk"))
        Post.objects.filter(pk=into.pk).update(votes_count=counts["n"])
        Post.objects.filter(pk=dup.pk).update(merged_into=into, votes_count=0, locked=True)
        recount_spaces([dup.space_id, into.space_id])
    into.refresh_from_db()
    return into


def link(post: Post, *, theme: Theme | None, initiative: Initiative | None) -> Post:
    """Tie an idea to the issue it is about and the initiative that answers it."""
    post.theme, post.initiative = theme, initiative
    post.save(update_fields=["theme", "initiative", "updated_at"])
    return post


def moderate(post: Post, action: str, by: User) -> Post:
    """approve (a held post; its author is trusted from then on), hide, show, lock, unlock,
    pin, unpin."""
    with transaction.atomic():
        locked = _locked(post)
        if action == "approve":
            if locked.visibility != Visibility.HELD:
                raise Conflict("The post is not waiting for review.")
            locked.visibility = Visibility.PUBLISHED
            if locked.member_id:
                Member.objects.filter(pk=locked.member_id).update(trusted=True)
        elif action in {"hide", "show"}:
            locked.visibility = Visibility.HIDDEN if action == "hide" else Visibility.PUBLISHED
        elif action in {"lock", "unlock"}:
            locked.locked = action == "lock"
        elif action in {"pin", "unpin"}:
            locked.pinned = action == "pin"
        else:
            raise ValidationError("Unknown action.", field_errors={"action": action[:40]})
        locked.save(update_fields=["visibility", "locked", "pinned", "updated_at"])
        if locked.visibility == Visibility.PUBLISHED:
            publish_feedback(locked)
        recount_spaces([locked.space_id])
        if action in {"hide", "show", "approve"}:  # a moderator looked at it
            Report.objects.filter(post=locked, comment=None, resolved_at__isnull=True).update(
                resolved_at=timezone.now()
            )
    return locked


def hide_comment(comment: Comment, hidden: bool = True) -> Comment:
    comment.visibility = Visibility.HIDDEN if hidden else Visibility.PUBLISHED
    comment.save(update_fields=["visibility", "updated_at"])
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    return comment


def ban(member: Member, reason: str, by: User) -> Member:
    """Stop a member posting, voting and signing in; their posts are hidden."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why.", field_errors={"reason": "Required."})
    with transaction.atomic():
        member.banned_at, member.banned_because = timezone.now(), reason[:300]
        member.save(update_fields=["banned_at", "banned_because", "updated_at"])
        posts = Post.objects.filter(member=member)
        spaces = list(posts.values_list("space_id", flat=True).distinct())
        posts.update(visibility=Visibility.HIDDEN)
        recount_spaces(spaces)
    return member


def report(post: Post, member: Member | None, reason: str, comment: Comment | None = None) -> bool:
    """Flag a post or comment for moderators; False when this member flagged it already."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say what is wrong.", field_errors={"reason": "Required."})
    _, made = Report.objects.get_or_create(
        post=post,
        comment=comment,
        member=member,
        resolved_at=None,
        defaults={"reason": reason[:300]},
    )
    return made


def save_space(
    space: Space | None,
    *,
    slug: str,
    name: str,
    description: str = "",
    position: int = 0,
    template: str = "",
) -> Space:
    """Create a space, or change one (its address keeps working under the new slug)."""
    errors: dict[str, str] = {}
    slug, name = slug.strip().lower(), " ".join(name.split())
    if not slug or not all(c.isalnum() or c == "-" for c in slug) or len(slug) > 60:
        errors["slug"] = "Letters, digits and hyphens (at most 60)."
    elif Space.objects.filter(slug=slug).exclude(pk=space.pk if space else 0).exists():
        errors["slug"] = "Another space has this address."
    if not name or len(name) > 100:
        errors["name"] = "1 to 100 characters."
    if errors:
        raise ValidationError("The space is not valid.", field_errors=errors)
    found = space or Space()
    found.slug, found.name = slug, name
    found.description, found.position = description.strip()[:300], position
    found.template = template.strip()[:5000]
    found.save()
    return found


def forget_community() -> None:
    """Delete every post, member and space (the demo's reset)."""
    search.forget()
    Post.objects.update(accepted=None, merged_into=None)
    Post.objects.all().delete()
    Member.objects.all().delete()
    Space.objects.all().delete()
