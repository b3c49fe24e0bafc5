"""Generating (and removing) the demo company: one all-or-nothing transaction.

The same seed and reference date give the same company, down to the UUIDs: every value comes
from generators seeded with the seed, every date from the reference date. Writes are bulk
inserts with no actor set, so the audit log stays empty (the demo is nobody's write).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction
from tqdm import tqdm

from outward.accounts.models import Organisation, Skill, Team, User, UserSkill
from outward.accounts.services import create_employee, forget_organisation, save_organisation
from outward.alerts.services.lifecycle import forget_alert_history
from outward.cases.services.lifecycle import forget_cases
from outward.checkins.services.outcomes import forget_checkins
from outward.community.services.staff import forget_community
from outward.core.errors import Conflict, ValidationError
from outward.core.roles import Role
from outward.customers.models import Customer, CustomerAsset, Product, ProductBatch, Touchpoint
from outward.customers.touchpoints import DEFAULT_TOUCHPOINTS
from outward.demo.company import (
    COMPANY_NAME,
    SENDER_ADDRESS,
    SKILLS,
    STAFF_DOMAIN,
    TEAMS,
    Company,
    build_company,
)
from outward.demo.phrases import COMPETITOR
from outward.demo.pulse import delete_demo_pulse, generate_pulse
from outward.demo.surveys import delete_demo_surveys, write_demo_surveys
from outward.demo.voice import Event, generate_feedback
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.feedback.services import schedule_analysis
from outward.fieldwork.choices import Urgency
from outward.fieldwork.models import FieldObservation
from outward.initiatives.services import forget_initiatives
from outward.insights.models import Competitor
from outward.insights.services.competitors import add_competitor, remove_competitor
from outward.insights.services.lifecycle import delete_insights
from outward.programme.services import forget_programme
from outward.reviews.services import forget_reviews
from outward.surveys.services.coverage import rebuild_contact_rollups

DEFAULT_SEED = 42
DEFAULT_CUSTOMERS = 2000
DEFAULT_FEEDBACK = 20_000
BULK_BATCH = 1000

M = TypeVar("M", bound=models.Model)


class DemoExists(Conflict):
    """The database already holds customers; the demo only goes into an empty one."""


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    today: date
    accounts: int
    people: int
    products: int
    batches: int
    assets: int
    teams: int
    employees: int
    skills: int
    feedback: int

    @property
    def customers(self) -> int:
        return self.accounts + self.people


def generate_demo(
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    customers: int = DEFAULT_CUSTOMERS,
    feedback: int = DEFAULT_FEEDBACK,
    *,
    reset: bool = False,
    progress: bool = False,
) -> DemoSummary:
    """Generate the demo company as of `today`; with `reset`, replace the previous one first."""
    from django.utils import timezone

    today = today or timezone.localdate()
    if customers < 10 or feedback < 0:
        raise ValidationError(
            "The demo needs at least 10 customers and a non-negative feedback count.",
            field_errors={"customers": ">= 10", "feedback": ">= 0"},
        )
    with transaction.atomic():
        if reset:
            delete_demo()
        elif (
            Customer.objects.exists() or User.objects.filter(email__endswith=STAFF_DOMAIN).exists()
        ):
            raise DemoExists(
                "The database already holds customers. Run `outward demo --reset` to replace "
                "them (and all feedback) with the demo company."
            )
        company = build_company(seed, today, customers)
        if not Organisation.objects.exists():  # an organisation someone named stays theirs
            save_organisation(name=COMPANY_NAME, sender_address=SENDER_ADDRESS)
        _write_staff(company)
        _bulk(Product, company.products, "products", progress)
        _bulk(ProductBatch, company.batches, "batches", progress)
        _bulk(Customer, company.accounts, "accounts", progress)
        _bulk(Customer, company.people, "people", progress)
        _bulk(CustomerAsset, company.assets, "assets", progress)
        items = generate_feedback(
            company,
            today,
            seed,
            feedback,
            _touchpoints(),
            _Progress("composing feedback", progress),
        )
        _bulk(FeedbackItem, items, "feedback", progress)
        _bulk(FieldObservation, _observations(items), "field observations", progress)
        write_demo_surveys(company, items, today, seed, _touchpoints())
        generate_pulse(seed, today)
        if not Competitor.objects.filter(name=COMPETITOR).exists():
            add_competitor(COMPETITOR)
        rebuild_contact_rollups()
        schedule_analysis()
    return DemoSummary(
        seed=seed,
        today=today,
        accounts=len(company.accounts),
        people=len(company.people),
        products=len(company.products),
        batches=len(company.batches),
        assets=len(company.assets),
        teams=len(TEAMS),
        employees=len(company.staff),
        skills=len(SKILLS),
        feedback=len(items),
    )


@transaction.atomic
def delete_demo() -> None:
    """Remove every customer, product and feedback item, and the demo's staff, teams, skills.

    Touchpoints stay (the migration seeds them); so do users the demo did not create. What
    the app understood of the old feedback (themes, rollups, recall reviews) goes too.
    """
    forget_organisation(name=COMPANY_NAME, sender_address=SENDER_ADDRESS)
    forget_reviews()
    forget_initiatives()
    forget_checkins()
    forget_programme()
    forget_community()
    forget_cases()
    forget_alert_history()
    delete_demo_pulse()
    delete_demo_surveys()
    delete_insights()
    for competitor in Competitor.objects.filter(name=COMPETITOR):
        remove_competitor(competitor)
    FeedbackItem.objects.all().delete()
    CustomerAsset.objects.all().delete()
    Customer.objects.filter(account__isnull=False).delete()
    Customer.objects.all().delete()
    ProductBatch.objects.all().delete()
    Product.objects.all().delete()
    User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}").delete()
    Team.objects.filter(name__in=[name for name, _ in TEAMS]).delete()
    Skill.objects.filter(name__in=[name for name, _ in SKILLS]).delete()


def _touchpoints() -> dict[str, Touchpoint]:
    found = {t.slug: t for t in Touchpoint.objects.all()}
    missing = [slug for slug, _, _ in DEFAULT_TOUCHPOINTS if slug not in found]
    if missing:
        raise ValidationError(f"The demo needs the default touchpoints; missing: {missing}.")
    return found


def _write_staff(company: Company) -> None:
    teams = {name: Team(name=name, description=text) for name, text in TEAMS}
    Team.objects.bulk_create(teams.values())
    users: dict[str, User] = {}
    for spec in company.staff:
        users[spec.username] = create_employee(
            username=spec.username,
            email=spec.email,
            role=spec.role,
            team=teams[spec.team],
            first_name=spec.first_name,
            last_name=spec.last_name,
            job_title=spec.job_title,
        )
        if spec.leads:
            teams[spec.team].lead = users[spec.username]
    Team.objects.bulk_update(teams.values(), ["lead"])
    skills = {name: Skill(name=name, description=text) for name, text in SKILLS}
    Skill.objects.bulk_create(skills.values())
    UserSkill.objects.bulk_create(
        UserSkill(user=users[spec.username], skill=skills[name], level=level, verified_on=on)
        for spec in company.staff
        for name, level, on in spec.skills
    )


def _observations(items: Sequence[FeedbackItem]) -> list[FieldObservation]:
    """The field-service items as the observations the company's technicians recorded: each
    customer is visited by one technician (their region's crew, chosen by the customer)."""
    technicians = list(
        User.objects.filter(role=Role.FIELD_TECHNICIAN, email__endswith=STAFF_DOMAIN)
        .select_related("team")
        .order_by("username")
    )
    if not technicians:
        return []
    owned = CustomerAsset.objects.values_list("pk", "customer_id", "product_id")
    assets: dict[tuple[Any, Any], Any] = {(c, p): pk for pk, c, p in owned}
    return [
        FieldObservation(
            customer_id=item.customer_id,
            asset_id=assets.get((item.customer_id, item.product_id)),
            observed_by=technicians[item.customer_id.int % len(technicians)],
            state=item.text,
            urgency=Urgency.HIGH if item.batch_id and item.csat in (1, 2) else Urgency.NORMAL,
            client_key=f"demo-{item.pk}",
            feedback=item,
        )
        for item in items
        if item.source == Source.FIELD_OBSERVATION and item.customer_id is not None
    ]


def _bulk(model: type[M], objects: Sequence[M], what: str, progress: bool) -> None:
    chunks = range(0, len(objects), BULK_BATCH)
    with tqdm(
        total=len(objects), desc=f"saving {what}", unit="", file=sys.stderr, disable=not progress
    ) as bar:
        for start in chunks:
            chunk = objects[start : start + BULK_BATCH]
            model._default_manager.bulk_create(chunk)
            bar.update(len(chunk))


class _Progress:
    def __init__(self, desc: str, enabled: bool) -> None:
        self.desc = desc
        self.enabled = enabled

    def __call__(self, events: Sequence[Event]) -> Iterable[Event]:
        return tqdm(events, desc=self.desc, unit="", file=sys.stderr, disable=not self.enabled)
