"""One, few or many, and batch concentration of defects."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from outward.analytics.prevalence import (
    Prevalence,
    PrevalenceThresholds,
    RecallRule,
    batch_concentration,
    holm,
    theme_prevalence,
)

UTC = dt.UTC


def test_prevalence_counts_distinct_customers_not_mentions() -> None:
    report = theme_prevalence(
        ["login", "login", "login", "billing"], ["c1", "c1", "c2", "c3"], base_size=100
    )

    login = next(t for t in report.themes if t.theme == "login")
    assert (login.customers, login.mentions) == (2, 3)
    assert login.share_of_base == pytest.approx(0.02)


def test_prevalence_classes_single_few_many_against_the_base() -> None:
    # Base 10 000: few goes up to max(5, 0.5% x 10 000) = 50 customers.
    themes = ["a"] + ["b"] * 50 + ["c"] * 51
    customers = [0, *range(50), *range(51)]

    report = theme_prevalence(themes, customers, base_size=10_000)

    classes = {t.theme: t.prevalence for t in report.themes}
    assert classes == {"a": Prevalence.SINGLE, "b": Prevalence.FEW, "c": Prevalence.MANY}
    assert report.themes[0].few_max == 50


def test_prevalence_thresholds_are_configurable() -> None:
    limits = PrevalenceThresholds(single_max=1, few_min=2, few_share=0.0)

    report = theme_prevalence(["x"] * 3, [1, 2, 3], base_size=10, thresholds=limits)

    assert report.themes[0].prevalence == Prevalence.MANY


def test_prevalence_window_excludes_rows_outside_and_missing_dates() -> None:
    stamps = [dt.datetime(2024, 5, d, tzinfo=UTC) for d in (1, 2, 9)] + [None]

    report = theme_prevalence(
        ["t"] * 4,
        [1, 2, 3, 4],
        base_size=10,
        timestamps=stamps,
        window=(dt.datetime(2024, 5, 1, tzinfo=UTC), dt.datetime(2024, 5, 8, tzinfo=UTC)),
    )

    assert report.themes[0].customers == 2


def test_holm_adjustment_matches_hand_computation() -> None:
    # Sorted 0.005, 0.01, 0.03, 0.04 x 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 -> running max.
    adjusted = holm([0.01, 0.04, 0.03, 0.005])

    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])


def test_fisher_exact_test_on_the_tea_tasting_table() -> None:
    # Batch A: 3 of 4 owners affected; batch B: 1 of 4. One-sided Fisher p = 17/70.
    owners = [f"c{i}" for i in range(8)]
    report = batch_concentration(
        owners, ["kettle"] * 8, ["A"] * 4 + ["B"] * 4, ["c0", "c1", "c2", "c4"]
    )

    batch_a = next(b for b in report.batches if b.batch == "A")
    assert batch_a.test.startswith("fisher")
    assert batch_a.p_value == pytest.approx(17 / 70)
    assert batch_a.p_value == pytest.approx(
        stats.fisher_exact([[3, 1], [1, 3]], alternative="greater").pvalue
    )
    assert batch_a.ratio == pytest.approx(3.0)


def _fleet(rate_in_b7: float, seed: int = 0) -> tuple[list[int], list[str], list[str], list[int]]:
    rng = np.random.default_rng(seed)
    customers = list(range(4000))
    batches = [f"B{c % 10}" for c in customers]
    hit = rng.random(4000) < np.where(np.array(batches) == "B7", rate_in_b7, 0.01)
    return customers, ["boiler"] * 4000, batches, [c for c in customers if hit[c]]


def test_batch_defect_concentration_flags_recall_review() -> None:
    report = batch_concentration(*_fleet(0.25), theme="leak")

    assert report.flagged == ("boiler/B7",)
    top = report.batches[0]
    assert top.batch == "B7"
    assert top.share >= 0.10
    assert top.ratio >= 5
    assert top.p_adjusted < 0.01
    assert top.test.startswith("two-proportion z")


def test_uniform_defect_rate_is_not_flagged() -> None:
    report = batch_concentration(*_fleet(0.01))

    assert report.flagged == ()
    assert all(not b.recall_review for b in report.batches)


def test_recall_rule_thresholds_are_configurable() -> None:
    strict = RecallRule(min_share=0.5)

    report = batch_concentration(*_fleet(0.25), rule=strict)

    assert report.flagged == ()


def test_single_batch_product_is_reported_but_not_tested() -> None:
    report = batch_concentration([1, 2, 3], ["p"] * 3, ["only"] * 3, [1, 2, 3])

    assert len(report.batches) == 1
    assert math.isnan(report.batches[0].p_value)
    assert not report.batches[0].recall_review


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", None]), st.one_of(st.integers(0, 9), st.none())),
        max_size=50,
    ),
    st.integers(0, 10**9),
)
def test_prevalence_never_counts_more_customers_than_mentions(
    rows: list[tuple[str | None, int | None]], base: int
) -> None:
    report = theme_prevalence([r[0] for r in rows], [r[1] for r in rows], base_size=base)

    for theme in report.themes:
        assert theme.customers <= theme.mentions
        if base > 0:
            assert 0.0 <= theme.share_of_base <= theme.customers
    assert sum(t.mentions for t in report.themes) == sum(r[0] is not None for r in rows)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.sampled_from(["x", "y"]), st.sampled_from("ABC")),
        max_size=60,
    ),
    st.sets(st.integers(0, 30)),
)
def test_batch_statistics_are_defined_for_any_fleet(
    owners: list[tuple[int, str, str]], affected: set[int]
) -> None:
    report = batch_concentration(
        [o[0] for o in owners], [o[1] for o in owners], [o[2] for o in owners], list(affected)
    )

    for b in report.batches:
        assert 0 <= b.affected <= b.owners
        if not math.isnan(b.p_value):
            assert 0.0 <= b.p_value <= b.p_adjusted <= 1.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0, 1), max_size=30))
def test_holm_never_lowers_a_p_value(p: list[float]) -> None:
    adjusted = holm(p)

    assert np.all(adjusted >= np.asarray(p) - 1e-15)
    assert np.all(adjusted <= 1.0)
