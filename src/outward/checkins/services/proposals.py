"""The daily check-in proposals: customers the model finds at risk, customers we have not
heard from in a long while who have nothing open with us, and owners whose appliance is due
for its service. Each customer is proposed once at a time, never within the contact
policy's fatigue period of a survey invitation or within COOLDOWN_DAYS of their last
check-in, and only with their consent to be contacted."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from outward.cases.choices import ACTIVE_STATUSES
from outward.cases.models import Case
from outward.checkins.choices import CheckInStatus, Reason
from outward.checkins.models import CheckIn, CustomerRisk, RiskRun
from outward.checkins.services.assignment import Assigner
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer, CustomerAsset
from outward.surveys.models import ContactPolicy

SILENT_DAYS = 180
SERVICE_NOTICE_DAYS = 14
MIN_LIFT = 2.0  # at least twice as likely to leave as an average customer
AT_RISK_SHARE = 0.05  # at most the riskiest 5% of scored customers
PER_REASON = 100  # proposals per reason and day, at most: a team's day of calls
COOLDOWN_DAYS = 90


@dataclass(frozen=True)
class Wanted:
    customer_id: uuid.UUID
    reason: str
    detail: str
    risk: float | None = None


@dataclass(frozen=True)
class Proposed:
    at_risk: int
    service: int
    silent: int

    @property
    def total(self) -> int:
        return self.at_risk + self.service + self.silent


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def eligible(today: dt.date) -> QuerySet[Customer]:
    """Active, consenting customers with no check-in waiting or recent, and no survey
    invitation inside the fatigue period."""
    policy = ContactPolicy.current()
    recent = CheckIn.objects.filter(customer=OuterRef("pk")).filter(
        Q(status=CheckInStatus.PROPOSED)
        | Q(proposed_on__gt=today - dt.timedelta(days=max(COOLDOWN_DAYS, policy.fatigue_days)))
    )
    customers = Customer.objects.filter(status=LifecycleStatus.ACTIVE, contact_consent=True)
    if policy.fatigue_days > 0:
        cutoff = _start(today - dt.timedelta(days=policy.fatigue_days - 1))
        customers = customers.exclude(last_invited_at__gte=cutoff)
    return customers.exclude(Exists(recent))


def at_risk(customers: QuerySet[Customer]) -> list[Wanted]:
    """The riskiest customers (at most AT_RISK_SHARE of those scored), each at least MIN_LIFT
    times as likely to leave as an average customer."""
    scored = CustomerRisk.objects.count()
    run = RiskRun.objects.filter(usable=True).order_by("-created_at", "-pk").first()
    if not scored or run is None:
        return []
    top = max(1, math.ceil(scored * AT_RISK_SHARE))
    cut = (
        CustomerRisk.objects.order_by("-probability")
        .values_list("probability", flat=True)[top - 1 : top]
        .first()
    )
    base = run.base_rate
    floor = max(MIN_LIFT * base, cut or 0.0)
    rows = (
        CustomerRisk.objects.filter(customer__in=customers, probability__gte=floor)
        .order_by("-probability", "customer_id")
        .values_list("customer_id", "probability", "reasons")[:PER_REASON]
    )
    return [
        Wanted(pk, Reason.AT_RISK, _risk_words(p, base, reasons or ["several signs"], run), p)
        for pk, p, reasons in rows
    ]


def _risk_words(probability: float, base: float, reasons: list[str], run: RiskRun) -> str:
    lift = f" ({probability / base:.0f}x the usual {base:.0%})" if base else ""
    chance = ">99%" if probability > 0.99 else f"{probability:.0%}"
    return f"{chance} chance of leaving within {run.horizon_days} days{lift}: " + ", ".join(reasons)


def silent(customers: QuerySet[Customer], today: dt.date) -> list[Wanted]:
    since = _start(today - dt.timedelta(days=SILENT_DAYS))
    open_case = Case.objects.filter(customer=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    rows = (
        customers.filter(
            Q(last_heard_at__lt=since) | Q(last_heard_at__isnull=True, created_at__lt=since)
        )
        .exclude(Exists(open_case))
        .order_by(F("last_heard_at").asc(nulls_first=True), "pk")
        .values_list("pk", "last_heard_at")[:PER_REASON]
    )
    return [
        Wanted(
            pk,
            Reason.SILENT,
            f"Last heard from on {timezone.localtime(heard):%Y-%m-%d}; nothing open"
            if heard
            else "Never heard from; nothing open",
        )
        for pk, heard in rows
    ]


def next_service(owned_since: dt.date, interval: int, today: dt.date) -> dt.date:
    """The first service date on or after today (services fall every `interval` days)."""
    elapsed = (today - owned_since).days
    return owned_since + dt.timedelta(days=interval * max(1, math.ceil(elapsed / interval)))


def service_due(customers: QuerySet[Customer], today: dt.date) -> list[Wanted]:
    assets = (
        CustomerAsset.objects.filter(
            customer__in=customers,
            product__service_interval_days__gt=0,
            owned_since__lt=today,
        )
        .order_by("customer_id", "owned_since")
        .values_list(
            "customer_id", "product__name", "owned_since", "product__service_interval_days"
        )
    )
    wanted: dict[uuid.UUID, tuple[dt.date, Wanted]] = {}
    for pk, product, since, interval in assets.iterator(chunk_size=5000):
        if since is None or not interval:
            continue
        due = next_service(since, interval, today)
        if pk not in wanted and (due - today).days <= SERVICE_NOTICE_DAYS:
            detail = f"{product} service due on {due:%Y-%m-%d}"
            wanted[pk] = (due, Wanted(pk, Reason.SERVICE, detail))
    soonest = sorted(wanted.values(), key=lambda pair: (pair[0], str(pair[1].customer_id)))
    return [found for _, found in soonest[:PER_REASON]]


def propose_checkins(today: dt.date | None = None) -> Proposed:
    """Propose the day's check-ins, each with a person to make it (a retry or a second
    worker proposes nobody twice)."""
    today = today or timezone.localdate()
    customers = eligible(today)
    picked: dict[uuid.UUID, Wanted] = {}
    for found in (at_risk(customers), service_due(customers, today), silent(customers, today)):
        for wanted in found:
            picked.setdefault(wanted.customer_id, wanted)
    people = Assigner(today)
    owners = people.owners(picked)
    known = Customer.objects.in_bulk(list(picked))
    rows = []
    for pk, wanted in picked.items():
        assignee, why = people.pick(known[pk], wanted.reason, owners.get(pk))
        rows.append(
            CheckIn(
                customer_id=pk,
                reason=wanted.reason,
                detail=wanted.detail[:300],
                risk=wanted.risk,
                proposed_on=today,
                assignee=assignee,
                assigned_because=why[:200],
            )
        )
    with transaction.atomic():
        CheckIn.objects.bulk_create(rows, ignore_conflicts=True)
    made = CheckIn.objects.filter(proposed_on=today, customer_id__in=list(picked))
    return Proposed(
        at_risk=made.filter(reason=Reason.AT_RISK).count(),
        service=made.filter(reason=Reason.SERVICE).count(),
        silent=made.filter(reason=Reason.SILENT).count(),
    )
