"""Search finds posts by their title, body and comments, best match first, and never shows a
viewer what they may not open; whatever is typed is words, not query syntax."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from outward.community import search
from outward.community.models import Post
from outward.community.services.posts import Author, add_comment, create_post
from outward.community.services.staff import moderate
from outward.core.roles import Role
from tests.community.fixtures import member, space
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _post(title: str, body: str, *, private: bool = False) -> int:
    made = create_post(
        space(), Author(member=member()), kind="question", title=title, body=body, private=private
    )
    return made.pk


def _found(query: str) -> list[str]:
    page = Client().get(reverse("community:search"), {"q": query})
    assert page.status_code == 200
    return [p.title for p in page.context["posts"]]


def test_the_title_ranks_above_the_body() -> None:
    _post("Grinder too loud", "It makes noise when descaling.")
    _post("Descaling the Brewmaster", "Which descaler is best?")

    assert _found("descaling") == ["Descaling the Brewmaster", "Grinder too loud"]


def test_comments_are_searched_and_words_are_stemmed() -> None:
    pk = _post("Fridge question", "It hums.")
    add_comment(Post.objects.get(pk=pk), Author(member=member()), "The compressor hums at night.")

    assert _found("compressors") == ["Fridge question"]


def test_hidden_and_private_posts_stay_out() -> None:
    hidden = _post("Spam about descaling", "Buy cheap descaler")
    _post("Private descaling invoice", "My descaling invoice", private=True)
    moderate(Post.objects.get(pk=hidden), "hide", UserFactory.create(role=Role.MANAGER))

    assert _found("descaling") == []


@pytest.mark.parametrize("query", ['"', "NEAR(", "a OR", "*", "title:x", "-", "' OR 1=1 --"])
def test_query_syntax_is_never_an_error(query: str) -> None:
    _post("Descaling", "Steps")

    page = Client().get(reverse("community:search"), {"q": query})

    assert page.status_code == 200


def test_a_rebuild_indexes_every_post_again() -> None:
    _post("Descaling the Brewmaster", "Which descaler?")
    _post("Grinder noise", "Loud.")
    search.forget()
    assert _found("descaling") == []

    assert search.rebuild() == 2

    assert _found("descaling") == ["Descaling the Brewmaster"]


def test_every_word_is_required_and_the_last_may_be_the_start_of_one() -> None:
    _post("Dishwasher drawer sticks", "The lower drawer.")
    _post("Dishwasher rinse aid", "Which one?")

    assert sorted(_found("dishwa")) == ["Dishwasher drawer sticks", "Dishwasher rinse aid"]
    assert _found("drawer dishwa") == ["Dishwasher drawer sticks"]
