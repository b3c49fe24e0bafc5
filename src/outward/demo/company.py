"""The demo company in memory: customers, products, batches, assets, employees and skills.

Nothing here touches the database: `build_company` returns unsaved model instances and plain
specs, every value drawn from the seeded generator or derived from the reference date.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar

from django.utils import timezone

from outward.core.roles import Role
from outward.customers.choices import CustomerKind, LifecycleStatus
from outward.customers.models import Customer, CustomerAsset, Product, ProductBatch
from outward.demo import phrases

T = TypeVar("T")

STAFF_DOMAIN = "staff.kestrel-home.example"
COMPANY_NAME = "Kestrel Home"
SENDER_ADDRESS = "care@kestrel-home.example"
CUSTOMER_EXTERNAL_PREFIX = "DEMO-"

# sku prefix, name, category, what a customer calls it, description, years on sale, weight
PRODUCTS: tuple[tuple[str, str, str, str, str, int, int], ...] = (
    ("BMP", "Brewmaster Pro", "Coffee machines", "espresso machine",
     "Dual-boiler espresso machine for homes and small offices.", 4, 30),
    ("SWP", "Sweeply S3", "Floor care", "robot vacuum",
     "Robot vacuum with a self-emptying dock.", 2, 20),
    ("VSO", "Vapora Steam Oven", "Cooking", "steam oven",
     "Built-in combination steam oven.", 3, 18),
    ("CVF", "Coolvault 600", "Cooling", "fridge",
     "Large fridge-freezer with an ice maker.", 5, 16),
    ("CWD", "Clearwave D7", "Dishwashers", "dishwasher",
     "Quiet dishwasher for kitchens and canteens.", 3, 16),
)  # fmt: skip

# Every product has six lots, made this many days before the reference date.
BATCH_AGES_DAYS: tuple[int, ...] = (560, 470, 380, 290, 180, 95)
FIRST_LOT_NUMBER = 101
DEFECT_SKU_PREFIX = "BMP"
DEFECT_LOT = "BMP-105"  # the fifth lot of the Brewmaster Pro, made about six months ago

DESKS = ("Support Desk North", "Support Desk South", "Support Desk West")
STRUGGLING_DESK = "Support Desk South"
CREWS = ("Field Crew East", "Field Crew West")
ONBOARDING_TEAM = "Onboarding"
DESK_BY_REGION = {
    "north": "Support Desk North",
    "east": "Support Desk North",
    "south": "Support Desk South",
    "west": "Support Desk West",
    "central": "Support Desk West",
}
CREW_BY_REGION = {
    "north": "Field Crew East",
    "east": "Field Crew East",
    "central": "Field Crew East",
    "south": "Field Crew West",
    "west": "Field Crew West",
}

TEAMS: tuple[tuple[str, str], ...] = (
    ("Leadership", "The customer officer and the people who decide where to invest."),
    ("Customer Insight", "Analysts who turn the customers' voice into findings."),
    ("Support Desk North", "Phone, chat and e-mail support for the north and east regions."),
    ("Support Desk South", "Phone, chat and e-mail support for the south region."),
    ("Support Desk West", "Phone, chat and e-mail support for the west and central regions."),
    ("Field Crew East", "Technicians for visits, repairs and maintenance in the east."),
    ("Field Crew West", "Technicians for visits, repairs and maintenance in the west."),
    ("Onboarding", "Set-up calls, training and first-use help for new customers."),
)

# team, role, job title, leads the team
ROSTER: tuple[tuple[str, str, str, bool], ...] = (
    ("Leadership", Role.EXECUTIVE, "Chief Customer Officer", True),
    ("Customer Insight", Role.ANALYST, "Lead insight analyst", True),
    ("Customer Insight", Role.ANALYST, "Insight analyst", False),
    ("Customer Insight", Role.ANALYST, "Insight analyst", False),
    *[
        row
        for desk, agents in (("Support Desk North", 4), ("Support Desk South", 4),
                             ("Support Desk West", 5))
        for row in (
            (desk, Role.MANAGER, "Support desk manager", True),
            *[(desk, Role.AGENT, "Support agent", False)] * agents,
        )
    ],
    ("Field Crew East", Role.MANAGER, "Field service manager", True),
    *[("Field Crew East", Role.FIELD_TECHNICIAN, "Field technician", False)] * 3,
    ("Field Crew West", Role.FIELD_TECHNICIAN, "Senior field technician", True),
    *[("Field Crew West", Role.FIELD_TECHNICIAN, "Field technician", False)] * 2,
    ("Onboarding", Role.MANAGER, "Onboarding manager", True),
    *[("Onboarding", Role.AGENT, "Onboarding specialist", False)] * 2,
)  # fmt: skip

SKILLS: tuple[tuple[str, str], ...] = (
    ("Espresso machines", "Diagnosing and repairing the Brewmaster range."),
    ("Robot vacuums", "Set-up and troubleshooting of the Sweeply range."),
    ("Steam ovens", "Installation, programmes and care of the Vapora range."),
    ("Refrigeration", "Coolvault fridges: cooling circuits and ice makers."),
    ("Dishwashers", "Clearwave dishwashers: installation and repairs."),
    ("Water treatment", "Limescale, filters and water hardness."),
    ("Installation", "Safe installation of built-in appliances."),
    ("Electrical safety", "Testing and certifying appliances on site."),
    ("Complaint handling", "De-escalation and owning a problem to the end."),
    ("Billing systems", "Invoices, refunds and payment plans."),
    ("Data analysis", "Statistics, dashboards and text analysis."),
    ("Coaching", "Developing people through feedback."),
    ("German", "Serving customers in German."),
    ("French", "Serving customers in French."),
    ("Dutch", "Serving customers in Dutch."),
)
PRODUCT_SKILLS = SKILLS[:5]
LANGUAGE_SKILLS = ("German", "French", "Dutch")


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    team: str
    job_title: str
    leads: bool
    skills: tuple[tuple[str, int, date | None], ...]


@dataclass
class Company:
    accounts: list[Customer]
    people: list[Customer]  # people in accounts and consumers: the ones who talk to us
    products: list[Product]
    batches: list[ProductBatch]
    assets: list[CustomerAsset]
    staff: list[StaffSpec]
    category_of: dict[uuid.UUID, str]  # product id -> what customers call it
    buyer_of: dict[uuid.UUID, Customer] = field(default_factory=dict)  # person id -> buyer
    assets_of: dict[uuid.UUID, list[CustomerAsset]] = field(default_factory=dict)

    @property
    def customers(self) -> list[Customer]:
        return [*self.accounts, *self.people]

    @property
    def defect_batch(self) -> ProductBatch:
        return next(b for b in self.batches if b.lot_code == DEFECT_LOT)


SERVICE_INTERVAL_DAYS = 365  # every appliance is serviced once a year


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def weighted(rng: random.Random, options: Sequence[tuple[T, int]]) -> T:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def at(day: date, rng: random.Random, first_hour: int = 7, last_hour: int = 21) -> datetime:
    """A time of day on `day`, aware in the current time zone."""
    moment = time(rng.randint(first_hour, last_hour), rng.randint(0, 59), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, moment))


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


class _Names:
    """Unique person names, e-mail addresses and business names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.emails: set[str] = set()
        self.businesses: set[str] = set()

    def person(self) -> tuple[str, str]:
        return self.rng.choice(phrases.FIRST_NAMES), self.rng.choice(phrases.LAST_NAMES)

    def email(self, first: str, last: str, domain: str) -> str:
        base = f"{ascii_slug(first)}.{ascii_slug(last)}"
        address, n = f"{base}@{domain}", 1
        while address in self.emails:
            n += 1
            address = f"{base}{n}@{domain}"
        self.emails.add(address)
        return address

    def business(self) -> str:
        while True:
            name = (
                f"{self.rng.choice(phrases.BUSINESS_FIRST)} "
                f"{self.rng.choice(phrases.BUSINESS_KINDS)}"
                f"{self.rng.choice(phrases.BUSINESS_SUFFIXES)}"
            )
            if name not in self.businesses:
                self.businesses.add(name)
                return name


