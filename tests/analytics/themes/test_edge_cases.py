"""Theme discovery never crashes, whatever the corpus: shares add up and every item is placed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy.spatial.distance import squareform

from outward.analytics.themes import OTHER_ID, ThemeModel, clustering, discover_themes
from outward.analytics.themes.default_backend import normalise_rows

from .corpus import make_corpus

FIVE = ["delivery", "refund", "password", "billing", "staff"]


def _check(model: ThemeModel, n: int) -> None:
    assert len(model.assignments) == n
    assert model.n_items == n
    total = sum(t.share for t in model.themes) + model.other_share
    assert np.isclose(total, 1.0) if n else total == 0.0
    ids = {t.id for t in model.themes} | {OTHER_ID}
    assert set(model.assignments.tolist()) <= ids
    model.to_json()


texts_strategy = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from(["", "   ", "refund please", "Rückerstattung bitte", "退款", "😀😀"]),
    ),
    max_size=40,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=texts_strategy)
def test_any_corpus_gives_a_consistent_model(texts: list[str]) -> None:
    model = discover_themes(texts)

    _check(model, len(texts))
    assert len(model.assign(texts)) == len(texts)


def test_empty_corpus() -> None:
    model = discover_themes([])

    _check(model, 0)
    assert model.themes == ()
    assert model.assign([]).shape == (0,)


def test_one_item() -> None:
    _check(discover_themes(["my parcel is late"]), 1)


def test_all_identical_texts() -> None:
    model = discover_themes(["the card was declined"] * 50)

    _check(model, 50)
    assert model.n_themes == 1
    assert model.other_share == 0.0


def test_empty_strings_only() -> None:
    model = discover_themes([""] * 10)

    _check(model, 10)
    assert model.other_share == 1.0


def test_non_english_texts() -> None:
    texts = ["Mein Paket ist verspätet angekommen"] * 10 + ["La facture est trop élevée"] * 10
    texts += ["配送が遅れています"] * 10

    model = discover_themes(texts)

    _check(model, 30)
    assert model.n_themes >= 2


def test_very_long_texts() -> None:
    long = ["delivery late parcel " * 500, "refund money back " * 550] * 5

    model = discover_themes(long)

    _check(model, 10)
    for theme in model.themes:
        assert all(len(q) <= 240 for q in theme.quotes)


def test_few_distinct_texts_repeated_many_times() -> None:
    # Given 25 distinct texts (one of them empty) each repeated about 40 times, shuffled
    distinct = [
        *("refund please", "my card was declined", "app crashes", "delivery late", "hello"),
        *("thanks", "password reset not working", "", "ok", "great service", "bad service"),
        *("refund", "late", "card", "help", "when will my parcel arrive", "cancel it", "yes"),
        *("I love it", "the app keeps crashing", "charged twice", "wrong item", "rude staff"),
        *("login fails", "no"),
    ]
    rng = np.random.default_rng(0)
    texts = [distinct[i] for i in rng.integers(0, len(distinct), size=1000)]

    # When themes are discovered
    model = discover_themes(texts)

    # Then every copy of a text gets the same theme, and the model is consistent
    _check(model, len(texts))
    by_text: dict[str, set[int]] = {}
    for text, theme in zip(texts, model.assignments.tolist(), strict=True):
        by_text.setdefault(text, set()).add(theme)
    assert all(len(themes) == 1 for themes in by_text.values())
    assert np.all(model.assignments[[t == "" for t in texts]] == OTHER_ID)
    assert model.n_themes >= 2


def test_many_copies_of_one_text_make_one_theme() -> None:
    model = discover_themes(["the card was declined"] * 2000)

    _check(model, 2000)
    assert model.n_themes == 1
    assert model.other_share == 0.0


def test_half_empty_strings() -> None:
    texts, _ = make_corpus(FIVE, per_topic=40)
    corpus = [t for text in texts for t in (text, "")]

    model = discover_themes(corpus)

    _check(model, len(corpus))
    assert np.all(model.assignments[1::2] == OTHER_ID)
    assert model.other_share >= 0.5
    assert model.n_themes >= 4


def test_every_text_unique_gibberish() -> None:
    rng = np.random.default_rng(3)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz   "))
    texts = ["".join(rng.choice(letters, size=rng.integers(5, 40))) for _ in range(500)]
    assert len(set(texts)) == len(texts)

    model = discover_themes(texts)

    _check(model, len(texts))
    assert np.array_equal(model.assign(texts), model.assignments)


def test_empty_kmeans_clusters_do_not_break_the_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given k-means leaving a cluster empty (as it can on duplicated points): labels 0 and 2
    class GappyKMeans:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def fit_predict(self, vectors: NDArray[np.float32]) -> NDArray[np.int64]:
            return np.where(np.arange(len(vectors)) % 2 == 0, 0, 2).astype(np.int64)

    monkeypatch.setattr(clustering, "KMeans", GappyKMeans)
    rng = np.random.default_rng(0)
    vectors = normalise_rows(rng.standard_normal((200, 6)))

    # When clustered
    result = clustering.cluster(vectors)

    # Then the empty cluster is dropped and every centroid is a unit vector
    assert np.all(np.isfinite(result.centroids))
    assert np.allclose(np.linalg.norm(result.centroids, axis=1), 1.0, atol=1e-5)
    assert set(result.labels.tolist()) == set(range(len(result.centroids)))


def test_cosine_distances_are_finite_with_zero_centroids() -> None:
    vectors = normalise_rows(np.array([[1.0, 0.0], [0.0, 0.0], [0.6, 0.8], [1.0, 0.0]]))

    distances = squareform(clustering.cosine_distances(vectors))

    assert np.all(np.isfinite(distances))
    assert np.allclose(distances[1, [0, 2, 3]], 1.0)
    assert np.isclose(distances[0, 3], 0.0)
    assert np.isclose(distances[0, 2], 0.4)


def _mixtures(n: int, dims: int, topics: int, seed: int) -> NDArray[np.float32]:
    """Rows that each mix a few of ``topics`` directions, like long multi-topic reviews."""
    rng = np.random.default_rng(seed)
    directions = normalise_rows(rng.standard_normal((topics, dims)))
    weights = rng.dirichlet(np.full(topics, 0.3), size=n)
    noise = 0.3 * rng.standard_normal((n, dims)) / np.sqrt(dims)
    return normalise_rows(weights @ directions + noise)


def test_weakly_clustered_data_is_not_collapsed_into_one_dominant_theme() -> None:
    # Given vectors mixing several topics each (no clear clusters; the silhouette rule
    # alone puts 92% of them in one group)
    vectors = _mixtures(3000, 60, 12, seed=0)

    # When clustered
    result = clustering.cluster(vectors)

    # Then there are several groups, none holding more than a fifth of the items
    shares = np.bincount(result.labels) / len(result.labels)
    assert 5 <= len(result.centroids) <= 60
    assert shares.max() <= clustering.WEAK_MAX_SHARE


def test_a_clearly_separated_dominant_theme_is_kept_whole() -> None:
    # Given 80% of the items tightly around one direction and 5% around each of 4 others
    rng = np.random.default_rng(1)
    directions = normalise_rows(rng.standard_normal((5, 40)))
    which = np.repeat(np.arange(5), [2400, 150, 150, 150, 150])
    vectors = normalise_rows(directions[which] + 0.05 * rng.standard_normal((3000, 40)))

    # When clustered
    result = clustering.cluster(vectors)

    # Then the dominant group stays one theme
    shares = np.bincount(result.labels) / len(result.labels)
    assert shares.max() >= 0.75
