"""Theme discovery: from raw feedback texts to a ThemeModel, choosing the number of themes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from outward.analytics.representation import TextRepresentation, fit_transform
from outward.analytics.themes.clustering import Clustering, cluster, one_hot, smooth
from outward.analytics.themes.default_backend import DefaultRepresentation, normalise_rows
from outward.analytics.themes.labels import (
    choose_labels,
    count_phrases,
    key_phrases_of,
    label_key,
    representative_quotes,
)
from outward.analytics.themes.matching import match_themes
from outward.analytics.themes.model import (
    OTHER_ID,
    KeyPhrase,
    Theme,
    ThemeModel,
    best_centroid,
)

OTHER_FRACTION = 0.5
"""An item goes to "other" when its similarity to the nearest centroid is below this fraction
of the median similarity of clustered items to their own centroid."""

NEIGHBOURS = 10
"""Neighbours each item is averaged with before clustering and assignment (5 and 20 gave
NMI within 0.005 on BANKING77)."""

REFERENCE_SIZE = 3_000
"""Fewest clustered items new items are smoothed against (all of them when fewer).
Smoothing costs O(reference size) per item, the largest cost at a million items."""

REFERENCE_WORK = 3_000_000_000
"""Budget of (items x reference rows) for smoothing: a corpus of n items is smoothed against
max(REFERENCE_SIZE, REFERENCE_WORK / n) clustered items, at most all of them. Up to 300,000
items that is the whole clustered sample, so its items are assigned in exactly the space they
were clustered in (on BANKING77 with MiniLM, +0.004 NMI over a 3,000-item reference); a
million items get 3,000, the cost measured at that scale."""

EMBEDDING_RESTARTS = 3
"""k-means runs of the over-clustering (the best kept) for representations other than the
default one (see ``restarts_for``)."""

MERGE_ROUNDS = 3
"""Rounds of merging near-duplicate themes (a merged theme may then pair with a third)."""

SHARED_PHRASES = 0.3
"""Share of two themes' key phrases (Jaccard, as ``label_key``s) they must have in common,
besides the same best phrase, to be merged as near-duplicates (``_read_the_same``)."""

MIN_SHARE = 0.002
LABEL_SAMPLE = 20_000
_CHUNK = 65_536


def default_min_theme_size(n_items: int) -> int:
    """Smallest theme kept by default: 0.2% of the items, and at least 3.

    Smaller groups are too small to act on and too noisy to trend; their items go to "other"
    (or to a bigger theme they are close enough to).
    """
    return max(3, math.ceil(MIN_SHARE * n_items))


def discover_themes(
    texts: Sequence[str],
    *,
    representation: TextRepresentation | None = None,
    seed: int = 0,
    min_theme_size: int | None = None,
    previous: ThemeModel | None = None,
    sample_size: int = 10_000,
    restarts: int | None = None,
) -> ThemeModel:
    """Find the themes of a corpus without being told how many there are.

    Method:
    1. Vectors: ``representation`` (default: ``DefaultRepresentation``) is fitted on the texts
       (pretrained backends may ignore this) and transforms them into L2-normalised rows.
    2. Clusters: on a random sample of at most ``sample_size`` items, neighbourhood smoothing,
       over-clustering with k-means (the best of ``restarts`` runs; default ``restarts_for``
       the representation), merging of the centroids by average-linkage clustering,
       the number of themes chosen by silhouette and the cut refined by spherical k-means,
       with a balanced (Ward) cut when that leaves one weakly separated theme holding most
       items (see ``themes.clustering``).
    3. Assignment: every item's vector is smoothed (averaged with its ``NEIGHBOURS`` nearest
       vectors among a reference of clustered items, ``reference_size(n)`` of them, exactly
       as ``ThemeModel.assign`` does for new items), then goes to its most cosine-similar
       centroid, or to "other" (id -1) when that similarity is below ``OTHER_FRACTION`` of
       the median similarity of the clustered items to their centroids (or the item has no
       known word). Themes with fewer than ``min_theme_size`` items (default:
       ``default_min_theme_size``) are dropped and their items re-assigned by the same rule,
       until all themes are large enough; so the items' assignments are exactly what
       ``ThemeModel.assign`` would give them.
    4. Labels, key phrases (c-TF-IDF) and quotes: see ``themes.labels``. Themes whose best
       phrases read the same and whose centroids are close are merged first
       (``_merge_near_duplicates``), and the items re-assigned by the rule of step 3.
    5. Ids: without ``previous``, themes are numbered 0, 1, ... by decreasing size. With it,
       the old model assigns the new corpus; each old theme's centroid is recomputed from the
       new vectors of its items (so both sets live in the new space, even after refitting
       the representation), and new themes are matched to old ones by the Hungarian algorithm
       on centroid cosine similarity (``themes.matching``). Matched themes keep their old id;
       the others get fresh ids above any id ``previous`` ever issued, and are listed in
       ``new_theme_ids``.

    Assumptions: texts are short to medium feedback items; the representation passed in is
    fitted here and belongs to the returned model afterwards (pass a new one, not the one of
    ``previous``, unless it is pretrained). Deterministic for a given ``seed``.
    """
    corpus = [str(t) for t in texts]
    n = len(corpus)
    old_ids = previous.assign(corpus) if previous is not None else None
    rep: TextRepresentation = (
        representation if representation is not None else DefaultRepresentation(seed=seed)
    )
    vectors = fit_transform(rep, corpus)
    min_size = default_min_theme_size(n) if min_theme_size is None else max(1, min_theme_size)

    clustering = cluster(
        vectors,
        seed=seed,
        sample_size=sample_size,
        neighbours=NEIGHBOURS,
        restarts=restarts_for(rep) if restarts is None else max(1, restarts),
    )
    reference = _reference(vectors, clustering, seed, reference_size(n))
    smoothed = _smoothed(vectors, clustering, reference)
    centroids = clustering.centroids
    threshold = _other_threshold(smoothed, clustering.sample, clustering.labels, centroids)
    local, similarity, centroids = _assign_dropping_small(smoothed, centroids, threshold, min_size)
    # Phrases are counted once, on at most LABEL_SAMPLE items, and weighed per labelling.
    labelled = _label_sample(n, seed)
    counted = count_phrases([corpus[i] for i in labelled])
    phrases = key_phrases_of(counted, local[labelled], len(centroids))
    for _ in range(MERGE_ROUNDS):  # a merged theme may now read and sit like a third one
        merged = _merge_near_duplicates(smoothed, local, centroids, phrases)
        if merged is None:
            break
        local, similarity, centroids = _assign_dropping_small(smoothed, merged, threshold, min_size)
        phrases = key_phrases_of(counted, local[labelled], len(centroids))
    sizes = np.bincount(local[local >= 0], minlength=len(centroids))
    order = np.argsort(-sizes, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    local = np.where(local >= 0, rank[np.maximum(local, 0)], -1) if len(order) else local
    centroids, sizes = centroids[order], sizes[order]
    phrases = [phrases[j] for j in order]

    ids, new_ids, max_issued = _stable_ids(smoothed, local, centroids, old_ids, previous)
    assignments = (
        np.where(local >= 0, ids[np.maximum(local, 0)], OTHER_ID).astype(np.int64)
        if len(ids)
        else np.full(n, OTHER_ID, dtype=np.int64)
    )
    themes = _describe(corpus, local, similarity, centroids, sizes, ids, new_ids, n, phrases)
    other = int(np.count_nonzero(local < 0))
    return ThemeModel(
        themes=themes,
        assignments=assignments,
        other_share=other / n if n else 0.0,
        n_items=n,
        other_threshold=threshold,
        new_theme_ids=tuple(int(i) for i in ids if int(i) in new_ids),
        max_issued_id=max_issued,
        representation_name=rep.name,
        representation=rep,
        reference=reference,
        neighbours=NEIGHBOURS,
    )


def restarts_for(representation: TextRepresentation) -> int:
    """k-means runs of the over-clustering for vectors of ``representation``: 1 for the
    default backend, ``EMBEDDING_RESTARTS`` for any other.

    More runs (the one with the lowest inertia kept) find finer over-clusters where the
    vectors carry fine structure: on BANKING77 with MiniLM, 3 runs gave +0.011 NMI and +0.025
    ARI (mean of 3 seeds) for 0.5 s, next to the ~30 s the encoder spends on the texts. The
    default backend's LSA vectors gained nothing (NMI within 0.001) and would pay 20% of its
    time for it.
    """
    return 1 if isinstance(representation, DefaultRepresentation) else EMBEDDING_RESTARTS


def reference_size(n_items: int) -> int:
    """Clustered items a corpus of ``n_items`` is smoothed against (see ``REFERENCE_WORK``)."""
    return max(REFERENCE_SIZE, REFERENCE_WORK // max(n_items, 1))


def _reference(
    vectors: NDArray[np.float32], clustering: Clustering, seed: int, size: int
) -> NDArray[np.float32]:
    """Vectors of at most ``size`` clustered items (a seeded random subset)."""
    sample = clustering.sample
    if len(sample) > size:
        rng = np.random.default_rng(seed + 1)
        sample = np.sort(rng.choice(sample, size=size, replace=False))
    return np.ascontiguousarray(vectors[sample], dtype=np.float32)


def _smoothed(
    vectors: NDArray[np.float32], clustering: Clustering, reference: NDArray[np.float32]
) -> NDArray[np.float32]:
    """Every item smoothed against the reference, as ``ThemeModel.assign`` does it.

    When the reference is the whole clustered sample, ``cluster`` already smoothed the
    sample against it, and only the other items are smoothed here (in chunks).
    """
    out = np.zeros_like(vectors, dtype=np.float32)
    rest = np.any(vectors != 0, axis=1)
    if len(reference) == len(clustering.sample):
        out[clustering.sample] = clustering.smoothed
        rest[clustering.sample] = False
    rest_rows = np.flatnonzero(rest)
    for start in range(0, len(rest_rows), _CHUNK):
        rows = rest_rows[start : start + _CHUNK]
        out[rows] = smooth(vectors[rows], reference, NEIGHBOURS)
    return out


def _other_threshold(
    vectors: NDArray[np.float32],
    sample: NDArray[np.int64],
    labels: NDArray[np.int64],
    centroids: NDArray[np.float32],
) -> float:
    if len(sample) == 0:
        return 1.0
    own = np.einsum("ij,ij->i", vectors[sample], centroids[labels])
    return max(OTHER_FRACTION * float(np.median(own)), 1e-3)


def _assign_dropping_small(
    vectors: NDArray[np.float32],
    centroids: NDArray[np.float32],
    threshold: float,
    min_size: int,
) -> tuple[NDArray[np.int64], NDArray[np.float32], NDArray[np.float32]]:
    """Nearest-centroid labels (-1 below threshold) and similarities; small themes dropped."""
    n = int(vectors.shape[0])
    while True:
        labels = np.full(n, -1, dtype=np.int64)
        similarity = np.zeros(n, dtype=np.float32)
        if len(centroids) == 0:
            return labels, similarity, centroids
        for start in range(0, n, _CHUNK):
            best, sim = best_centroid(vectors[start : start + _CHUNK], centroids)
            labels[start : start + len(best)] = np.where(sim >= threshold, best, -1)
            similarity[start : start + len(best)] = sim
        sizes = np.bincount(labels[labels >= 0], minlength=len(centroids))
        large = sizes >= min_size
        if large.all():
            return labels, similarity, centroids
        centroids = centroids[large]


def _stable_ids(
    vectors: NDArray[np.float32],
    local: NDArray[np.int64],
    centroids: NDArray[np.float32],
    old_assignments: NDArray[np.int64] | None,
    previous: ThemeModel | None,
) -> tuple[NDArray[np.int64], set[int], int]:
    """Theme id per local theme index, the set of new ids, and the largest id issued."""
    k = len(centroids)
    if previous is None or old_assignments is None:
        ids = np.arange(k, dtype=np.int64)
        return ids, {int(i) for i in ids}, k - 1
    old = old_assignments >= 0
    present = np.unique(old_assignments[old])
    old_centroids = normalise_rows(
        np.asarray(
            one_hot(np.searchsorted(present, old_assignments[old]), len(present)) @ vectors[old]
        )
    )
    matched = match_themes(centroids, old_centroids, present)
    next_id = max(previous.max_issued_id, int(present.max(initial=-1))) + 1
    ids = matched.copy()
    new_ids: set[int] = set()
    for index in np.flatnonzero(matched < 0):
        ids[index] = next_id
        new_ids.add(next_id)
        next_id += 1
    return ids, new_ids, next_id - 1


def _label_sample(n: int, seed: int) -> NDArray[np.int64]:
    """The items whose phrases label the themes: all, or ``LABEL_SAMPLE`` of them (seeded)."""
    if n <= LABEL_SAMPLE:
        return np.arange(n, dtype=np.int64)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=LABEL_SAMPLE, replace=False)).astype(np.int64)


def _merge_near_duplicates(
    vectors: NDArray[np.float32],
    local: NDArray[np.int64],
    centroids: NDArray[np.float32],
    phrases: list[tuple[KeyPhrase, ...]],
) -> NDArray[np.float32] | None:
    """Centroids after merging themes that would read the same, or None when none do.

    Two themes are merged when they read the same (``_read_the_same``: the same best phrase
    up to inflection, ``label_key``, "thanks" and "thank", and at least ``SHARED_PHRASES`` of
    their key phrases in common) *and* their centroids are mutual nearest neighbours (no other
    theme is closer to either): a reader could not tell them apart, and in the vectors they
    are each other's closest theme. Themes whose best phrases merely coincide ("ATM": a card
    that did not work at an ATM, and cash withdrawals; "refund": asking for one, and one not
    showing up) are kept, and labelled apart by ``choose_labels``: on BANKING77 the pairs with
    one best phrase in common shared 5-18% of their key phrases, and merging them cost 0.01
    NMI and 0.03 ARI; two phrasings of one thanks share nearly all. The merged centroid is the
    normalised mean of the union's vectors.
    """
    k = len(centroids)
    assigned = local >= 0
    if k < 2 or not assigned.any():
        return None
    pairwise = centroids @ centroids.T
    np.fill_diagonal(pairwise, -np.inf)
    closest = np.argmax(pairwise, axis=1)
    keys = [[label_key(candidate.phrase) for candidate in candidates] for candidates in phrases]
    parent = np.arange(k)
    for a in range(k):
        b = int(closest[a])
        if a < b and closest[b] == a and _read_the_same(keys[a], keys[b]):
            parent[b] = a
    if (parent == np.arange(k)).all():
        return None
    _, group = np.unique(parent, return_inverse=True)
    merged_labels = np.where(assigned, group[np.maximum(local, 0)], -1)
    rows = np.flatnonzero(assigned)
    sums = np.asarray(
        one_hot(merged_labels[rows], int(group.max()) + 1) @ vectors[rows], dtype=np.float32
    )
    return normalise_rows(sums)


def _read_the_same(first: list[str], second: list[str]) -> bool:
    """Whether two themes' key phrases (as ``label_key``s, best first) would read the same:
    the same best phrase, and at least ``SHARED_PHRASES`` of all their phrases in common."""
    if not first or not second or first[0] != second[0]:
        return False
    union = set(first) | set(second)
    return len(set(first) & set(second)) >= SHARED_PHRASES * len(union)


def _describe(
    corpus: list[str],
    local: NDArray[np.int64],
    similarity: NDArray[np.float32],
    centroids: NDArray[np.float32],
    sizes: NDArray[np.int64],
    ids: NDArray[np.int64],
    new_ids: set[int],
    n: int,
    phrases: list[tuple[KeyPhrase, ...]],
) -> tuple[Theme, ...]:
    k = len(centroids)
    labels = choose_labels(phrases)
    by_theme = np.argsort(local, kind="stable")
    bounds = np.searchsorted(local[by_theme], np.arange(k + 1))
    themes = []
    for j in range(k):
        items = by_theme[bounds[j] : bounds[j + 1]]
        quotes = representative_quotes([corpus[i] for i in items], similarity[items])
        themes.append(
            Theme(
                id=int(ids[j]),
                label=labels[j],
                key_phrases=phrases[j],
                quotes=quotes,
                size=int(sizes[j]),
                share=float(sizes[j]) / n,
                is_new=int(ids[j]) in new_ids,
                centroid=centroids[j],
            )
        )
    return tuple(themes)
