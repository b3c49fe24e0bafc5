"""The fast counting paths give exactly what the slower reference computations give."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import silhouette_score

from outward.analytics.representation import fit_transform
from outward.analytics.themes.clustering import CutSilhouettes
from outward.analytics.themes.default_backend import DefaultRepresentation, normalise_rows
from outward.analytics.themes.tokens import TOKEN_PATTERN, ngram_counts

WORDS = ["card", "not", "arrived", "refund", "late", "app", "login", "fee", "a", "Ünïcode"]
texts_strategy = st.lists(
    st.lists(st.sampled_from([*WORDS, ",", "!", " "]), max_size=12).map(" ".join),
    min_size=1,
    max_size=30,
)


@given(texts=texts_strategy, min_df=st.integers(1, 3), max_n=st.integers(1, 3))
@settings(max_examples=80, deadline=None)
def test_ngram_counts_equal_scikit_learns_count_vectorizer(
    texts: list[str], min_df: int, max_n: int
) -> None:
    vectorizer = CountVectorizer(
        token_pattern=TOKEN_PATTERN, ngram_range=(1, max_n), min_df=min_df, dtype=np.float32
    )
    try:
        expected = vectorizer.fit_transform(texts)
        expected_names = list(vectorizer.get_feature_names_out())
    except ValueError:  # scikit-learn refuses an empty vocabulary
        expected, expected_names = None, []

    counts, names = ngram_counts(texts, max_n=max_n, min_df=min_df)

    assert names == expected_names
    assert counts.shape == (len(texts), len(names))
    if expected is not None:
        assert (counts != expected).nnz == 0


def test_ngram_counts_refuse_codes_that_would_overflow() -> None:
    many = [" ".join(f"w{i}x{j}" for j in range(100)) for i in range(1000)]  # 100,000 words
    with pytest.raises(OverflowError, match="100000 distinct words"):
        ngram_counts(many, max_n=4)


def test_fit_transform_gives_the_vectors_of_fit_then_transform() -> None:
    texts = [f"my card {w} has not arrived" for w in WORDS] * 6 + ["refund the late fee"] * 5

    together = fit_transform(DefaultRepresentation(dims=8), texts)
    apart = DefaultRepresentation(dims=8).fit(texts).transform(texts)

    np.testing.assert_allclose(together, apart, atol=1e-5)


def test_fit_transform_on_a_sampled_fit_still_transforms_every_text() -> None:
    texts = [f"text number {i} about the {WORDS[i % len(WORDS)]}" for i in range(120)]

    vectors = fit_transform(DefaultRepresentation(dims=8, fit_sample=60), texts)

    assert vectors.shape == (120, 8)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@given(
    seed=st.integers(0, 10_000),
    n_items=st.integers(3, 60),
    k0=st.integers(1, 12),
    groups=st.integers(1, 6),
)
@settings(max_examples=80, deadline=None)
def test_cut_silhouettes_equal_scikit_learns_silhouette_of_each_cut(
    seed: int, n_items: int, k0: int, groups: int
) -> None:
    # Given unit vectors in fine clusters, and a cut merging those clusters into groups
    rng = np.random.default_rng(seed)
    vectors = normalise_rows(rng.standard_normal((n_items, 5)))
    fine = rng.integers(0, k0, size=n_items)
    cut = rng.integers(0, groups, size=k0)
    labels = cut[fine]

    # When the cut's silhouette is computed from the fine clusters' sums
    score = CutSilhouettes(vectors @ vectors.T, fine, k0).of(cut)

    # Then it is scikit-learn's cosine silhouette of the cut (undefined: None)
    if not 2 <= len(np.unique(labels)) < n_items:
        assert score is None
    else:
        expected = silhouette_score(vectors, labels, metric="cosine")
        assert score == pytest.approx(expected, abs=1e-5)
