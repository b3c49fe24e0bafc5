"""Read queries behind the field observation pages."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from outward.accounts.models import User
from outward.core.roles import Role
from outward.customers.models import Customer, CustomerAsset
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
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


def _seen_by(user: User, path: str) -> Q:
    """A technician reads their own observations and their team's; other roles all."""
    if user.role != Role.FIELD_TECHNICIAN:
        return Q()
    mine = Q(**{path: user})
    if user.team_id is not None:
        mine |= Q(**{f"{path}__team_id": user.team_id})
    return mine


def recent(user: User) -> QuerySet[FeedbackItem]:
    """Every field observation the home page counts (the feedback items of that source,
    whether recorded on the phone form, sent through the API or imported), newest first,
    with the form's details where it came from there."""
    return (
        FeedbackItem.objects.filter(source=Source.FIELD_OBSERVATION)
        .filter(_seen_by(user, "field_observation__observed_by"))
        .select_related("customer", "product", "field_observation__observed_by")
        .order_by("-occurred_at", "id")
    )


def observation(pk: uuid.UUID, user: User) -> FieldObservation | None:
    return (
        FieldObservation.objects.select_related(
            "customer", "asset__product", "asset__batch", "observed_by", "feedback"
        )
        .filter(_seen_by(user, "observed_by"))
        .filter(pk=pk)
        .first()
    )
