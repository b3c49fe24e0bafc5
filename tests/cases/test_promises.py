"""The promise ledger: owners reminded before a promise falls due, their lead told once it
is overdue, kept or broken with the actual time, a broken promise opening a case, and the
kept and on-time rates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from outward.accounts.models import Team
from outward.cases import cracks
from outward.cases.choices import CaseOrigin, PromiseStatus
from outward.cases.models import Case, Promise
from outward.cases.services import lifecycle
from outward.cases.services.promises import (
    break_promise,
    keep_promise,
    make_promise,
    send_reminders,
)
from outward.core.errors import Conflict, ValidationError
from outward.core.roles import Role
from tests.cases.fixtures import at, person
from tests.factories import CustomerFactory, FeedbackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk() -> Team:
    lead = person(Role.MANAGER)
    lead.email = "lead@example.com"
    lead.save()
    team = Team.objects.create(name="North desk", lead=lead)
    lead.team = team
    lead.save()
    return team


def _promise(desk: Team, due: dt.datetime, **fields: object) -> Promise:
    owner = person(Role.AGENT, team=desk)
    owner.email = f"{owner.username}@example.com"
    owner.save()
    return make_promise(
        CustomerFactory.create(),
        kind="call_back",
        description="Call back about the refund",
        owner=owner,
        due_at=due,
        by=None,
        **fields,  # type: ignore[arg-type]
    )


def test_the_owner_is_reminded_two_hours_before_and_only_once(desk: Team) -> None:
    promise = _promise(desk, at(7, 15))

    assert send_reminders(at(7, 12)) == (0, 0)  # three hours ahead: not yet
    assert send_reminders(at(7, 13, 30)) == (1, 0)
    assert send_reminders(at(7, 14)) == (0, 0)

    (reminder,) = mail.outbox
    assert reminder.to == [promise.owner.email]
    assert "Call back about the refund" in reminder.subject


def test_an_overdue_promise_is_escalated_to_the_owners_lead_once(desk: Team) -> None:
    promise = _promise(desk, at(7, 15))

    assert send_reminders(at(7, 16)) == (0, 1)
    assert send_reminders(at(7, 17)) == (0, 0)

    (notice,) = mail.outbox
    assert sorted(notice.to) == sorted([promise.owner.email, "lead@example.com"])
    assert "Overdue promise" in notice.subject


def test_a_kept_promise_records_when_and_whether_on_time(desk: Team) -> None:
    early, late = _promise(desk, at(7, 15)), _promise(desk, at(7, 15))

    keep_promise(early, None, at(7, 14))
    keep_promise(late, None, at(7, 16))

    assert (early.status, early.on_time, late.on_time) == (PromiseStatus.KEPT, True, False)
    with pytest.raises(Conflict):
        keep_promise(early, None)


def test_breaking_a_promise_opens_a_case_to_make_it_good(desk: Team) -> None:
    promise = _promise(desk, at(7, 15))

    case = break_promise(promise, None, "Forgot", at=at(7, 16))

    assert case is not None
    assert (case.origin, case.assignee) == (CaseOrigin.PROMISE, promise.owner)
    assert case.customer == promise.customer


def test_a_broken_promise_on_an_open_case_stays_on_that_case(desk: Team) -> None:
    owner = person(Role.AGENT, team=desk)
    customer = CustomerFactory.create()
    case = lifecycle.open_case(lifecycle.CaseSpec(customer=customer, title="x"), None)
    promise = make_promise(
        customer,
        kind="fix",
        description="Fix by Friday",
        owner=owner,
        due_at=at(11, 17),
        by=None,
        case=case,
    )

    assert break_promise(promise, None) is None
    assert Case.objects.count() == 1


def test_a_promise_needs_a_description_a_time_zone_and_the_same_customer(desk: Team) -> None:
    owner = person(Role.AGENT, team=desk)
    case = lifecycle.open_case(
        lifecycle.CaseSpec(customer=CustomerFactory.create(), title="x"), None
    )

    with pytest.raises(ValidationError) as refused:
        make_promise(
            CustomerFactory.create(),
            kind="visit",
            description=" ",
            owner=owner,
            due_at=dt.datetime(2026, 12, 7, 9),  # noqa: DTZ001 (the naive time is the point)
            by=None,
            case=case,
        )

    assert set(refused.value.field_errors) == {"description", "due_at", "case"}


def test_the_cracks_show_overdue_promises_stalled_cases_and_unanswered_detractors(
    desk: Team,
) -> None:
    overdue = _promise(desk, at(7, 9))
    stalled = lifecycle.open_case(
        lifecycle.CaseSpec(customer=CustomerFactory.create(), title="x"), None
    )
    moving = lifecycle.open_case(
        lifecycle.CaseSpec(customer=CustomerFactory.create(), title="y"), None
    )
    lifecycle.set_next_step(moving, "Call on Monday", at(31, 9), None)
    answered = FeedbackFactory.create(nps=1, occurred_at=at(7, 8))
    lifecycle.open_case(lifecycle.spec_from_feedback(answered), None)
    lifecycle.set_next_step(Case.objects.get(feedback=answered), "Refund", at(31, 9), None)
    ignored = FeedbackFactory.create(nps=3, occurred_at=at(7, 8))

    now = at(7, 12)
    assert list(cracks.overdue_promises(now)) == [overdue]
    assert list(cracks.stalled_cases(now)) == [stalled]
    assert list(cracks.unanswered_detractors(now)) == [ignored]
    (holder,) = [h for h in cracks.by_holder(now) if h.overdue_promises]
    assert (holder.team, holder.overdue_promises) == ("North desk", 1)


def test_promise_rates_count_kept_and_on_time_per_team(desk: Team) -> None:
    for due, settled, kept in (
        (at(7, 15), at(7, 14), True),
        (at(7, 15), at(7, 16), True),
        (at(7, 15), at(7, 16), False),
    ):
        promise = _promise(desk, due)
        if kept:
            keep_promise(promise, None, settled)
        else:
            break_promise(promise, None, open_follow_up=False, at=settled)

    overall, teams, people = cracks.promise_rates(at(8, 9))

    assert (overall.settled, overall.kept, overall.on_time) == (3, 2, 1)
    assert [(t.label, round(t.kept_pct or 0)) for t in teams] == [("North desk", 67)]
    assert len(people) == 3


def test_the_kept_rate_rollup_equals_a_rebuild_from_the_ledger(desk: Team) -> None:
    from outward.cases import promise_rollup
    from outward.cases.models import PromiseDay

    for hour in (14, 16, 18):
        keep_promise(_promise(desk, at(7, 15)), None, at(7, hour))
    break_promise(_promise(desk, at(8, 15)), None, open_follow_up=False, at=at(8, 16))
    kept_as_they_went = sorted(
        PromiseDay.objects.values_list("day", "owner_id", "settled", "kept", "on_time")
    )

    promise_rollup.rebuild()

    rebuilt = sorted(
        PromiseDay.objects.values_list("day", "owner_id", "settled", "kept", "on_time")
    )
    assert rebuilt == kept_as_they_went
    assert sum(row[2] for row in rebuilt) == 4
