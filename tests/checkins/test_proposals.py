"""Every day, check-ins are proposed with customers at risk, customers silent for long with
nothing open, and owners whose appliance is due for service; each once, within the contact
rules, given to the account owner or by skill."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from outward.cases.choices import Resolution
from outward.cases.services.lifecycle import CaseSpec, open_case, resolve
from outward.checkins.choices import CheckInStatus, Reason
from outward.checkins.models import CheckIn, CustomerRisk, RiskRun
from outward.checkins.services.proposals import SILENT_DAYS, next_service, propose_checkins
from outward.core.roles import Role
from outward.customers.models import Customer
from outward.surveys.choices import Trigger
from outward.surveys.services.invitations import invite_customer
from tests.factories import (
    AssetFactory,
    CustomerFactory,
    ProductFactory,
    SkillFactory,
    TeamFactory,
    UserFactory,
    UserSkillFactory,
)
from tests.surveys.response_helpers import active_survey

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _heard(days_ago: int, **fields: object) -> Customer:
    return CustomerFactory.create(
        last_heard_at=_moment(TODAY - dt.timedelta(days=days_ago)), **fields
    )


def _risky(probability: float, **fields: object) -> Customer:
    customer = _heard(10, **fields)
    run = RiskRun.objects.first() or RiskRun.objects.create(
        snapshot_on=TODAY, horizon_days=90, usable=True, customers=100, churned=10
    )
    CustomerRisk.objects.create(
        customer=customer, run=run, probability=probability, reasons=["promises we broke"]
    )
    return customer


def _proposed(customer: Customer) -> CheckIn | None:
    return CheckIn.objects.filter(customer=customer, status=CheckInStatus.PROPOSED).first()


def _waiting(customer: Customer) -> CheckIn:
    return CheckIn.objects.get(customer=customer, status=CheckInStatus.PROPOSED)


def test_customers_silent_for_long_with_nothing_open_are_proposed() -> None:
    UserFactory.create(role=Role.AGENT)
    quiet = _heard(SILENT_DAYS + 20)
    recent = _heard(20)
    troubled = _heard(SILENT_DAYS + 20)
    open_case(CaseSpec(customer=troubled, title="Broken door"), None)

    made = propose_checkins(TODAY)

    assert made.silent == 1
    checkin = _proposed(quiet)
    assert checkin is not None
    assert checkin.reason == Reason.SILENT
    assert "Last heard from on" in checkin.detail
    assert _proposed(recent) is None
    assert _proposed(troubled) is None  # something is open: that is no check-in


def test_owners_are_proposed_just_before_their_service_is_due() -> None:
    product = ProductFactory.create(name="Coolvault 600", service_interval_days=365)
    due = AssetFactory.create(
        customer=_heard(5), product=product, owned_since=TODAY - dt.timedelta(days=360)
    )
    later = AssetFactory.create(
        customer=_heard(5), product=product, owned_since=TODAY - dt.timedelta(days=200)
    )

    made = propose_checkins(TODAY)

    assert made.service == 1
    checkin = _proposed(due.customer)
    assert checkin is not None
    assert checkin.detail == "Coolvault 600 service due on 2026-06-06"
    assert _proposed(later.customer) is None


def test_the_next_service_falls_every_interval_after_purchase() -> None:
    bought = dt.date(2024, 1, 10)

    assert next_service(bought, 365, dt.date(2024, 3, 1)) == dt.date(2025, 1, 9)
    assert next_service(bought, 365, dt.date(2025, 1, 9)) == dt.date(2025, 1, 9)
    assert next_service(bought, 365, dt.date(2025, 1, 10)) == dt.date(2026, 1, 9)


def test_only_the_riskiest_customers_twice_as_likely_to_leave_as_usual_are_proposed() -> None:
    risky = _risky(0.91)
    calm = [_risky(0.15) for _ in range(30)]  # 1.5 times the usual 10%: not enough

    made = propose_checkins(TODAY)

    assert made.at_risk == 1
    checkin = _proposed(risky)
    assert checkin is not None
    assert checkin.risk == pytest.approx(0.91)
    assert checkin.detail == (
        "91% chance of leaving within 90 days (9x the usual 10%): promises we broke"
    )
    assert not any(_proposed(c) for c in calm)


def test_a_customer_is_proposed_once_whatever_the_reasons_or_retries() -> None:
    product = ProductFactory.create(service_interval_days=100)
    customer = _risky(0.95)
    AssetFactory.create(
        customer=customer, product=product, owned_since=TODAY - dt.timedelta(days=99)
    )

    propose_checkins(TODAY)
    propose_checkins(TODAY)  # a retry, or a second worker
    propose_checkins(TODAY + dt.timedelta(days=1))

    assert CheckIn.objects.filter(customer=customer).count() == 1
    assert CheckIn.objects.get(customer=customer).reason == Reason.AT_RISK  # the first reason


def test_the_contact_rules_hold() -> None:
    asked = _heard(SILENT_DAYS + 20)
    invite_customer(
        active_survey(), asked, trigger=Trigger.MANUAL, now=_moment(TODAY) - dt.timedelta(days=2)
    )
    Customer.objects.filter(pk=asked.pk).update(
        last_invited_at=_moment(TODAY - dt.timedelta(days=2))
    )
    _heard(SILENT_DAYS + 20, contact_consent=False)
    called = _heard(SILENT_DAYS + 20)
    CheckIn.objects.create(
        customer=called,
        reason=Reason.SILENT,
        proposed_on=TODAY - dt.timedelta(days=30),
        status=CheckInStatus.DONE,
    )

    made = propose_checkins(TODAY)

    assert made.total == 0
    assert not CheckIn.objects.filter(status=CheckInStatus.PROPOSED).exists()


def test_the_account_owner_makes_the_call() -> None:
    owner = UserFactory.create(role=Role.AGENT)
    UserFactory.create(role=Role.AGENT)
    customer = _heard(SILENT_DAYS + 20)
    old = open_case(CaseSpec(customer=customer, title="Old matter", assignee=owner), None)
    resolve(old, Resolution.FIXED_DEFECT, owner)

    propose_checkins(TODAY)

    checkin = _proposed(customer)
    assert checkin is not None
    assert checkin.assignee == owner
    assert checkin.assigned_because == "handled the customer's latest case"


def test_otherwise_by_language_region_and_load() -> None:
    north = TeamFactory.create(region="north")
    skill = SkillFactory.create(name="German")
    speaker = UserFactory.create(role=Role.AGENT, username="zed")
    UserSkillFactory.create(user=speaker, skill=skill)
    local = UserFactory.create(role=Role.AGENT, team=north, username="amy")
    technician = UserFactory.create(role=Role.FIELD_TECHNICIAN, team=north, username="bob")
    in_german = _heard(SILENT_DAYS + 20, language="de")
    in_english = _heard(SILENT_DAYS + 20, region="north")
    product = ProductFactory.create(service_interval_days=365)
    owner = AssetFactory.create(
        customer=_heard(5, region="north"),
        product=product,
        owned_since=TODAY - dt.timedelta(days=360),
    ).customer

    propose_checkins(TODAY)

    german, english = _waiting(in_german), _waiting(in_english)
    assert german.assignee == speaker
    assert german.assigned_because.startswith("speaks German")
    assert english.assignee in {local, technician}
    assert "serves north" in english.assigned_because
    assert _waiting(owner).assignee == technician
