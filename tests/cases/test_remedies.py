"""Remedies under the empowerment policy: granted within one's latitude, asked for above it,
decided by the role the policy names, every grant recording the policy version in force."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.cases.choices import EventKind, Priority, RemedyStatus
from outward.cases.models import Case, Remedy
from outward.cases.services import lifecycle, remedies
from outward.core.errors import Conflict, ValidationError
from outward.core.roles import Role
from outward.customers.models import Customer
from tests.cases.fixtures import person
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
D = Decimal


def _case(customer: Customer | None = None) -> Case:
    spec = lifecycle.CaseSpec(
        customer=customer or CustomerFactory.create(),
        title="Broken kettle",
        priority=Priority.NORMAL,
    )
    return lifecycle.open_case(spec, None)


def test_an_agent_grants_a_refund_within_the_seeded_policy() -> None:
    agent = person(Role.AGENT)
    case = _case()

    given = remedies.grant_remedy(case, "refund", "40", agent, "Parcel lost")

    assert (given.status, given.amount, given.currency) == (RemedyStatus.GRANTED, D("40.00"), "EUR")
    assert given.policy_version == remedies.current_version()
    assert case.events.filter(kind=EventKind.REMEDY, data__action="granted").exists()


def test_above_the_latitude_the_request_waits_for_a_manager() -> None:
    agent = person(Role.AGENT)

    asked = remedies.grant_remedy(_case(), "refund", "80", agent)

    assert asked.status == RemedyStatus.PENDING
    assert (asked.latitude, asked.approver_role, asked.escalated) == (D("50.00"), "manager", True)


def test_the_latitude_shrinks_with_what_the_customer_got_on_other_cases() -> None:
    agent = person(Role.AGENT)
    customer = CustomerFactory.create()
    for _ in range(3):
        remedies.grant_remedy(_case(customer), "refund", "50", agent)  # 150 in 90 days

    fourth = remedies.grant_remedy(_case(customer), "refund", "1", agent)

    assert fourth.status == RemedyStatus.PENDING
    assert remedies.latitude_for(_case(customer), agent, "refund") == D("0")


def test_a_manager_approves_and_an_agent_may_not() -> None:
    agent, manager = person(Role.AGENT), person(Role.MANAGER)
    asked = remedies.grant_remedy(_case(), "refund", "80", agent)

    with pytest.raises(ValidationError):
        remedies.decide_remedy(asked, True, person(Role.AGENT))
    approved = remedies.decide_remedy(asked, True, manager, "Loyal customer")

    assert (approved.status, approved.decided_by) == (RemedyStatus.APPROVED, manager)
    with pytest.raises(Conflict):
        remedies.decide_remedy(asked, False, manager, "Changed my mind")


def test_rejecting_needs_a_reason() -> None:
    asked = remedies.grant_remedy(_case(), "refund", "80", person(Role.AGENT))

    with pytest.raises(ValidationError) as refused:
        remedies.decide_remedy(asked, False, person(Role.MANAGER), "  ")

    assert "note" in refused.value.field_errors


def test_an_executive_may_not_grant_anything() -> None:
    with pytest.raises(ValidationError):
        remedies.grant_remedy(_case(), "refund", "1", person(Role.EXECUTIVE))
    assert not Remedy.objects.exists()


def test_a_new_policy_version_applies_to_later_grants_and_old_grants_keep_theirs() -> None:
    agent, manager = person(Role.AGENT), person(Role.MANAGER)
    before = remedies.grant_remedy(_case(), "refund", "40", agent)
    rules = [
        r
        if not (r.role == "agent" and r.kind == "refund")
        else remedies.RuleSpec(role="agent", kind="refund", per_case=D(20), per_customer=D(40))
        for r in remedies.specs_of(remedies.current_version())
    ]

    new = remedies.publish_policy(rules, manager, "Tighter refunds")
    after = remedies.grant_remedy(_case(), "refund", "40", agent)

    assert new.number == 2
    assert before.policy_version.number == 1  # type: ignore[union-attr]
    assert (after.status, after.policy_version) == (RemedyStatus.PENDING, new)


def test_a_bad_policy_is_refused_with_the_rule_named() -> None:
    with pytest.raises(ValidationError) as refused:
        remedies.publish_policy(
            [remedies.RuleSpec(role="agent", kind="refund", per_case=D(-5), per_customer=D(5))],
            None,
        )

    assert "rules[0].per_case" in refused.value.field_errors


@pytest.mark.parametrize("amount", ["-1", "abc", "1e20", "NaN"])
def test_a_bad_amount_is_refused(amount: str) -> None:
    with pytest.raises(ValidationError) as refused:
        remedies.grant_remedy(_case(), "refund", amount, person(Role.AGENT))

    assert "amount" in refused.value.field_errors


def test_managers_are_told_when_a_request_waits_for_them(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    lead = person(Role.MANAGER)
    lead.email = "lead@example.com"
    lead.save()

    with django_capture_on_commit_callbacks(execute=True):
        remedies.grant_remedy(_case(), "refund", "80", person(Role.AGENT))

    (notice,) = mail.outbox
    assert notice.to == ["lead@example.com"]
    assert "waits for your decision" in notice.subject


def test_sla_targets_are_set_per_priority_and_apply_to_new_cases() -> None:
    from outward.cases.services import sla

    sla.set_targets("normal", 2, 4)
    case = _case()

    assert sla.targets("normal") == (2.0, 4.0)
    with pytest.raises(ValidationError) as refused:
        sla.set_targets("normal", 5, 3)
    assert "resolution_hours" in refused.value.field_errors
    assert case.first_response_due < case.resolution_due
