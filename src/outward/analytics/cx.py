"""Customer-experience statistics: NPS, CSAT, CES, period comparisons, difference-in-differences.

Every function takes plain arrays (NaN / None are dropped as "no answer") and returns a frozen
result that carries the statistic, its interval and the counts behind it. Intervals always
contain the point estimate; where a value is undefined (no answers) it is NaN. The correlation
of employee pulse with customer scores lives in `outward.analytics.pulse`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from outward.analytics.results import Column, Result

NAN = float("nan")
NPSMethod = Literal["normal", "adjusted", "bootstrap"]


def numeric_answers(values: Column) -> NDArray[np.float64]:
    """Numeric answers as float64 with missing ones (None, NaN, unparseable) dropped."""
    try:
        out: NDArray[np.float64] = np.asarray(values, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        series = pd.Series(np.asarray(values, dtype=object).ravel())
        out = pd.to_numeric(series, errors="coerce").to_numpy(np.float64, na_value=np.nan)
    return out[np.isfinite(out)]


def _z(level: float) -> float:
    return float(stats.norm.ppf(0.5 + level / 2.0))


def _two_sided_p(stat: float, effect: float, se: float, df: float | None = None) -> float:
    if se > 0:
        dist = stats.norm if df is None else stats.t(df)
        return float(2.0 * dist.sf(abs(stat)))
    if np.isnan(se):
        return NAN
    return 1.0 if effect == 0 else 0.0


@dataclass(frozen=True, slots=True)
class NPSResult(Result):
    """Net Promoter Score in points (-100..100) with its interval."""

    nps: float
    n: int
    promoters: int
    passives: int
    detractors: int
    standard_error: float
    margin_of_error: float
    ci_low: float
    ci_high: float
    level: float
    method: str


@dataclass(frozen=True, slots=True)
class ProportionResult(Result):
    """A share (0..1) with its Wilson score interval."""

    share: float
    successes: int
    n: int
    ci_low: float
    ci_high: float
    level: float
    method: str


@dataclass(frozen=True, slots=True)
class MeanResult(Result):
    """A mean with its Student t interval."""

    mean: float
    n: int
    sd: float
    standard_error: float
    ci_low: float
    ci_high: float
    level: float
    method: str


@dataclass(frozen=True, slots=True)
class CSATResult(Result):
    """CSAT as the share of satisfied answers and as the mean score."""

    satisfied: ProportionResult
    mean: MeanResult


@dataclass(frozen=True, slots=True)
class Comparison(Result):
    """B minus A, with its standard error, interval, test statistic and p-value."""

    metric: str
    test: str
    estimate_a: float
    estimate_b: float
    n_a: int
    n_b: int
    effect: float
    standard_error: float
    statistic: float
    df: float
    p_value: float
    ci_low: float
    ci_high: float
    alpha: float
    significant: bool


@dataclass(frozen=True, slots=True)
class DiDResult(Result):
    """Difference-in-differences: (treated after - before) - (comparison after - before)."""

    estimate: float
    standard_error: float
    df: float
    statistic: float
    p_value: float
    ci_low: float
    ci_high: float
    alpha: float
    significant: bool
    means: tuple[float, float, float, float]
    ns: tuple[int, int, int, int]


def _nps_counts(scores: Column) -> tuple[int, int, int]:
    s = numeric_answers(scores)
    if np.any((s < 0) | (s > 10)):
        raise ValueError("NPS answers must lie on the 0..10 scale")
    promoters = int(np.count_nonzero(s >= 9))
    detractors = int(np.count_nonzero(s <= 6))
    return promoters, int(s.size) - promoters - detractors, detractors


def _trinomial_var(p_p: float, p_d: float) -> float:
    return p_p + p_d - (p_p - p_d) ** 2


def nps(
    scores: Column,
    *,
    level: float = 0.95,
    method: NPSMethod = "normal",
    n_boot: int = 4000,
    seed: int = 0,
) -> NPSResult:
    """Net Promoter Score = 100 x (share of 9-10 answers - share of 0-6 answers).

    Each answer is a trinomial draw (promoter, passive, detractor), so the variance of one
    answer's score (+1, 0, -1) is p_P + p_D - (p_P - p_D)^2 and SE = 100 sqrt(var / n).
    Methods: ``normal`` (Wald: NPS +/- z SE; fine for n >= ~30), ``adjusted`` (Rocks 2016
    adjusted Wald for small n: 3 pseudo-answers, 3/4 promoter, 3/4 detractor, 3/2 passive, then
    Wald on the adjusted shares) and ``bootstrap`` (percentile interval of n_boot multinomial
    resamples of the observed counts). Answers are assumed independent; bounds are clipped to
    -100..100 and widened if needed so the interval contains the observed NPS.
    """
    promoters, passives, detractors = _nps_counts(scores)
    n = promoters + passives + detractors
    if n == 0:
        return NPSResult(NAN, 0, 0, 0, 0, NAN, NAN, NAN, NAN, level, method)
    p_p, p_d = promoters / n, detractors / n
    value = 100.0 * (p_p - p_d)
    se = 100.0 * float(np.sqrt(_trinomial_var(p_p, p_d) / n))
    z = _z(level)
    if method == "normal":
        low, high = value - z * se, value + z * se
    elif method == "adjusted":
        n_adj = n + 3.0
        a_p, a_d = (promoters + 0.75) / n_adj, (detractors + 0.75) / n_adj
        centre = 100.0 * (a_p - a_d)
        half = z * 100.0 * float(np.sqrt(_trinomial_var(a_p, a_d) / n_adj))
        low, high = centre - half, centre + half
    elif method == "bootstrap":
        rng = np.random.default_rng(seed)
        draws = rng.multinomial(n, [p_p, passives / n, p_d], size=n_boot)
        boot = 100.0 * (draws[:, 0] - draws[:, 2]) / n
        low, high = (float(q) for q in np.quantile(boot, [(1 - level) / 2, (1 + level) / 2]))
    else:
        raise ValueError(f"unknown NPS interval method {method!r}")
    low, high = max(-100.0, min(low, value)), min(100.0, max(high, value))
    return NPSResult(
        value, n, promoters, passives, detractors, se, (high - low) / 2, low, high, level, method
    )


def wilson_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    centre = (p + z^2/2n) / (1 + z^2/n), half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
    Assumes independent Bernoulli trials; well behaved for small n and p near 0 or 1.
    """
    if n <= 0:
        return NAN, NAN
    z = _z(level)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * float(np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / denom
    return max(0.0, min(centre - half, p)), min(1.0, max(centre + half, p))


def mean_interval(values: Column, *, level: float = 0.95) -> MeanResult:
    """Mean with a Student t interval: mean +/- t(n-1) s / sqrt(n).

    Assumes independent answers and an approximately normal sampling distribution of the mean
    (reasonable for bounded scales from n of about 20). The interval is NaN for n < 2.
    """
    x = numeric_answers(values)
    n = int(x.size)
    if n == 0:
        return MeanResult(NAN, 0, NAN, NAN, NAN, NAN, level, "t")
    mean = float(x.mean())
    if n == 1:
        return MeanResult(mean, 1, NAN, NAN, NAN, NAN, level, "t")
    sd = float(x.std(ddof=1))
    se = sd / float(np.sqrt(n))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return MeanResult(mean, n, sd, se, mean - half, mean + half, level, "t")


def bounded_mean_interval(
    values: Column, low: float, high: float, *, level: float = 0.95
) -> MeanResult:
    """Mean of answers on a closed scale [low, high] with an interval that stays inside it.

    The answers are rescaled to [0, 1] and the Wilson score interval is taken with the
    effective sample size n * p(1-p) / s^2 (p the rescaled mean, s^2 the sample variance):
    for answers all at the scale's ends this is exactly the binomial case, and for central
    answers it is close to the t interval, but it never runs past the scale (a team rating
    4.8 of 5 gets an upper bound of at most 5, not 5.2). When every answer is the same the
    variance says nothing and n itself is used. NaN interval for n < 2.
    """
    x = numeric_answers(values)
    n = int(x.size)
    if n == 0:
        return MeanResult(NAN, 0, NAN, NAN, NAN, NAN, level, "wilson-bounded")
    span = high - low
    mean = float(x.mean())
    if n == 1 or span <= 0:
        return MeanResult(mean, n, NAN, NAN, NAN, NAN, level, "wilson-bounded")
    sd = float(x.std(ddof=1))
    p = (mean - low) / span
    variance = (sd / span) ** 2
    n_eff = n * p * (1 - p) / variance if variance > 0 and 0 < p < 1 else float(n)
    z = _z(level)
    denom = 1.0 + z * z / n_eff
    centre = (p + z * z / (2 * n_eff)) / denom
    half = z * float(np.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff))) / denom
    lo, hi = max(0.0, min(centre - half, p)), min(1.0, max(centre + half, p))
    se = sd / float(np.sqrt(n))
    return MeanResult(mean, n, sd, se, low + lo * span, low + hi * span, level, "wilson-bounded")


