"""Key drivers: planted effects, Pratt shares, fix-first ranking and held-out validation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outward.analytics.drivers import key_drivers


def _themes(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    shares = np.linspace(0.05, 0.4, 8)
    return pd.DataFrame(
        (rng.random((n, 8)) < shares).astype(float), columns=[f"theme_{i}" for i in range(8)]
    )


def test_driver_importance_finds_planted_driver() -> None:
    rng = np.random.default_rng(1)
    themes = _themes(3000)
    nps_like = 8 - 3 * themes["theme_5"] + rng.normal(0, 2, 3000)

    report = key_drivers(themes, nps_like, n_boot=100)

    top = report.drivers[0]
    assert top.name == "theme_5"
    assert top.importance_ci[0] > 0.8
    assert top.effect == pytest.approx(-3.0, abs=0.25)
    assert top.impact == pytest.approx(top.effect * top.prevalence)
    assert report.fix_first[0] == "theme_5"


def test_pratt_shares_sum_to_one_and_r_squared_matches_least_squares() -> None:
    rng = np.random.default_rng(2)
    themes = _themes(2000, seed=2)
    y = 5 - themes["theme_1"] + 2 * themes["theme_6"] + rng.normal(0, 1, 2000)
    design = np.column_stack([np.ones(2000), themes.to_numpy()])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    r2 = 1 - np.var(y - design @ beta) / np.var(y)

    report = key_drivers(themes, y, n_boot=20, ridge=1e-9)

    assert sum(d.importance for d in report.drivers) == pytest.approx(1.0)
    assert report.r_squared == pytest.approx(r2, abs=1e-6)
    effects = {d.name: d.effect for d in report.drivers}
    assert effects["theme_6"] == pytest.approx(beta[7], abs=1e-6)


def test_driver_model_reports_heldout_auc() -> None:
    rng = np.random.default_rng(3)
    themes = _themes(3000, seed=3)
    logit = -2 + 2.0 * themes["theme_7"] + 1.0 * themes["theme_2"]
    churn = (rng.random(3000) < 1 / (1 + np.exp(-logit))).astype(int)

    report = key_drivers(themes, churn, higher_is_better=False, n_boot=50)

    assert report.outcome == "binary"
    assert report.validation.metric == "auc"
    assert report.validation.value > 0.65
    assert len(report.validation.fold_values) == 5
    assert not report.validation.weak
    assert report.fix_first[:2] == ("theme_7", "theme_2")


def test_model_that_predicts_nothing_is_flagged_weak() -> None:
    rng = np.random.default_rng(4)

    report = key_drivers(_themes(1000, seed=4), rng.normal(size=1000), n_boot=20)

    assert report.validation.metric == "r2"
    assert report.validation.value < 0.05
    assert report.validation.weak


def test_grouped_cross_validation_keeps_customers_apart() -> None:
    rng = np.random.default_rng(5)
    themes = _themes(600, seed=5)
    y = 3 * themes["theme_3"] + rng.normal(size=600)

    report = key_drivers(themes, y, groups=np.arange(600) // 4, n_boot=20)

    assert report.validation.grouped
    assert report.validation.value > 0.2


def test_covariates_are_controlled_for_but_not_ranked() -> None:
    rng = np.random.default_rng(6)
    themes = _themes(1500, seed=6)
    sentiment = rng.normal(size=1500)
    y = 7 - 2 * sentiment - 1.5 * themes["theme_4"] + rng.normal(size=1500)

    report = key_drivers(
        themes, y, covariates=sentiment[:, None], covariate_names=["sentiment"], n_boot=30
    )

    sent = next(d for d in report.drivers if d.name == "sentiment")
    assert sent.is_covariate
    assert sent.fix_rank is None
    assert "sentiment" not in report.fix_first
    assert report.fix_first[0] == "theme_4"


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 40),
    st.integers(1, 4),
    st.booleans(),
    st.integers(0, 2**16),
)
def test_drivers_are_defined_for_small_and_degenerate_inputs(
    n: int, p: int, binary: bool, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    x = (rng.random((n, p)) < 0.3).astype(float)
    y = (rng.random(n) < 0.5).astype(float) if binary else rng.normal(size=n)

    report = key_drivers(x, y, n_boot=10, n_folds=3)

    assert report.n == n
    for d in report.drivers:
        if n >= 3:
            assert d.effect_ci[0] <= d.effect <= d.effect_ci[1] or math.isnan(d.effect)
            assert d.importance_ci[0] <= d.importance <= d.importance_ci[1]


def test_identical_rows_give_zero_importance_without_nan() -> None:
    report = key_drivers(np.ones((20, 3)), np.full(20, 4.0), n_boot=10)

    assert all(d.importance == 0.0 and d.effect == 0.0 for d in report.drivers)
    assert report.validation.weak
