"""Background work goes through the database queue and the `outward worker` command."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from outward.accounts.tasks import send_email
from outward.insights.tasks import reapply_rules_task

# serialized_rollback: like every transactional test here, so the flush after it leaves the
# seeded rows for the next test to restore (a flush without it re-creates content types).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "bulk"]}
}


@override_settings(TASKS=DATABASE_QUEUE)
def test_an_enqueued_task_waits_in_the_database_until_a_worker_runs_it() -> None:
    send_email.enqueue("Hello", "From the queue", ["ann@example.org"])

    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert mail.outbox == []

    call_command("worker", batch=True, interval=0.1, verbosity=0)

    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_worker_of_the_default_queue_leaves_bulk_work_to_the_bulk_worker() -> None:
    send_email.enqueue("Hello", "From the queue", ["ann@example.org"])
    reapply_rules_task.enqueue()

    call_command("worker", batch=True, interval=0.1, queue="default", verbosity=0)
    after_default = dict(DBTaskResult.objects.values_list("queue_name", "status"))
    call_command("worker", batch=True, interval=0.1, queue="bulk", verbosity=0)

    assert after_default == {"default": "SUCCESSFUL", "bulk": "READY"}
    assert DBTaskResult.objects.get(queue_name="bulk").status == "SUCCESSFUL"
