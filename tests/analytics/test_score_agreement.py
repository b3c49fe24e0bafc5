"""An item's shown sentiment never contradicts the score given with it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from outward.analytics.columns import ColumnMap
from outward.analytics.pipeline import analyze
from outward.analytics.score_agreement import (
    agree_with_scores,
    combined_direction,
    item_direction,
    score_direction,
)


def test_bad_scores_point_down_and_good_ones_up_on_each_scale() -> None:
    assert score_direction([0, 6, 7, 8, 9, 10, np.nan], "nps").tolist() == [-1, -1, 0, 0, 1, 1, 0]
    assert score_direction([1, 2, 3, 4, 5], "csat").tolist() == [-1, -1, 0, 1, 1]
    assert score_direction([1, 3, 4, 5, 7], "ces").tolist() == [-1, -1, 0, 1, 1]
    assert score_direction([1, 9], "mean").tolist() == [0, 0]


def test_scores_that_disagree_leave_the_text_alone() -> None:
    nps = score_direction([2, 2, 10], "nps")
    csat = score_direction([1, 5, 5], "csat")

    assert combined_direction(nps, csat).tolist() == [-1, 0, 1]
    assert item_direction(3, 5, None) == 0
    assert item_direction(3, None, None) == -1
    assert item_direction(None, None, None) == 0


@given(
    st.lists(st.floats(-1, 1), min_size=1, max_size=30),
    st.lists(st.sampled_from([-1, 0, 1]), min_size=30, max_size=30),
)
def test_the_shown_sentiment_never_contradicts_the_direction(
    sentiment: list[float], direction: list[int]
) -> None:
    values = np.array(sentiment, dtype=np.float32)
    signs = np.array(direction[: len(sentiment)], dtype=np.int8)

    shown = agree_with_scores(values, signs)

    assert (shown[signs < 0] <= 0).all()
    assert (shown[signs > 0] >= 0).all()
    assert np.array_equal(shown[signs == 0], values[signs == 0])


def test_an_nps_3_complaint_with_polite_words_is_not_shown_positive() -> None:
    polite = "Thank you so much, lovely people, great friendly staff, but the heater is still cold"
    texts = [polite] * 30 + [f"The app crashes on screen {n}" for n in range(30)]
    table = pd.DataFrame({"text": texts, "nps": [3] * 30 + [8] * 30})

    report = analyze(table, ColumnMap(text=("text",), score="nps"))

    shown = report.items["sentiment_label"].head(30)
    assert "positive" not in set(shown)
    assert report.sentiment.mean > -1  # the text's own sentiment still feeds the analyses
