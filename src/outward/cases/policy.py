"""The empowerment policy as plain rules and arithmetic, free of Django: what a person may
grant on their own, and who decides above that. The services call it for every grant and
approval, whatever the path (page, API, admin, command), so none can exceed it.

A person's latitude for a kind of remedy is the best of the rules that apply to them (their
role; a rule may narrow itself to a team or to holders of a skill at a level):

    latitude = max over applicable rules of
               max(0, min(per_case - given on this case,
                          per_customer - given to this customer in the rule's period))

where "given" counts remedies of that kind granted or approved (not those waiting or
refused). A request within the latitude is granted; above it, it waits for someone of the
rule's approver role (or, for a notify-only rule, is granted and the approver told).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0")
ADMIN = "admin"
DEFAULT_APPROVER = "manager"


@dataclass(frozen=True)
class Rule:
    role: str
    kind: str
    per_case: Decimal
    per_customer: Decimal
    period_days: int
    approver_role: str = DEFAULT_APPROVER
    team_id: int | None = None
    skill_id: int | None = None
    min_level: int = 0
    notify_only: bool = False
    id: int | None = None


@dataclass(frozen=True)
class Person:
    role: str
    team_id: int | None = None
    skills: Mapping[int, int] | None = None  # skill id -> level


@dataclass(frozen=True)
class Usage:
    """What was already given of a kind: on this case, and to this customer in a period."""

    case: Decimal
    customer: Decimal


UsageFor = Callable[[int], Usage]
"""Usage of the kind over a period of so many days (the rules' periods may differ)."""


def applies(rule: Rule, person: Person, kind: str) -> bool:
    if rule.kind != kind or rule.role != person.role:
        return False
    if rule.team_id is not None and rule.team_id != person.team_id:
        return False
    if rule.skill_id is not None:
        return (person.skills or {}).get(rule.skill_id, 0) >= rule.min_level
    return True


@dataclass(frozen=True)
class Latitude:
    """How much of a kind the person may still grant on this case alone, under which rule,
    and who decides above it."""

    up_to: Decimal
    rule: Rule | None
    approver_role: str
    notify_only: bool = False


def latitude(rules: Sequence[Rule], person: Person, kind: str, usage: UsageFor) -> Latitude:
    best: Latitude | None = None
    for rule in rules:
        if not applies(rule, person, kind):
            continue
        used = usage(rule.period_days)
        room = max(ZERO, min(rule.per_case - used.case, rule.per_customer - used.customer))
        if best is None or room > best.up_to:
            best = Latitude(room, rule, rule.approver_role, rule.notify_only)
    if best is not None:
        return best
    approver = next((r.approver_role for r in rules if r.kind == kind), DEFAULT_APPROVER)
    return Latitude(ZERO, None, approver)


@dataclass(frozen=True)
class Decision:
    grant: bool  # give it now
    escalate: bool  # ask (or, notify-only, tell) the approver
    latitude: Latitude


def decide(
    rules: Sequence[Rule], person: Person, kind: str, amount: Decimal, usage: UsageFor
) -> Decision:
    """Grant within the latitude; above it, wait for the approver (or grant and tell them,
    under a notify-only rule)."""
    if amount < ZERO:
        raise ValueError("a remedy's amount is not negative")
    room = latitude(rules, person, kind, usage)
    if amount <= room.up_to:
        return Decision(grant=True, escalate=False, latitude=room)
    return Decision(grant=room.notify_only, escalate=True, latitude=room)


def may_approve(approver: Person, approver_role: str) -> bool:
    """Who may decide a request: someone of the role the rule names, or an admin."""
    return approver.role in {approver_role, ADMIN}
