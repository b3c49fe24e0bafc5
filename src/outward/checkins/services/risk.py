"""Refit the churn-risk model on the customers' own history and score the active ones.

The model learns from a snapshot HORIZON_DAYS ago: every customer active then, their features
as they stood that day, and whether they churned since. Only a model that ranks customers it
did not learn from well enough (`analytics.churnrisk.MIN_AUC`) scores anyone; otherwise the
current scores are cleared, so nobody is called on a guess.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outward.analytics import churnrisk
from outward.checkins.features import feature_table
from outward.checkins.models import CustomerRisk, RiskRun
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer

HORIZON_DAYS = 90
SCORE_SLICE = 5000  # customers scored per feature query


def _learning_table(snapshot: dt.date, today: dt.date) -> pd.DataFrame:
    then_active = Customer.objects.filter(
        Q(churned_on__isnull=True) | Q(churned_on__gte=snapshot),
        Q(customer_since__isnull=True) | Q(customer_since__lt=snapshot),
    )
    table = feature_table(then_active, snapshot)
    left = dict(then_active.filter(churned_on__lte=today).values_list("pk", "churned_on"))
    table["churned"] = [pk in left for pk in table.index]
    return table


def refit_risk(today: dt.date | None = None) -> RiskRun:
    """Learn, validate, and (if the model is usable) re-score every active customer."""
    today = today or timezone.localdate()
    snapshot = today - dt.timedelta(days=HORIZON_DAYS)
    model = churnrisk.fit(_learning_table(snapshot, today))
    scores: list[CustomerRisk] = []
    active = Customer.objects.filter(status=LifecycleStatus.ACTIVE).order_by("pk")
    ids = list(active.values_list("pk", flat=True)) if model.usable else []
    run = RiskRun(
        snapshot_on=snapshot,
        horizon_days=HORIZON_DAYS,
        usable=model.usable,
        auc=model.auc,
        customers=model.n,
        churned=model.churned,
        note=model.note,
        coefficients=model.coefficients,
    )
    for start in range(0, len(ids), SCORE_SLICE):
        part = ids[start : start + SCORE_SLICE]
        now_table = feature_table(Customer.objects.filter(pk__in=part), today)
        for pk, risk in zip(now_table.index, churnrisk.score(model, now_table), strict=True):
            scores.append(
                CustomerRisk(
                    customer_id=pk, run=run, probability=risk.probability, reasons=risk.reasons
                )
            )
    with transaction.atomic():
        run.save()
        CustomerRisk.objects.all().delete()
        CustomerRisk.objects.bulk_create(scores, batch_size=2000)
    return run


def latest_run() -> RiskRun | None:
    return RiskRun.objects.order_by("-created_at", "-pk").first()
