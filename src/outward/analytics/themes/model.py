"""The result of theme discovery: themes, per-item assignments, and incremental assignment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from outward.analytics.representation import TextRepresentation
from outward.analytics.results import Result, to_plain
from outward.analytics.themes.clustering import smooth

OTHER_ID = -1
"""Theme id of the "other" bucket: items that fit no theme."""

OTHER_LABEL = "Other"

_ASSIGN_CHUNK = 65_536


@dataclass(frozen=True, slots=True)
class KeyPhrase(Result):
    """A phrase that characterises a theme, with its class-based TF-IDF weight."""

    phrase: str
    weight: float


@dataclass(frozen=True, slots=True, eq=False)
class Theme(Result):
    """One group of feedback about the same thing.

    ``share`` is ``size`` over all items of the corpus (the "other" bucket included), and
    ``centroid`` (the L2-normalised mean vector of its items, in the space of the model's
    representation) is left out of JSON.
    """

    id: int
    label: str
    key_phrases: tuple[KeyPhrase, ...]
    quotes: tuple[str, ...]
    size: int
    share: float
    is_new: bool
    centroid: NDArray[np.float32]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types, without the centroid."""
        return {
            "id": self.id,
            "label": self.label,
            "key_phrases": [p.to_dict() for p in self.key_phrases],
            "quotes": list(self.quotes),
            "size": self.size,
            "share": to_plain(self.share),
            "is_new": self.is_new,
        }


@dataclass(frozen=True, slots=True, eq=False)
class ThemeModel(Result):
    """Themes found in a corpus, and how to put new items in them without refitting.

    - ``themes``: ordered by size, largest first; ids are stable across refits when the
      earlier model was passed as ``previous`` to ``discover_themes``.
    - ``assignments``: the theme id of each input item, ``OTHER_ID`` (-1) for "other".
    - ``other_share``: the share of items in "other"; theme shares plus it sum to 1
      (0 for an empty corpus).
    - ``other_threshold``: the cosine similarity to the nearest centroid below which an item
      goes to "other"; ``assign`` applies the same rule.
    - ``new_theme_ids``: themes that matched no theme of ``previous`` (all, without one).
    - ``max_issued_id``: the largest id ever given, so a vanished theme's id is never reused.
    - ``representation``: the fitted text representation; not serialised.
    - ``reference`` and ``neighbours``: the raw vectors of the clustered items, against which
      every item's vector is smoothed (averaged with its ``neighbours`` nearest reference
      vectors) before it is compared with the centroids; not serialised.
    """

    themes: tuple[Theme, ...]
    assignments: NDArray[np.int64]
    other_share: float
    n_items: int
    other_threshold: float
    new_theme_ids: tuple[int, ...]
    max_issued_id: int
    representation_name: str
    representation: TextRepresentation
    reference: NDArray[np.float32]
    neighbours: int

    @property
    def n_themes(self) -> int:
        """Number of themes, the "other" bucket not counted."""
        return len(self.themes)

    def theme(self, theme_id: int) -> Theme:
        """The theme with this id; KeyError if there is none."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def centroids(self) -> NDArray[np.float32]:
        """The themes' centroids, one row each, in the order of ``themes``."""
        if not self.themes:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([t.centroid for t in self.themes]).astype(np.float32)

    def assign(self, texts: Sequence[str]) -> NDArray[np.int64]:
        """Theme id of each new text, without refitting anything.

        Method: vectors from the model's (already fitted) representation, smoothed against
        the model's reference vectors exactly as in ``discover_themes`` (``smooth``); each text
        goes to the theme with the most cosine-similar centroid, or to "other" (-1) when that
        similarity is below ``other_threshold`` (or the text has no known word). So a text of
        the fitted corpus gets the theme it was given there.
        """
        vectors = self.representation.transform(list(texts))
        return self.assign_vectors(vectors)

    def assign_vectors(self, vectors: NDArray[np.float32]) -> NDArray[np.int64]:
        """As ``assign``, for vectors already produced by the model's representation."""
        ids = np.array([t.id for t in self.themes], dtype=np.int64)
        if len(ids) == 0:
            return np.full(int(vectors.shape[0]), OTHER_ID, dtype=np.int64)
        smoothed = smooth(np.asarray(vectors, dtype=np.float32), self.reference, self.neighbours)
        return nearest_theme(smoothed, self.centroids(), ids, self.other_threshold)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types: themes (without centroids), assignments and the shares."""
        return {
            "themes": [t.to_dict() for t in self.themes],
            "assignments": self.assignments.tolist(),
            "other_share": to_plain(self.other_share),
            "n_items": self.n_items,
            "other_threshold": to_plain(self.other_threshold),
            "new_theme_ids": list(self.new_theme_ids),
            "max_issued_id": self.max_issued_id,
            "representation_name": self.representation_name,
        }


def nearest_theme(
    vectors: NDArray[np.float32],
    centroids: NDArray[np.float32],
    ids: NDArray[np.int64],
    threshold: float,
) -> NDArray[np.int64]:
    """Id of the most cosine-similar centroid per row, or ``OTHER_ID`` below ``threshold``.

    Rows and centroids are assumed L2-normalised (cosine = dot product). Processed in chunks
    so that a million rows never need a million-by-k matrix at once.
    """
    n = int(vectors.shape[0])
    out = np.full(n, OTHER_ID, dtype=np.int64)
    if n == 0 or len(ids) == 0:
        return out
    for start in range(0, n, _ASSIGN_CHUNK):
        best, sim = best_centroid(vectors[start : start + _ASSIGN_CHUNK], centroids)
        out[start : start + len(best)] = np.where(sim >= threshold, ids[best], OTHER_ID)
    return out


def best_centroid(
    vectors: NDArray[np.float32], centroids: NDArray[np.float32]
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Index of the most similar centroid per row and that cosine similarity."""
    sims = vectors @ centroids.T
    best = np.argmax(sims, axis=1).astype(np.int64)
    return best, sims[np.arange(len(best)), best].astype(np.float32)
