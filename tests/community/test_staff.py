"""Staff close the loop: a status change e-mails each voter and follower once; merging a
duplicate keeps the vote count exact and its address leads to the original; moderation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.accounts.models import User
from outward.community.choices import Visibility
from outward.community.models import Follow, Notification, Post, Space, Vote
from outward.community.services.posts import Author, create_post, vote
from outward.community.services.staff import ban, merge, moderate, report, set_status
from outward.core.errors import Conflict
from outward.core.roles import Role
from tests.community.fixtures import idea, member, space
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_status_change_reaches_each_voter_and_follower_once(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    author = member(email="author@example.org")
    post = idea(author)
    voters = [member(email=f"voter{n}@example.org") for n in range(3)]
    for voter in voters:
        vote(post, voter)  # voting follows too: each is owed one e-mail, not two
    follower = member(email="follower@example.org")
    Follow.objects.create(post=post, member=follower)
    manager = UserFactory.create(role=Role.MANAGER)

    with django_capture_on_commit_callbacks(execute=True):
        change = set_status(post, "planned", "Coming in the spring update.", manager)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["author@example.org", "follower@example.org"] + [f"voter{n}@example.org" for n in range(3)]
    )
    assert all("is now planned" in m.subject for m in mail.outbox)
    assert "Coming in the spring update." in mail.outbox[0].body
    assert Notification.objects.filter(change=change, sent_at__isnull=True).count() == 0
    with pytest.raises(Conflict):
        set_status(post, "planned", "Coming in the spring update.", manager)  # nothing new


def test_merging_a_duplicate_keeps_the_votes_exact() -> None:
    original, duplicate = idea(title="Descaling reminder"), idea(title="Remind me to descale")
    both, only_dup, only_orig = member(), member(), member()
    for voter in (both, only_orig):
        vote(original, voter)
    for voter in (both, only_dup):
        vote(duplicate, voter)

    into = merge(duplicate, original, UserFactory.create(role=Role.MANAGER))

    assert into.votes_count == 3
    assert Vote.objects.filter(post=original).count() == 3
    assert Post.objects.get(pk=duplicate.pk).merged_into == original
    assert Client().get(reverse("community:post", args=[duplicate.pk]))["Location"] == reverse(
        "community:post", args=[original.pk]
    )


def test_a_banned_member_cannot_vote_and_their_posts_hide() -> None:
    troll = member()
    post = idea(troll)
    ban(troll, "Spam links", UserFactory.create(role=Role.MANAGER))

    with pytest.raises(Conflict):
        vote(idea(), troll)
    assert Post.objects.get(pk=post.pk).visibility == Visibility.HIDDEN


def test_each_space_counts_its_listed_posts_through_every_change() -> None:
    manager = UserFactory.create(role=Role.MANAGER)
    troll, newcomer = member(), member(trusted=False)
    original, duplicate, trolling = idea(), idea(), idea(troll)
    held = idea(newcomer)
    create_post(space(), Author(member=member()), kind="idea", title="Mine", body="x", private=True)

    def listed() -> int:
        return Space.objects.get(pk=space().pk).posts_count

    assert listed() == 3  # the held and the private post are not listed
    moderate(held, "approve", manager)
    assert listed() == 4
    merge(duplicate, original, manager)
    assert listed() == 3
    ban(troll, "Spam links", manager)
    assert listed() == 2
    moderate(trolling, "show", manager)
    assert listed() == 3
    assert Client().get(reverse("community:index")).context["spaces"][0].posts_count == 3


def test_a_report_is_counted_once_per_member() -> None:
    post, someone = idea(), member()

    assert report(post, someone, "Advertising")
    assert not report(post, someone, "Advertising")


def test_staff_set_a_status_from_the_post_page(
    client: Client,
    login: Callable[[str], User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    post = idea()
    vote(post, member(email="fan@example.org"))
    login(Role.AGENT)

    page = client.get(reverse("community:post", args=[post.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("community:set_status", args=[post.pk]),
            {"status": "progress", "message": "Being built."},
        )

    assert "Set status and tell voters" in page.content.decode()
    assert done.status_code == 302
    assert Post.objects.get(pk=post.pk).status == "progress"
    assert "fan@example.org" in [m.to[0] for m in mail.outbox]


def test_the_staff_queue_lists_held_posts_and_reports(
    client: Client, login: Callable[[str], User]
) -> None:
    held = idea(member(trusted=False), title="Held for review")
    report(idea(title="Reported one"), member(), "Rude")
    login(Role.MANAGER)

    page = client.get(reverse("community:queue")).content.decode()

    assert held.title in page
    assert "Reported one" in page


def test_staff_set_up_spaces_and_a_clash_names_the_field(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.MANAGER)

    made = client.post(
        reverse("community:save_space"),
        {
            "name": "Coffee machines",
            "slug": "coffee",
            "position": 1,
            "template": "Which model do you have?",
        },
    )
    clash = client.post(
        reverse("community:save_space"), {"name": "Coffee again", "slug": "coffee", "position": 2}
    )
    listed = client.get(reverse("community:spaces")).content.decode()

    assert made.status_code == 302
    assert clash.status_code == 400
    assert "Another space has this address." in clash.content.decode()
    assert "/community/s/coffee/" in listed
