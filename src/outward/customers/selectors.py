"""Read queries behind the customer pages."""

from __future__ import annotations

from django.db.models import Q

from outward.customers.choices import CustomerKind
from outward.customers.models import Customer, CustomerAsset, CustomerQuerySet
from outward.feedback.models import FeedbackItem, FeedbackQuerySet


def customer_list(
    *, q: str = "", status: str = "", segment: str = "", region: str = ""
) -> CustomerQuerySet:
    customers = Customer.objects.search(q).select_related("account")
    if status:
        customers = customers.filter(status=status)
    if segment:
        customers = customers.filter(segment=segment)
    if region:
        customers = customers.filter(region=region)
    return customers


def _distinct(field: str) -> list[str]:
    values = Customer.objects.exclude(**{field: ""}).order_by(field).values_list(field, flat=True)
    return list(values.distinct())


def segments() -> list[str]:
    return _distinct("segment")


def regions() -> list[str]:
    return _distinct("region")


def assets_of(customer: Customer) -> list[CustomerAsset]:
    """What the customer owns; for an account, what its people own too (with the owner)."""
    owned = Q(customer=customer)
    if customer.kind == CustomerKind.ACCOUNT:
        owned |= Q(customer__account=customer)
    return list(
        CustomerAsset.objects.filter(owned)
        .select_related("product", "batch", "customer")
        .order_by("product__name", "customer__name", "serial_number", "id")
    )


def people_of(customer: Customer, limit: int) -> list[Customer]:
    if customer.kind != CustomerKind.ACCOUNT:
        return []
    return list(customer.people.all()[:limit])


def timeline(customer: Customer) -> FeedbackQuerySet:
    """Everything we heard from the customer, newest first; for an account, its people too."""
    heard_from = Q(customer=customer)
    if customer.kind == CustomerKind.ACCOUNT:
        heard_from |= Q(customer__account=customer)
    return (
        FeedbackItem.objects.filter(heard_from)
        .select_related("customer", "touchpoint", "product")
        .order_by("-occurred_at", "id")
    )
