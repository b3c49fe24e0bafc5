"""Read queries behind the field observation pages."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from outward.customers.models import Customer, CustomerAsset
from outward.fieldwork.models import FieldObservation

SEARCH_LIMIT = 30


def find_customers(query: str, limit: int = SEARCH_LIMIT) -> list[Customer]:
    """Customers whose name, e-mail or external id matches; nothing for an empty query."""
    query = query.strip()[:200]
    if not query:
        return []
    return list(Customer.objects.search(query).order_by("name", "id")[:limit])


def customer(customer_id: str | None) -> Customer | None:
    """The customer a query string names, or None (missing, malformed or unknown id)."""
    try:
        pk = uuid.UUID(str(customer_id))
    except ValueError:
        return None
    return Customer.objects.filter(pk=pk).first()


def assets_of(customer_id: uuid.UUID) -> list[CustomerAsset]:
    return list(
        CustomerAsset.objects.filter(customer_id=customer_id)
        .select_related("product", "batch")
        .order_by("product__name", "serial_number", "id")
    )


def recent() -> QuerySet[FieldObservation]:
    return FieldObservation.objects.select_related(
        "customer", "asset__product", "observed_by"
    ).order_by("-created_at", "id")


def observation(pk: uuid.UUID) -> FieldObservation | None:
    return (
        FieldObservation.objects.select_related(
            "customer", "asset__product", "asset__batch", "observed_by", "feedback"
        )
        .filter(pk=pk)
        .first()
    )