def csat(scores: Column, *, satisfied_min: float = 4, level: float = 0.95) -> CSATResult:
    """CSAT on a 1..5 scale: share of answers >= satisfied_min (Wilson interval) and mean (t)."""
    x = numeric_answers(scores)
    k = int(np.count_nonzero(x >= satisfied_min))
    low, high = wilson_interval(k, int(x.size), level)
    share = k / x.size if x.size else NAN
    prop = ProportionResult(share, k, int(x.size), low, high, level, "wilson")
    return CSATResult(prop, mean_interval(x, level=level))


def ces(scores: Column, *, level: float = 0.95) -> MeanResult:
    """Customer Effort Score: the mean answer on a 1..7 scale with a Student t interval."""
    return mean_interval(scores, level=level)


def _comparison(
    metric: str,
    test: str,
    a: float,
    b: float,
    n_a: int,
    n_b: int,
    se_ci: float,
    se_test: float,
    df: float | None,
    alpha: float,
) -> Comparison:
    effect = b - a
    stat = effect / se_test if se_test > 0 else NAN
    p = _two_sided_p(stat, effect, se_test, df)
    crit = _z(1 - alpha) if df is None else float(stats.t.ppf(1 - alpha / 2, df))
    half = crit * se_ci if se_ci > 0 else 0.0 if se_ci == 0 else NAN
    return Comparison(
        metric,
        test,
        a,
        b,
        n_a,
        n_b,
        effect,
        se_ci,
        stat,
        NAN if df is None else df,
        p,
        effect - half,
        effect + half,
        alpha,
        bool(p < alpha),
    )


