"""Theme discovery never crashes, whatever the corpus: shares add up and every item is placed."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outward.analytics.themes import OTHER_ID, ThemeModel, discover_themes


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
