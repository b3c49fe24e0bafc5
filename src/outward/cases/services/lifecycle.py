"""A case's life: opened (from feedback, an alert, a broken promise or by hand), assigned,
worked (notes, next steps, e-mails to the customer), paused while waiting on the customer,
resolved with a code, closed (optionally asking the customer how it went), reopened.

Every change writes a typed event on the case's timeline in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from outward.accounts.models import Skill, Team, User
from outward.accounts.organisation import sender
from outward.cases.choices import (
    ACTIVE_STATUSES,
    CaseOrigin,
    CaseStatus,
    EventKind,
    Priority,
    Resolution,
)
from outward.cases.models import Case, CaseEvent, Promise, Remedy
from outward.cases.services import sla
from outward.cases.services.assignment import propose
from outward.core.errors import Conflict, ValidationError
from outward.customers.models import Customer
from outward.feedback.models import FeedbackItem
from outward.fieldwork.choices import Urgency
from outward.insights.models import Theme
from outward.surveys.models import Survey
from outward.surveys.services.invitations import invite_customer

TITLE_CHARS = 200
MAX_TEXT = 10_000


def event(
    case: Case,
    entry: str,
    by: User | None,
    text: str = "",
    *,
    at: dt.datetime | None = None,
    **data: Any,
) -> CaseEvent:
    """Add an entry of kind `entry` to the case's timeline (the services' one way to write
    it), at `at` (now by default); `data` is kept with it as JSON."""
    return CaseEvent.objects.create(
        case=case, kind=entry, by=by, text=text, data=data, at=at or timezone.now()
    )


def _reference() -> str:
    return f"C-{secrets.token_hex(4).upper()}"


def _text(value: str, field: str, limit: int = MAX_TEXT, required: bool = True) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise ValidationError("Required.", field_errors={field: "Required."})
    if len(cleaned) > limit:
        raise ValidationError("Too long.", field_errors={field: f"At most {limit} characters."})
    return cleaned


def _check_active(case: Case) -> None:
    if case.status not in ACTIVE_STATUSES:
        raise Conflict(f"Case {case.reference} is {case.get_status_display().lower()}.")


@dataclass(frozen=True)
class CaseSpec:
    """What a new case is about (pages, the API and the services that open cases build one)."""

    customer: Customer
    title: str
    origin: str = CaseOrigin.MANUAL
    priority: str = Priority.NORMAL
    feedback: FeedbackItem | None = None
    theme: Theme | None = None
    root_cause: str = ""
    team: Team | None = None
    assignee: User | None = None
    skills: tuple[Skill, ...] = ()
    note: str = ""


def open_case(spec: CaseSpec, by: User | None, now: dt.datetime | None = None) -> Case:
    """Open a case; its SLA clocks start now. A feedback item opens at most one active case
    (a second click, or a retry, gives the one already open)."""
    now = now or timezone.now()
    if spec.priority not in Priority.values:
        raise ValidationError("Unknown priority.", field_errors={"priority": "Not a priority."})
    title = _text(spec.title, "title", TITLE_CHARS)
    with transaction.atomic():
        if spec.feedback is not None:
            Customer.objects.select_for_update().filter(pk=spec.customer.pk).first()
            known = Case.objects.active().filter(feedback=spec.feedback).first()
            if known is not None:
                return known
        case = Case(
            title=title,
            customer=spec.customer,
            feedback=spec.feedback,
            theme=spec.theme,
            root_cause=spec.root_cause,
            origin=spec.origin,
            priority=spec.priority,
            team=spec.team or (spec.assignee.team if spec.assignee else None),
            assignee=spec.assignee,
            opened_by=by,
        )
        sla.start_clocks(case, now)
        for _ in range(5):
            case.reference = _reference()
            try:
                with transaction.atomic():
                    case.save()
                break
            except IntegrityError:
                continue
        else:
            raise Conflict("Could not give the case a reference; try again.")
        Case.objects.filter(pk=case.pk).update(created_at=now)
        case.created_at = now
        if spec.skills:
            case.required_skills.set(spec.skills)
        event(case, EventKind.OPENED, by, spec.note.strip()[:MAX_TEXT], at=now, origin=spec.origin)
        if spec.assignee is not None:
            event(
                case, EventKind.ASSIGNED, by, at=now, to=spec.assignee.pk, name=str(spec.assignee)
            )
        elif case.team is not None and case.team.auto_assign:
            _auto_assign(case, now)
    return case


def _auto_assign(case: Case, now: dt.datetime) -> None:
    best = propose(case, timezone.localdate(now), limit=1)
    if best:
        case.assignee = best[0].user
        case.save(update_fields=["assignee", "updated_at"])
        event(
            case,
            EventKind.ASSIGNED,
            None,
            f"Assigned by the team's rule: {best[0].reason}.",
            to=case.assignee.pk,
            name=str(case.assignee),
            auto=True,
        )


def suggested_priority(item: FeedbackItem) -> str:
    """A first priority for a case opened from an item: urgent observations and the angriest
    detractors first."""
    observation = getattr(item, "field_observation", None)
    if observation is not None and observation.urgency == Urgency.CRITICAL:
        return Priority.URGENT
    if observation is not None and observation.urgency == Urgency.HIGH:
        return Priority.HIGH
    if item.nps is not None and item.nps <= 3:
        return Priority.HIGH
    return Priority.NORMAL


def spec_from_feedback(item: FeedbackItem, **overrides: Any) -> CaseSpec:
    """A case about one feedback item: its customer, theme and root cause."""
    if item.customer is None:
        raise ValidationError(
            "This feedback has no customer to follow up with.",
            field_errors={"feedback": "No customer."},
        )
    first = " ".join(item.text.split())[:120] or f"{item.get_source_display()} feedback"
    theme = Theme.objects.filter(pk=item.theme_id).first() if item.theme_id else None
    values: dict[str, Any] = {
        "customer": item.customer,
        "title": first,
        "origin": CaseOrigin.FEEDBACK,
        "priority": suggested_priority(item),
        "feedback": item,
        "theme": theme,
        "root_cause": item.root_cause,
    }
    return CaseSpec(**(values | overrides))


@transaction.atomic
def assign(case: Case, to: User | None, by: User | None, reason: str = "") -> Case:
    _check_active(case)
    if to is not None and not to.is_active:
        raise ValidationError("That person is deactivated.", field_errors={"assignee": "Inactive."})
    case.assignee = to
    if to is not None and to.team_id is not None:
        case.team_id = to.team_id
    case.save(update_fields=["assignee", "team", "updated_at"])
    event(case, EventKind.ASSIGNED, by, reason, to=to.pk if to else None, name=str(to or ""))
    return case


def _respond(case: Case, now: dt.datetime) -> None:
    if case.first_responded_at is None:
        case.first_responded_at = now
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.OPEN


@transaction.atomic
def set_waiting(case: Case, waiting: bool, by: User | None, now: dt.datetime | None = None) -> Case:
    """Wait on the customer (the resolution clock pauses) or take the case up again."""
    _check_active(case)
    now = now or timezone.now()
    if waiting and case.status != CaseStatus.WAITING:
        _respond(case, now)
        sla.pause(case, now)
        case.status = CaseStatus.WAITING
    elif not waiting and case.status == CaseStatus.WAITING:
        sla.resume(case, now)
        case.status = CaseStatus.OPEN
    else:
        return case
    case.save()
    event(case, EventKind.STATUS, by, at=now, status=case.status)
    return case


@transaction.atomic
def set_priority(case: Case, priority: str, by: User | None) -> Case:
    _check_active(case)
    if priority not in Priority.values:
        raise ValidationError("Unknown priority.", field_errors={"priority": "Not a priority."})
    if priority != case.priority:
        case.priority = priority
        sla.reprioritise(case)
        case.save()
        event(case, EventKind.PRIORITY, by, priority=priority)
    return case


@transaction.atomic
def add_note(case: Case, text: str, by: User | None, now: dt.datetime | None = None) -> CaseEvent:
    return event(case, EventKind.NOTE, by, _text(text, "text"), at=now)


@transaction.atomic
def set_next_step(case: Case, step: str, due: dt.datetime | None, by: User | None) -> Case:
    """What happens next and by when (a case without one is a crack things slip through)."""
    _check_active(case)
    case.next_step = _text(step, "next_step", 300, required=False)
    case.next_step_due = due if case.next_step else None
    case.save(update_fields=["next_step", "next_step_due", "updated_at"])
    event(case, EventKind.NEXT_STEP, by, case.next_step, due=due.isoformat() if due else None)
    return case


def email_customer(
    case: Case, subject: str, body: str, by: User | None, now: dt.datetime | None = None
) -> CaseEvent:
    """E-mail the customer about the case (the first one stops the first-response clock);
    the message is logged on the case."""
    now = now or timezone.now()
    subject, body = _text(subject, "subject", 200), _text(body, "body")
    if not case.customer.email:
        raise ValidationError(
            "The customer has no e-mail address.", field_errors={"body": "No address."}
        )
    with transaction.atomic():
        _respond(case, now)
        case.save()
        logged = event(
            case, EventKind.EMAIL, by, body, at=now, subject=subject, to=case.customer.email
        )
        message = EmailMessage(
            f"{subject} [{case.reference}]",
            body,
            sender(),
            [case.customer.email],
        )
        transaction.on_commit(message.send)
    return logged


def note_response(case: Case, now: dt.datetime) -> None:
    """A customer-facing step taken elsewhere (a remedy, a promise) counts as a response."""
    if case.first_responded_at is None or case.status == CaseStatus.NEW:
        _respond(case, now)
        case.save(update_fields=["first_responded_at", "status", "updated_at"])


@transaction.atomic
def resolve(
    case: Case, resolution: str, by: User | None, note: str = "", now: dt.datetime | None = None
) -> Case:
    _check_active(case)
    if resolution not in Resolution.values:
        raise ValidationError("Pick a resolution.", field_errors={"resolution": "Required."})
    now = now or timezone.now()
    _respond(case, now)
    case.status = CaseStatus.RESOLVED
    case.resolution = resolution
    case.resolved_at = now
    case.paused_at = None
    case.save()
    event(case, EventKind.RESOLVED, by, note.strip()[:MAX_TEXT], at=now, resolution=resolution)
    return case


@transaction.atomic
def close(
    case: Case, by: User | None, survey: Survey | None = None, now: dt.datetime | None = None
) -> Case:
    """Close a resolved case; with a survey, the customer is asked how it went (the contact
    rules decide, the fatigue rule included)."""
    if case.status != CaseStatus.RESOLVED:
        raise Conflict("Resolve the case before closing it.")
    now = now or timezone.now()
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.save(update_fields=["status", "closed_at", "updated_at"])
    event(case, EventKind.CLOSED, by, at=now)
    if survey is not None:
        sent = invite_customer(
            survey, case.customer, trigger="event", event_ref=f"case:{case.reference}", now=now
        )
        reason = getattr(sent, "reason", "")
        event(
            case, EventKind.SURVEY, by, survey.name, at=now, invited=not reason, reason=str(reason)
        )
    return case


@transaction.atomic
def reopen(case: Case, by: User | None, now: dt.datetime | None = None) -> Case:
    if case.status not in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        raise Conflict("Only a resolved or closed case reopens.")
    now = now or timezone.now()
    case.status = CaseStatus.OPEN
    case.resolution = ""
    case.resolved_at = case.closed_at = None
    sla.start_clocks(case, now)
    case.first_responded_at = now
    case.save()
    event(case, EventKind.REOPENED, by, at=now)
    return case


def bulk_assign(cases: Iterable[Case], to: User | None, by: User | None) -> int:
    """Assign many active cases at once (each gets its timeline entry); how many changed."""
    done = 0
    for case in cases:
        if case.is_active:
            assign(case, to, by)
            done += 1
    return done


@transaction.atomic
def forget_cases() -> None:
    """Delete every case with its remedies and promises (the demo's reset); the policy and
    the SLA targets stay."""
    Remedy.objects.all().delete()
    Promise.objects.all().delete()
    Case.objects.all().delete()
