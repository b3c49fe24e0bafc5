"""Emerging issues: is a theme's count this period above what its own recent history predicts?

The baseline is a log-linear (Poisson GLM) model per theme fitted by ridge-stabilised IRLS on a
trailing window: log E[y_t] = intercept + day-of-week effect + trend x t. All themes share the
design matrix, so the fits run as one batched numpy computation. Overdispersion is allowed for
by a quasi-Poisson dispersion phi (Pearson chi^2 / residual df, at least 1) and a negative
binomial with that mean and variance phi x mu for the tail probability.

A burst is tested over the last period and over the last few periods together (``windows``,
by default 1 and 2): a small theme's burst (a few extra items a day on a base of one or two)
rarely clears a one-day threshold at a low false-alert rate, but its two-day sum often does;
the false-alert budget is split evenly between the windows (Bonferroni), which on small
counts leaves the one-day threshold unchanged (the tail of a Poisson count moves in steps).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from outward.analytics.results import Column, Result

Freq = Literal["D", "W"]


@dataclass(frozen=True, slots=True)
class EmergingConfig(Result):
    """Detector settings.

    false_alerts_per_30_days: the false-alert budget of a whole report, all its themes
    together: the expected number of spike alerts per 30 days on themes that stay stable. A
    report testing n themes uses alpha = budget / (n x periods in 30 days) per theme and
    period (``alpha_for``; Bonferroni over the themes), so a corpus of 120 themes does not
    raise 24 times the false alerts of a corpus of 5. history: trailing periods used for the
    baseline; min_count: fewest items a period needs to alert; min_expected: floor of the
    expected count when scoring (a theme seen almost never). With cusum=True a one-sided CUSUM
    of standardised residuals over the last cusum_periods (which are then left out of the
    baseline fit) also alerts on gradual rises (reference k, limit h). windows: the spike test
    is run on the sum of the last w periods for each w (the periods of the longest window are
    left out of the baseline fit), each at alpha / len(windows); a window longer than one
    period alerts only while the current period is itself above its expected count (the burst
    is still on), so one past spike does not alert twice.
    """

    freq: Freq = "D"
    history: int = 56
    false_alerts_per_30_days: float = 1.0
    min_count: int = 3
    min_expected: float = 0.1
    ridge: float = 1.0
    cusum: bool = False
    cusum_periods: int = 7
    cusum_k: float = 0.5
    cusum_h: float = 4.0
    windows: tuple[int, ...] = (1, 2)

    def __post_init__(self) -> None:
        if not self.windows or any(w < 1 for w in self.windows):
            raise ValueError(f"windows must be positive period counts, not {self.windows}")

    def alpha_for(self, themes: int) -> float:
        """The false-alert rate per theme and period when ``themes`` themes are tested."""
        per_30 = 30.0 if self.freq == "D" else 30.0 / 7.0
        return min(1.0, self.false_alerts_per_30_days / (per_30 * max(themes, 1)))


@dataclass(frozen=True, slots=True)
class ThemeSignal(Result):
    """The current period of one theme, the statistics behind its alert and the series used.

    ``observed`` and ``expected`` are the current period's; ``p_value`` is the smallest tail
    probability over the windows times the number of windows (Bonferroni, at most 1), so it is
    compared with ``alpha`` (the report's per-theme rate, ``EmergingConfig.alpha_for``)
    directly; ``window`` is the number of periods of the window that gave it.
    """

    theme: str
    period: dt.date
    observed: int
    expected: float
    dispersion: float
    score: float
    p_value: float
    window: int
    alpha: float
    cusum: float
    is_new: bool
    alert: bool
    reason: str
    periods: tuple[dt.date, ...]
    series_observed: tuple[int, ...]
    series_expected: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class EmergingReport(Result):
    period: dt.date | None
    config: EmergingConfig
    themes: tuple[ThemeSignal, ...]

    @property
    def alerts(self) -> tuple[ThemeSignal, ...]:
        return tuple(t for t in self.themes if t.alert)


def period_counts(theme_ids: Column, timestamps: Column, *, freq: Freq = "D") -> pd.DataFrame:
    """Counts per period (rows, a complete UTC date range) and theme (columns).

    Rows with a missing theme or timestamp (None, NaT, unparseable) are dropped. Weekly periods
    start on Monday and are labelled by that Monday.
    """
    ts = pd.to_datetime(pd.Series(np.asarray(timestamps, dtype=object)), errors="coerce", utc=True)
    themes = pd.Series(np.asarray(theme_ids, dtype=object))
    keep = ts.notna().to_numpy() & themes.notna().to_numpy()
    days = ts[keep].dt.tz_localize(None).dt.normalize()
    if freq == "W":
        days = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    frame = pd.DataFrame({"period": days.to_numpy(), "theme": themes[keep].astype(str).to_numpy()})
    if frame.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="period"), dtype=np.int64)
    table = pd.crosstab(frame["period"], frame["theme"])
    step = "D" if freq == "D" else "7D"
    full = pd.date_range(table.index.min(), table.index.max(), freq=step, name="period")
    return table.reindex(full, fill_value=0).astype(np.int64)


def _design(dates: pd.DatetimeIndex, n_fit: int, seasonal: bool) -> NDArray[np.float64]:
    """Intercept, trend (0 at the last fitted period, in units of the window), day-of-week."""
    trend = (np.arange(len(dates)) - (n_fit - 1)) / max(n_fit, 1)
    cols = [np.ones(len(dates)), trend]
    if seasonal:
        dow = np.asarray(dates.day_of_week)
        cols += [(dow == d).astype(np.float64) for d in range(1, 7)]
    return np.column_stack(cols)


def fit_loglinear(
    x: NDArray[np.float64], y: NDArray[np.float64], *, ridge: float = 1.0, iterations: int = 50
) -> NDArray[np.float64]:
    """Poisson GLM (log link) per row of y, by iteratively reweighted least squares, batched.

    x: (n, p) design shared by all series; y: (m, n) counts. Each step solves
    (X'WX + ridge I) beta = X'Wz with W = mu and working response z = eta + (y - mu) / mu; the
    intercept (column 0) is not penalised. The ridge keeps sparse series finite. Returns (m, p).
    """
    m, p = y.shape[0], x.shape[1]
    beta = np.zeros((m, p))
    beta[:, 0] = np.log(y.mean(axis=1) + 0.1)
    penalty = ridge * np.eye(p)
    penalty[0, 0] = 1e-6
    for _ in range(iterations):
        eta = np.clip(beta @ x.T, -20.0, 20.0)
        mu = np.exp(eta)
        z = eta + (y - mu) / mu
        xtwx = np.einsum("tn,np,nq->tpq", mu, x, x) + penalty
        new = np.linalg.solve(xtwx, ((mu * z) @ x)[..., None])[..., 0]
        done = float(np.max(np.abs(new - beta), initial=0.0)) < 1e-7
        beta = new
        if done:
            break
    return beta


def upper_tail(observed: ArrayLike, mean: ArrayLike, dispersion: ArrayLike) -> NDArray[np.float64]:
    """P(Y >= observed) for Y with the given mean and variance dispersion x mean.

    Poisson when dispersion <= 1, otherwise negative binomial with size mu / (phi - 1) and
    success probability 1 / phi (the quasi-Poisson variance).
    """
    x = np.asarray(observed, dtype=np.float64)
    mu = np.asarray(mean, dtype=np.float64)
    phi = np.maximum(np.asarray(dispersion, dtype=np.float64), 1.0)
    over = phi > 1.0 + 1e-9
    size = mu / np.where(over, phi - 1.0, 1.0)
    p_nb = stats.nbinom.sf(x - 1, size, 1.0 / phi)
    p_pois = stats.poisson.sf(x - 1, mu)
    return np.asarray(np.clip(np.where(over, p_nb, p_pois), 0.0, 1.0), dtype=np.float64)


def anscombe_z(observed: ArrayLike, mean: ArrayLike, dispersion: ArrayLike) -> NDArray[np.float64]:
    """Anscombe residual of a Poisson count, 1.5 (y^(2/3) - mu^(2/3)) / mu^(1/6), / sqrt(phi)."""
    y = np.asarray(observed, dtype=np.float64)
    mu = np.asarray(mean, dtype=np.float64)
    phi = np.maximum(np.asarray(dispersion, dtype=np.float64), 1.0)
    z = 1.5 * (np.cbrt(y) ** 2 - np.cbrt(mu) ** 2) / mu ** (1.0 / 6.0) / np.sqrt(phi)
    return np.asarray(z, dtype=np.float64)


def detect_emerging(
    counts: pd.DataFrame,
    *,
    as_of: dt.date | str | None = None,
    config: EmergingConfig | None = None,
) -> EmergingReport:
    """Score the period `as_of` (default: the last row) of every theme against its baseline.

    counts: periods x themes, as from `period_counts`. For each theme seen up to as_of, the
    baseline is the log-linear Poisson model (`fit_loglinear`; day-of-week effects for daily
    data with at least 14 history periods, trend from 3) on the trailing `config.history`
    periods before as_of (and before the CUSUM periods). The score is the Anscombe residual z,
    the p-value the negative binomial upper tail (`upper_tail`); a spike alert needs
    p < alpha and observed >= min_count, alpha being the budget shared by the themes tested
    (`EmergingConfig.alpha_for` of the themes with a history). A theme with no count before
    the window start is reported as new (alert when it has min_count items). Assumes periods
    are exchangeable apart from weekday and trend, and that past bursts are rare in the
    history window.
    """
    cfg = config or EmergingConfig()
    if counts.empty:
        return EmergingReport(None, cfg, ())
    index = pd.DatetimeIndex(counts.index)
    t = len(index) - 1 if as_of is None else int(index.get_indexer([pd.Timestamp(as_of)])[0])
    if t < 0:
        raise ValueError(f"{as_of} is not a period of the counts")
    guard = min(cfg.cusum_periods - 1, t) if cfg.cusum else 0
    guard = max(guard, min(max(cfg.windows) - 1, t))
    end_fit = t - guard
    start = max(0, end_fit - cfg.history)
    values = counts.to_numpy(dtype=np.float64)
    seen = values[: t + 1].sum(axis=0) > 0
    names = [str(c) for c in counts.columns[seen]]
    y_all = values[start : t + 1, seen].T  # themes x periods
    is_new = values[:end_fit, seen].sum(axis=0) == 0
    n_fit = end_fit - start
    mu = np.zeros_like(y_all)
    phi = np.ones(len(names))
    if n_fit > 0:
        fit_rows = ~is_new
        if n_fit >= 3:
            x = _design(index[start : t + 1], n_fit, cfg.freq == "D" and n_fit >= 14)
            beta = fit_loglinear(x[:n_fit], y_all[fit_rows, :n_fit], ridge=cfg.ridge)
            mu[fit_rows] = np.exp(np.clip(beta @ x.T, -20.0, 20.0))
            resid_df = max(n_fit - x.shape[1], 1)
        else:
            mu[fit_rows] = y_all[fit_rows, :n_fit].mean(axis=1, keepdims=True)
            resid_df = max(n_fit - 1, 1)
        floor = np.maximum(mu[:, :n_fit], cfg.min_expected)
        pearson = ((y_all[:, :n_fit] - mu[:, :n_fit]) ** 2 / floor).sum(axis=1) / resid_df
        phi = np.where(is_new, 1.0, np.clip(pearson, 1.0, 100.0))
    scored = np.maximum(mu, cfg.min_expected)
    obs = y_all[:, -1]
    p, window, window_count = _window_tails(y_all, scored, phi, cfg.windows)
    z = anscombe_z(y_all, scored, phi[:, None])
    cusum = np.zeros(len(names))
    for col in range(n_fit, y_all.shape[1]):  # at most cusum_periods steps
        cusum = np.maximum(0.0, cusum + z[:, col] - cfg.cusum_k)
    recent = y_all[:, n_fit:].sum(axis=1)
    alpha = cfg.alpha_for(int(np.count_nonzero(~is_new)))
    spike = (p < alpha) & (window_count >= cfg.min_count)
    gradual = cfg.cusum & (cusum > cfg.cusum_h) & (recent >= cfg.min_count)
    new_alert = is_new & (recent >= cfg.min_count)
    dates = tuple(d.date() for d in index[start : t + 1])
    signals = []
    for i, name in enumerate(names):
        reasons = [
            r
            for r, on in (
                ("new", new_alert[i]),
                ("spike", spike[i] and not is_new[i]),
                ("gradual", gradual[i] and not is_new[i]),
            )
            if on
        ]
        signals.append(
            ThemeSignal(
                theme=name,
                period=dates[-1],
                observed=int(obs[i]),
                expected=float(mu[i, -1]),
                dispersion=float(phi[i]),
                score=float(z[i, -1]),
                p_value=float(p[i]),
                window=int(window[i]),
                alpha=alpha,
                cusum=float(cusum[i]),
                is_new=bool(is_new[i]),
                alert=bool(reasons),
                reason="+".join(reasons),
                periods=dates,
                series_observed=tuple(int(v) for v in y_all[i]),
                series_expected=tuple(float(v) for v in mu[i]),
            )
        )
    signals.sort(key=lambda s: (not s.alert, s.p_value, s.theme))
    return EmergingReport(dates[-1], cfg, tuple(signals))


def _window_tails(
    observed: NDArray[np.float64],
    expected: NDArray[np.float64],
    dispersion: NDArray[np.float64],
    windows: tuple[int, ...],
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64]]:
    """Per theme: the Bonferroni-adjusted smallest upper-tail probability over the windows,
    the window that gave it, and that window's observed count.

    observed / expected: themes x periods (expected already floored); the sum over w periods
    is taken as negative binomial with the summed mean and the same dispersion (independent
    periods). A window longer than one period counts only while the last period is above its
    expected count; a window longer than the series is skipped.
    """
    m, n = observed.shape
    best = np.ones(m)
    window = np.ones(m, dtype=np.int64)
    count = observed[:, -1].copy() if n else np.zeros(m)
    rising = observed[:, -1] > expected[:, -1] if n else np.zeros(m, dtype=bool)
    for w in sorted(set(windows)):
        if w > n:
            continue
        total = observed[:, -w:].sum(axis=1)
        tail = upper_tail(total, expected[:, -w:].sum(axis=1), dispersion)
        if w > 1:
            tail = np.where(rising, tail, 1.0)
        better = tail < best
        best = np.where(better, tail, best)
        window = np.where(better, w, window)
        count = np.where(better, total, count)
    adjusted = np.minimum(best * len(set(windows)), 1.0)
    return adjusted, window, count


def emerging_issues(
    theme_ids: Column,
    timestamps: Column,
    *,
    as_of: dt.date | str | None = None,
    config: EmergingConfig | None = None,
) -> EmergingReport:
    """`detect_emerging` on the period counts of (theme, timestamp) rows; see both."""
    cfg = config or EmergingConfig()
    return detect_emerging(
        period_counts(theme_ids, timestamps, freq=cfg.freq), as_of=as_of, config=cfg
    )
