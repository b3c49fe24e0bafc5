"""What customers' experience is worth: churn and revenue by NPS group and by issue exposure,
revenue at risk, and competitor mentions with switching intent over time.

Customers here are buyers (an account, or a consumer): the people of an account speak, the
account pays and churns. Every figure is an association in observational data, not an
effect: customers who complain about a theme may differ in other ways from those who do not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from outward.analytics.cx import compare_proportions, wilson_interval
from outward.analytics.results import Result

NPS_GROUPS = ("promoter", "passive", "detractor", "no answer")
RISK_WINDOW = dt.timedelta(days=90)
"""A complaint within this window of the data's end puts the customer's revenue at risk."""


@dataclass(frozen=True, slots=True)
class GroupOutcome(Result):
    """Churn and revenue of one group of customers (a Wilson interval on the churn rate)."""

    group: str
    customers: int
    churned: int
    churn_rate: float
    churn_ci: tuple[float, float]
    annual_value: float
    lost_value: float


@dataclass(frozen=True, slots=True)
class ExposureOutcome(Result):
    """Customers who complained about a theme against those who did not: churn rates, their
    difference (a two-proportion z test), the value that left and the value still at risk."""

    theme_id: int
    exposed: int
    exposed_churn: float
    exposed_ci: tuple[float, float]
    unexposed_churn: float
    difference: float
    difference_ci: tuple[float, float]
    p_value: float
    lost_value: float
    revenue_at_risk: float


@dataclass(frozen=True, slots=True)
class CompetitorMonths(Result):
    """Per month: items, items naming each competitor, items saying they will switch."""

    months: tuple[str, ...]
    items: tuple[int, ...]
    mentions: dict[str, tuple[int, ...]]
    switching: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class OutcomeReport(Result):
    customers: int
    churned: int
    annual_value: float
    revenue_at_risk: float
    at_risk_customers: int
    nps_groups: tuple[GroupOutcome, ...]
    exposure: tuple[ExposureOutcome, ...]
    competitors: CompetitorMonths


def nps_group(score: float) -> str:
    if not np.isfinite(score):
        return "no answer"
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


def _group(name: str, churned: NDArray[np.bool_], value: NDArray[np.float64]) -> GroupOutcome:
    n, lost = int(churned.size), int(churned.sum())
    low, high = wilson_interval(lost, n)
    return GroupOutcome(
        name,
        n,
        lost,
        lost / n if n else float("nan"),
        (low, high),
        float(value.sum()),
        float(value[churned].sum()),
    )


def outcome_report(
    items: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    issue_themes: Sequence[int],
    competitor_names: Sequence[str] = (),
    answers: pd.DataFrame | None = None,
) -> OutcomeReport:
    """Outcomes of the buyers in `customers` from what their people said in `items`.

    items: one row per item with columns customer (the buyer's id), date (UTC datetime), nps
    (NaN when not asked), theme_id, negative (bool), competitors (names joined by "; ", or
    empty) and switching (bool). customers: one row per buyer with columns customer, churned
    (bool) and annual_value. answers: the NPS answers (customer, date, nps) when they are not
    all among the items (answers without a comment); default: the items' own. A buyer's NPS
    group is that of its latest NPS answer; a buyer is
    exposed to a theme when one of its items in that theme is negative. Revenue at risk: the
    annual value of the active buyers with a negative item in an issue theme within
    RISK_WINDOW of the latest date.
    """
    buyers = customers.drop_duplicates("customer").set_index("customer")
    churned = buyers["churned"].to_numpy(np.bool_)
    value = buyers["annual_value"].to_numpy(np.float64)
    index = pd.Index(buyers.index)
    said = items[items["customer"].isin(index)]

    scores = said if answers is None else answers[answers["customer"].isin(index)]
    scored = scores[np.isfinite(scores["nps"].to_numpy(np.float64))].sort_values("date")
    latest = scored.groupby("customer")["nps"].last()
    groups = np.array(
        [nps_group(float(s)) for s in latest.reindex(index).to_numpy(np.float64)], dtype=object
    )
    nps_groups = tuple(
        _group(name, churned[groups == name], value[groups == name]) for name in NPS_GROUPS
    )

    negative = said[said["negative"].to_numpy(np.bool_)]
    exposure = []
    for theme in issue_themes:
        who = index.isin(negative.loc[negative["theme_id"] == theme, "customer"])
        if not who.any():
            continue
        a, n_a = int(churned[~who].sum()), int((~who).sum())
        b, n_b = int(churned[who].sum()), int(who.sum())
        test = compare_proportions(a, n_a, b, n_b)
        exposure.append(
            ExposureOutcome(
                int(theme),
                n_b,
                b / n_b,
                wilson_interval(b, n_b),
                a / n_a if n_a else float("nan"),
                test.effect,
                (test.ci_low, test.ci_high),
                test.p_value,
                float(value[who & churned].sum()),
                float(value[who & ~churned].sum()),
            )
        )

    at_risk = np.zeros(len(index), dtype=np.bool_)
    if len(negative):
        recent = negative[
            negative["theme_id"].isin(list(issue_themes))
            & (negative["date"] >= negative["date"].max() - RISK_WINDOW)
        ]
        at_risk = index.isin(recent["customer"]) & ~churned
    return OutcomeReport(
        customers=len(index),
        churned=int(churned.sum()),
        annual_value=float(value.sum()),
        revenue_at_risk=float(value[at_risk].sum()),
        at_risk_customers=int(at_risk.sum()),
        nps_groups=nps_groups,
        exposure=tuple(sorted(exposure, key=lambda e: -e.revenue_at_risk)),
        competitors=competitor_months(items, competitor_names),
    )


def competitor_months(items: pd.DataFrame, names: Sequence[str]) -> CompetitorMonths:
    """Monthly counts of items, of items naming each competitor and of switching intent."""
    if items.empty:
        return CompetitorMonths((), (), dict.fromkeys(names, ()), ())
    month = items["date"].dt.strftime("%Y-%m")
    months = sorted(month.dropna().unique())
    per = pd.DataFrame({"month": month, "switching": items["switching"].astype(bool)})
    per["items"] = 1
    named = items["competitors"].fillna("").astype(str)
    for name in names:
        per[name] = named.str.split("; ").apply(lambda found, n=name: n in found)
    totals = per.groupby("month").sum(numeric_only=True).reindex(months, fill_value=0)
    return CompetitorMonths(
        months=tuple(months),
        items=tuple(int(x) for x in totals["items"]),
        mentions={name: tuple(int(x) for x in totals[name]) for name in names},
        switching=tuple(int(x) for x in totals["switching"]),
    )
