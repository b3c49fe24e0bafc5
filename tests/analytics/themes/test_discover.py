"""Theme discovery finds the planted topics of a corpus, labels them, and keeps ids stable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from outward.analytics.representation import TextRepresentation
from outward.analytics.themes import (
    OTHER_ID,
    DefaultRepresentation,
    clustering,
    discover,
    discover_themes,
)

from .corpus import make_corpus

FIVE = ["delivery", "refund", "password", "billing", "staff"]


def test_finds_planted_groups_without_being_told_their_number() -> None:
    texts, truth = make_corpus(FIVE, per_topic=60)

    model = discover_themes(texts)

    assert 4 <= model.n_themes <= 8
    assert adjusted_rand_score(truth, model.assignments) > 0.8
    assert len(model.assignments) == len(texts)


def test_labels_are_key_phrases_not_stop_words() -> None:
    texts, _ = make_corpus(FIVE, per_topic=60)

    model = discover_themes(texts)

    for theme in model.themes:
        words = theme.label.lower().split()
        assert 1 <= len(words) <= 3
        assert words[0] not in ENGLISH_STOP_WORDS
        assert words[-1] not in ENGLISH_STOP_WORDS
        assert theme.label[0].isupper()
        assert 1 <= len(theme.key_phrases) <= 10
        weights = [p.weight for p in theme.key_phrases]
        assert weights == sorted(weights, reverse=True)
    assert len({t.label for t in model.themes}) == model.n_themes


def test_labels_name_the_topic() -> None:
    texts, _ = make_corpus(FIVE, per_topic=60)

    model = discover_themes(texts)

    described = [
        f"{t.label} {' '.join(p.phrase for p in t.key_phrases)}".lower() for t in model.themes
    ]
    for words in (("refund",), ("password", "login"), ("store", "assistant"), ("card", "fee")):
        assert any(any(w in d for w in words) for d in described)


def test_three_representative_quotes_per_theme() -> None:
    texts, _ = make_corpus(FIVE, per_topic=60)

    model = discover_themes(texts)

    for theme in model.themes:
        assert len(theme.quotes) == 3
        assert len({q.lower() for q in theme.quotes}) == 3
        members = {t for t, a in zip(texts, model.assignments, strict=True) if a == theme.id}
        assert set(theme.quotes) <= members


def test_size_and_share_add_up_with_the_other_bucket() -> None:
    texts, _ = make_corpus(FIVE, per_topic=40)

    model = discover_themes(texts)

    assert sum(t.size for t in model.themes) + np.sum(model.assignments == OTHER_ID) == len(texts)
    assert sum(t.share for t in model.themes) + model.other_share == 1.0 or np.isclose(
        sum(t.share for t in model.themes) + model.other_share, 1.0
    )
    for theme in model.themes:
        assert theme.size == int(np.sum(model.assignments == theme.id))


def test_new_items_are_assigned_without_refitting() -> None:
    texts, _ = make_corpus(FIVE, per_topic=60)
    model = discover_themes(texts)
    fresh, truth = make_corpus(FIVE, per_topic=10, seed=7)

    assigned = model.assign(fresh)

    assert len(assigned) == len(fresh)
    assert adjusted_rand_score(truth, assigned) > 0.8
    assert np.array_equal(model.assign(texts[:50]), model.assignments[:50])


def test_refit_keeps_theme_ids() -> None:
    texts, _ = make_corpus(FIVE, per_topic=60)
    first = discover_themes(texts)
    later_texts, _ = make_corpus([*FIVE, "app_crash"], per_topic=70, seed=3)

    second = discover_themes(later_texts, previous=first, seed=1)

    old_ids = {t.id for t in first.themes}
    kept = [t for t in second.themes if not t.is_new]
    assert {t.id for t in kept} == old_ids
    for theme in kept:
        assert theme.label.lower().split()[0] in first.theme(theme.id).label.lower() or (
            {p.phrase for p in theme.key_phrases[:5]}
            & {p.phrase for p in first.theme(theme.id).key_phrases[:5]}
        )
    new = [t for t in second.themes if t.is_new]
    assert len(new) >= 1
    assert min(t.id for t in new) > max(old_ids)
    assert set(second.new_theme_ids) == {t.id for t in new}
    crash_quotes = " ".join(q for t in new for q in t.quotes).lower()
    assert "app" in crash_quotes or "application" in crash_quotes


def test_refit_on_the_same_corpus_shuffled_keeps_every_id() -> None:
    texts, _ = make_corpus(FIVE, per_topic=60)
    first = discover_themes(texts)
    shuffled = list(np.random.default_rng(5).permutation(texts))

    second = discover_themes(shuffled, previous=first, seed=2)

    assert {t.id for t in second.themes} == {t.id for t in first.themes}
    assert second.new_theme_ids == ()
    assert np.array_equal(second.assign(texts), first.assignments)


def test_unrelated_items_go_to_other() -> None:
    texts, _ = make_corpus(FIVE, per_topic=60)
    model = discover_themes(texts)
    unrelated = ["zzxq vlorp", "", "???", "quantum chromodynamics lattice gauge theory"]

    assigned = model.assign(unrelated)

    assert np.all(assigned == OTHER_ID)


def test_other_share_reports_items_that_fit_nowhere() -> None:
    texts, _ = make_corpus(FIVE, per_topic=60)
    noise = ["", "!!!", "...", "?", "", "-"]

    model = discover_themes(texts + noise)

    assert np.all(model.assignments[-len(noise) :] == OTHER_ID)
    assert np.isclose(model.other_share, np.mean(model.assignments == OTHER_ID))
    assert model.other_share >= len(noise) / (len(texts) + len(noise))


def test_json_omits_centroids_and_representation() -> None:
    texts, _ = make_corpus(FIVE, per_topic=30)

    data = discover_themes(texts).to_dict()

    assert "representation" not in data
    assert all("centroid" not in t for t in data["themes"])
    assert len(data["assignments"]) == len(texts)
    assert {"id", "label", "key_phrases", "quotes", "size", "share"} <= set(data["themes"][0])


class BagOfWords:
    """A minimal other backend: dense TF-IDF rows, no dimensionality reduction."""

    name = "bag-of-words"

    def __init__(self) -> None:
        self.vectorizer = TfidfVectorizer(stop_words="english")

    def fit(self, texts: Sequence[str]) -> BagOfWords:
        self.vectorizer.fit(texts)
        return self

    def transform(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return np.asarray(self.vectorizer.transform(texts).toarray(), dtype=np.float32)


def test_works_with_any_representation() -> None:
    texts, truth = make_corpus(FIVE, per_topic=40)
    representation = BagOfWords()
    assert isinstance(representation, TextRepresentation)

    model = discover_themes(texts, representation=representation)

    assert model.representation_name == "bag-of-words"
    assert adjusted_rand_score(truth, model.assignments) > 0.4  # a contract test, not quality


def test_over_clustering_restarts_only_for_representations_other_than_the_default() -> None:
    assert discover.restarts_for(DefaultRepresentation()) == 1
    assert discover.restarts_for(BagOfWords()) == discover.EMBEDDING_RESTARTS > 1


def test_more_restarts_keep_the_lowest_inertia_over_clustering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a corpus and a record of the k-means runs the clustering asks for
    texts, truth = make_corpus(FIVE, per_topic=40)
    runs: list[int] = []
    real_kmeans = KMeans

    def recording_kmeans(n_clusters: int, **options: Any) -> Any:
        runs.append(options["n_init"])
        return real_kmeans(n_clusters, **options)

    monkeypatch.setattr(clustering, "KMeans", recording_kmeans)

    # When themes are discovered with an explicit number of restarts
    model = discover_themes(texts, representation=BagOfWords(), restarts=4)

    # Then the over-clustering ran that many times, and the planted groups are found
    assert runs == [4]
    assert adjusted_rand_score(truth, model.assignments) > 0.4


def test_default_representation_rows_are_unit_or_zero() -> None:
    texts, _ = make_corpus(FIVE, per_topic=20)
    representation = DefaultRepresentation().fit(texts)

    vectors = representation.transform([*texts, "", "%%%"])

    norms = np.linalg.norm(vectors, axis=1)
    assert vectors.dtype == np.float32
    assert np.allclose(norms[:-2], 1.0, atol=1e-4)
    assert np.all(norms[-2:] == 0)


def test_min_theme_size_sends_small_groups_to_other() -> None:
    texts, _ = make_corpus(FIVE, per_topic=40)

    model = discover_themes(texts, min_theme_size=1000)

    assert model.n_themes == 0
    assert model.other_share == 1.0
    assert np.all(model.assignments == OTHER_ID)
