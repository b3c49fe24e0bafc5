"""Two agents granting to one customer at the same moment cannot both pass the per-customer
limit: the second sees the first.

A transactional test on its own file (see tests/surveys/test_concurrent_triggers.py)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from outward.cases.choices import RemedyStatus
from outward.cases.models import Remedy
from outward.cases.services import lifecycle, remedies
from outward.core.roles import Role
from tests.cases.fixtures import person
from tests.factories import CustomerFactory


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="The test database is SQLite's shared in-memory cache, whose table locks fail at "
    "once instead of waiting; a file database serialises writers (IMMEDIATE transactions).",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_grants_never_exceed_the_per_customer_limit() -> None:
    customer = CustomerFactory.create()
    agents = [person(Role.AGENT) for _ in range(4)]
    cases = [
        lifecycle.open_case(lifecycle.CaseSpec(customer=customer, title=f"Case {n}"), None)
        for n in range(4)
    ]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def grant(n: int) -> None:
        try:
            barrier.wait()
            remedies.grant_remedy(cases[n], "refund", "50", agents[n])
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = sorted(Remedy.objects.values_list("status", flat=True))
    assert statuses.count(RemedyStatus.GRANTED) == 3  # 150 per customer in 90 days
    assert statuses.count(RemedyStatus.PENDING) == 1
