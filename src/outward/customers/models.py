"""Customers (accounts and the people in them), products, batches, assets and touchpoints."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from outward.core.models import TimeStampedModel, UUIDModel
from outward.customers.choices import CustomerKind, LifecycleStatus


class CustomerQuerySet(models.QuerySet["Customer"]):
    def active(self) -> CustomerQuerySet:
        return self.filter(status=LifecycleStatus.ACTIVE)

    def search(self, query: str) -> CustomerQuerySet:
        query = query.strip()
        if not query:
            return self
        return self.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(external_id__iexact=query)
        )


class Customer(UUIDModel):
    """A customer: an account (an organisation) or a person, who may belong to an account.

    Consumers are people without an account. Value and lifecycle live on whoever buys: the
    account for business customers, the person for consumers.
    """

    kind = models.CharField(
        max_length=10, choices=CustomerKind.choices, default=CustomerKind.PERSON
    )
    account = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        limit_choices_to={"kind": CustomerKind.ACCOUNT},
    )
    name = models.CharField(max_length=200)
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    email = models.EmailField(blank=True)
    segment = models.CharField(max_length=50, blank=True, db_index=True)
    region = models.CharField(max_length=50, blank=True, db_index=True)
    language = models.CharField(max_length=12, default="en")
    annual_value = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, default="EUR")
    status = models.CharField(
        max_length=10, choices=LifecycleStatus.choices, default=LifecycleStatus.ACTIVE
    )
    churned_on = models.DateField(null=True, blank=True)
    customer_since = models.DateField(null=True, blank=True)
    contact_consent = models.BooleanField(default=False)
    consent_updated_at = models.DateTimeField(null=True, blank=True)
    # Rollups for the coverage page, so it never scans feedback or invitations: kept up to
    # date by `customers.services.note_contact` as items are analysed, customers invited and
    # e-mails sent, and rebuilt daily.
    last_heard_at = models.DateTimeField(
        null=True, blank=True, help_text="When the customer last gave feedback (any source)."
    )
    last_invited_at = models.DateTimeField(
        null=True, blank=True, help_text="When a survey invitation was last e-mailed to them."
    )
    last_asked_at = models.DateTimeField(
        null=True, blank=True, help_text="When they were last invited to a relationship survey."
    )

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="customer_email_unique_ci",
                violation_error_message="A customer with this e-mail address already exists.",
            ),
            models.CheckConstraint(
                condition=Q(kind=CustomerKind.PERSON) | Q(account__isnull=True),
                name="customer_account_only_for_people",
            ),
            models.CheckConstraint(
                condition=(Q(status=LifecycleStatus.CHURNED) & Q(churned_on__isnull=False))
                | (Q(status=LifecycleStatus.ACTIVE) & Q(churned_on__isnull=True)),
                name="customer_churned_on_iff_churned",
            ),
            models.CheckConstraint(condition=Q(annual_value__gte=0), name="customer_value_gte_0"),
        ]
        indexes = [
            models.Index(fields=["status", "segment"]),
            # Covers the coverage page's one pass over the customers (no table rows read).
            models.Index(
                fields=["status", "segment", "region", "last_invited_at", "last_heard_at"],
                name="customer_coverage",
            ),
            models.Index(fields=["status", "last_heard_at"], name="customer_last_heard"),
            # Covers the count of customers who may be surveyed and who were not asked lately.
            models.Index(
                fields=["status", "contact_consent", "last_asked_at", "email"],
                name="customer_contactable",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_churned(self) -> bool:
        return self.status == LifecycleStatus.CHURNED


class Product(UUIDModel):
    """Something we sell and may have to service or recall."""

    sku = models.CharField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    launched_on = models.DateField(null=True, blank=True)
    service_interval_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Days between services: a check-in is proposed when an owner's is due.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProductBatch(UUIDModel):
    """One production lot of a product: the unit a recall is scoped to."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="batches")
    lot_code = models.CharField(max_length=50)
    manufactured_on = models.DateField(null=True, blank=True)
    quantity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["product__name", "lot_code"]
        verbose_name_plural = "product batches"
        constraints = [
            models.UniqueConstraint(fields=["product", "lot_code"], name="batch_lot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.product.name} lot {self.lot_code}"


class CustomerAsset(UUIDModel):
    """A product a customer owns, from which batch, since when."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="assets")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="assets")
    batch = models.ForeignKey(
        ProductBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="assets"
    )
    serial_number = models.CharField(max_length=100, blank=True)
    owned_since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["customer", "-owned_since"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "serial_number"],
                condition=~Q(serial_number=""),
                name="asset_serial_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} of {self.customer}"


class Touchpoint(TimeStampedModel):
    """A stage of the customer journey where customers meet us."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the journey.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