def compare_nps(a: Column, b: Column, *, alpha: float = 0.05) -> Comparison:
    """Difference of two independent NPS (B - A) in points, with a z test.

    SE = sqrt(SE_A^2 + SE_B^2) from the trinomial variances; z = diff / SE; normal interval.
    Assumes independent samples large enough for the normal approximation.
    """
    ra, rb = nps(a), nps(b)
    se = float(np.hypot(ra.standard_error, rb.standard_error))
    return _comparison("nps", "z", ra.nps, rb.nps, ra.n, rb.n, se, se, None, alpha)


def compare_proportions(
    successes_a: int,
    n_a: int,
    successes_b: int,
    n_b: int,
    *,
    alpha: float = 0.05,
    metric: str = "proportion",
) -> Comparison:
    """Two-proportion z test of p_B - p_A.

    The test uses the pooled SE sqrt(p(1-p)(1/n_A + 1/n_B)); the interval the unpooled
    (Wald) SE sqrt(p_A(1-p_A)/n_A + p_B(1-p_B)/n_B). Assumes independent binomial samples.
    """
    if n_a <= 0 or n_b <= 0:
        return _comparison(metric, "two-proportion z", NAN, NAN, n_a, n_b, NAN, NAN, None, alpha)
    pa, pb = successes_a / n_a, successes_b / n_b
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se_test = float(np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b)))
    se_ci = float(np.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b))
    return _comparison(metric, "two-proportion z", pa, pb, n_a, n_b, se_ci, se_test, None, alpha)


