"""Posting, commenting and voting: a new member's first post waits for a moderator; what
members publish is their feedback; one vote per member; private posts stay private."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.accounts.models import User
from outward.community.choices import Visibility
from outward.community.models import Member, Post
from outward.community.services.posts import Author, add_comment, create_post, unvote, vote
from outward.community.services.staff import moderate
from outward.community.session import SESSION_KEY
from outward.core.errors import Conflict, ValidationError
from outward.core.roles import Role
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from tests.community.fixtures import idea, member, space
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signed_in(client: Client, who: Member) -> Client:
    session = client.session
    session[SESSION_KEY] = who.pk
    session.save()
    return client


def test_a_new_members_first_post_waits_then_they_are_trusted() -> None:
    newcomer = member(trusted=False)
    moderator = UserFactory.create(role=Role.MANAGER)

    first = idea(newcomer)
    assert first.visibility == Visibility.HELD
    assert not FeedbackItem.objects.exists()  # spam never reaches the analysis

    moderate(first, "approve", moderator)
    second = idea(Member.objects.get(pk=newcomer.pk), title="Quieter grinder")

    assert Post.objects.get(pk=first.pk).visibility == Visibility.PUBLISHED
    assert second.visibility == Visibility.PUBLISHED
    items = FeedbackItem.objects.filter(source=Source.FORUM, customer=newcomer.customer)
    assert items.count() == 2
    assert items.filter(text__startswith="A descaling reminder in the app").exists()


def test_comments_are_feedback_too_and_staff_answers_are_not() -> None:
    post, someone = idea(), member()
    agent = UserFactory.create(role=Role.AGENT)

    add_comment(post, Author(member=someone), "Yes please, mine scaled up badly.")
    add_comment(post, Author(staff=agent), "We are looking into it.", official=True)

    assert FeedbackItem.objects.filter(source=Source.FORUM).count() == 2  # the post, a comment
    assert Post.objects.get(pk=post.pk).comments_count == 2


def test_bad_posts_name_their_field() -> None:
    with pytest.raises(ValidationError) as empty:
        create_post(space(), Author(member=member()), kind="idea", title=" ", body="x")
    with pytest.raises(ValidationError) as kind:
        create_post(space(), Author(member=member()), kind="rant", title="x", body="x")
    with pytest.raises(ValidationError) as official:
        add_comment(idea(), Author(member=member()), "Officially yes", official=True)

    assert "title" in empty.value.field_errors
    assert "kind" in kind.value.field_errors
    assert "official" in official.value.field_errors


def test_one_vote_per_member_and_it_can_be_withdrawn() -> None:
    post, voter = idea(), member()

    assert vote(post, voter)
    assert not vote(post, voter)  # a double click
    assert Post.objects.get(pk=post.pk).votes_count == 1
    assert unvote(post, voter)
    assert not unvote(post, voter)
    assert Post.objects.get(pk=post.pk).votes_count == 0


def test_only_ideas_take_votes() -> None:
    question = create_post(
        space(), Author(member=member()), kind="question", title="How?", body="How do I descale?"
    )

    with pytest.raises(Conflict):
        vote(question, member())


def test_a_private_post_shows_to_its_author_and_staff_only(
    client: Client, login: Callable[[str], User]
) -> None:
    author, other = member(), member()
    private = create_post(
        space(),
        Author(member=author),
        kind="question",
        title="My invoice",
        body="Invoice 123 is wrong.",
        private=True,
    )
    url = reverse("community:post", args=[private.pk])

    as_author = _signed_in(Client(), author).get(url)
    as_other = _signed_in(Client(), other).get(url)
    as_visitor = Client().get(url)
    login(Role.AGENT)
    as_staff = client.get(url)

    assert as_author.status_code == 200
    assert as_other.status_code == 404
    assert as_visitor.status_code == 404
    assert as_staff.status_code == 200


def test_a_member_posts_votes_and_comments_through_the_pages() -> None:
    someone = member()
    client = _signed_in(Client(), someone)
    space()

    made = client.post(
        reverse("community:new_post", args=["coffee"]),
        {"kind": "idea", "title": "Bigger <b>tank</b>", "body": "**Please**"},
    )
    post = Post.objects.get()
    voted = client.post(reverse("community:vote", args=[post.pk]))
    commented = client.post(reverse("community:comment", args=[post.pk]), {"body": "And a timer"})
    page = client.get(reverse("community:post", args=[post.pk])).content.decode()

    assert made.status_code == 302
    assert voted.status_code == commented.status_code == 302
    assert "Bigger &lt;b&gt;tank&lt;/b&gt;" in page
    assert "<strong>Please</strong>" in page
    assert "Withdraw my vote" in page
    assert "And a timer" in page


def test_a_visitor_is_asked_to_sign_in_before_writing() -> None:
    space()

    response = Client().get(reverse("community:new_post", args=["coffee"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("community:sign_in"))


def test_posting_is_rate_limited(settings: Any) -> None:
    settings.OUTWARD_RATE_LIMITS_ENABLED = True
    client = _signed_in(Client(), member())
    space()

    answers = [
        client.post(
            reverse("community:new_post", args=["coffee"]),
            {"kind": "discussion", "title": f"Post {n}", "body": "Hello"},
        ).status_code
        for n in range(7)
    ]

    assert answers[:5] == [302] * 5
    assert answers[-1] == 429
    assert Post.objects.count() == 5


def test_a_mention_of_someone_in_the_thread_tells_them_once(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    asker = member(email="ada@example.org", name="Ada Lovelace")
    helper = member(email="bo@example.org", name="Bo Diddley")
    outsider = member(email="cy@example.org", name="Cy Twombly")
    post = create_post(
        space(),
        Author(member=asker),
        kind="question",
        title="E24 error",
        body="What does E24 mean?",
    )
    add_comment(post, Author(member=helper), "Clean the drain filter.")

    with django_capture_on_commit_callbacks(execute=True):
        add_comment(
            post,
            Author(member=asker),
            f"Thanks @{helper.display_name}! And @{outsider.display_name}?",
        )

    assert [m.to for m in mail.outbox] == [["bo@example.org"]]
    assert "mentioned you" in mail.outbox[0].subject
    assert "Thanks @Bo D.!" in mail.outbox[0].body
