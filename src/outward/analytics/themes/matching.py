"""Stable theme ids across refits: match new themes to the themes of an earlier model."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

MIN_MATCH_SIMILARITY = 0.7
"""Cosine similarity of centroids below which a new theme is not the same as an old one."""


def match_themes(
    new_centroids: NDArray[np.float32],
    old_centroids: NDArray[np.float32],
    old_ids: NDArray[np.int64],
    *,
    min_similarity: float = MIN_MATCH_SIMILARITY,
) -> NDArray[np.int64]:
    """For each new theme, the id of the old theme it continues, or -1 for a new theme.

    Method: a one-to-one assignment maximising the total cosine similarity of matched
    centroids (Hungarian algorithm, ``scipy.optimize.linear_sum_assignment``); pairs less
    similar than ``min_similarity`` are not matched. Both centroid sets must live in the same
    vector space and be L2-normalised (``discover_themes`` ensures this by computing the old
    themes' centroids from the new vectors of the items the old model assigns to them).
    """
    matched = np.full(len(new_centroids), -1, dtype=np.int64)
    if len(new_centroids) == 0 or len(old_centroids) == 0:
        return matched
    similarity = new_centroids @ old_centroids.T
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    good = similarity[rows, cols] >= min_similarity
    matched[rows[good]] = old_ids[cols[good]]
    return matched
