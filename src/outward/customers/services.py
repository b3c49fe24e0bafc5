"""Writes about customers, products, batches, assets and touchpoints."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Case, DateTimeField, F, Q, Subquery, Value, When
from django.utils import timezone

from outward.core.errors import ValidationError
from outward.core.writes import apply_changes, save_validated
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer, CustomerAsset, Product, ProductBatch, Touchpoint


def _normalise_customer(customer: Customer, changes: Mapping[str, Any]) -> None:
    if customer.email:
        customer.email = customer.email.strip().lower()
    if customer.external_id == "":
        customer.external_id = None
    if "status" in changes and customer.status == LifecycleStatus.ACTIVE:
        customer.churned_on = None
    if customer.status == LifecycleStatus.CHURNED and customer.churned_on is None:
        customer.churned_on = timezone.localdate()
    if "contact_consent" in changes:
        customer.consent_updated_at = timezone.now()


@transaction.atomic
def create_customer(**fields: Any) -> Customer:
    customer = Customer(**fields)
    _normalise_customer(customer, fields)
    return save_validated(customer, what="customer")


@transaction.atomic
def update_customer(customer: Customer, **changes: Any) -> Customer:
    apply_changes(customer, changes)
    _normalise_customer(customer, changes)
    return save_validated(customer, what="customer")


@transaction.atomic
def create_product(**fields: Any) -> Product:
    return save_validated(Product(**fields), what="product")


@transaction.atomic
def update_product(product: Product, **changes: Any) -> Product:
    return save_validated(apply_changes(product, changes), what="product")


@transaction.atomic
def create_batch(**fields: Any) -> ProductBatch:
    return save_validated(ProductBatch(**fields), what="batch")


@transaction.atomic
def update_batch(batch: ProductBatch, **changes: Any) -> ProductBatch:
    return save_validated(apply_changes(batch, changes), what="batch")


def _check_asset(asset: CustomerAsset) -> None:
    if asset.batch_id is None:
        return
    batch = ProductBatch.objects.filter(pk=asset.batch_id).only("product_id").first()
    if batch is None:
        raise ValidationError("No such batch.", field_errors={"batch": "No such batch."})
    if batch.product_id != asset.product_id:
        raise ValidationError(
            "The batch belongs to another product.",
            field_errors={"batch": "Not a batch of this product."},
        )


@transaction.atomic
def create_asset(**fields: Any) -> CustomerAsset:
    asset = CustomerAsset(**fields)
    _check_asset(asset)
    return save_validated(asset, what="asset")


@transaction.atomic
def update_asset(asset: CustomerAsset, **changes: Any) -> CustomerAsset:
    apply_changes(asset, changes)
    _check_asset(asset)
    return save_validated(asset, what="asset")


@transaction.atomic
def create_touchpoint(**fields: Any) -> Touchpoint:
    return save_validated(Touchpoint(**fields), what="touchpoint")


@transaction.atomic
def update_touchpoint(touchpoint: Touchpoint, **changes: Any) -> Touchpoint:
    return save_validated(apply_changes(touchpoint, changes), what="touchpoint")


CONTACT_SLICE = 500  # customers per UPDATE (three parameters each)


def note_contact(
    *,
    heard: Mapping[uuid.UUID, datetime] | None = None,
    invited: Mapping[uuid.UUID, datetime] | None = None,
    asked: Mapping[uuid.UUID, datetime] | None = None,
) -> None:
    """Move customers' last_heard_at / last_invited_at / last_asked_at forward to the given
    moments (never back: a late-arriving old item leaves a newer date alone)."""
    for field, moments in (
        ("last_heard_at", heard or {}),
        ("last_invited_at", invited or {}),
        ("last_asked_at", asked or {}),
    ):
        ids = list(moments)
        for start in range(0, len(ids), CONTACT_SLICE):
            part = ids[start : start + CONTACT_SLICE]
            later = Case(
                *(
                    When(
                        Q(pk=pk) & (Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": at})),
                        then=Value(at),
                    )
                    for pk, at in ((pk, moments[pk]) for pk in part)
                ),
                default=F(field),
                output_field=DateTimeField(),
            )
            Customer.objects.filter(pk__in=part).update(**{field: later})


def rebuild_contact(*, heard: Subquery, invited: Subquery, asked: Subquery) -> int:
    """Recompute the rollups for every customer from the owners' subqueries (latest feedback,
    latest e-mailed invitation, latest relationship invitation); repairs any drift. Returns
    the customers updated."""
    return Customer.objects.update(
        last_heard_at=heard, last_invited_at=invited, last_asked_at=asked
    )
