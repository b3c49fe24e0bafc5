"""What came of a check-in: the customer's words kept as feedback (source check-in), and,
when they raised something, a case and a promise; or why it was dropped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from outward.accounts.models import User
from outward.cases.choices import CaseOrigin, PromiseKind
from outward.cases.models import Case
from outward.cases.services.lifecycle import open_case, spec_from_feedback
from outward.cases.services.promises import make_promise
from outward.checkins.choices import CheckInStatus
from outward.checkins.models import CheckIn
from outward.core.errors import Conflict, ValidationError
from outward.customers import services as customer_services
from outward.feedback.choices import Source
from outward.feedback.services import FeedbackDraft, record_feedback

MAX_TEXT = 4000


@dataclass(frozen=True)
class Outcome:
    """What the customer said, and what we do about it (a form's or the API's input)."""

    text: str
    nps: int | None = None
    open_case: bool = False
    promise: str = ""
    promise_kind: str = PromiseKind.FOLLOW_UP
    promise_due: dt.datetime | None = None


def _check(outcome: Outcome) -> None:
    errors: dict[str, str] = {}
    text = outcome.text.strip()
    if not text:
        errors["text"] = "Write what the customer said."
    elif len(text) > MAX_TEXT:
        errors["text"] = f"At most {MAX_TEXT} characters."
    if outcome.nps is not None and not 0 <= outcome.nps <= 10:
        errors["nps"] = "A score from 0 to 10."
    if outcome.promise.strip():
        if outcome.promise_kind not in PromiseKind.values:
            errors["promise_kind"] = "Not a kind of promise."
        if outcome.promise_due is None:
            errors["promise_due"] = "When is it due?"
    if errors:
        raise ValidationError("The outcome is not valid.", field_errors=errors)


def _lock(checkin: CheckIn) -> CheckIn:
    locked = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("customer")
        .filter(pk=checkin.pk)
        .first()
    )
    if locked is None:
        raise Conflict("The check-in is gone.")
    return locked


def record_outcome(
    checkin: CheckIn, outcome: Outcome, by: User, now: dt.datetime | None = None
) -> CheckIn:
    """Record the check-in as done. Recording it twice (a retry) changes nothing."""
    now = now or timezone.now()
    _check(outcome)
    with transaction.atomic():
        locked = _lock(checkin)
        if locked.status == CheckInStatus.DONE:
            return locked
        if locked.status == CheckInStatus.DISMISSED:
            raise Conflict("The check-in was dismissed.")
        recorded = record_feedback(
            FeedbackDraft(
                source=Source.CHECK_IN,
                text=outcome.text.strip(),
                external_id=f"checkin-{locked.pk}",
                customer_id=locked.customer_id,
                nps=outcome.nps,
                occurred_at=now,
                tags=("check-in", locked.reason),
            )
        )
        case: Case | None = None
        if outcome.open_case:
            spec = spec_from_feedback(
                recorded.item, origin=CaseOrigin.MANUAL, assignee=by, note="From a check-in."
            )
            case = open_case(spec, by, now)
        if outcome.promise.strip() and outcome.promise_due is not None:
            make_promise(
                locked.customer,
                kind=outcome.promise_kind,
                description=outcome.promise,
                owner=by,
                due_at=outcome.promise_due,
                by=by,
                case=case,
                now=now,
            )
        # A conversation with the customer: it counts toward coverage like an answered survey.
        customer_services.note_contact(
            heard={locked.customer_id: now}, asked={locked.customer_id: now}
        )
        locked.status = CheckInStatus.DONE
        locked.done_at, locked.done_by = now, by
        locked.outcome, locked.case = recorded.item, case
        locked.save(update_fields=["status", "done_at", "done_by", "outcome", "case", "updated_at"])
    return locked


def dismiss(checkin: CheckIn, note: str, by: User) -> CheckIn:
    """Drop a proposed check-in, saying why (the customer is not called this time)."""
    note = note.strip()
    if not note:
        raise ValidationError("Say why.", field_errors={"note": "Say why it is dropped."})
    with transaction.atomic():
        locked = _lock(checkin)
        if locked.status != CheckInStatus.PROPOSED:
            raise Conflict(f"The check-in is {locked.get_status_display().lower()} already.")
        locked.status, locked.note = CheckInStatus.DISMISSED, note[:300]
        locked.done_at, locked.done_by = timezone.now(), by
        locked.save(update_fields=["status", "note", "done_at", "done_by", "updated_at"])
    return locked


def forget_checkins() -> None:
    """Delete every check-in and risk score (the demo's reset)."""
    from outward.checkins.models import CustomerRisk, RiskRun

    CheckIn.objects.all().delete()
    CustomerRisk.objects.all().delete()
    RiskRun.objects.all().delete()
