"""Background tasks of the community: JSON primitives in, one call each."""

from __future__ import annotations

from django_tasks import task

from outward.community import mail


@task()
def send_status_notifications_task(change_id: int) -> int:
    return mail.send_status_notifications(change_id)


@task()
def send_mentions_task(comment_id: int, member_ids: list[int]) -> int:
    return mail.send_mentions(comment_id, member_ids)
