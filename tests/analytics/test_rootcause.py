"""Root cause from cue phrases: one hand-written sentence per category, themes, edge cases."""

import pytest

from outward.analytics.rootcause import RootCause, classify_root_causes, root_causes_by_theme


@pytest.mark.parametrize(
    ("text", "category", "cue"),
    [
        ("The kettle is defective and leaks everywhere", RootCause.PRODUCT_DEFECT, "defective"),
        (
            "Not as described: the ad said it was waterproof",
            RootCause.EXPECTATION_GAP,
            "not as described",
        ),
        (
            "The instructions were confusing, I didn't know how to start it",
            RootCause.UNCLEAR_DIRECTIONS,
            "instructions",
        ),
        (
            "Still waiting, I was told it would ship and nobody called back",
            RootCause.PROCESS_FAILURE,
            "nobody called back",
        ),
        ("The agent was rude and didn't listen to me", RootCause.PEOPLE_ATTITUDE, "rude"),
        ("I was charged twice on the last invoice", RootCause.PRICE_BILLING, "charged twice"),
        ("Thank you, Sam went above and beyond", RootCause.PRAISE, "went above and beyond"),
    ],
)
def test_cue_phrases_decide_the_category(text: str, category: RootCause, cue: str) -> None:
    result = classify_root_causes([text])

    assert result.categories[0] is category
    assert cue in result.cues[0]
    assert 0.0 < result.confidence[0] <= 1.0


def test_text_without_cues_is_other_with_zero_confidence() -> None:
    result = classify_root_causes(["The weather is mild today", None, ""])

    assert result.categories == (RootCause.OTHER,) * 3
    assert result.confidence.tolist() == [0.0, 0.0, 0.0]
    assert result.cues == ((), (), ())


def test_unhelpful_staff_is_attitude_not_praise() -> None:
    result = classify_root_causes(["The staff were not helpful"])

    assert result.categories[0] is RootCause.PEOPLE_ATTITUDE


def test_confidence_is_zero_on_a_tie_and_grows_with_agreeing_cues() -> None:
    tie = classify_root_causes(["It was defective and I was charged twice"]).confidence[0]
    one = classify_root_causes(["The agent was rude"]).confidence[0]
    two = classify_root_causes(["The agent was rude and unprofessional"]).confidence[0]

    assert tie == 0.0
    assert one < two


def test_theme_aggregates_shares_dominant_category_and_top_cues() -> None:
    texts = [
        "Charged twice again",
        "I was charged twice and the fee is hidden",
        "The agent was rude",
        "Lovely weather",
    ]
    result = classify_root_causes(texts)

    (billing,) = root_causes_by_theme(result, {"billing": [0, 1, 2, 3]})

    assert billing.n_items == 4
    assert billing.dominant is RootCause.PRICE_BILLING
    assert billing.shares[RootCause.PRICE_BILLING] == pytest.approx(0.5)
    assert billing.shares[RootCause.OTHER] == pytest.approx(0.25)
    assert billing.confidence == pytest.approx(0.25)
    assert billing.top_cues[0] == ("charged twice", 2)
    assert billing.to_dict()["dominant"] == "price_billing"


def test_theme_of_items_without_cues_is_other() -> None:
    result = classify_root_causes(["nothing here", "nor here"])

    (theme,) = root_causes_by_theme(result, [[0, 1]])

    assert theme.theme == "0"
    assert theme.dominant is RootCause.OTHER
    assert theme.confidence == 0.0


def test_no_texts_give_an_empty_result() -> None:
    result = classify_root_causes([])

    assert result.categories == ()
    assert result.scores.shape == (0, len(result.category_order))
