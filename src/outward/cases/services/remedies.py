"""Remedies under the empowerment policy: granting (within one's latitude, else asking the
approver), approving and rejecting, and versioning the policy itself.

Every path that gives a customer something calls `grant_remedy` or `decide_remedy`; both
lock the customer's row first, so two grants racing for the same per-customer limit are
decided one after the other, the second seeing the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone

from outward.accounts.models import User, UserSkill
from outward.accounts.tasks import send_email
from outward.cases import policy
from outward.cases.choices import COUNTED_REMEDIES, EventKind, RemedyKind, RemedyStatus
from outward.cases.models import Case, PolicyRule, PolicyVersion, Remedy
from outward.cases.services.lifecycle import event, note_response
from outward.core.errors import Conflict, ValidationError
from outward.core.permissions import Perm, user_has
from outward.core.roles import Role
from outward.customers.models import Customer

MAX_AMOUNT = Decimal("9999999999.99")


def current_version() -> PolicyVersion | None:
    return PolicyVersion.objects.filter(is_current=True).first()


def rules_of(version: PolicyVersion | None) -> list[policy.Rule]:
    if version is None:
        return []
    return [
        policy.Rule(
            id=r.pk,
            role=r.role,
            kind=r.kind,
            per_case=r.per_case,
            per_customer=r.per_customer,
            period_days=r.period_days,
            approver_role=r.approver_role,
            team_id=r.team_id,
            skill_id=r.skill_id,
            min_level=r.min_level,
            notify_only=r.notify_only,
        )
        for r in version.rules.all()
    ]


def person_of(user: User) -> policy.Person:
    skills = dict(UserSkill.objects.filter(user=user).values_list("skill_id", "level"))
    return policy.Person(role=user.role, team_id=user.team_id, skills=skills)


def _usage(case: Case, kind: str, now: dt.datetime) -> policy.UsageFor:
    given = Remedy.objects.filter(kind=kind, status__in=COUNTED_REMEDIES)
    on_case = given.filter(case=case).aggregate(s=Sum("amount"))["s"] or Decimal("0")

    def usage(period_days: int) -> policy.Usage:
        since = now - dt.timedelta(days=period_days)
        to_customer = given.filter(customer_id=case.customer_id, created_at__gte=since).aggregate(
            s=Sum("amount")
        )["s"]
        return policy.Usage(case=on_case, customer=to_customer or Decimal("0"))

    return usage


def latitude_for(case: Case, user: User, kind: str, now: dt.datetime | None = None) -> Decimal:
    """What `user` may still grant of `kind` on this case without asking anyone."""
    rules = rules_of(current_version())
    return policy.latitude(
        rules, person_of(user), kind, _usage(case, kind, now or timezone.now())
    ).up_to


def _amount(value: object) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError("Not an amount.", field_errors={"amount": "A number."}) from error
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValidationError(
            "Not a valid amount.", field_errors={"amount": f"Between 0 and {MAX_AMOUNT}."}
        )
    return amount


def grant_remedy(
    case: Case,
    kind: str,
    amount: object,
    by: User,
    note: str = "",
    now: dt.datetime | None = None,
) -> Remedy:
    """Give the customer a remedy if it is within `by`'s latitude; otherwise record the
    request for the approver the policy names (granted at once under a notify-only rule)."""
    if kind not in RemedyKind.values:
        raise ValidationError("Unknown remedy.", field_errors={"kind": "Not a remedy."})
    if not user_has(by, Perm.REMEDIES_GRANT):
        raise ValidationError("Your role may not grant remedies.", field_errors={"kind": "Role."})
    value = _amount(amount)
    now = now or timezone.now()
    with transaction.atomic():
        Customer.objects.select_for_update().filter(pk=case.customer_id).first()
        case.refresh_from_db(fields=["status"])
        if not case.is_active:
            raise Conflict(f"Case {case.reference} is {case.get_status_display().lower()}.")
        version = current_version()
        decision = policy.decide(
            rules_of(version), person_of(by), kind, value, _usage(case, kind, now)
        )
        status = RemedyStatus.GRANTED if decision.grant else RemedyStatus.PENDING
        remedy = Remedy.objects.create(
            case=case,
            customer_id=case.customer_id,
            kind=kind,
            amount=value,
            currency=settings.OUTWARD_CURRENCY,
            status=status,
            note=note.strip()[:2000],
            requested_by=by,
            policy_version=version,
            latitude=decision.latitude.up_to,
            approver_role=decision.latitude.approver_role if decision.escalate else "",
            escalated=decision.escalate,
        )
        Remedy.objects.filter(pk=remedy.pk).update(created_at=now)
        what = "granted" if decision.grant else "asked for approval"
        event(
            case,
            EventKind.REMEDY,
            by,
            remedy.note,
            at=now,
            remedy=remedy.pk,
            kind=kind,
            amount=str(value),
            status=status,
            action=what,
            latitude=str(decision.latitude.up_to),
        )
        if decision.grant:
            note_response(case, now)
        if decision.escalate:
            transaction.on_commit(lambda: _tell_approvers(remedy))
    return remedy


def _tell_approvers(remedy: Remedy) -> int:
    """E-mail the people of the approver role: a request waits (or, notify-only, was
    granted above the limit); how many were told."""
    people = User.objects.filter(is_active=True, role=remedy.approver_role).exclude(email="")
    to = sorted({p.email for p in people})
    if not to:
        return 0
    waiting = remedy.status == RemedyStatus.PENDING
    what = "waits for your decision" if waiting else "was granted above the limit (notify-only)"
    given = f"{remedy.get_kind_display()} of {remedy.amount} {remedy.currency}"
    send_email.enqueue(
        subject=f"[Outward] {given} {what}",
        body=(
            f"{remedy.requested_by} asked for a {remedy.get_kind_display().lower()} of "
            f"{remedy.amount} {remedy.currency} on case {remedy.case.reference} "
            f"({remedy.case.customer}); their latitude was {remedy.latitude}.\n"
            f"{remedy.note}\n\n{settings.SITE_URL}{reverse('cases:approvals')}"
        ),
        to=to,
    )
    return len(to)


def decide_remedy(
    remedy: Remedy, approve: bool, by: User, note: str = "", now: dt.datetime | None = None
) -> Remedy:
    """The approver's decision on a waiting request (a reason is required to reject)."""
    now = now or timezone.now()
    if not approve and not note.strip():
        raise ValidationError("Say why.", field_errors={"note": "A reason is required."})
    with transaction.atomic():
        Customer.objects.select_for_update().filter(pk=remedy.customer_id).first()
        locked = Remedy.objects.select_related("case").get(pk=remedy.pk)
        if locked.status != RemedyStatus.PENDING:
            raise Conflict("This request was decided already.")
        if not policy.may_approve(person_of(by), locked.approver_role):
            raise ValidationError(
                f"Only a {Role(locked.approver_role).label.lower()} may decide this.",
                field_errors={"note": "Not your decision."},
            )
        locked.status = RemedyStatus.APPROVED if approve else RemedyStatus.REJECTED
        locked.decided_by, locked.decided_at = by, now
        locked.decision_note = note.strip()[:2000]
        locked.save()
        event(
            locked.case,
            EventKind.REMEDY,
            by,
            locked.decision_note,
            at=now,
            remedy=locked.pk,
            kind=locked.kind,
            amount=str(locked.amount),
            status=locked.status,
            action="approved" if approve else "rejected",
        )
        if approve:
            note_response(locked.case, now)
    return locked


