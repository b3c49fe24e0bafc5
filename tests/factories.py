"""factory_boy factories for the domain. Writes in tests that are not the subject of the test
may use these; the behaviour under test always goes through the services."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from outward.accounts.models import Skill, Team, User, UserSkill
from outward.core.roles import Role
from outward.customers.choices import CustomerKind
from outward.customers.models import Customer, CustomerAsset, Product, ProductBatch, Touchpoint
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem

TEST_PASSWORD = "correct-horse-battery-staple"


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    role = Role.AGENT
    is_staff = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)
    is_superuser = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)
    password = factory.django.Password(TEST_PASSWORD)


class SkillFactory(factory.django.DjangoModelFactory[Skill]):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")


class UserSkillFactory(factory.django.DjangoModelFactory[UserSkill]):
    class Meta:
        model = UserSkill

    user = factory.SubFactory(UserFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class CustomerFactory(factory.django.DjangoModelFactory[Customer]):
    class Meta:
        model = Customer

    kind = CustomerKind.PERSON
    name = factory.Sequence(lambda n: f"Customer {n}")
    email = factory.Sequence(lambda n: f"customer{n}@example.org")
    external_id = factory.Sequence(lambda n: f"C-{n:05d}")
    segment = "smb"
    region = "north"
    annual_value = Decimal("1200.00")
    currency = "EUR"
    contact_consent = True


class AccountFactory(CustomerFactory):
    kind = CustomerKind.ACCOUNT
    name = factory.Sequence(lambda n: f"Account {n} Ltd")


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:04d}")
    name = factory.Sequence(lambda n: f"Product {n}")


class BatchFactory(factory.django.DjangoModelFactory[ProductBatch]):
    class Meta:
        model = ProductBatch

    product = factory.SubFactory(ProductFactory)
    lot_code = factory.Sequence(lambda n: f"LOT-{n:04d}")


class AssetFactory(factory.django.DjangoModelFactory[CustomerAsset]):
    class Meta:
        model = CustomerAsset

    customer = factory.SubFactory(CustomerFactory)
    batch = factory.SubFactory(BatchFactory)
    product = factory.SelfAttribute("batch.product")
    serial_number = factory.Sequence(lambda n: f"SN-{n:06d}")


def touchpoint(slug: str = "support") -> Touchpoint:
    """One of the seeded touchpoints (the migration creates them)."""
    return Touchpoint.objects.get(slug=slug)


class FeedbackFactory(factory.django.DjangoModelFactory[FeedbackItem]):
    class Meta:
        model = FeedbackItem

    source = Source.SURVEY
    customer = factory.SubFactory(CustomerFactory)
    text = "The delivery came two weeks late and nobody told me."
    nps = 4
    occurred_at = factory.LazyFunction(timezone.now)
