"""Did an improvement work, as its customers say? The affected customers' scores before and
after a change, against a comparison group of unaffected customers over the same periods
(difference-in-differences), a verdict, and how many more answers a verdict needs.

Each answer is coded so that the mean of a group is its headline figure: NPS as +100
(promoter, 9-10), 0 (passive) or -100 (detractor); CSAT as 100 when satisfied (4-5) else 0;
CES (1-7, higher is easier) as given. Higher is better for all three, so an improvement is a
positive estimate. Assumes parallel trends and different answers in each cell (see
`cx.difference_in_differences`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from outward.analytics.cx import DiDResult, difference_in_differences, numeric_answers
from outward.analytics.results import Column

Metric = Literal["nps", "csat", "ces"]
SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
UNITS = {"nps": "NPS points", "csat": "points of satisfied share", "ces": "effort points"}
POWER = 0.8


def coded(metric: Metric, scores: Column) -> NDArray[np.float64]:
    """Answers coded so that their mean is the metric (see the module)."""
    s = numeric_answers(scores)
    low, high = SCALES[metric]
    if np.any((s < low) | (s > high)):
        raise ValueError(f"{metric} answers must lie on the {low}..{high} scale")
    if metric == "nps":
        return np.where(s >= 9, 100.0, np.where(s <= 6, -100.0, 0.0))
    if metric == "csat":
        return np.where(s >= 4, 100.0, 0.0)
    return s


@dataclass(frozen=True)
class Verdict:
    """The difference-in-differences of one initiative and what it means."""

    metric: Metric
    did: DiDResult
    validated: bool
    needed: int | None
    """More answers per group (about) for an 80 % chance to detect an effect of this size;
    None when no estimate is possible yet."""
    summary: str


def answers_needed(
    sds: tuple[float, float, float, float],
    effect: float,
    *,
    alpha: float = 0.05,
    power: float = POWER,
) -> int | None:
    """Answers per cell (all four equal) for `power` to detect `effect` with a two-sided
    test at `alpha`: n = (z_(1-alpha/2) + z_power)^2 * sum(sd^2) / effect^2."""
    if not effect or not all(math.isfinite(s) for s in sds) or not math.isfinite(effect):
        return None
    z = float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))
    return math.ceil(z**2 * sum(s**2 for s in sds) / effect**2)


def evaluate(
    metric: Metric,
    treated_before: Column,
    treated_after: Column,
    comparison_before: Column,
    comparison_after: Column,
    *,
    min_effect: float | None = None,
    alpha: float = 0.05,
) -> Verdict:
    """The verdict on an initiative: validated only by a significant improvement.

    `min_effect` is the smallest change worth detecting (in the coded unit); without it the
    observed effect is used for the answers still needed.
    """
    groups = [
        coded(metric, g)
        for g in (treated_before, treated_after, comparison_before, comparison_after)
    ]
    did = difference_in_differences(*groups, alpha=alpha)
    validated = bool(did.significant and did.estimate > 0)
    sds = tuple(float(np.std(g, ddof=1)) if g.size > 1 else math.nan for g in groups)
    effect = min_effect if min_effect else abs(did.estimate)
    per_cell = answers_needed(sds, effect, alpha=alpha)  # type: ignore[arg-type]
    needed = None if per_cell is None else max(0, per_cell - min(did.ns))
    return Verdict(metric, did, validated, needed, _summary(metric, did, validated, needed))


def _summary(metric: Metric, did: DiDResult, validated: bool, needed: int | None) -> str:
    unit = UNITS[metric]
    if min(did.ns) < 2:
        return (
            "Not enough answers yet: each of the four groups (affected and comparison, before "
            "and after) needs at least two."
        )
    change = f"{did.estimate:+.1f} {unit} (95 % {did.ci_low:+.1f} to {did.ci_high:+.1f})"
    if validated:
        return (
            f"Validated by customers: the affected customers improved by {change} more than the "
            f"comparison group (p = {did.p_value:.3f})."
        )
    if did.significant:
        return (
            f"Worse: the affected customers moved {change} against the comparison group "
            f"(p = {did.p_value:.3f}). The change did not help them."
        )
    more = (
        f" About {needed} more answers per group would show an effect of this size."
        if needed
        else ""
    )
    return (
        f"Not shown yet: the difference is {change}, which could be chance (p = "
        f"{did.p_value:.3f}).{more}"
    )