def _products(rng: random.Random, today: date) -> tuple[list[Product], list[ProductBatch]]:
    products: list[Product] = []
    batches: list[ProductBatch] = []
    for prefix, name, category, _, description, years, _ in PRODUCTS:
        product = Product(
            id=new_uuid(rng),
            sku=f"KST-{prefix}",
            name=name,
            category=category,
            description=description,
            launched_on=today - timedelta(days=365 * years + rng.randint(0, 90)),
            service_interval_days=SERVICE_INTERVAL_DAYS,
        )
        products.append(product)
        for n, age in enumerate(BATCH_AGES_DAYS):
            batches.append(
                ProductBatch(
                    id=new_uuid(rng),
                    product=product,
                    lot_code=f"{prefix}-{FIRST_LOT_NUMBER + n}",
                    manufactured_on=today - timedelta(days=age + rng.randint(0, 10)),
                    quantity=rng.randrange(800, 3000, 50),
                )
            )
    return products, batches


def _customer(rng: random.Random, number: int, **fields: object) -> Customer:
    return Customer(
        id=new_uuid(rng),
        external_id=f"{CUSTOMER_EXTERNAL_PREFIX}{number:05d}",
        language=weighted(rng, phrases.LANGUAGES),
        currency="EUR",
        contact_consent=rng.random() < 0.86,
        **fields,
    )


