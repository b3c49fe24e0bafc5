"""CX statistics against hand-computed and textbook values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from outward.analytics.cx import (
    bounded_mean_interval,
    ces,
    compare_csat,
    compare_means,
    compare_nps,
    compare_proportions,
    csat,
    difference_in_differences,
    mean_interval,
    nps,
    wilson_interval,
)
from outward.analytics.pulse import correlation, pulse_customer_correlation

SAMPLE = [10, 9, 9, 8, 7, 6, 5, 10, 3, 9]  # 5 promoters, 2 passives, 3 detractors


def test_nps_counts_promoters_and_detractors() -> None:
    result = nps(SAMPLE)

    assert (result.promoters, result.passives, result.detractors) == (5, 2, 3)
    assert result.nps == pytest.approx(20.0)


def test_nps_interval_matches_trinomial_variance() -> None:
    # var = 0.5 + 0.3 - 0.2^2 = 0.76; SE = 100 sqrt(0.76 / 10) = 27.5681; MOE = 1.96 SE.
    result = nps(SAMPLE)

    assert result.standard_error == pytest.approx(27.5681, abs=1e-4)
    assert result.margin_of_error == pytest.approx(54.0317, abs=1e-3)
    assert (result.ci_low, result.ci_high) == pytest.approx((-34.0317, 74.0317), abs=1e-3)


def test_nps_adjusted_wald_adds_three_pseudo_answers() -> None:
    # (5.75 - 3.75) / 13 = 0.15385; var = (5.75 + 3.75)/13 - 0.15385^2 = 0.70710.
    result = nps(SAMPLE, method="adjusted")
    centre, half = 100 * 2 / 13, 1.959964 * 100 * math.sqrt(0.707101 / 13)

    assert (result.ci_low, result.ci_high) == pytest.approx(
        (centre - half, centre + half), abs=1e-2
    )


def test_nps_bootstrap_interval_is_close_to_normal_for_large_n() -> None:
    scores = np.repeat([10, 8, 3], [500, 300, 200])

    normal, boot = nps(scores), nps(scores, method="bootstrap", seed=1)

    assert boot.ci_low == pytest.approx(normal.ci_low, abs=1.0)
    assert boot.ci_high == pytest.approx(normal.ci_high, abs=1.0)


def test_nps_rejects_answers_off_the_scale() -> None:
    with pytest.raises(ValueError, match=r"0\.\.10"):
        nps([11, 3])


def test_wilson_interval_matches_textbook_value() -> None:
    # 8 of 10 at 95%: (0.4902, 0.9433) (Newcombe 1998, method 3).
    assert wilson_interval(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)


def test_csat_is_share_of_four_and_five_with_wilson_interval() -> None:
    result = csat([5, 4, 4, 3, 5, 5, 2, 4, 5, 4])

    assert result.satisfied.share == pytest.approx(0.8)
    assert (result.satisfied.ci_low, result.satisfied.ci_high) == pytest.approx(
        wilson_interval(8, 10)
    )
    assert result.mean.mean == pytest.approx(4.1)


def test_ces_mean_has_student_t_interval() -> None:
    scores = [2, 3, 5, 6, 4]
    half = stats.t.ppf(0.975, 4) * np.std(scores, ddof=1) / math.sqrt(5)

    result = ces(scores)

    assert (result.ci_low, result.ci_high) == pytest.approx((4 - half, 4 + half))


def test_welch_t_comparison_matches_scipy() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(5, 1, 40), rng.normal(5.6, 2, 25)
    reference = stats.ttest_ind(b, a, equal_var=False)

    result = compare_means(a, b)

    assert result.statistic == pytest.approx(reference.statistic)
    assert result.p_value == pytest.approx(reference.pvalue)
    assert result.df == pytest.approx(reference.df)
    ci = reference.confidence_interval(0.95)
    assert (result.ci_low, result.ci_high) == pytest.approx((ci.low, ci.high))


def test_two_proportion_z_test_matches_hand_computation() -> None:
    # 45/100 vs 60/100: pooled p 0.525, SE = sqrt(.525 .475 .02) = 0.070623, z = 2.1239.
    result = compare_proportions(45, 100, 60, 100)

    assert result.statistic == pytest.approx(2.1239, abs=1e-4)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(2.1239), abs=1e-4)
    assert result.significant


def test_csat_comparison_counts_satisfied_answers() -> None:
    result = compare_csat([5, 4, 2, 1], [5, 5, 4, 4])

    assert (result.estimate_a, result.estimate_b) == (0.5, 1.0)
    assert result.effect == pytest.approx(0.5)


def test_nps_comparison_uses_both_trinomial_errors() -> None:
    a, b = np.repeat([10, 8, 3], [40, 30, 30]), np.repeat([10, 8, 3], [60, 25, 15])
    ra, rb = nps(a), nps(b)

    result = compare_nps(a, b)

    assert result.effect == pytest.approx(35.0)
    assert result.standard_error == pytest.approx(math.hypot(ra.standard_error, rb.standard_error))
    assert result.significant


def test_difference_in_differences_on_a_two_by_two_table() -> None:
    # Means 2 -> 5 treated, 2 -> 3 comparison: DiD = 2; each s^2 = 1, n = 3: SE = sqrt(4/3), df 8.
    result = difference_in_differences([1, 2, 3], [4, 5, 6], [1, 2, 3], [2, 3, 4])

    assert result.estimate == pytest.approx(2.0)
    assert result.standard_error == pytest.approx(math.sqrt(4 / 3))
    assert result.df == pytest.approx(8.0)
    assert result.p_value == pytest.approx(2 * stats.t.sf(2 / math.sqrt(4 / 3), 8))


def test_fisher_z_interval_matches_scipy_pearson() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=30)
    y = 0.5 * x + rng.normal(size=30)
    reference = stats.pearsonr(x, y)
    ci = reference.confidence_interval(0.95)

    result = correlation(x, y)

    assert result.r == pytest.approx(reference.statistic)
    assert result.p_value == pytest.approx(reference.pvalue)
    assert (result.ci_low, result.ci_high) == pytest.approx((ci.low, ci.high))


def test_pulse_lag_finds_the_delay_of_customer_scores() -> None:
    rng = np.random.default_rng(7)
    teams, periods, pulse, score = [], [], [], []
    for team in range(12):
        p = rng.normal(size=20)
        s = np.r_[rng.normal(size=2), p[:-2]] + 0.3 * rng.normal(size=20)
        teams += [team] * 20
        periods += list(range(20))
        pulse += list(p)
        score += list(s)

    result = pulse_customer_correlation(teams, periods, pulse, score, max_lag=4)

    assert result.best_lag == 2
    assert result.by_lag[2].r > 0.8
    assert result.by_lag[2].n == 12 * 18


answers = st.lists(st.one_of(st.integers(0, 10), st.none()), max_size=60)


@settings(max_examples=60, deadline=None)
@given(answers, st.sampled_from(["normal", "adjusted", "bootstrap"]))
def test_nps_interval_contains_estimate_for_any_sample(
    scores: list[int | None], method: str
) -> None:
    result = nps(scores, method=method, n_boot=200)  # type: ignore[arg-type]

    if result.n == 0:
        assert math.isnan(result.nps)
    else:
        assert -100 <= result.ci_low <= result.nps <= result.ci_high <= 100


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=11, max_size=11))
def test_nps_is_defined_for_huge_samples(counts: list[int]) -> None:
    scores = np.repeat(np.arange(11), counts)

    result = nps(scores)

    assert result.n == sum(counts)
    if result.n:
        assert result.ci_low <= result.nps <= result.ci_high
        assert math.isfinite(result.standard_error)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(1, 5), st.none(), st.just(float("nan"))), max_size=40))
def test_csat_and_mean_intervals_contain_their_estimates(scores: list[float | None]) -> None:
    result = csat(scores)

    if result.satisfied.n:
        assert result.satisfied.ci_low <= result.satisfied.share <= result.satisfied.ci_high
    if result.mean.n >= 2:
        assert result.mean.ci_low <= result.mean.mean <= result.mean.ci_high


def test_a_bounded_mean_interval_never_runs_past_the_scale() -> None:
    high_marks = [5, 5, 5, 5, 4]

    bounded, t = bounded_mean_interval(high_marks, 1, 5), mean_interval(high_marks)

    assert t.ci_high > 5  # the t interval runs past the scale
    assert bounded.mean == pytest.approx(4.8)
    assert 4.0 < bounded.ci_low < 4.8 < bounded.ci_high <= 5


def test_a_bounded_mean_interval_is_close_to_t_for_central_answers() -> None:
    answers = [2, 3, 3, 4, 3, 2, 4, 3, 3, 4, 2, 3, 4, 3, 3, 2, 4, 3, 3, 3] * 3

    bounded, t = bounded_mean_interval(answers, 1, 5), mean_interval(answers)

    assert bounded.ci_low == pytest.approx(t.ci_low, abs=0.03)
    assert bounded.ci_high == pytest.approx(t.ci_high, abs=0.03)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=40))
def test_a_bounded_mean_interval_holds_its_mean_inside_the_scale(answers: list[int]) -> None:
    result = bounded_mean_interval(answers, 1, 5)

    assert 1 <= result.ci_low <= result.mean <= result.ci_high <= 5


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 7), st.integers(2, 50))
def test_identical_answers_give_a_zero_width_interval(value: int, n: int) -> None:
    result = mean_interval([value] * n)

    assert (result.ci_low, result.mean, result.ci_high) == (value, value, value)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(1, 5), max_size=8),
    st.lists(st.floats(1, 5), max_size=8),
)
def test_comparisons_never_crash_on_tiny_or_constant_groups(a: list[float], b: list[float]) -> None:
    result = compare_means(a, b)

    if not math.isnan(result.p_value):
        assert 0.0 <= result.p_value <= 1.0
        assert result.ci_low <= result.effect <= result.ci_high
