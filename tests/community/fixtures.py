"""A small community: a space, members (trusted unless asked), and an idea."""

from __future__ import annotations

from outward.community.models import Member, Post, Space
from outward.community.services.members import member_for
from outward.community.services.posts import Author, create_post
from tests.factories import CustomerFactory


def space(slug: str = "coffee") -> Space:
    return Space.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]


def member(*, trusted: bool = True, **customer: object) -> Member:
    found = member_for(CustomerFactory.create(**customer))
    found.trusted = trusted
    found.save(update_fields=["trusted"])
    return found


def idea(by: Member | None = None, title: str = "A descaling reminder in the app") -> Post:
    return create_post(
        space(),
        Author(member=by or member()),
        kind="idea",
        title=title,
        body="Remind me when the machine needs descaling.",
    )