def _since_and_churn(rng: random.Random, today: date, churn_rate: float) -> dict[str, object]:
    since = today - timedelta(days=rng.randint(60, 6 * 365))
    if rng.random() < churn_rate:
        churned = today - timedelta(days=rng.randint(10, 330))
        since = min(since, churned - timedelta(days=rng.randint(150, 900)))
        return {"customer_since": since, "status": LifecycleStatus.CHURNED, "churned_on": churned}
    return {"customer_since": since, "status": LifecycleStatus.ACTIVE, "churned_on": None}


def _customers(
    rng: random.Random, today: date, size: int
) -> tuple[list[Customer], list[Customer], dict[uuid.UUID, Customer]]:
    names = _Names(rng)
    accounts: list[Customer] = []
    people: list[Customer] = []
    buyer_of: dict[uuid.UUID, Customer] = {}
    n_accounts = max(1, round(size * 0.125))
    budget = size - n_accounts
    for _ in range(n_accounts):
        business = names.business()
        segment = "enterprise" if rng.random() < 0.18 else "smb"
        value = (
            _money(rng, 40_000, 400_000) if segment == "enterprise" else _money(rng, 2_000, 40_000)
        )
        region = weighted(rng, phrases.REGIONS)
        account = _customer(
            rng,
            len(accounts) + len(people) + 1,
            kind=CustomerKind.ACCOUNT,
            name=business,
            email=names.email("info", ascii_slug(business), "example.com"),
            segment=segment,
            region=region,
            annual_value=value,
            **_since_and_churn(rng, today, 0.12),
        )
        accounts.append(account)
        domain = f"{ascii_slug(business)[:24]}.example.com"
        for _ in range(min(rng.randint(2, 6), max(0, budget))):
            first, last = names.person()
            person = _customer(
                rng,
                len(accounts) + len(people) + 1,
                kind=CustomerKind.PERSON,
                account=account,
                name=f"{first} {last}",
                email=names.email(first, last, domain),
                segment=segment,
                region=region,
                annual_value=Decimal("0.00"),
                customer_since=account.customer_since,
                status=account.status,
                churned_on=account.churned_on,
            )
            people.append(person)
            buyer_of[person.id] = account
            budget -= 1
    for _ in range(max(0, budget)):
        first, last = names.person()
        person = _customer(
            rng,
            len(accounts) + len(people) + 1,
            kind=CustomerKind.PERSON,
            name=f"{first} {last}",
            email=names.email(first, last, rng.choice(("example.net", "example.org"))),
            segment="consumer",
            region=weighted(rng, phrases.REGIONS),
            annual_value=_money(rng, 120, 2_500),
            **_since_and_churn(rng, today, 0.12),
        )
        people.append(person)
        buyer_of[person.id] = person
    for customer in [*accounts, *people]:
        if customer.contact_consent:
            assert customer.customer_since is not None
            customer.consent_updated_at = at(customer.customer_since, rng)
    return accounts, people, buyer_of


