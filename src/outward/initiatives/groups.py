"""Who an initiative is for (the affected group) and who it is compared with (everyone else
active, in the same segment), as customer-id querysets the database evaluates."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from outward.customers.models import Customer
from outward.feedback.models import FeedbackItem
from outward.initiatives.models import Initiative
from outward.insights.models import ThemeCustomerDay

ALL_TIME = 3650  # days looked back for an initiative not yet changed


def exposure_period(initiative: Initiative, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days in which customers must have raised the issue to be affected: the window
    before the change (before it is made: the window up to today)."""
    end = (initiative.change_date or today + dt.timedelta(days=1)) - dt.timedelta(days=1)
    return end - dt.timedelta(days=initiative.window_days - 1), end


def _in_scope(initiative: Initiative) -> QuerySet[Customer]:
    """Active customers of the initiative's segment, product and batch."""
    customers = Customer.objects.active()
    if initiative.segment:
        customers = customers.filter(segment=initiative.segment)
    if initiative.batch_id:
        customers = customers.filter(assets__batch_id=initiative.batch_id)
    elif initiative.product_id:
        customers = customers.filter(assets__product_id=initiative.product_id)
    return customers


def affected(initiative: Initiative, today: dt.date) -> QuerySet[Customer]:
    """The customers the initiative is for (see `Initiative`)."""
    customers = _in_scope(initiative)
    start, end = exposure_period(initiative, today)
    themes = list(initiative.themes.values_list("pk", flat=True))
    if themes:
        said = ThemeCustomerDay.objects.filter(theme_id__in=themes, day__gte=start, day__lte=end)
        touchpoints = list(initiative.touchpoints.values_list("pk", flat=True))
        if touchpoints:
            said = said.filter(touchpoint_id__in=touchpoints)
        customers = customers.filter(pk__in=said.values("customer_id"))
    if initiative.competitor:
        named = FeedbackItem.objects.filter(
            text__icontains=initiative.competitor,
            occurred_at__date__gte=start,
            occurred_at__date__lte=end,
        )
        customers = customers.filter(pk__in=named.values("customer_id"))
    return customers.distinct()


def comparison(initiative: Initiative, today: dt.date) -> QuerySet[Customer]:
    """The customers it is compared with: active, same segment, not affected."""
    customers = Customer.objects.active()
    if initiative.segment:
        customers = customers.filter(segment=initiative.segment)
    return customers.exclude(pk__in=affected(initiative, today).values("pk"))


def is_targeted(initiative: Initiative) -> bool:
    """Whether anything narrows the affected group (else it would be everyone)."""
    return bool(
        initiative.segment
        or initiative.product_id
        or initiative.batch_id
        or initiative.competitor
        or initiative.themes.exists()
    )


def scored(customers: QuerySet[Customer], metric: str, start: dt.date, end: dt.date) -> list[int]:
    """The `metric` answers these customers gave between the two days (inclusive)."""
    return list(
        FeedbackItem.objects.filter(
            Q(**{f"{metric}__isnull": False}),
            customer_id__in=customers.values("pk"),
            occurred_at__date__gte=start,
            occurred_at__date__lte=end,
        ).values_list(metric, flat=True)
    )