def compare_csat(
    a: Column, b: Column, *, satisfied_min: float = 4, alpha: float = 0.05
) -> Comparison:
    """CSAT (share satisfied) of B minus A by the two-proportion z test."""
    xa, xb = numeric_answers(a), numeric_answers(b)
    return compare_proportions(
        int(np.count_nonzero(xa >= satisfied_min)),
        int(xa.size),
        int(np.count_nonzero(xb >= satisfied_min)),
        int(xb.size),
        alpha=alpha,
        metric="csat",
    )


def _welch_df(v: NDArray[np.float64], n: NDArray[np.float64]) -> float:
    terms = v / n
    denom = float(np.sum(terms**2 / (n - 1)))
    return float(np.sum(terms) ** 2 / denom) if denom > 0 else float(np.sum(n - 1))


def compare_means(a: Column, b: Column, *, alpha: float = 0.05, metric: str = "mean") -> Comparison:
    """Welch's t test of mean_B - mean_A (unequal variances, Welch-Satterthwaite df).

    Assumes independent samples and approximately normal means; NaN with fewer than 2 answers
    in a group.
    """
    ra, rb = mean_interval(a), mean_interval(b)
    if ra.n < 2 or rb.n < 2:
        return _comparison(metric, "welch t", ra.mean, rb.mean, ra.n, rb.n, NAN, NAN, None, alpha)
    v = np.array([ra.sd**2, rb.sd**2])
    ns = np.array([ra.n, rb.n], dtype=np.float64)
    se = float(np.sqrt(np.sum(v / ns)))
    return _comparison(
        metric, "welch t", ra.mean, rb.mean, ra.n, rb.n, se, se, _welch_df(v, ns), alpha
    )


def difference_in_differences(
    treated_before: Column,
    treated_after: Column,
    comparison_before: Column,
    comparison_after: Column,
    *,
    alpha: float = 0.05,
) -> DiDResult:
    """Difference-in-differences of group means: (T_after - T_before) - (C_after - C_before).

    SE = sqrt(sum of s_g^2 / n_g over the four independent groups), df by Welch-Satterthwaite,
    two-sided t test and interval. Assumes parallel trends (without the initiative both groups
    would have moved alike) and independent answers (different respondents in each cell).
    """
    groups = [
        mean_interval(g)
        for g in (treated_before, treated_after, comparison_before, comparison_after)
    ]
    g0, g1, g2, g3 = groups
    means = (g0.mean, g1.mean, g2.mean, g3.mean)
    ns = (g0.n, g1.n, g2.n, g3.n)
    estimate = (means[1] - means[0]) - (means[3] - means[2])
    if min(ns) < 2:
        return DiDResult(estimate, NAN, NAN, NAN, NAN, NAN, NAN, alpha, False, means, ns)
    v = np.array([g.sd**2 for g in groups])
    n = np.array(ns, dtype=np.float64)
    se = float(np.sqrt(np.sum(v / n)))
    df = _welch_df(v, n)
    stat = estimate / se if se > 0 else NAN
    p = _two_sided_p(stat, estimate, se, df)
    half = float(stats.t.ppf(1 - alpha / 2, df)) * se
    return DiDResult(
        estimate,
        se,
        df,
        stat,
        p,
        estimate - half,
        estimate + half,
        alpha,
        bool(p < alpha),
        means,
        ns,
    )
