"""Background tasks of the alerts app: JSON primitives in, one service call each."""

from __future__ import annotations

from django_tasks import task

from outward.alerts.services import dispatch, mail, webhooks


@task()
def dispatch_events_task() -> int:
    """Match waiting events against the rules; returns how many were dispatched."""
    return dispatch.dispatch_waiting()


@task()
def email_event_task(event_id: int) -> int:
    """E-mail one event's immediate alerts; returns how many went out."""
    return mail.send_immediate(event_id)


@task()
def deliver_event_task(event_id: int) -> int:
    """First attempts of one event's webhook deliveries; returns how many were made."""
    return webhooks.deliver_event(event_id)


@task()
def send_digests_task() -> int:
    """The daily digests; returns how many went out."""
    return mail.send_digests()


@task()
def retry_due_task() -> int:
    """Webhook retries whose wait is over and e-mails a lost task left; how many were made."""
    return webhooks.deliver_due() + mail.send_immediate()
