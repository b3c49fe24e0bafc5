"""The empowerment policy as arithmetic (no database): latitude, escalation, approvers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from outward.cases import policy
from outward.cases.policy import Person, Rule, Usage

D = Decimal
AGENT = Person(role="agent", team_id=1, skills={7: 3})
REFUND = Rule(role="agent", kind="refund", per_case=D(50), per_customer=D(150), period_days=90)


def used(case: str = "0", customer: str = "0") -> policy.UsageFor:
    return lambda days: Usage(case=D(case), customer=D(customer))


def test_an_agent_may_grant_up_to_the_per_case_limit() -> None:
    assert policy.latitude([REFUND], AGENT, "refund", used()).up_to == D(50)


def test_what_was_given_on_the_case_comes_off_the_latitude() -> None:
    assert policy.latitude([REFUND], AGENT, "refund", used(case="30")).up_to == D(20)


def test_the_customers_total_over_the_period_caps_the_latitude() -> None:
    assert policy.latitude([REFUND], AGENT, "refund", used(customer="130")).up_to == D(20)


def test_latitude_never_goes_below_zero() -> None:
    assert policy.latitude([REFUND], AGENT, "refund", used(customer="400")).up_to == D(0)


def test_no_rule_means_no_latitude_and_a_manager_decides() -> None:
    room = policy.latitude([REFUND], AGENT, "credit", used())

    assert (room.up_to, room.approver_role) == (D(0), "manager")


def test_a_rule_for_another_team_does_not_apply() -> None:
    north_only = Rule(
        role="agent", kind="refund", per_case=D(500), per_customer=D(500), period_days=90, team_id=2
    )

    assert policy.latitude([REFUND, north_only], AGENT, "refund", used()).up_to == D(50)


def test_a_skilled_agent_gets_the_skill_rule_when_it_is_better() -> None:
    billing_expert = Rule(
        role="agent",
        kind="refund",
        per_case=D(200),
        per_customer=D(400),
        period_days=90,
        skill_id=7,
        min_level=3,
    )
    novice = Person(role="agent", team_id=1, skills={7: 1})

    assert policy.latitude([REFUND, billing_expert], AGENT, "refund", used()).up_to == D(200)
    assert policy.latitude([REFUND, billing_expert], novice, "refund", used()).up_to == D(50)


def test_within_the_latitude_it_is_granted_above_it_escalated() -> None:
    assert policy.decide([REFUND], AGENT, "refund", D(50), used()).grant
    above = policy.decide([REFUND], AGENT, "refund", D("50.01"), used())

    assert (above.grant, above.escalate, above.latitude.approver_role) == (False, True, "manager")


def test_a_notify_only_rule_grants_above_the_limit_and_tells_the_approver() -> None:
    relaxed = Rule(
        role="agent",
        kind="refund",
        per_case=D(50),
        per_customer=D(150),
        period_days=90,
        notify_only=True,
    )

    decision = policy.decide([relaxed], AGENT, "refund", D(80), used())

    assert (decision.grant, decision.escalate) == (True, True)


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="not negative"):
        policy.decide([REFUND], AGENT, "refund", D(-1), used())


def test_only_the_named_role_or_an_admin_approves() -> None:
    assert policy.may_approve(Person(role="manager"), "manager")
    assert policy.may_approve(Person(role="admin"), "manager")
    assert not policy.may_approve(Person(role="agent"), "manager")
