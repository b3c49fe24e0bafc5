"""An initiative's verdict: validated only by a significant improvement of the affected
customers against the comparison group, with the answers a verdict still needs."""

from __future__ import annotations

import numpy as np
import pytest

from outward.analytics.initiative import answers_needed, coded, evaluate


def test_answers_are_coded_so_the_mean_is_the_headline() -> None:
    assert coded("nps", [10, 9, 8, 7, 6, 0]).mean() == pytest.approx((200 - 200) / 6)
    assert list(coded("csat", [5, 4, 3, 1])) == [100, 100, 0, 0]
    assert list(coded("ces", [7, 1])) == [7, 1]
    with pytest.raises(ValueError, match=r"0\.\.10"):
        coded("nps", [11])


def test_a_known_improvement_is_estimated_and_validated() -> None:
    # Affected customers: 50 % detractors before, 50 % promoters after (NPS -50 -> +50);
    # the comparison group stays at NPS 0: the initiative is worth +100 points.
    before = [0, 10, 7, 3] * 50  # 2 detractors, 1 promoter, 1 passive: NPS -25
    after = [10, 10, 7, 3] * 50  # 1 detractor, 2 promoters: NPS +25
    steady = [10, 3, 7, 7] * 50  # NPS 0 before and after

    verdict = evaluate("nps", before, after, steady, steady)

    assert verdict.did.estimate == pytest.approx(50.0)
    assert verdict.did.ci_low > 0
    assert verdict.validated
    assert verdict.needed == 0
    assert verdict.summary.startswith("Validated by customers: the affected customers improved")


def test_a_null_effect_validates_no_more_often_than_the_test_level_allows() -> None:
    rng = np.random.default_rng(14)
    # Everyone drawn from the same distribution, before and after: there is no effect, so a
    # validation is a false alarm, which a 5 % two-sided test raises about 2.5 % of the time.
    verdicts = [
        evaluate("nps", *(rng.integers(0, 11, size=120) for _ in range(4))) for _ in range(400)
    ]

    false_alarms = sum(v.validated for v in verdicts) / len(verdicts)
    assert false_alarms < 0.05
    typical = next(v for v in verdicts if not v.did.significant)
    assert typical.summary.startswith("Not shown yet: the difference is")


def test_a_significant_decline_is_called_worse_not_validated() -> None:
    verdict = evaluate("csat", [5, 4] * 60, [2, 1] * 60, [4, 3] * 60, [4, 3] * 60)

    assert verdict.did.significant
    assert not verdict.validated
    assert verdict.summary.startswith("Worse")


def test_a_small_effect_needs_more_answers_and_says_how_many() -> None:
    rng = np.random.default_rng(3)
    base = rng.integers(1, 8, size=40)
    verdict = evaluate("ces", base, np.clip(base + rng.integers(0, 2, 40), 1, 7), base, base)
    per_cell = answers_needed((1.0, 1.0, 1.0, 1.0), 0.5)

    assert per_cell == 126  # (1.96 + 0.84)^2 x 4 / 0.25
    assert verdict.needed is not None
    assert "more answers per group" in verdict.summary or verdict.validated


def test_too_few_answers_say_so() -> None:
    verdict = evaluate("nps", [9], [10, 9], [5, 6], [5, 6])

    assert not verdict.validated
    assert verdict.needed is None
    assert verdict.summary.startswith("Not enough answers yet")
