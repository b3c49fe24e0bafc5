"""Concurrent clicks on one vote count once (PostgreSQL: a real race between connections).

Alone in its file: a transactional test flushes the database when it ends, and pytest-xdist
runs a file's tests together, so the tests of other files must not share one with it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from outward.community.models import Post, Vote
from outward.community.services.posts import vote
from tests.community.fixtures import idea, member


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises writers (and its shared in-memory test database fails locks at "
    "once): the race needs PostgreSQL.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_votes_of_one_member_count_once() -> None:
    post, voter = idea(), member()
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def click() -> None:
        try:
            barrier.wait()
            vote(post, voter)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Vote.objects.filter(post=post).count() == 1
    assert Post.objects.get(pk=post.pk).votes_count == 1
