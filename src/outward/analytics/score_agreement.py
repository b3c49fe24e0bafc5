"""An item's shown sentiment never contradicts the score the same customer gave with it.

Text sentiment reads the words only: "Thank you for asking. The engineer came late twice"
reads mildly positive, yet it came with an NPS of 3. Where an item carries a score, its
direction bounds the sentiment shown for the item: a bad score (NPS 0-6, CSAT 1-2, CES 1-3
where 7 is "very easy") caps it at 0, so it is never "positive"; a good score (NPS 9-10,
CSAT 4-5, CES 5-7) floors it at 0, so it is never "negative"; a middle score, or scores that
disagree with each other, leave it as the text says. Only what is shown is bounded: analyses
that relate sentiment to scores (key drivers) use the text's own sentiment, or the score
would leak into its own predictor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

# (at or below: a bad score, at or above: a good one), on each scale's own numbers.
BANDS: Mapping[str, tuple[float, float]] = {"nps": (6, 9), "csat": (2, 4), "ces": (3, 5)}


def score_direction(scores: ArrayLike, kind: str) -> NDArray[np.int8]:
    """-1 for a bad score, +1 for a good one, 0 for a middle or missing one (or an unknown
    kind of score)."""
    values = np.asarray(scores, dtype=np.float64)
    if kind not in BANDS:
        return np.zeros(values.shape, dtype=np.int8)
    low, high = BANDS[kind]
    direction = np.where(values <= low, -1, np.where(values >= high, 1, 0))
    return np.where(np.isnan(values), 0, direction).astype(np.int8)


def combined_direction(*directions: NDArray[np.int8]) -> NDArray[np.int8]:
    """One direction from several scores of the same items: 0 where they disagree."""
    stacked = np.stack(directions)
    bad, good = (stacked < 0).any(axis=0), (stacked > 0).any(axis=0)
    return np.where(bad & ~good, -1, np.where(good & ~bad, 1, 0)).astype(np.int8)


def agree_with_scores(
    sentiment: NDArray[np.floating[Any]], direction: NDArray[np.int8]
) -> NDArray[np.float32]:
    """The sentiment bounded by each item's score direction (see the module docstring)."""
    values = np.asarray(sentiment, dtype=np.float32)
    capped = np.where(direction < 0, np.minimum(values, 0), values)
    return np.where(direction > 0, np.maximum(capped, 0), capped).astype(np.float32)


def item_direction(nps: float | None, csat: float | None, ces: float | None) -> int:
    """`combined_direction` of one item's scores (None: not given)."""
    given = {"nps": nps, "csat": csat, "ces": ces}
    directions = [
        score_direction(np.array([value], dtype=np.float64), kind)
        for kind, value in given.items()
        if value is not None
    ]
    if not directions:
        return 0
    return int(combined_direction(*directions)[0])


def shown_sentiment(
    sentiment: float, nps: float | None, csat: float | None, ces: float | None
) -> float:
    """One item's sentiment as shown: `agree_with_scores` with its own scores."""
    direction = np.array([item_direction(nps, csat, ces)], dtype=np.int8)
    return float(agree_with_scores(np.array([sentiment], dtype=np.float32), direction)[0])
