"""The churn-risk features of customers as they stood on a day (`analytics.churnrisk.FEATURES`),
each counted by the database per customer (a few GROUP BY queries, whatever the number of
customers)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

import pandas as pd
from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.utils import timezone

from outward.analytics.churnrisk import FEATURES
from outward.cases.choices import PromiseStatus
from outward.cases.models import Case, Promise
from outward.customers.models import Customer, CustomerAsset
from outward.feedback.choices import SENTIMENT_NEUTRAL_BAND
from outward.feedback.models import FeedbackItem
from outward.insights.choices import ThemeKind
from outward.insights.models import Theme, ThemeCustomerDay

RECENT_DAYS = 90
EARLIER_DAYS = 365
PROMISE_DAYS = 180
SILENCE_CAP = 365
AGE_CAP = 3650


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _by_customer(rows: Iterable[dict[str, Any]], key: str) -> dict[uuid.UUID, Any]:
    return {row["customer_id"]: row[key] for row in rows}


def feature_table(customers: QuerySet[Customer], day: dt.date) -> pd.DataFrame:
    """One row per customer (index: id), FEATURES as of the start of `day`."""
    ids = list(customers.values_list("pk", flat=True))
    end, recent = _at(day), _at(day - dt.timedelta(days=RECENT_DAYS))
    earlier = _at(day - dt.timedelta(days=EARLIER_DAYS))
    mine = Q(customer_id__in=customers.values("pk"))
    items = FeedbackItem.objects.filter(mine, occurred_at__lt=end).values("customer_id").order_by()
    lately = items.filter(occurred_at__gte=recent).annotate(
        mood=Avg("sentiment"),
        negative=Count("pk", filter=Q(sentiment__lt=-SENTIMENT_NEUTRAL_BAND)),
        nps_now=Avg("nps"),
    )
    before = items.filter(occurred_at__gte=earlier, occurred_at__lt=recent).annotate(
        nps_then=Avg("nps")
    )
    last = items.annotate(last=Max("occurred_at"))
    issues = (
        ThemeCustomerDay.objects.filter(
            mine,
            day__gte=day - dt.timedelta(days=RECENT_DAYS),
            day__lt=day,
            theme_id__in=Theme.objects.filter(kind=ThemeKind.ISSUE).values("pk"),
        )
        .values("customer_id")
        .order_by()
        .annotate(n=Count("theme_id", distinct=True))
    )
    open_cases = (
        Case.objects.filter(mine, created_at__lt=end)
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=end))
        .values("customer_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    broken = (
        Promise.objects.filter(
            mine,
            status=PromiseStatus.BROKEN,
            due_at__lt=end,
            due_at__gte=_at(day - dt.timedelta(days=PROMISE_DAYS)),
        )
        .values("customer_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    assets = (
        CustomerAsset.objects.filter(mine, owned_since__lt=day)
        .values("customer_id")
        .order_by()
        .annotate(first=Min("owned_since"))
    )
    rows = list(lately)
    sentiment, negative = _by_customer(rows, "mood"), _by_customer(rows, "negative")
    now_nps, then_nps = _by_customer(rows, "nps_now"), _by_customer(before, "nps_then")
    last_at, first_owned = _by_customer(last, "last"), _by_customer(assets, "first")
    counts = {
        "issues": _by_customer(issues, "n"),
        "open_cases": _by_customer(open_cases, "n"),
        "broken_promises": _by_customer(broken, "n"),
    }
    values = []
    for pk in ids:
        heard = last_at.get(pk)
        silence = (end - heard).days if heard else SILENCE_CAP
        owned = first_owned.get(pk)
        drop = (
            then_nps[pk] - now_nps[pk]
            if then_nps.get(pk) is not None and now_nps.get(pk) is not None
            else 0.0
        )
        values.append(
            [
                sentiment.get(pk) or 0.0,
                negative.get(pk, 0),
                counts["issues"].get(pk, 0),
                counts["open_cases"].get(pk, 0),
                counts["broken_promises"].get(pk, 0),
                min(silence, SILENCE_CAP),
                drop,
                min((day - owned).days, AGE_CAP) if owned else 0,
            ]
        )
    return pd.DataFrame(
        values, index=pd.Index(ids, name="customer"), columns=list(FEATURES), dtype=float
    )
