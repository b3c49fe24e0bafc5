"""API v1: cases (lists, opening, working, resolving, closing), remedies under the
empowerment policy (grant, latitude, approval queue and decisions), promises, the cracks."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from outward.accounts.api_auth import api_requires, caller
from outward.accounts.models import User
from outward.cases import cracks, selectors
from outward.cases.choices import RemedyKind, RemedyStatus
from outward.cases.models import Case, Promise, Remedy
from outward.cases.schemas import (
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CasePage,
    CasePatch,
    CaseQuery,
    CloseIn,
    CracksOut,
    DecisionIn,
    LatitudeOut,
    NoteIn,
    PromiseIn,
    PromiseOut,
    PromisePage,
    PromiseQuery,
    RemedyIn,
    RemedyOut,
    ResolveIn,
    SettleIn,
)
from outward.cases.services import lifecycle, promises, remedies
from outward.core.api import referenced
from outward.core.errors import NotFound, ValidationError
from outward.core.pagination import paginate
from outward.core.permissions import Perm
from outward.customers.models import Customer
from outward.feedback.models import FeedbackItem
from outward.surveys.models import Survey

router = Router(tags=["cases"])
QUEUE_LIMIT = 500


def _case(case_id: uuid.UUID) -> Case:
    found = Case.objects.select_related("customer").filter(pk=case_id).first()
    if found is None:
        raise NotFound("No such case.")
    return found


@router.get("/cases", response=CasePage, **api_requires(Perm.CASES_VIEW))
def case_list(request: HttpRequest, query: Query[CaseQuery]) -> Any:
    """One of the case lists (mine, team, unassigned, breaching, active, done)."""
    chosen = selectors.CaseFilter(
        view=query.view, status=query.status or "", priority=query.priority or ""
    )
    found = selectors.cases(caller(request), chosen)
    return paginate(found, ordering=["-created_at", "id"], cursor=query.cursor, limit=query.limit)


@router.get("/cases/cracks", response=CracksOut, **api_requires(Perm.CASES_VIEW))
def cracks_summary(request: HttpRequest) -> dict[str, Any]:
    """What slips through the cracks now, and the promise-kept rate of the last 90 days."""
    now = timezone.now()
    overall, _, _ = cracks.promise_rates(now)
    return {
        "overdue_promises": cracks.overdue_promises(now).count(),
        "stalled_cases": cracks.stalled_cases(now).count(),
        "unanswered_detractors": cracks.unanswered_detractors(now).count(),
        "promise_kept_pct": overall.kept_pct,
        "promise_on_time_pct": overall.on_time_pct,
        "promises_settled": overall.settled,
    }


@router.post("/cases", response={201: CaseOut}, **api_requires(Perm.CASES_WORK))
def open_case(request: HttpRequest, body: CaseIn) -> Status:
    """Open a case about a feedback item (its customer, theme and cause) or a customer."""
    overrides: dict[str, Any] = {}
    if body.title:
        overrides["title"] = body.title
    if body.priority:
        overrides["priority"] = body.priority
    if body.feedback_id is not None:
        item = referenced(
            FeedbackItem.objects.select_related("customer"), body.feedback_id, field="feedback_id"
        )
        spec = lifecycle.spec_from_feedback(item, note=body.note, **overrides)
    elif body.customer_id is not None:
        customer = referenced(Customer.objects.all(), body.customer_id, field="customer_id")
        if "title" not in overrides:
            raise ValidationError("A case needs a title.", field_errors={"title": "Required."})
        spec = lifecycle.CaseSpec(customer=customer, note=body.note, **overrides)
    else:
        raise ValidationError(
            "Say what the case is about.", field_errors={"feedback_id": "Or customer_id."}
        )
    return Status(201, lifecycle.open_case(spec, caller(request)))


def _detail(case: Case) -> dict[str, Any]:
    fields = {name: getattr(case, name) for name in CaseOut.model_fields if name != "events"}
    return fields | {"events": list(selectors.timeline(case))}


@router.get("/cases/{case_id}", response=CaseDetailOut, **api_requires(Perm.CASES_VIEW))
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    return _detail(_case(case_id))


@router.patch("/cases/{case_id}", response=CaseDetailOut, **api_requires(Perm.CASES_WORK))
def change_case(request: HttpRequest, case_id: uuid.UUID, body: CasePatch) -> dict[str, Any]:
    """Assign, re-prioritise, set the next step, or wait on the customer (pauses the clock)."""
    case = _case(case_id)
    by = caller(request)
    changes = body.changes()
    if "assignee_id" in changes:
        assignee = (
            referenced(User.objects.all(), changes["assignee_id"], field="assignee_id")
            if changes["assignee_id"]
            else None
        )
        lifecycle.assign(case, assignee, by)
    if "priority" in changes:
        lifecycle.set_priority(case, changes["priority"], by)
    if "next_step" in changes or "next_step_due" in changes:
        step = changes.get("next_step", case.next_step)
        lifecycle.set_next_step(case, step, changes.get("next_step_due", case.next_step_due), by)
    if "waiting" in changes:
        lifecycle.set_waiting(case, bool(changes["waiting"]), by)
    return _detail(_case(case_id))


@router.post("/cases/{case_id}/notes", response={201: None}, **api_requires(Perm.CASES_WORK))
def add_note(request: HttpRequest, case_id: uuid.UUID, body: NoteIn) -> Status:
    lifecycle.add_note(_case(case_id), body.text, caller(request))
    return Status(201, None)


@router.post("/cases/{case_id}/resolve", response=CaseOut, **api_requires(Perm.CASES_WORK))
def resolve(request: HttpRequest, case_id: uuid.UUID, body: ResolveIn) -> Case:
    return lifecycle.resolve(_case(case_id), body.resolution, caller(request), body.note)


@router.post("/cases/{case_id}/close", response=CaseOut, **api_requires(Perm.CASES_WORK))
def close(request: HttpRequest, case_id: uuid.UUID, body: CloseIn) -> Case:
    survey = (
        referenced(Survey.objects.all(), body.survey_id, field="survey_id")
        if body.survey_id
        else None
    )
    return lifecycle.close(_case(case_id), caller(request), survey)


@router.get(
    "/cases/{case_id}/latitude", response=list[LatitudeOut], **api_requires(Perm.REMEDIES_GRANT)
)
def latitude(request: HttpRequest, case_id: uuid.UUID) -> list[dict[str, Any]]:
    """What the caller may still grant on this case without asking anyone, per remedy."""
    case, by = _case(case_id), caller(request)
    return [{"kind": k, "up_to": remedies.latitude_for(case, by, k)} for k in RemedyKind.values]


@router.post(
    "/cases/{case_id}/remedies", response={201: RemedyOut}, **api_requires(Perm.REMEDIES_GRANT)
)
def grant(request: HttpRequest, case_id: uuid.UUID, body: RemedyIn) -> Status:
    """Granted within the caller's latitude, else queued for the approver (status pending)."""
    given = remedies.grant_remedy(
        _case(case_id), body.kind, body.amount, caller(request), body.note
    )
    return Status(201, given)


