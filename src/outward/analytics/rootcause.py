"""Explainable root cause per item and per theme, from weighted cue phrases.

Method: the cues of `lexicon.rootcause_cues` are found as one alternation of their regular
expressions scanned over the corpus (texts joined by NUL) would find them (leftmost match,
earlier cue first, no overlaps), but each cue is tried only where one of its anchor words
occurs (`cuescan.CueScanner`: runs are hashed in numpy, so most text is never seen by a
regular expression). Texts go in chunks, so memory stays flat. Matches form a sparse
item x cue count matrix C; C @ W (W: cue x category weights) gives item x category scores.
The category is the best-scoring one; its confidence is the margin
(best - second) / (best + second + 1), in [0, 1): 0 on a tie, near 1 when many cues agree.
An item with no cue is OTHER with confidence 0. Assumptions: English complaint language;
a cue counts the same wherever it appears (no negation handling beyond the cues themselves).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from outward.analytics.cuescan import CueScanner
from outward.analytics.lexicon.rootcause_cues import ANCHORS, CUES
from outward.analytics.results import Result
from outward.analytics.textnorm import join_corpus

_CHUNK = 4096  # texts scanned at once


class RootCause(StrEnum):
    """Why a customer had the experience they describe."""

    PRODUCT_DEFECT = "product_defect"
    EXPECTATION_GAP = "expectation_gap"
    UNCLEAR_DIRECTIONS = "unclear_directions"
    PROCESS_FAILURE = "process_failure"
    PEOPLE_ATTITUDE = "people_attitude"
    PRICE_BILLING = "price_billing"
    PRAISE = "praise"
    OTHER = "other"


_CATEGORIES: tuple[RootCause, ...] = tuple(c for c in RootCause if c is not RootCause.OTHER)


@dataclass(frozen=True, slots=True)
class _Cues:
    scanner: CueScanner
    labels: tuple[str, ...]  # cue label by column of the count matrix
    weights: sp.csr_matrix  # cue x category


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    labels: list[str] = []
    regexes: list[str] = []
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for j, category in enumerate(_CATEGORIES):
        for label, (regex, weight) in CUES[category.value].items():
            regexes.append(regex)
            rows.append(len(labels))
            cols.append(j)
            vals.append(weight)
            labels.append(label)
    weights = sp.csr_matrix((vals, (rows, cols)), shape=(len(labels), len(_CATEGORIES)))
    scanner = CueScanner(regexes, [ANCHORS[label] for label in labels], re.IGNORECASE)
    return _Cues(scanner, tuple(labels), weights)


@dataclass(frozen=True, slots=True)
class RootCauseResult(Result):
    """Root cause per item: category, confidence in [0, 1], and the cue phrases that matched."""

    categories: tuple[RootCause, ...]
    confidence: NDArray[np.float64]
    cues: tuple[tuple[str, ...], ...]
    scores: NDArray[np.float64]  # item x category (order of `category_order`)
    category_order: tuple[RootCause, ...] = _CATEGORIES


def _cue_matrix(texts: Iterable[Any]) -> tuple[sp.csr_matrix, list[list[str]]]:
    """Sparse item x cue counts, and each item's matched cue labels in text order."""
    cues = _cues()
    batch = texts if isinstance(texts, list) else list(texts)
    found_items: list[NDArray[np.int64]] = []
    columns: list[int] = []
    for offset in range(0, len(batch), _CHUNK):
        corpus = join_corpus(batch[offset : offset + _CHUNK])
        starts, cue_ids = cues.scanner.scan(corpus.text, corpus.codepoints())
        found_items.append(corpus.item_of(np.asarray(starts, dtype=np.int64)) + offset)
        columns += cue_ids
    items = np.concatenate(found_items) if found_items else np.zeros(0, dtype=np.int64)
    counts = sp.csr_matrix(
        (np.ones(len(columns)), (items, np.asarray(columns, dtype=np.int64))),
        shape=(len(batch), len(cues.labels)),
    )
    matched: list[list[str]] = [[] for _ in range(len(batch))]
    for item, column in zip(items.tolist(), columns, strict=True):
        label = cues.labels[column]
        if label not in matched[item]:
            matched[item].append(label)
    return counts, matched


def classify_root_causes(texts: Iterable[Any]) -> RootCauseResult:
    """Root cause of each text from cue phrases (see the module docstring for the method)."""
    counts, matched = _cue_matrix(texts)
    scores = np.asarray((counts @ _cues().weights).todense(), dtype=np.float64)
    n = scores.shape[0]
    if n == 0:
        empty = np.zeros(0)
        return RootCauseResult((), empty, (), np.zeros((0, len(_CATEGORIES))))
    ranked = np.sort(scores, axis=1)
    best, second = ranked[:, -1], ranked[:, -2]
    confidence = (best - second) / (best + second + 1.0)
    winner = np.argmax(scores, axis=1)
    categories = tuple(
        _CATEGORIES[w] if b > 0 else RootCause.OTHER
        for w, b in zip(winner.tolist(), best.tolist(), strict=True)
    )
    return RootCauseResult(
        categories=categories,
        confidence=confidence,
        cues=tuple(tuple(m) for m in matched),
        scores=scores,
    )


@dataclass(frozen=True, slots=True)
class ThemeRootCause(Result):
    """Root causes of one theme: shares per category, the dominant one, its top cue phrases."""

    theme: str
    n_items: int
    shares: dict[RootCause, float]
    dominant: RootCause
    confidence: float
    top_cues: tuple[tuple[str, int], ...]


def root_causes_by_theme(
    result: RootCauseResult,
    themes: Mapping[str, Sequence[int]] | Sequence[Sequence[int]],
    top: int = 5,
) -> tuple[ThemeRootCause, ...]:
    """Aggregate item root causes over themes (a theme = a group of item indices).

    Shares are the fraction of the theme's items in each category (OTHER included). The
    dominant category is the most frequent one other than OTHER (OTHER only if every item is
    OTHER); confidence = its share minus the runner-up's share, in [0, 1]. Top cues are the
    cue phrases most often matched in the theme's items (each counted once per item).
    """
    named = themes.items() if isinstance(themes, Mapping) else enumerate(themes)
    out: list[ThemeRootCause] = []
    for name, members in named:
        idx = [int(i) for i in members]
        tally = Counter(result.categories[i] for i in idx)
        size = len(idx)
        shares = {c: (tally[c] / size if size else 0.0) for c in RootCause}
        ranked = sorted(_CATEGORIES, key=lambda c: (-shares[c], _CATEGORIES.index(c)))
        dominant = ranked[0] if shares[ranked[0]] > 0 else RootCause.OTHER
        runner_up = shares[ranked[1]] if dominant is not RootCause.OTHER else 0.0
        confidence = shares[dominant] - runner_up if dominant is not RootCause.OTHER else 0.0
        cue_counts = Counter(cue for i in idx for cue in result.cues[i])
        out.append(
            ThemeRootCause(
                theme=str(name),
                n_items=size,
                shares=shares,
                dominant=dominant,
                confidence=float(confidence),
                top_cues=tuple(cue_counts.most_common(top)),
            )
        )
    return tuple(out)
