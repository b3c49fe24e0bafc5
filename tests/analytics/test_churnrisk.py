"""The churn-risk model: validated on customers it did not learn from, not used when it
predicts nothing, and explained per customer in words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from outward.analytics.churnrisk import FEATURES, MIN_AUC, fit, score


def _customers(n: int, signal: float, seed: int) -> pd.DataFrame:
    """`n` customers whose churn depends on broken promises and silence by `signal`."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame({name: rng.normal(0, 1, n) for name in FEATURES})
    table["broken_promises"] = rng.poisson(1.0, n)
    table["silence_days"] = rng.integers(0, 365, n)
    drive = signal * (table["broken_promises"] - 1 + (table["silence_days"] - 180) / 100)
    table["churned"] = rng.random(n) < 1 / (1 + np.exp(-(drive - 1.5)))
    return table


def test_a_model_that_finds_the_signal_is_used_and_explains_each_customer() -> None:
    table = _customers(1500, signal=1.5, seed=1)

    model = fit(table, seed=1)

    assert model.usable
    assert model.auc is not None
    assert model.auc > 0.75
    risky = pd.DataFrame(
        [{**dict.fromkeys(FEATURES, 0.0), "broken_promises": 4, "silence_days": 360}]
    )
    calm = pd.DataFrame([{**dict.fromkeys(FEATURES, 0.0), "broken_promises": 0, "silence_days": 3}])
    high, low = score(model, risky)[0], score(model, calm)[0]
    assert high.probability > low.probability
    assert "promises we broke" in high.reasons
    assert "silent for a long time" in high.reasons
    assert "silent for a long time" not in low.reasons  # quite the opposite
    assert "promises we broke" not in low.reasons


def test_a_model_that_predicts_nothing_is_not_used() -> None:
    table = _customers(1500, signal=0.0, seed=2)  # churn by chance alone

    model = fit(table, seed=2)

    assert not model.usable
    assert model.auc is not None
    assert model.auc < MIN_AUC
    assert "not used" in model.note
    with pytest.raises(ValueError, match="not used"):
        score(model, table)


def test_too_little_history_says_so() -> None:
    model = fit(_customers(30, signal=1.5, seed=3).assign(churned=False))

    assert not model.usable
    assert model.auc is None
    assert model.note.startswith("Not enough history")