@dataclass(frozen=True)
class RuleSpec:
    role: str
    kind: str
    per_case: Decimal
    per_customer: Decimal
    period_days: int = 90
    approver_role: str = Role.MANAGER
    team_id: int | None = None
    skill_id: int | None = None
    min_level: int = 0
    notify_only: bool = False


def _check_rule(index: int, spec: RuleSpec) -> dict[str, str]:
    errors = {}
    if spec.role not in Role.values:
        errors[f"rules[{index}].role"] = "Not a role."
    if spec.kind not in RemedyKind.values:
        errors[f"rules[{index}].kind"] = "Not a remedy."
    if spec.approver_role not in Role.values:
        errors[f"rules[{index}].approver_role"] = "Not a role."
    if spec.per_case < 0 or spec.per_customer < 0:
        errors[f"rules[{index}].per_case"] = "Limits are 0 or more."
    if spec.per_case > MAX_AMOUNT or spec.per_customer > MAX_AMOUNT:
        errors[f"rules[{index}].per_customer"] = f"At most {MAX_AMOUNT}."
    if not 1 <= spec.period_days <= 3650:
        errors[f"rules[{index}].period_days"] = "1 to 3650 days."
    return errors


@transaction.atomic
def publish_policy(rules: Sequence[RuleSpec], by: User | None, note: str = "") -> PolicyVersion:
    """A new version of the whole policy, in force from now; the previous stays on record."""
    errors: dict[str, str] = {}
    for index, spec in enumerate(rules):
        errors |= _check_rule(index, spec)
    if errors:
        raise ValidationError("The policy is not valid.", field_errors=errors)
    PolicyVersion.objects.select_for_update().filter(is_current=True).update(is_current=False)
    number = (PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PolicyVersion.objects.create(
        number=number, note=note.strip()[:300], created_by=by, is_current=True
    )
    PolicyRule.objects.bulk_create(
        PolicyRule(
            version=version,
            role=s.role,
            kind=s.kind,
            per_case=s.per_case,
            per_customer=s.per_customer,
            period_days=s.period_days,
            approver_role=s.approver_role,
            team_id=s.team_id,
            skill_id=s.skill_id,
            min_level=s.min_level,
            notify_only=s.notify_only,
        )
        for s in rules
    )
    return version


def specs_of(version: PolicyVersion | None) -> list[RuleSpec]:
    """The rules of a version as specs (to copy them into the next version)."""
    return [
        RuleSpec(
            role=r.role,
            kind=r.kind,
            per_case=r.per_case,
            per_customer=r.per_customer,
            period_days=r.period_days,
            approver_role=r.approver_role,
            team_id=r.team_id,
            skill_id=r.skill_id,
            min_level=r.min_level,
            notify_only=r.notify_only,
        )
        for r in (version.rules.all() if version else [])
    ]
