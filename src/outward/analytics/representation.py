"""How texts become vectors: the interface every text representation backend implements.

The default backend needs no torch and is fast (used by tests and CI); the optional
`outward[embeddings]` extra adds a sentence-transformers backend. Theme discovery and every
other consumer depend only on this protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray


@runtime_checkable
class TextRepresentation(Protocol):
    """Turns texts into dense vectors whose rows are L2-normalised (cosine = dot product)."""

    @property
    def name(self) -> str:
        """A short name for reports and benchmarks, e.g. "default" or "minilm"."""
        ...

    def fit(self, texts: Sequence[str]) -> TextRepresentation:
        """Learn what the backend needs from a corpus (a vocabulary, weights); returns self.

        Pretrained backends may do nothing here.
        """
        ...

    def transform(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One row per text, L2-normalised; an empty text gives a zero row."""
        ...


def fit_transform(representation: TextRepresentation, texts: Sequence[str]) -> NDArray[np.float32]:
    """Fit ``representation`` on ``texts`` and return their vectors, through the backend's own
    ``fit_transform`` where it has one (the default backend then counts the texts once)."""
    own = getattr(representation, "fit_transform", None)
    if callable(own):
        return np.asarray(own(texts), dtype=np.float32)
    representation.fit(texts)
    return representation.transform(texts)
