"""Employee pulse against customer scores: Pearson correlation with Fisher z intervals and lags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from outward.analytics.results import Result

NAN = float("nan")


@dataclass(frozen=True, slots=True)
class Correlation(Result):
    """Pearson r with its Fisher z interval and t-test p-value."""

    r: float
    n: int
    ci_low: float
    ci_high: float
    p_value: float
    level: float
    lag: int = 0


@dataclass(frozen=True, slots=True)
class LaggedCorrelation(Result):
    """Pulse at t against customer score at t + lag, per lag, and the strongest lag."""

    by_lag: tuple[Correlation, ...]
    best_lag: int | None
    best: Correlation | None
    within_team: bool


def correlation(x: ArrayLike, y: ArrayLike, *, level: float = 0.95, lag: int = 0) -> Correlation:
    """Pearson r with a Fisher z interval: tanh(atanh(r) +/- z / sqrt(n - 3)).

    p-value from t = r sqrt((n-2)/(1-r^2)) on n-2 df. Pairs with a missing value are dropped.
    Assumes roughly bivariate-normal, independent pairs. r is NaN for n < 3 or a constant
    variable; the interval is NaN for n < 4.
    """
    xa = pd.to_numeric(pd.Series(np.asarray(x, dtype=object)), errors="coerce").to_numpy(float)
    ya = pd.to_numeric(pd.Series(np.asarray(y, dtype=object)), errors="coerce").to_numpy(float)
    keep = np.isfinite(xa) & np.isfinite(ya)
    xa, ya = xa[keep], ya[keep]
    n = int(xa.size)
    if n < 3:
        return Correlation(NAN, n, NAN, NAN, NAN, level, lag)
    dx, dy = xa - xa.mean(), ya - ya.mean()
    denom = float(np.sqrt(np.sum(dx * dx) * np.sum(dy * dy)))
    if denom == 0:
        return Correlation(NAN, n, NAN, NAN, NAN, level, lag)
    r = float(np.clip(np.sum(dx * dy) / denom, -1.0, 1.0))
    if abs(r) == 1.0:
        return Correlation(r, n, r, r, 0.0, level, lag)
    p = float(2 * stats.t.sf(abs(r) * np.sqrt((n - 2) / (1 - r * r)), n - 2))
    if n < 4:
        return Correlation(r, n, NAN, NAN, p, level, lag)
    half = float(stats.norm.ppf(0.5 + level / 2)) / float(np.sqrt(n - 3))
    low, high = float(np.tanh(np.arctanh(r) - half)), float(np.tanh(np.arctanh(r) + half))
    return Correlation(r, n, low, high, p, level, lag)


def pulse_customer_correlation(
    teams: Sequence[object] | ArrayLike,
    periods: ArrayLike,
    pulse: ArrayLike,
    customer_score: ArrayLike,
    *,
    max_lag: int = 3,
    within_team: bool = False,
    level: float = 0.95,
) -> LaggedCorrelation:
    """Correlate team employee pulse at period t with the team's customer score at t + lag.

    Input is long format (one row per team and integer period). For lag = 0..max_lag the pairs
    (pulse[team, t], score[team, t + lag]) are pooled over teams and correlated (Pearson, Fisher
    z interval, see `correlation`). ``within_team`` first subtracts each team's mean of each
    series, so stable differences between teams do not drive r. The best lag is the one with
    the largest |r| among defined ones. Pairs are treated as independent, which overstates the
    precision when a team's periods are autocorrelated.
    """
    frame = pd.DataFrame(
        {
            "team": np.asarray(teams, dtype=object),
            "t": pd.to_numeric(pd.Series(np.asarray(periods, dtype=object)), errors="coerce"),
            "pulse": pd.to_numeric(pd.Series(np.asarray(pulse, dtype=object)), errors="coerce"),
            "score": pd.to_numeric(
                pd.Series(np.asarray(customer_score, dtype=object)), errors="coerce"
            ),
        }
    ).dropna(subset=["team", "t"])
    frame = frame.groupby(["team", "t"], as_index=False)[["pulse", "score"]].mean()
    if within_team and len(frame):
        for col in ("pulse", "score"):
            frame[col] = frame[col] - frame.groupby("team")[col].transform("mean")
    results = []
    for lag in range(max_lag + 1):
        later = frame[["team", "t", "score"]].assign(t=frame["t"] - lag)
        pairs = frame[["team", "t", "pulse"]].merge(later, on=["team", "t"])
        results.append(
            correlation(pairs["pulse"].to_numpy(), pairs["score"].to_numpy(), level=level, lag=lag)
        )
    defined = [c for c in results if np.isfinite(c.r)]
    best = max(defined, key=lambda c: abs(c.r)) if defined else None
    return LaggedCorrelation(tuple(results), None if best is None else best.lag, best, within_team)
