"""Two workers dispatching the same events at the same moment tell each subscriber once.

A transactional test on its own file (see tests/surveys/test_concurrent_triggers.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from outward.alerts.choices import AlertKind
from outward.alerts.models import Alert, AlertEvent
from outward.alerts.services import detect, dispatch
from outward.alerts.services.rules import RuleSpec, add_rule
from outward.core.roles import Role
from outward.feedback.models import FeedbackItem
from outward.feedback.services import ANALYSED_FIELDS
from tests.factories import FeedbackFactory, UserFactory


def _together(work: Callable[[], object], n: int = 2) -> list[BaseException]:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            work()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="The test database is SQLite's shared in-memory cache, whose table locks fail at "
    "once instead of waiting; a file database serialises writers (IMMEDIATE transactions).",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_triggers_give_one_event_and_one_alert_per_subscriber() -> None:
    lead = UserFactory.create(role=Role.MANAGER)
    agent = UserFactory.create(role=Role.AGENT)
    for user in (lead, agent, lead):
        add_rule(user, RuleSpec(kind=AlertKind.DETRACTOR))
    items = [FeedbackFactory.create(nps=n % 7) for n in range(20)]
    loaded = list(FeedbackItem.objects.filter(pk__in=[i.pk for i in items]).only(*ANALYSED_FIELDS))

    errors = _together(lambda: detect.record_item_events(loaded, timezone.now()), n=3)
    errors += _together(dispatch.dispatch_waiting, n=3)

    assert errors == []
    assert AlertEvent.objects.count() == 20
    assert Alert.objects.filter(user=lead).count() == 20
    assert Alert.objects.filter(user=agent).count() == 20
    assert not AlertEvent.objects.filter(dispatched_at__isnull=True).exists()
