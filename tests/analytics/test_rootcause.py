"""Root cause from cue phrases: one hand-written sentence per category, themes, edge cases."""

import re

import pytest

from outward.analytics.lexicon.rootcause_cues import ANCHORS, CUES
from outward.analytics.rootcause import RootCause, classify_root_causes, root_causes_by_theme
from outward.analytics.textnorm import clean_text


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


def _reference_cues(texts: list[str]) -> list[tuple[str, ...]]:
    """Matched cue labels per text from one plain alternation of all cue regexes (finditer)."""
    labels = [label for cues in CUES.values() for label in cues]
    regex = "|".join(
        f"(?P<c{i}>{r})" for i, (r, _) in enumerate(v for c in CUES.values() for v in c.values())
    )
    pattern = re.compile(regex, re.IGNORECASE)
    out = []
    for text in texts:
        seen: list[str] = []
        for m in pattern.finditer(clean_text(text)):
            label = labels[int((m.lastgroup or "c0")[1:])]
            if label not in seen:
                seen.append(label)
        out.append(tuple(seen))
    return out


TRICKY = [
    "I cannot as described... it was knot what i expected",
    "o'late delivery, it's 3rd time, ٣ weeks and 12 weeks and two months",
    "DELAYED İNVOICE, autorenewal and auto-renew, cancelled; Unravelled and unraveling",
    "I didn't know how, I was told, we were told, was not clear, isn't clear, unclear",
    "Nobody called me back, no one got back, never rang back; still haven't; still waiting",
    "They promised delivery but it never came. The ad said it was silky; the listing says so",
    "Very helpful, so helpful, helpful! Thank you, thanks, highly recommended, love them",
    "Doesn't work, won't working, didn't care, don't seem to care, hung up on me, yelled",
    "hidden charges, hidden cost, wrong price, billed me twice, charged double, rip off",
    "out of her way, above and beyond, fixed the issue, sorted it out, sorted out",
    "It isn't working, wasn't working, can't play, cannot load, keeps crashing, nothing happens",
    "Runs large, run small, way too big, much too tight, doesn't fit, didn't fit, fit is off",
    "Not as pictured, as shown, on the model, in the photos, see-through, see thru, unflattering",
    "How do I, how can we, what do I need to, where can I, is there a way to, thread bare",
    "Pending, not yet reflected, not showing, declined, rejected, failed, didn't go through",
    "Hasn't gone through, have not come through, hasn't arrived, still not received, yet to",
    "Exchange rates, duplicate payment, multiple of the same, a charge I didn't make, weird fee",
    "a weird payment, random fee, extra charges, frayed, poorly made, lost its shape, stitching",
    "got it sorted, was resolved, has not been resolved, hasn't been fixed, finally fixed",
    "It does nothing, it disappeared, still loading, keeps loading; awesome, so glad, appreciate",
]


def test_anchored_scan_matches_the_plain_alternation_of_every_cue() -> None:
    # Given every cue label as a phrase, plus texts with the tricky cases of the scanner
    texts = [*TRICKY, *(label for cues in CUES.values() for label in cues)]
    texts += [" ".join(texts[i : i + 3]) for i in range(0, len(texts), 3)]

    # When they are classified, then the cues are those of one finditer over each text
    assert classify_root_causes(texts).cues == tuple(_reference_cues(texts))


def test_every_cue_has_anchors() -> None:
    labels = {label for cues in CUES.values() for label in cues}

    assert labels == set(ANCHORS)


def test_a_two_part_cue_does_not_reach_into_the_next_text() -> None:
    result = classify_root_causes(["They promised", "but it was fine"])

    assert result.cues == ((), ())


def test_texts_in_many_chunks_score_as_one() -> None:
    texts = ["It arrived broken", "The agent was rude", "fine"] * 3000

    result = classify_root_causes(texts)

    assert result.cues[-3:] == (("broken",), ("rude",), ())
    assert result.categories[8999] is RootCause.OTHER


@pytest.mark.parametrize(
    ("text", "not_category"),
    [
        ("I need this resolved as soon as possible. Thank you for your time.", RootCause.PRAISE),
        ("What kind of service is this? My card was declined twice", RootCause.PRAISE),
        ("Thanks in advance, my account is still locked", RootCause.PRAISE),
        ("The staff were not friendly and the wait was long", RootCause.PRAISE),
        ("I would love it if someone called me back", RootCause.PRAISE),
        ("Please get it sorted, I have been patient", RootCause.PRAISE),
        ("It has not been resolved after three calls", RootCause.PRAISE),
        ("They charged me a late payment fee although I paid", RootCause.PROCESS_FAILURE),
    ],
)
def test_requests_questions_negations_and_sign_offs_are_not_read_as_praise(
    text: str, not_category: RootCause
) -> None:
    assert classify_root_causes([text]).categories[0] != not_category


@pytest.mark.parametrize(
    "text",
    [
        "They fixed it within an hour, thank you!",
        "The engineer was so helpful and friendly",
        "Got it sorted in five minutes, great service",
        "Thanks for your help!",
    ],
)
def test_real_praise_is_still_praise(text: str) -> None:
    assert classify_root_causes([text]).categories[0] == RootCause.PRAISE


def test_a_statement_alone_is_no_billing_cue_but_a_late_fee_is_billing() -> None:
    result = classify_root_causes(
        ["My statement shows an account I never opened", "They added a late fee to my bill"]
    )

    assert "invoice" not in result.cues[0]
    assert result.categories[1] == RootCause.PRICE_BILLING


def test_a_wish_is_not_praise() -> None:
    result = classify_root_causes(["I really wanted to love this top, but it runs huge"])

    assert result.categories[0] != RootCause.PRAISE