@router.get("/remedies/pending", response=list[RemedyOut], **api_requires(Perm.REMEDIES_APPROVE))
def pending(request: HttpRequest) -> list[Remedy]:
    """The approval queue, the oldest first."""
    waiting = Remedy.objects.filter(status=RemedyStatus.PENDING).order_by("created_at", "id")
    return list(waiting[:QUEUE_LIMIT])


@router.post(
    "/remedies/{remedy_id}/decision", response=RemedyOut, **api_requires(Perm.REMEDIES_APPROVE)
)
def decide(request: HttpRequest, remedy_id: int, body: DecisionIn) -> Remedy:
    remedy = Remedy.objects.filter(pk=remedy_id).first()
    if remedy is None:
        raise NotFound("No such remedy.")
    return remedies.decide_remedy(remedy, body.approve, caller(request), body.note)


@router.get("/promises", response=PromisePage, **api_requires(Perm.CASES_VIEW))
def promise_list(request: HttpRequest, query: Query[PromiseQuery]) -> Any:
    found = Promise.objects.all()
    if query.status:
        found = found.filter(status=query.status)
    if query.owner_id:
        found = found.filter(owner_id=query.owner_id)
    return paginate(found, ordering=["due_at", "id"], cursor=query.cursor, limit=query.limit)


@router.post("/promises", response={201: PromiseOut}, **api_requires(Perm.CASES_WORK))
def make_promise(request: HttpRequest, body: PromiseIn) -> Status:
    customer = referenced(Customer.objects.all(), body.customer_id, field="customer_id")
    owner = referenced(User.objects.all(), body.owner_id, field="owner_id")
    case = referenced(Case.objects.all(), body.case_id, field="case_id") if body.case_id else None
    made = promises.make_promise(
        customer,
        kind=body.kind,
        description=body.description,
        owner=owner,
        due_at=body.due_at,
        by=caller(request),
        case=case,
    )
    return Status(201, made)


def _promise(promise_id: int) -> Promise:
    found = (
        Promise.objects.select_related("case", "customer", "owner").filter(pk=promise_id).first()
    )
    if found is None:
        raise NotFound("No such promise.")
    return found


@router.post("/promises/{promise_id}/kept", response=PromiseOut, **api_requires(Perm.CASES_WORK))
def kept(request: HttpRequest, promise_id: int, body: SettleIn) -> Promise:
    return promises.keep_promise(_promise(promise_id), caller(request), note=body.note)


@router.post("/promises/{promise_id}/broken", response=PromiseOut, **api_requires(Perm.CASES_WORK))
def broken(request: HttpRequest, promise_id: int, body: SettleIn) -> Promise:
    """Broken; unless its case is still open, a case opens to make it good."""
    promise = _promise(promise_id)
    promises.break_promise(promise, caller(request), body.note)
    return promise
