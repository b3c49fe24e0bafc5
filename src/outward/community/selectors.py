"""Reads for the community pages: what a visitor, a member or staff may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from outward.community import search
from outward.community.choices import IdeaStatus, PostKind, Visibility
from outward.community.models import Comment, Member, Post, Report, Space, Vote

SORTS = {
    "active": ["-pinned", "-last_activity_at", "-id"],
    "top": ["-votes_count", "-id"],
    "new": ["-created_at", "-id"],
    "recent": ["-last_activity_at", "-id"],  # the index's latest, pinned or not
}
ROADMAP_DONE_DAYS = 90
UNANSWERED_DAYS = 7


def visible_posts(member: Member | None, staff: bool) -> QuerySet[Post]:
    """Posts this viewer may open: staff see everything; others the published ones, private
    ones only their own, and their own held ones."""
    posts = Post.objects.select_related("space", "member", "staff")
    if staff:
        return posts
    shown = Q(visibility=Visibility.PUBLISHED, private=False)
    if member is not None:
        shown |= Q(member=member) & ~Q(visibility=Visibility.HIDDEN)
    return posts.filter(shown)


def listing(
    space: Space | None,
    member: Member | None,
    staff: bool,
    *,
    kind: str = "",
    status: str | None = None,
    sort: str = "active",
) -> QuerySet[Post]:
    posts = visible_posts(member, staff).filter(merged_into__isnull=True)
    if space is not None:
        posts = posts.filter(space=space)
    if kind in PostKind.values:
        posts = posts.filter(kind=kind)
    if status is not None and status in IdeaStatus.values:
        posts = posts.filter(status=status)
    if member is not None:
        posts = posts.annotate(
            voted=Exists(Vote.objects.filter(post=OuterRef("pk"), member=member))
        )
    return posts.order_by(*SORTS.get(sort, SORTS["active"]))


def comments(post: Post, member: Member | None, staff: bool) -> list[Comment]:
    found = post.comments.select_related("member", "staff")
    if not staff:
        found = found.filter(visibility=Visibility.PUBLISHED)
    return list(found)


@dataclass(frozen=True)
class Thread:
    comment: Comment
    replies: list[Comment]


def threads(found: list[Comment]) -> list[Thread]:
    """Top-level comments with their replies (one level), official answers first."""
    replies: dict[int, list[Comment]] = {}
    for c in found:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    top = [c for c in found if c.parent_id is None]
    top.sort(key=lambda c: (not c.official, c.created_at))
    return [Thread(c, replies.get(c.pk, [])) for c in top]


@dataclass(frozen=True)
class Column:
    status: str
    label: str
    ideas: list[Post]


ROADMAP_COLUMNS = (
    IdeaStatus.UNDER_REVIEW,
    IdeaStatus.PLANNED,
    IdeaStatus.IN_PROGRESS,
    IdeaStatus.DONE,
)


def roadmap(now: dt.datetime | None = None) -> list[Column]:
    """Ideas by status, the most wanted first; done ones only for ROADMAP_DONE_DAYS after
    their last change."""
    now = now or timezone.now()
    ideas = (
        Post.objects.filter(
            kind=PostKind.IDEA,
            visibility=Visibility.PUBLISHED,
            private=False,
            merged_into__isnull=True,
            status__in=ROADMAP_COLUMNS,
        )
        .exclude(
            status=IdeaStatus.DONE, last_activity_at__lt=now - dt.timedelta(days=ROADMAP_DONE_DAYS)
        )
        .order_by("-votes_count", "-id")
    )
    by_status: dict[str, list[Post]] = {status: [] for status in ROADMAP_COLUMNS}
    for idea in ideas:
        by_status[idea.status].append(idea)
    return [Column(s, str(IdeaStatus(s).label), by_status[s]) for s in ROADMAP_COLUMNS]


def held_posts() -> QuerySet[Post]:
    return Post.objects.filter(visibility=Visibility.HELD).select_related("member", "space")


def open_reports() -> QuerySet[Report]:
    return Report.objects.filter(resolved_at__isnull=True).select_related(
        "post", "comment", "member"
    )


def unanswered_ideas(days: int = UNANSWERED_DAYS) -> QuerySet[Post]:
    """Published ideas and questions older than `days` with no staff comment and no status."""
    staff_said = Comment.objects.filter(post=OuterRef("pk"), staff__isnull=False)
    return (
        Post.objects.filter(
            kind__in=[PostKind.IDEA, PostKind.QUESTION],
            visibility=Visibility.PUBLISHED,
            merged_into__isnull=True,
            status="",
            created_at__lt=timezone.now() - dt.timedelta(days=days),
        )
        .exclude(Exists(staff_said))
        .select_related("space", "member")
        .order_by("-votes_count", "created_at")
    )


@dataclass(frozen=True)
class Voter:
    segment: str
    votes: int
    annual_value: float


def voters_by_segment(post: Post) -> list[Voter]:
    """Who voted, by segment, with their annual value: a popular idea among valuable
    customers stands out (staff only)."""
    rows = (
        Vote.objects.filter(post=post)
        .values("member__customer__segment")
        .order_by()
        .annotate(n=Count("pk"), value=Sum("member__customer__annual_value"))
    )
    found = [
        Voter(r["member__customer__segment"] or "(none)", r["n"], float(r["value"] or 0))
        for r in rows
    ]
    return sorted(found, key=lambda v: -v.annual_value)


def search_posts(text: str, member: Member | None, staff: bool, limit: int = 30) -> list[Post]:
    """Posts matching `text` that this viewer may open, the best match first."""
    ids = search.ranked_ids(text, limit=limit * 3)
    if not ids:
        return []
    found = visible_posts(member, staff).filter(pk__in=ids, merged_into__isnull=True)
    by_id = {post.pk: post for post in found}
    return [by_id[pk] for pk in ids if pk in by_id][:limit]