def _assets(
    rng: random.Random, today: date, people: list[Customer], batches: list[ProductBatch]
) -> list[CustomerAsset]:
    """Each person uses one to three products; the lot follows from when they got it."""
    by_prefix: dict[str, list[ProductBatch]] = {}
    for batch in batches:
        by_prefix.setdefault(batch.lot_code.split("-")[0], []).append(batch)
    product_weights = [(spec[0], spec[6]) for spec in PRODUCTS]
    assets: list[CustomerAsset] = []
    for person in people:
        last_day = (person.churned_on or today) - timedelta(days=14)
        count = weighted(rng, ((1, 60), (2, 30), (3, 10)))
        for prefix in dict.fromkeys(weighted(rng, product_weights) for _ in range(count)):
            lots = by_prefix[prefix]
            available = [
                b
                for b in lots
                if b.manufactured_on and b.manufactured_on + timedelta(20) < last_day
            ] or lots[:1]
            batch = rng.choice(available)
            assert batch.manufactured_on is not None
            made = batch.manufactured_on
            owned = made + timedelta(days=rng.randint(20, 110))
            owned = max(made + timedelta(days=20), min(owned, last_day))
            if person.customer_since and person.customer_since > owned:
                person.customer_since = owned
            assets.append(
                CustomerAsset(
                    id=new_uuid(rng),
                    customer=person,
                    product=batch.product,
                    batch=batch,
                    serial_number=f"{batch.lot_code}-{len(assets) + 1:06d}",
                    owned_since=owned,
                )
            )
    return assets


def _staff(rng: random.Random, today: date) -> list[StaffSpec]:
    names = _Names(rng)
    staff: list[StaffSpec] = []
    usernames: set[str] = set()
    for team, role, title, leads in ROSTER:
        first, last = names.person()
        while f"{ascii_slug(first)}.{ascii_slug(last)}" in usernames:
            first, last = names.person()
        username = f"{ascii_slug(first)}.{ascii_slug(last)}"
        usernames.add(username)
        staff.append(
            StaffSpec(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@{STAFF_DOMAIN}",
                role=role,
                team=team,
                job_title=title,
                leads=leads,
                skills=_skills_for(rng, today, role, team),
            )
        )
    return staff


def _skills_for(
    rng: random.Random, today: date, role: str, team: str
) -> tuple[tuple[str, int, date | None], ...]:
    # The struggling desk is young: low levels, mostly unverified (the pulse issue explains it).
    junior = team == STRUGGLING_DESK and role == Role.AGENT
    picks: list[str] = []
    products = [name for name, _ in PRODUCT_SKILLS]
    if role == Role.FIELD_TECHNICIAN:
        picks = [*rng.sample(products, 4), "Installation", "Electrical safety", "Water treatment"]
    elif role == Role.AGENT:
        picks = [*rng.sample(products, 2), "Complaint handling", "Billing systems"]
    elif role == Role.MANAGER:
        picks = [rng.choice(products), "Coaching", "Complaint handling"]
    elif role == Role.ANALYST:
        picks = ["Data analysis", rng.choice(products)]
    else:
        picks = ["Coaching", "Data analysis"]
    if rng.random() < 0.3:
        picks.append(rng.choice(LANGUAGE_SKILLS))
    skills: list[tuple[str, int, date | None]] = []
    for name in dict.fromkeys(picks):
        level = rng.randint(1, 2) if junior else weighted(rng, ((2, 2), (3, 4), (4, 4), (5, 2)))
        unverified = (junior and rng.random() < 0.75) or rng.random() < 0.15
        skills.append(
            (name, level, None if unverified else today - timedelta(days=rng.randint(10, 700)))
        )
    return tuple(skills)


def build_company(seed: int, today: date, size: int) -> Company:
    rng = random.Random(f"outward-demo:{seed}:company")
    products, batches = _products(rng, today)
    accounts, people, buyer_of = _customers(rng, today, size)
    assets = _assets(rng, today, people, batches)
    assets_of: dict[uuid.UUID, list[CustomerAsset]] = {}
    for asset in assets:
        assets_of.setdefault(asset.customer.id, []).append(asset)
    for account in accounts:
        members = [p for p in people if buyer_of[p.id] is account]
        if members:
            account.customer_since = min(p.customer_since or today for p in members)
    return Company(
        accounts=accounts,
        people=people,
        products=products,
        batches=batches,
        assets=assets,
        staff=_staff(rng, today),
        category_of={p.id: spec[3] for p, spec in zip(products, PRODUCTS, strict=True)},
        buyer_of=buyer_of,
        assets_of=assets_of,
    )
