"""Score columns as found in exports: reading them, guessing their type, statistics by segment.

A score column may hold numbers (NPS 0-10, CSAT 1-5, CES 1-7, star ratings) or words
(Zendesk's "Good"/"Bad"); an outcome column yes/no, true/false or 0/1. `score_rows` gives
the headline statistic of each segment with its interval, using `cx`: NPS (points, Wald
interval), CSAT (share of top-two-box answers, Wilson interval) or a mean (Student t).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from outward.analytics.cx import ces, csat, mean_interval, nps
from outward.analytics.results import Result

ScoreType = Literal["nps", "csat", "ces", "mean"]
SCORE_TYPES: tuple[ScoreType, ...] = ("nps", "csat", "ces", "mean")

_YES = frozenset({"yes", "y", "true", "t", "1", "good", "satisfied", "positive", "happy"})
_NO = frozenset({"no", "n", "false", "f", "0", "bad", "unsatisfied", "dissatisfied", "negative"})
_HARMFUL_WORDS = ("churn", "cancel", "escalat", "disput", "complain", "refund", "lost", "defect")
MAX_GROUPS = 20
"""Largest number of groups shown per segment (the most frequent ones)."""


@dataclass(frozen=True, slots=True)
class ScoreRow(Result):
    """The headline score of one segment (all / touchpoint / product / theme) with its interval.

    metric: "nps" (points, -100..100), "csat" (% satisfied), "ces" or "mean" (mean score).
    """

    segment: str
    group: str
    metric: str
    n: int
    value: float
    ci_low: float
    ci_high: float
    level: float


def to_numbers(values: pd.Series) -> NDArray[np.float64]:
    """Numbers from a column: numeric text as numbers; yes/no, good/bad, true/false as 1/0.

    Words are mapped only when most non-empty values are not numbers (else they are
    missing). Anything else is missing (NaN).
    """
    series = values.reset_index(drop=True)
    numeric = np.asarray(
        pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan),
        dtype=np.float64,
    )
    present = series.notna().to_numpy()
    if present.sum() == 0 or np.isfinite(numeric[present]).mean() >= 0.5:
        return numeric
    words = series.astype(object).where(series.notna(), "").astype(str).str.strip().str.lower()
    mapped = words.map(lambda w: 1.0 if w in _YES else 0.0 if w in _NO else np.nan)
    return np.asarray(mapped.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def guess_score_type(scores: NDArray[np.float64]) -> ScoreType | None:
    """From the range of the answers: 0/1 or 1-5 -> csat, 1-7 -> ces, 0-10 -> nps, else mean.

    None when there are no answers.
    """
    valid = scores[np.isfinite(scores)]
    if valid.size == 0:
        return None
    low, high = float(valid.min()), float(valid.max())
    whole = bool(np.all(valid == np.round(valid)))
    if whole and low >= 0 and high <= 1:
        return "csat"
    if whole and low >= 1 and high <= 5:
        return "csat"
    if whole and low >= 1 and high <= 7:
        return "ces"
    if whole and low >= 0 and high <= 10:
        return "nps"
    return "mean"


def higher_is_better(column: str) -> bool:
    """False for outcomes whose name says they are bad (churned, escalated, disputed, ...)."""
    name = column.lower()
    return not any(word in name for word in _HARMFUL_WORDS)


def _headline(
    scores: NDArray[np.float64], score_type: ScoreType
) -> tuple[str, float, float, float]:
    """(metric, value, ci_low, ci_high) of the non-missing scores."""
    if score_type == "nps":
        result = nps(np.clip(np.round(scores), 0, 10))
        return "nps", result.nps, result.ci_low, result.ci_high
    if score_type == "csat":
        top = float(np.max(scores))
        threshold = 1.0 if top <= 1 else 4.0 if top <= 5 else top - 1  # top-two-box
        satisfied = csat(scores, satisfied_min=threshold).satisfied
        return "csat", 100 * satisfied.share, 100 * satisfied.ci_low, 100 * satisfied.ci_high
    mean = ces(scores) if score_type == "ces" else mean_interval(scores)
    return score_type, mean.mean, mean.ci_low, mean.ci_high


def score_rows(
    scores: NDArray[np.float64],
    score_type: ScoreType,
    segments: Mapping[str, pd.Series] | None = None,
    *,
    min_n: int = 5,
) -> tuple[ScoreRow, ...]:
    """The headline score overall, then per group of each segment (most answers first).

    segments maps a segment name to a group label per item (aligned with scores; missing
    labels are left out). Groups with fewer than min_n answers and all beyond the
    MAX_GROUPS largest are left out. Intervals are 95%; see `cx` for their methods.
    """
    valid = np.isfinite(scores)
    rows: list[ScoreRow] = []
    if valid.sum() == 0:
        return ()
    metric, value, low, high = _headline(scores[valid], score_type)
    rows.append(ScoreRow("all", "all", metric, int(valid.sum()), value, low, high, 0.95))
    for segment, labels in (segments or {}).items():
        codes, names = pd.factorize(labels.reset_index(drop=True))
        keep = valid & (codes >= 0)
        counts = np.bincount(codes[keep], minlength=len(names))
        for group in np.argsort(-counts, kind="stable")[:MAX_GROUPS]:
            if counts[group] < min_n:
                break
            picked = scores[keep & (codes == group)]
            metric, value, low, high = _headline(picked, score_type)
            rows.append(
                ScoreRow(segment, str(names[group]), metric, picked.size, value, low, high, 0.95)
            )
    return tuple(rows)
