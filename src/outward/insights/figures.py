"""The refit's figures beyond the engine report: outcomes (churn and revenue by NPS group and
by issue exposure, revenue at risk, competitors over time), read by the outcomes page from
the current run, so that page never scans the feedback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from outward.analytics.outcomes import outcome_report
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.feedback.models import FeedbackItem


def _buyer(customer: pd.Series, account: pd.Series) -> pd.Series:
    """The account of a person in one, else the customer (who pays, and who churns)."""
    return account.where(account.notna(), customer).astype(str)


def outcomes(
    table: pd.DataFrame, items: pd.DataFrame, competitor_names: Sequence[str]
) -> dict[str, Any]:
    """Outcomes of the fit: `table` is the fit's input (`feedback_frame`), `items` the engine's
    per-item results in the same order. Theme ids are the engine's (the page maps them)."""
    buyers = pd.DataFrame(
        list(
            Customer.objects.filter(account__isnull=True).values_list(
                "id", "status", "annual_value"
            )
        ),
        columns=["customer", "status", "annual_value"],
    )
    buyers["customer"] = buyers["customer"].astype(str)
    buyers["churned"] = buyers["status"] == LifecycleStatus.CHURNED
    buyers["annual_value"] = pd.to_numeric(buyers["annual_value"]).astype(np.float64)
    said = pd.DataFrame(
        {
            "customer": _buyer(table["customer_id"], table["account_id"]).to_numpy(),
            "date": table["occurred_at"].to_numpy(),
            "nps": table["nps"].to_numpy(np.float64),
            "theme_id": items["theme_id"].to_numpy(np.int64),
            "negative": (items["sentiment"].to_numpy(np.float64) < -0.05),
            "competitors": items["competitors"].to_numpy(),
            "switching": items["switching_intent"].to_numpy(np.bool_),
        }
    )
    said["date"] = pd.to_datetime(said["date"], utc=True)
    scored = pd.DataFrame(
        list(
            FeedbackItem.objects.filter(nps__isnull=False).values_list(
                "customer_id", "customer__account_id", "occurred_at", "nps"
            )
        ),
        columns=["customer", "account", "date", "nps"],
    )
    answers = pd.DataFrame(
        {
            "customer": _buyer(scored["customer"], scored["account"]),
            "date": pd.to_datetime(scored["date"], utc=True),
            "nps": scored["nps"].astype(np.float64),
        }
    )
    engine_themes = sorted({int(t) for t in said["theme_id"].unique() if t >= 0})
    report = outcome_report(
        said,
        buyers[["customer", "churned", "annual_value"]],
        issue_themes=engine_themes,
        competitor_names=competitor_names,
        answers=answers,
    )
    return report.to_dict()
