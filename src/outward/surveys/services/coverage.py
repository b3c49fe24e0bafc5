"""The annual coverage guarantee: every active, consenting customer is invited to a
relationship survey at least once in every `coverage_days`, without bursts.

How a day is planned (`plan_day`, pure, so it can be reasoned about and simulated):

* Each customer gets a phase in a cycle of `cycle_days = coverage_days - 2 * patience` days
  (patience = max(fatigue_days, 1)) from a hash of its id, so the customers' slots spread
  evenly over the cycle and the same customer keeps the same slot every year.
* A customer becomes due on its first slot after its last relationship invitation (or, never
  invited, its first slot after it could be: the scheduler's first day, the customer's
  creation or consent), and at the latest `cycle_days` after the last invitation.
* Due customers blocked by the fatigue rule wait; on their slot day one fatigue skip is
  recorded, and they are retried every day after.
* Each day invites at most `quota = ceil(eligible / cycle_days)` (less what today's earlier
  runs invited), longest-waiting first, plus every ready customer who has waited `patience`
  days or more (the catch-up that keeps the deadline), never more than twice the quota.

Why the deadline holds: an invitation for a slot goes out at most 2 * patience days late
(patience days in the queue, then at most one fatigue window started by a transactional
invitation while queued), so consecutive relationship invitations are at most
cycle_days + 2 * patience = coverage_days apart. The one case it cannot cover: other surveys
inviting the customer again each time the fatigue window ends, before the day's run.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from outward.core.errors import ValidationError
from outward.customers.models import Customer
from outward.customers.services import rebuild_contact
from outward.feedback.models import FeedbackItem
from outward.surveys.choices import Audience, SurveyKind, SurveyStatus, Trigger
from outward.surveys.models import ContactPolicy, Invitation, SkippedInvitation, Survey
from outward.surveys.services.invitations import contactable_customers, invite_customer

# When a run for a day other than today (a backfill, a simulation) says the invitations went.
RUN_TIME = time(9, 0)

Progress = Callable[[Sequence[uuid.UUID]], Iterable[uuid.UUID]]


@dataclass(frozen=True)
class CoverageRules:
    coverage_days: int
    fatigue_days: int
    started_on: date

    @property
    def patience_days(self) -> int:
        return max(self.fatigue_days, 1)

    @property
    def cycle_days(self) -> int:
        return max(1, self.coverage_days - 2 * self.patience_days)


@dataclass(frozen=True)
class Candidate:
    """An eligible customer as the planner sees it (dates in the site's time zone)."""

    customer_id: uuid.UUID
    since: date  # when it could first be invited: created, or consent given
    last_relationship: date | None
    last_any: date | None


@dataclass(frozen=True)
class DayPlan:
    day: date
    eligible: int
    quota: int
    due: int
    invite: tuple[uuid.UUID, ...]
    forced: int
    fatigue_checks: tuple[uuid.UUID, ...]
    waiting_fatigue: int


@lru_cache(maxsize=1 << 18)
def phase_of(customer_id: uuid.UUID, cycle_days: int) -> int:
    digest = hashlib.sha256(customer_id.bytes).digest()
    return int.from_bytes(digest[:8], "big") % cycle_days


def first_slot_from(day: date, phase: int, cycle_days: int) -> date:
    """The first day on or after `day` whose ordinal falls on `phase` in the cycle."""
    return day + timedelta(days=(phase - day.toordinal()) % cycle_days)


def due_since(candidate: Candidate, rules: CoverageRules) -> date:
    cycle = rules.cycle_days
    phase = phase_of(candidate.customer_id, cycle)
    last = candidate.last_relationship
    if last is None:
        return first_slot_from(max(candidate.since, rules.started_on), phase, cycle)
    next_slot = first_slot_from(max(last + timedelta(days=1), rules.started_on), phase, cycle)
    return min(next_slot, last + timedelta(days=cycle))


def plan_day(
    candidates: Iterable[Candidate], day: date, rules: CoverageRules, already_invited: int = 0
) -> DayPlan:
    """Who the coverage scheduler invites on `day` (see the module's docstring)."""
    eligible = 0
    ready: list[tuple[date, int, uuid.UUID]] = []
    fatigue_checks: list[uuid.UUID] = []
    waiting_fatigue = 0
    for candidate in candidates:
        eligible += 1
        since = due_since(candidate, rules)
        if since > day:
            continue
        last_any = candidate.last_any
        if last_any is not None and (day - last_any).days < rules.fatigue_days:
            waiting_fatigue += 1
            if since == day:
                fatigue_checks.append(candidate.customer_id)
            continue
        ready.append(
            (since, phase_of(candidate.customer_id, rules.cycle_days), candidate.customer_id)
        )
    ready.sort()
    quota = math.ceil(eligible / rules.cycle_days)
    patience = timedelta(days=rules.patience_days)
    forced = [entry for entry in ready if day - entry[0] >= patience]
    rest = [entry for entry in ready if day - entry[0] < patience]
    # Catching up never more than doubles a day: a backlog (the scheduler was stopped)
    # drains at that rate instead of arriving in one burst.
    catching_up = forced[: max(0, 2 * quota - already_invited)]
    room = max(0, quota - already_invited - len(catching_up))
    invite = tuple(entry[2] for entry in [*catching_up, *rest[:room]])
    return DayPlan(
        day=day,
        eligible=eligible,
        quota=quota,
        due=len(ready) + waiting_fatigue,
        invite=invite,
        forced=len(forced),
        fatigue_checks=tuple(fatigue_checks),
        waiting_fatigue=waiting_fatigue,
    )


# Running it --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageSummary:
    day: date
    dry_run: bool
    survey_id: uuid.UUID | None
    eligible: int = 0
    quota: int = 0
    due: int = 0
    invited: int = 0
    forced: int = 0
    waiting_fatigue: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    due_remaining: int = 0
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data["survey_id"] = str(self.survey_id) if self.survey_id else None
        return data


def coverage_survey() -> Survey | None:
    """The survey coverage invites to: the newest active relationship survey for customers."""
    return (
        Survey.objects.filter(
            kind=SurveyKind.RELATIONSHIP,
            audience=Audience.CUSTOMERS,
            status=SurveyStatus.ACTIVE,
        )
        .order_by("-created_at", "id")
        .first()
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def load_candidates(day: date) -> list[Candidate]:
    """Every customer the rules let us invite, with its last invitations before `day` ends."""
    _, end = day_bounds(day)
    before_end = Q(survey_invitations__invited_at__lt=end)
    rows = (
        contactable_customers()
        .annotate(
            last_relationship=Max(
                "survey_invitations__invited_at",
                filter=before_end & Q(survey_invitations__survey__kind=SurveyKind.RELATIONSHIP),
            ),
            last_any=Max("survey_invitations__invited_at", filter=before_end),
        )
        .order_by()
        .values_list("id", "created_at", "consent_updated_at", "last_relationship", "last_any")
    )
    candidates = []
    for pk, created, consent, last_rel, last_any in rows:
        since = _local_date(created) or day
        consented = _local_date(consent)
        if consented is not None and consented > since:
            since = consented
        candidates.append(Candidate(pk, since, _local_date(last_rel), _local_date(last_any)))
    return candidates


def rules_for(policy: ContactPolicy, day: date) -> CoverageRules:
    return CoverageRules(
        coverage_days=policy.coverage_days,
        fatigue_days=policy.fatigue_days,
        started_on=policy.coverage_started_on or day,
    )


def run_coverage(
    today: date | None = None, *, dry_run: bool = False, progress: Progress | None = None
) -> CoverageSummary:
    """Invite today's share of the customer base to the relationship survey.

    Safe to repeat on a day: what earlier runs invited counts against the day's quota.
    """
    today = today or timezone.localdate()
    now = (
        timezone.now()
        if today == timezone.localdate()
        else timezone.make_aware(datetime.combine(today, RUN_TIME))
    )
    policy = ContactPolicy.current()
    if policy.coverage_started_on is None and not dry_run:
        ContactPolicy.objects.filter(pk=policy.pk, coverage_started_on__isnull=True).update(
            coverage_started_on=today
        )
        policy.refresh_from_db()
    survey = coverage_survey()
    if survey is None:
        return CoverageSummary(
            day=today, dry_run=dry_run, survey_id=None, note="No active relationship survey."
        )
    start, end = day_bounds(today)
    already = Invitation.objects.filter(
        trigger=Trigger.COVERAGE, invited_at__gte=start, invited_at__lt=end
    ).count()
    plan = plan_day(load_candidates(today), today, rules_for(policy, today), already)
    base = CoverageSummary(
        day=today,
        dry_run=dry_run,
        survey_id=survey.pk,
        eligible=plan.eligible,
        quota=plan.quota,
        due=plan.due,
        forced=plan.forced,
        waiting_fatigue=plan.waiting_fatigue,
    )
    if dry_run:
        return replace(base, invited=len(plan.invite), due_remaining=plan.due - len(plan.invite))
    checked_today = set(
        SkippedInvitation.objects.filter(
            trigger=Trigger.COVERAGE,
            created_at__gte=start,
            customer_id__in=plan.fatigue_checks,
        ).values_list("customer_id", flat=True)
    )
    todo = [*plan.invite, *(pk for pk in plan.fatigue_checks if pk not in checked_today)]
    customers = Customer.objects.in_bulk(todo)
    invited = 0
    skipped: Counter[str] = Counter()
    for pk in progress(todo) if progress else todo:
        customer = customers.get(pk)
        if customer is None:  # deleted since the plan was made
            continue
        outcome = invite_customer(survey, customer, trigger=Trigger.COVERAGE, now=now)
        if isinstance(outcome, Invitation):
            invited += 1
        else:
            skipped[outcome.reason] += 1
    return replace(
        base,
        invited=invited,
        skipped=dict(skipped),
        due_remaining=plan.due - invited,
    )


# The contact policy ------------------------------------------------------------------------

POLICY_LIMITS: dict[str, tuple[int, int]] = {
    "fatigue_days": (0, 365),
    "coverage_days": (30, 3 * 365),
    "token_valid_days": (1, 365),
}


@transaction.atomic
def update_contact_policy(
    *, fatigue_days: int, coverage_days: int, token_valid_days: int
) -> ContactPolicy:
    """Change the contact rules. Coverage must leave room for two fatigue windows, or the
    guarantee could not be kept without breaking the fatigue rule."""
    values = {
        "fatigue_days": fatigue_days,
        "coverage_days": coverage_days,
        "token_valid_days": token_valid_days,
    }
    errors = {
        name: f"Between {low} and {high} days."
        for name, (low, high) in POLICY_LIMITS.items()
        if not low <= values[name] <= high
    }
    if not errors and coverage_days <= 2 * max(fatigue_days, 1):
        errors["coverage_days"] = (
            f"Must be more than twice the fatigue period ({2 * max(fatigue_days, 1)} days)."
        )
    if errors:
        raise ValidationError("Invalid contact policy.", field_errors=errors)
    policy = (
        ContactPolicy.objects.select_for_update().filter(pk=1).first() or ContactPolicy.current()
    )
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def rebuild_contact_rollups() -> int:
    """Recompute every customer's last_heard_at (latest feedback), last_invited_at (latest
    invitation e-mailed) and last_asked_at (latest relationship invitation) from the stored
    rows: the daily repair of the rollups that analysis, inviting and sending keep up to date
    as they go."""
    latest_item = (
        FeedbackItem.objects.filter(customer=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    latest_mail = (
        Invitation.objects.filter(customer=OuterRef("pk"), sent_at__isnull=False)
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    latest_ask = (
        Invitation.objects.filter(customer=OuterRef("pk"), survey__kind=SurveyKind.RELATIONSHIP)
        .order_by("-invited_at")
        .values("invited_at")[:1]
    )
    return rebuild_contact(
        heard=Subquery(latest_item), invited=Subquery(latest_mail), asked=Subquery(latest_ask)
    )
