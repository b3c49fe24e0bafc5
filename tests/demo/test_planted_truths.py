"""The planted truths of docs/demo-data.md, checked statistically on a full-size company.

The company is generated once for the module (about 10 s) and removed afterwards. The checks
read texts with simple keyword cues, as an analysis would, never the generator's internals.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from pytest_django import DjangoDbBlocker

from outward.accounts.models import User, UserSkill
from outward.core.roles import Role
from outward.customers.models import Customer, CustomerAsset
from outward.demo.services import DemoSummary, delete_demo, generate_demo
from outward.feedback.models import FeedbackItem

TODAY = date(2025, 6, 30)
# Every test is marked, so pytest-django keeps them together and the company is built once.
pytestmark = pytest.mark.django_db

SIX_WEEKS_AGO = TODAY - timedelta(days=42)
LATE = re.compile(r"still waiting|still no|late|lead time|promised by|pushed back|too long|was due")


@dataclass(frozen=True)
class Item:
    customer_id: object
    status: str
    churned_on: date | None
    touchpoint: str
    product: str | None
    lot: str | None
    source: str
    text: str
    nps: int | None
    csat: int | None
    day: date
    team: str | None


Generated = tuple[DemoSummary, list[Item]]


@pytest.fixture(scope="module")
def company(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[tuple[DemoSummary, list[Item]]]:
    with django_db_blocker.unblock():
        summary = generate_demo(seed=42, today=TODAY)
        items = [
            Item(
                customer_id=row[0],
                status=row[1],
                churned_on=row[2],
                touchpoint=row[3],
                product=row[4],
                lot=row[5],
                source=row[6],
                text=row[7].lower(),
                nps=row[8],
                csat=row[9],
                day=row[10].date(),
                team=row[11].get("team"),
            )
            for row in FeedbackItem.objects.values_list(
                "customer_id",
                "customer__status",
                "customer__churned_on",
                "touchpoint__slug",
                "product__name",
                "batch__lot_code",
                "source",
                "text",
                "nps",
                "csat",
                "occurred_at",
                "raw",
            )
        ]
    yield summary, items
    with django_db_blocker.unblock():
        delete_demo()


def mean(values: list[int]) -> float:
    return statistics.fmean(values) if values else float("nan")


def test_company_has_the_promised_shape(company: Generated) -> None:
    summary, items = company

    assert summary.customers == 2000
    assert summary.accounts == 250
    assert summary.products == 5
    assert summary.employees == 30
    assert len(items) == 20_000


def test_customers_look_like_a_real_customer_base(company: Generated) -> None:
    buyers = Customer.objects.filter(account__isnull=True)
    churned = buyers.filter(status="churned").count() / buyers.count()
    consent = Customer.objects.filter(contact_consent=True).count() / Customer.objects.count()
    people_per_account = [
        account.people.count() for account in Customer.objects.filter(kind="account")
    ]

    assert 0.10 <= churned <= 0.15
    assert consent > 0.8
    assert min(people_per_account) >= 2
    assert max(people_per_account) <= 6
    assert set(Customer.objects.values_list("segment", flat=True)) == {
        "enterprise",
        "smb",
        "consumer",
    }
    assert set(Customer.objects.values_list("currency", flat=True)) == {"EUR"}
    assert Customer.objects.filter(language="en").count() / Customer.objects.count() > 0.85


def test_staff_have_roles_teams_and_skills(company: Generated) -> None:
    roles = list(User.objects.values_list("role", flat=True))

    assert roles.count(Role.EXECUTIVE) == 1
    assert roles.count(Role.MANAGER) == 5
    assert roles.count(Role.AGENT) == 15
    assert roles.count(Role.FIELD_TECHNICIAN) == 6
    assert roles.count(Role.ANALYST) == 3
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert not User.objects.filter(team__isnull=True).exists()
    assert set(UserSkill.objects.values_list("level", flat=True)) <= {1, 2, 3, 4, 5}


def test_owners_of_the_defective_lot_report_heating_failures(company: Generated) -> None:
    _, items = company
    reporters: dict[str, set[object]] = defaultdict(set)
    for item in items:
        if item.day >= SIX_WEEKS_AGO and "heat" in item.text and item.lot:
            reporters[item.lot].add(item.customer_id)
    owners: dict[str, set[object]] = defaultdict(set)
    for customer_id, lot in CustomerAsset.objects.filter(customer__status="active").values_list(
        "customer_id", "batch__lot_code"
    ):
        owners[lot].add(customer_id)

    def share(lots: list[str]) -> float:
        owned = sum(len(owners[lot]) for lot in lots)
        return sum(len(owners[lot] & reporters[lot]) for lot in lots) / owned

    defect_share = share(["BMP-105"])
    other_share = share([lot for lot in owners if lot != "BMP-105"])
    assert defect_share >= 0.30
    assert defect_share >= 10 * other_share
    assert not [item for item in items if "heat" in item.text and item.day < SIX_WEEKS_AGO]


def test_sweeply_owners_quote_the_battery_advert(company: Generated) -> None:
    _, items = company
    quoting = [
        item
        for item in items
        if "batter" in item.text and re.search(r"\b(3|three) days\b", item.text)
    ]

    assert len(quoting) >= 50
    assert all(item.product == "Sweeply S3" for item in quoting)
    assert (
        sum(
            bool(re.search(r"\bad\b|advert|website|commercial|marketing|box", item.text))
            for item in quoting
        )
        / len(quoting)
        > 0.8
    )


def test_unclear_descaling_instructions_lead_to_misuse(company: Generated) -> None:
    _, items = company
    descaling = [item for item in items if "descal" in item.text]

    assert len(descaling) >= 50
    assert all(item.product == "Vapora Steam Oven" for item in descaling)
    assert (
        mean([bool(re.search(r"manual|instructions|booklet|guide", i.text)) for i in descaling])
        > 0.8
    )
    assert any(item.source == "field_observation" for item in descaling)


def test_deliveries_are_late_and_the_least_satisfying(company: Generated) -> None:
    _, items = company
    delivery = [item for item in items if item.touchpoint == "delivery"]
    late = [item for item in delivery if LATE.search(item.text)]
    by_touchpoint: dict[str, list[int]] = defaultdict(list)
    for item in items:
        if item.csat is not None:
            by_touchpoint[item.touchpoint].append(item.csat)

    assert len(late) / len(delivery) >= 0.4
    assert min(by_touchpoint, key=lambda slug: mean(by_touchpoint[slug])) == "delivery"


def test_field_service_is_the_praised_touchpoint(company: Generated) -> None:
    _, items = company
    by_touchpoint: dict[str, list[int]] = defaultdict(list)
    for item in items:
        if item.csat is not None:
            by_touchpoint[item.touchpoint].append(item.csat)
    means = {slug: mean(scores) for slug, scores in by_touchpoint.items()}
    field = means.pop("field-service")

    assert field >= 4.4
    assert field >= max(means.values()) + 0.3


def test_brightline_is_named_by_customers_about_to_leave(
    company: Generated,
) -> None:
    _, items = company
    naming = [item for item in items if "brightline" in item.text]
    scored = [item.nps for item in naming if item.nps is not None]

    assert len(naming) >= 100
    assert sum(score <= 6 for score in scored) / len(scored) >= 0.85
    assert sum(item.status == "churned" for item in naming) / len(naming) >= 0.5


def test_detractors_talk_about_defects_and_delays_promoters_about_praise(
    company: Generated,
) -> None:
    _, items = company
    detractors = [item.text for item in items if item.nps is not None and item.nps <= 6]
    promoters = [item.text for item in items if item.nps is not None and item.nps >= 9]
    trouble = re.compile(r"heat|deliver|still waiting|lead time")
    praise = re.compile(r"technician|engineer|love|brilliant|great|happy|thank")

    assert mean([bool(trouble.search(t)) for t in detractors]) >= 5 * mean(
        [bool(trouble.search(t)) for t in promoters]
    )
    assert mean([bool(praise.search(t)) for t in promoters]) >= 3 * mean(
        [bool(praise.search(t)) for t in detractors]
    )


def test_churned_customers_were_unhappy_before_they_left(
    company: Generated,
) -> None:
    _, items = company
    before_churn = [
        item.nps
        for item in items
        if item.nps is not None
        and item.churned_on
        and item.churned_on - timedelta(days=90) <= item.day < item.churned_on
    ]
    active = [item.nps for item in items if item.nps is not None and item.status == "active"]

    assert len(before_churn) >= 100
    assert mean(before_churn) <= mean(active) - 2.5
    assert not [item for item in items if item.churned_on and item.day >= item.churned_on]


def test_one_support_desk_leaves_its_customers_less_satisfied(
    company: Generated,
) -> None:
    _, items = company
    by_desk: dict[str, list[int]] = defaultdict(list)
    for item in items:
        if item.csat is not None and item.team and item.team.startswith("Support Desk"):
            by_desk[item.team].append(item.csat)
    south = mean(by_desk.pop("Support Desk South"))

    assert len(by_desk) == 2
    assert all(south <= mean(scores) - 0.6 for scores in by_desk.values())


def test_texts_are_varied_and_natural(company: Generated) -> None:
    _, items = company
    texts = [item.text for item in items]

    assert len(set(texts)) / len(texts) >= 0.9
    assert not [t for t in texts if "lorem" in t or "ipsum" in t or "{" in t]
    assert len({len(t) // 40 for t in texts}) >= 5
    assert len({item.source for item in items}) == 8
    assert len({item.touchpoint for item in items}) == 9
