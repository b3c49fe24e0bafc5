"""Outcomes: churn and revenue by NPS group and issue exposure, revenue at risk, competitors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from outward.analytics.outcomes import nps_group, outcome_report

DAY = pd.Timestamp("2025-06-01", tz="UTC")


def item(
    customer: str,
    days_ago: int,
    *,
    nps: float = math.nan,
    theme: int = -1,
    negative: bool = False,
    competitors: str = "",
    switching: bool = False,
) -> dict[str, object]:
    return {
        "customer": customer,
        "date": DAY - pd.Timedelta(days=days_ago),
        "nps": nps,
        "theme_id": theme,
        "negative": negative,
        "competitors": competitors,
        "switching": switching,
    }


CUSTOMERS = pd.DataFrame(
    {
        "customer": ["a", "b", "c", "d"],
        "churned": [False, True, True, False],
        "annual_value": [100.0, 200.0, 300.0, 400.0],
    }
)


@pytest.mark.parametrize(
    ("score", "group"),
    [(10, "promoter"), (9, "promoter"), (8, "passive"), (7, "passive"), (6, "detractor"),
     (0, "detractor"), (math.nan, "no answer")],
)  # fmt: skip
def test_nps_groups_follow_the_standard_cut_offs(score: float, group: str) -> None:
    assert nps_group(score) == group


def test_a_customer_counts_in_the_group_of_its_latest_answer() -> None:
    items = pd.DataFrame(
        [
            item("a", 200, nps=2),
            item("a", 10, nps=10),  # latest: promoter
            item("b", 30, nps=3),
            item("c", 5, nps=1),
        ]
    )

    report = outcome_report(items, CUSTOMERS, issue_themes=[])
    groups = {g.group: g for g in report.nps_groups}

    assert groups["promoter"].customers == 1
    assert groups["promoter"].churned == 0
    assert groups["detractor"].customers == 2
    assert groups["detractor"].churned == 2
    assert groups["detractor"].churn_rate == 1.0
    assert groups["detractor"].lost_value == 500.0
    assert groups["no answer"].customers == 1  # d never answered
    assert groups["passive"].customers == 0
    assert math.isnan(groups["passive"].churn_rate)
    low, high = groups["detractor"].churn_ci
    assert 0 < low < 1.0 <= high


def test_exposure_compares_churn_of_those_who_complained_with_everyone_else() -> None:
    items = pd.DataFrame(
        [
            item("b", 40, theme=7, negative=True),
            item("c", 20, theme=7, negative=True),
            item("a", 20, theme=7, negative=False),  # not a complaint: not exposed
            item("d", 10, theme=8, negative=True),
        ]
    )

    report = outcome_report(items, CUSTOMERS, issue_themes=[7, 8, 9])
    by_theme = {e.theme_id: e for e in report.exposure}

    assert set(by_theme) == {7, 8}  # nobody complained about 9
    seven = by_theme[7]
    assert (seven.exposed, seven.exposed_churn, seven.unexposed_churn) == (2, 1.0, 0.0)
    assert seven.difference == pytest.approx(1.0)
    assert seven.lost_value == 500.0
    assert seven.revenue_at_risk == 0.0
    assert by_theme[8].revenue_at_risk == 400.0


def test_revenue_at_risk_is_active_customers_with_a_recent_complaint() -> None:
    items = pd.DataFrame(
        [
            item("a", 200, theme=1, negative=True),  # too long ago
            item("b", 5, theme=1, negative=True),  # churned already
            item("d", 30, theme=1, negative=True),
        ]
    )

    report = outcome_report(items, CUSTOMERS, issue_themes=[1])

    assert report.revenue_at_risk == 400.0
    assert report.at_risk_customers == 1
    assert (report.customers, report.churned, report.annual_value) == (4, 2, 1000.0)


def test_competitor_mentions_and_switching_are_counted_per_month() -> None:
    items = pd.DataFrame(
        [
            item("a", 60, competitors="Brightline", switching=True),
            item("b", 59, competitors="Brightline; Acme"),
            item("c", 1),
            item("d", 0, competitors="Acme", switching=True),
        ]
    )

    months = outcome_report(
        items, CUSTOMERS, issue_themes=[], competitor_names=["Brightline", "Acme"]
    ).competitors

    assert months.months == ("2025-04", "2025-05", "2025-06")
    assert months.items == (2, 1, 1)
    assert months.mentions == {"Brightline": (2, 0, 0), "Acme": (1, 0, 1)}
    assert months.switching == (1, 0, 1)


def test_no_items_gives_empty_tables_not_errors() -> None:
    empty = pd.DataFrame([item("a", 0)]).iloc[0:0]

    report = outcome_report(empty, CUSTOMERS, issue_themes=[1], competitor_names=["X"])

    assert report.exposure == ()
    assert report.revenue_at_risk == 0.0
    assert report.competitors.mentions == {"X": ()}
    assert [g.customers for g in report.nps_groups] == [0, 0, 0, 4]
    assert np.isfinite(report.annual_value)


def test_answers_without_a_comment_set_the_group_but_are_not_items() -> None:
    items = pd.DataFrame([item("a", 3, theme=1, negative=True)])
    answers = pd.DataFrame({"customer": ["a", "b"], "date": [DAY, DAY], "nps": [10.0, 0.0]})

    report = outcome_report(items, CUSTOMERS, issue_themes=[1], answers=answers)
    groups = {g.group: g.customers for g in report.nps_groups}

    assert groups == {"promoter": 1, "passive": 0, "detractor": 1, "no answer": 2}
    assert report.competitors.items == (1,)
