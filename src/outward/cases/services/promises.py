"""The promise ledger: a commitment is recorded with its owner and due time, its owner is
reminded before it falls due, their manager is told once it is overdue, and it ends kept
(with the actual time) or broken (which may open a case)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from outward.accounts.models import User
from outward.accounts.organisation import sender
from outward.cases import promise_rollup
from outward.cases.choices import CaseOrigin, EventKind, Priority, PromiseKind, PromiseStatus
from outward.cases.models import Case, Promise
from outward.cases.services.lifecycle import CaseSpec, event, note_response, open_case
from outward.core.errors import Conflict, ValidationError
from outward.customers.models import Customer

REMIND_BEFORE = dt.timedelta(hours=2)
SWEEP_LIMIT = 500


@transaction.atomic
def make_promise(
    customer: Customer,
    *,
    kind: str,
    description: str,
    owner: User,
    due_at: dt.datetime,
    by: User | None,
    case: Case | None = None,
    now: dt.datetime | None = None,
) -> Promise:
    """Record a commitment to the customer (on a case, or on its own)."""
    now = now or timezone.now()
    errors = {}
    if kind not in PromiseKind.values:
        errors["kind"] = "Not a kind of promise."
    text = description.strip()
    if not text:
        errors["description"] = "Say what was promised."
    elif len(text) > 300:
        errors["description"] = "At most 300 characters."
    if not owner.is_active:
        errors["owner"] = "That person is deactivated."
    if timezone.is_naive(due_at):
        errors["due_at"] = "Give a time zone."
    if case is not None and case.customer_id != customer.pk:
        errors["case"] = "The case is another customer's."
    if errors:
        raise ValidationError("The promise is not valid.", field_errors=errors)
    promise = Promise.objects.create(
        customer=customer,
        case=case,
        kind=kind,
        description=text,
        owner=owner,
        team_id=owner.team_id,
        due_at=due_at,
        created_by=by,
    )
    if case is not None:
        event(
            case,
            EventKind.PROMISE,
            by,
            text,
            at=now,
            promise=promise.pk,
            kind=kind,
            due=due_at.isoformat(),
            owner=str(owner),
            action="made",
        )
        note_response(case, now)
    return promise


def _settle(promise: Promise, status: str, by: User | None, at: dt.datetime, note: str) -> None:
    locked = Promise.objects.select_for_update().get(pk=promise.pk)
    if locked.status != PromiseStatus.OPEN:
        raise Conflict(f"This promise is {locked.get_status_display().lower()} already.")
    promise.status, promise.resolved_at = status, at
    promise.note = note.strip()[:2000]
    promise.save(update_fields=["status", "resolved_at", "note", "updated_at"])
    promise_rollup.add(promise)
    if promise.case is not None:
        event(
            promise.case,
            EventKind.PROMISE,
            by,
            promise.note,
            at=at,
            promise=promise.pk,
            action=status,
            on_time=at <= promise.due_at,
        )


@transaction.atomic
def keep_promise(
    promise: Promise, by: User | None, at: dt.datetime | None = None, note: str = ""
) -> Promise:
    """Kept, at the actual time (on time when by its due time)."""
    _settle(promise, PromiseStatus.KEPT, by, at or timezone.now(), note)
    return promise


@transaction.atomic
def break_promise(
    promise: Promise,
    by: User | None,
    note: str = "",
    *,
    open_follow_up: bool = True,
    at: dt.datetime | None = None,
) -> Case | None:
    """Broken; unless it belongs to a case still open, a case opens to make it good."""
    at = at or timezone.now()
    _settle(promise, PromiseStatus.BROKEN, by, at, note)
    if not open_follow_up or (promise.case is not None and promise.case.is_active):
        return None
    return open_case(
        CaseSpec(
            customer=promise.customer,
            title=f"Broken promise: {promise.description}"[:200],
            origin=CaseOrigin.PROMISE,
            priority=Priority.HIGH,
            assignee=promise.owner if promise.owner.is_active else None,
            note=note,
        ),
        by,
        at,
    )


def _manager_of(owner: User) -> User | None:
    team = owner.team
    if team is not None and team.lead_id and team.lead_id != owner.pk:
        return team.lead
    return None


def anything_to_remind(now: dt.datetime | None = None) -> bool:
    """Whether a reminder or an escalation is due (two cheap index queries)."""
    now = now or timezone.now()
    open_ = Promise.objects.filter(status=PromiseStatus.OPEN)
    soon = open_.filter(reminded_at__isnull=True, due_at__lte=now + REMIND_BEFORE, due_at__gt=now)
    late = open_.filter(escalated_at__isnull=True, due_at__lt=now)
    return soon.exists() or late.exists()


def send_reminders(now: dt.datetime | None = None) -> tuple[int, int]:
    """Remind owners of promises due within two hours, and tell the manager of each promise
    now overdue; each once. Returns (reminded, escalated)."""
    now = now or timezone.now()
    due = Promise.objects.filter(
        status=PromiseStatus.OPEN,
        reminded_at__isnull=True,
        due_at__lte=now + REMIND_BEFORE,
        due_at__gt=now,
    ).select_related("owner", "customer")[:SWEEP_LIMIT]
    reminded = 0
    for promise in due:
        if not Promise.objects.filter(pk=promise.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            continue
        if promise.owner.email:
            send_mail(
                f"[Outward] Due {timezone.localtime(promise.due_at):%H:%M}: {promise.description}",
                f"You promised {promise.customer}: {promise.description}\n"
                f"Due {timezone.localtime(promise.due_at):%d %b %Y %H:%M}.\n"
                f"{settings.SITE_URL}{reverse('cases:promises')}",
                sender(),
                [promise.owner.email],
            )
        reminded += 1
    late = Promise.objects.filter(
        status=PromiseStatus.OPEN, escalated_at__isnull=True, due_at__lt=now
    ).select_related("owner__team__lead", "customer")[:SWEEP_LIMIT]
    escalated = 0
    for promise in late:
        if not Promise.objects.filter(pk=promise.pk, escalated_at__isnull=True).update(
            escalated_at=now
        ):
            continue
        manager = _manager_of(promise.owner)
        to = [a for a in {promise.owner.email, manager.email if manager else ""} if a]
        if to:
            send_mail(
                f"[Outward] Overdue promise to {promise.customer}: {promise.description}",
                f"{promise.owner} promised {promise.customer}: {promise.description}\n"
                f"It was due {timezone.localtime(promise.due_at):%d %b %Y %H:%M} and is not "
                f"marked kept.\n{settings.SITE_URL}{reverse('cases:cracks')}",
                sender(),
                sorted(to),
            )
        escalated += 1
    return reminded, escalated
