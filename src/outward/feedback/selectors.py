"""Read queries over the feedback stream."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from outward.feedback.models import FeedbackItem, FeedbackQuerySet

# The newest first; the id breaks ties so pagination by this key is stable.
NEWEST_FIRST = ("-occurred_at", "id")


@dataclass(frozen=True)
class FeedbackFilter:
    """What a list of feedback is narrowed to; None means "any"."""

    since: datetime | date | None = None  # inclusive; a date counts from its start
    until: datetime | date | None = None  # exclusive; a date counts to its end, inclusive
    source: str | None = None
    touchpoint: str | None = None  # slug
    customer_id: uuid.UUID | None = None
    product: str | None = None  # SKU
    theme_id: int | None = None
    nps_min: int | None = None
    nps_max: int | None = None
    csat_min: int | None = None
    csat_max: int | None = None
    ces_min: int | None = None
    ces_max: int | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _bound(value: datetime | date | None, *, end: bool) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return _start_of(value + timedelta(days=1) if end else value)


def feedback_items(criteria: FeedbackFilter) -> FeedbackQuerySet:
    """Feedback matching `criteria`, with what its listing shows fetched in the same query."""
    items = FeedbackItem.objects.select_related("touchpoint", "product", "batch").between(
        _bound(criteria.since, end=False), _bound(criteria.until, end=True)
    )
    if criteria.source is not None:
        items = items.filter(source=criteria.source)
    if criteria.touchpoint is not None:
        items = items.filter(touchpoint__slug=criteria.touchpoint)
    if criteria.customer_id is not None:
        items = items.filter(customer_id=criteria.customer_id)
    if criteria.product is not None:
        items = items.filter(product__sku=criteria.product)
    if criteria.theme_id is not None:
        items = items.filter(theme_id=criteria.theme_id)
    for score in ("nps", "csat", "ces"):
        if (low := getattr(criteria, f"{score}_min")) is not None:
            items = items.filter(**{f"{score}__gte": low})
        if (high := getattr(criteria, f"{score}_max")) is not None:
            items = items.filter(**{f"{score}__lte": high})
    return items
